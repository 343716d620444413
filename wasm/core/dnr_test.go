package core_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// dnrRule is a declarativeNetRequest rule as the browser reads the JSON
// the core installs (only the parts HeaderRules uses).
type dnrRule struct {
	ID       int `json:"id"`
	Priority int `json:"priority"`
	Action   struct {
		Type           string `json:"type"`
		RequestHeaders []struct {
			Header, Operation, Value string
		} `json:"requestHeaders"`
	} `json:"action"`
	Condition struct {
		RequestDomains         []string `json:"requestDomains"`
		ExcludedRequestDomains []string `json:"excludedRequestDomains"`
		URLFilter              string   `json:"urlFilter"`
		InitiatorDomains       []string `json:"initiatorDomains"`
		ResourceTypes          []string `json:"resourceTypes"`
	} `json:"condition"`
}

// domainMatch: a requestDomains entry matches the host and its subdomains,
// as the browser has it.
func domainMatch(host string, domains []string) bool {
	for _, d := range domains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// browserFetch makes req what a fetch of the extension's worker sends
// before any rule: fetch drops the page headers the client set (they are
// forbidden headers), the browser says Origin chrome-extension://…, no
// Referer and Sec-Fetch-Site none; then the installed rules (rulesJSON, as
// the core gave it to SetHeaderRules) rewrite what they match. Without
// rules, wxsim refuses the request, as web WeChat would.
//
// skip, when set, says which installed rules the browser does not apply
// (a test of what holds without one).
func browserFetch(rulesJSON string, req *http.Request, skip ...func(id int) bool) error {
	req.Header.Del("Referer")
	req.Header.Set("Origin", "chrome-extension://"+extID)
	req.Header.Set("Sec-Fetch-Site", "none")
	if rulesJSON == "" {
		return nil
	}
	var rules []dnrRule
	if err := json.Unmarshal([]byte(rulesJSON), &rules); err != nil {
		return err
	}
	host := req.URL.Hostname()
	for _, r := range rules {
		if len(skip) > 0 && skip[0] != nil && skip[0](r.ID) {
			continue
		}
		c := r.Condition
		switch {
		case r.Action.Type != "modifyHeaders",
			len(c.RequestDomains) > 0 && !domainMatch(host, c.RequestDomains),
			domainMatch(host, c.ExcludedRequestDomains),
			c.URLFilter != "" && !strings.Contains(req.URL.String(), c.URLFilter),
			!domainMatch(extID, c.InitiatorDomains),
			!slices.Contains(c.ResourceTypes, "xmlhttprequest"):
			continue
		}
		for _, h := range r.Action.RequestHeaders {
			switch h.Operation {
			case "set":
				req.Header.Set(h.Header, h.Value)
			case "remove":
				req.Header.Del(h.Header)
			}
		}
	}
	return nil
}

// ruleTransport is the browser's network as the worker's fetch meets it:
// every request goes through browserFetch with the rules installed last.
type ruleTransport struct {
	env  *memEnv
	next http.RoundTripper
}

func (rt ruleTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	rt.env.mu.Lock()
	skip := rt.env.ruleIgnored
	rt.env.mu.Unlock()
	if err := browserFetch(rt.env.installedRules(), req, skip); err != nil {
		return nil, err
	}
	return rt.next.RoundTrip(req)
}

// TestHeaderRulesOfEveryHost: the headers a request of the extension
// carries on every host of the host table once the rules are applied,
// written out: the page's Origin and Referer of its own family, same-origin
// on the main host and same-site on its file and push hosts; untouched
// (the extension's own) on the login host and elsewhere.
func TestHeaderRulesOfEveryHost(t *testing.T) {
	t.Parallel()
	const ext = "chrome-extension://" + extID
	tests := []struct{ host, origin, referer, site string }{
		{"wx.qq.com", "https://wx.qq.com", "https://wx.qq.com/", "same-origin"},
		{"file.wx.qq.com", "https://wx.qq.com", "https://wx.qq.com/", "same-site"},
		{"webpush.wx.qq.com", "https://wx.qq.com", "https://wx.qq.com/", "same-site"},
		{"wx2.qq.com", "https://wx2.qq.com", "https://wx2.qq.com/", "same-origin"},
		{"file.wx2.qq.com", "https://wx2.qq.com", "https://wx2.qq.com/", "same-site"},
		{"webpush.wx2.qq.com", "https://wx2.qq.com", "https://wx2.qq.com/", "same-site"},
		{"wx8.qq.com", "https://wx8.qq.com", "https://wx8.qq.com/", "same-origin"},
		{"file.wx8.qq.com", "https://wx8.qq.com", "https://wx8.qq.com/", "same-site"},
		{"webpush.wx8.qq.com", "https://wx8.qq.com", "https://wx8.qq.com/", "same-site"},
		{"web.wechat.com", "https://web.wechat.com", "https://web.wechat.com/", "same-origin"},
		{"file.web.wechat.com", "https://web.wechat.com", "https://web.wechat.com/", "same-site"},
		{"webpush.web.wechat.com", "https://web.wechat.com", "https://web.wechat.com/", "same-site"},
		{"web2.wechat.com", "https://web2.wechat.com", "https://web2.wechat.com/", "same-origin"},
		{"file.web2.wechat.com", "https://web2.wechat.com", "https://web2.wechat.com/", "same-site"},
		{"webpush.web2.wechat.com", "https://web2.wechat.com", "https://web2.wechat.com/", "same-site"},
		// Not the rules' business: the login host and other sites.
		{"login.wx.qq.com", ext, "", "none"},
		{"login.wx2.qq.com", ext, "", "none"},
		{"qq.com", ext, "", "none"},
		{"example.com", ext, "", "none"},
	}
	rules := core.HeaderRulesJSON(extID)
	for _, tt := range tests {
		req, err := http.NewRequest(http.MethodPost, "https://"+tt.host+"/cgi-bin/mmwebwx-bin/webwxsendmsg", nil)
		require.NoError(t, err)
		req.Header.Set("Referer", "https://elsewhere.example/")
		require.NoError(t, browserFetch(rules, req))
		require.Equal(t, tt.origin, req.Header.Get("Origin"), tt.host)
		require.Equal(t, tt.referer, req.Header.Get("Referer"), tt.host)
		require.Equal(t, tt.site, req.Header.Get("Sec-Fetch-Site"), tt.host)
	}
}

// TestHeaderRulesOnlyForTheExtension: a request another initiator makes
// (the page itself) is left as it is.
func TestHeaderRulesOnlyForTheExtension(t *testing.T) {
	t.Parallel()
	var rules []dnrRule
	require.NoError(t, json.Unmarshal([]byte(core.HeaderRulesJSON(extID)), &rules))
	require.NotEmpty(t, rules)
	for _, r := range rules {
		require.Equal(t, []string{extID}, r.Condition.InitiatorDomains, "rule %d", r.ID)
	}
}

// TestSendOnEveryHostFamily: a login on another host than wx.qq.com sends
// through the header rules the core installs (memEnv applies them as the
// browser does, the client's own headers being dropped by fetch).
func TestSendOnEveryHostFamily(t *testing.T) {
	t.Parallel()
	for _, host := range []string{"wx2.qq.com", "wx8.qq.com", "web.wechat.com", "web2.wechat.com"} {
		t.Run(host, func(t *testing.T) {
			t.Parallel()
			sim, err := wxsim.New(wxsim.Config{})
			require.NoError(t, err)
			t.Cleanup(func() { sim.Close() })
			_, err = sim.Login(host)
			require.NoError(t, err)
			env := newMemEnv(sim)
			f := &fixture{sim: sim, env: env, core: newCore(env)}
			tab := fromTab
			tab.URL, tab.TabURL = "https://"+host+"/", "https://"+host+"/?lang=zh_CN"
			f.ok(t, tab, msg.PageSession, env.page(), nil)
			f.core.Wait()
			require.Equal(t, host, f.state(t).Host)
			e := f.add(t, msg.AddBody{To: sim.UserName("lisi"), Text: "你好 " + host})
			f.settle(t)
			require.Equal(t, msg.EntrySent, f.entries(t)[e.ID].State, "%+v", sim.Rejections())
			require.Empty(t, sim.Rejections())
		})
	}
}
