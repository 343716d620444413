package wxsim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// pageTab is a browser tab on the simulated page: a cookie jar, the page's
// request headers (§12: Origin on POST, Referer, Sec-Fetch-Site), and what
// the page keeps in memory after login.
type pageTab struct {
	t    *testing.T
	s    *Server
	c    *http.Client
	host string

	skey, sid, uin, passTicket string
	userName                   string
	syncKey                    SyncKey
}

func newPageServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	s, err := New(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// newLoggedInPage starts a simulator and a page tab on wx.qq.com logged in
// to it: where most tests of the page's endpoints begin.
func newLoggedInPage(t *testing.T, cfg Config) (*Server, *pageTab) {
	t.Helper()
	s := newPageServer(t, cfg)
	tb := newPageTab(t, s, "wx.qq.com")
	tb.login()
	return s, tb
}

func newPageTab(t *testing.T, s *Server, host string) *pageTab {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	c := &http.Client{Transport: s.Transport(), Jar: jar, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &pageTab{t: t, s: s, c: c, host: host}
}

// do sends a request as the page's own fetch, XHR or <script> would.
func (tb *pageTab) do(method, rawURL, ctype string, body []byte) (*http.Response, []byte) {
	tb.t.Helper()
	if strings.HasPrefix(rawURL, "/") {
		rawURL = "https://" + tb.host + rawURL
	}
	r, err := http.NewRequest(method, rawURL, bytes.NewReader(body))
	require.NoError(tb.t, err)
	origin := "https://" + tb.host
	if method == http.MethodPost {
		r.Header.Set("Origin", origin)
	}
	r.Header.Set("Referer", origin+"/")
	site := "same-origin"
	if r.URL.Hostname() != tb.host {
		site = "same-site"
	}
	r.Header.Set("Sec-Fetch-Site", site)
	if ctype != "" {
		r.Header.Set("Content-Type", ctype)
	}
	res, err := tb.c.Do(r)
	require.NoError(tb.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(tb.t, err)
	return res, b
}

func (tb *pageTab) get(rawURL string) (*http.Response, string) {
	res, b := tb.do(http.MethodGet, rawURL, "", nil)
	return res, string(b)
}

// postJSON posts v as the page does and decodes the JSON answer into out.
func (tb *pageTab) postJSON(rawURL string, v, out any) {
	tb.t.Helper()
	b, err := json.Marshal(v)
	require.NoError(tb.t, err)
	res, body := tb.do(http.MethodPost, rawURL, "application/json;charset=UTF-8", b)
	require.Equal(tb.t, http.StatusOK, res.StatusCode, string(body))
	require.NoError(tb.t, json.Unmarshal(body, out), string(body))
}

// scan presses the login button: the redirect_uri of the login poll.
func (tb *pageTab) scan() string {
	tb.t.Helper()
	res, b := tb.do(http.MethodPost, "/wxsim/scan?host="+tb.host, "", nil)
	require.Equal(tb.t, http.StatusOK, res.StatusCode, string(b))
	var sr ScanResult
	require.NoError(tb.t, json.Unmarshal(b, &sr))
	require.Equal(tb.t, 200, sr.Code)
	return sr.RedirectURI
}

var xmlField = regexp.MustCompile(`<(\w+)>([^<]*)</(\w+)>`)

func parseLoginXML(s string) map[string]string {
	out := map[string]string{}
	for _, m := range xmlField.FindAllStringSubmatch(s, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// login logs the tab in as the page does (§1.2) and runs webwxinit.
func (tb *pageTab) login() {
	tb.t.Helper()
	_, body := tb.get(tb.scan() + "&fun=new&version=v2")
	f := parseLoginXML(body)
	require.Equal(tb.t, "0", f["ret"], body)
	tb.skey, tb.sid, tb.uin, tb.passTicket = f["skey"], f["wxsid"], f["wxuin"], f["pass_ticket"]
	tb.init()
}

func (tb *pageTab) base() map[string]any {
	return map[string]any{"Uin": tb.uin, "Sid": tb.sid, "Skey": tb.skey, "DeviceID": "e123456789012345"}
}

// ptQuery is the interceptor's pass_ticket parameter (§1.4): the login
// text encoded once more, or nothing after a reload.
func (tb *pageTab) ptQuery() string {
	if tb.passTicket == "" {
		return ""
	}
	return "&pass_ticket=" + url.QueryEscape(tb.passTicket)
}

func (tb *pageTab) init() initResp {
	tb.t.Helper()
	var out initResp
	tb.postJSON("/cgi-bin/mmwebwx-bin/webwxinit?r=-1234567"+tb.ptQuery(), map[string]any{"BaseRequest": tb.base()}, &out)
	require.Equal(tb.t, 0, out.BaseResponse.Ret)
	tb.skey, tb.userName, tb.syncKey = out.SKey, out.User.UserName, out.SyncKey
	return out
}

func TestServePageLoginState(t *testing.T) {
	s := newPageServer(t, Config{})
	tb := newPageTab(t, s, "wx.qq.com")
	_, html := tb.get("/")
	require.Contains(t, html, "isLogin: false")
	require.Contains(t, html, `<button id="scan"`)

	tb.login()
	_, html = tb.get("/")
	require.Contains(t, html, "isLogin: true")

	ss, _ := s.CurrentSession()
	good := ss.Cookies()
	tests := []struct {
		name    string
		host    string
		cookies []*http.Cookie
		want    string
	}{
		{"session cookies", "wx.qq.com", good, "true"},
		{"other main host", "wx2.qq.com", good, "false"},
		{"no cookies", "wx.qq.com", nil, "false"},
		{"wrong wxsid", "wx.qq.com", []*http.Cookie{good[0], {Name: "wxsid", Value: "x"}, good[2]}, "false"},
		{"no data ticket", "wx.qq.com", good[:2], "false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := http.NewRequest(http.MethodGet, "https://"+tt.host+"/", nil)
			for _, c := range tt.cookies {
				r.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
			}
			res, err := (&http.Client{Transport: s.Transport()}).Do(r)
			require.NoError(t, err)
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			require.Equal(t, http.StatusOK, res.StatusCode)
			require.Contains(t, string(b), "isLogin: "+tt.want)
		})
	}

	s.Logout()
	_, html = tb.get("/")
	require.Contains(t, html, "isLogin: false", "a logged-out session renders the login screen")
}

func TestServePageAssetsAndHosts(t *testing.T) {
	s := newPageServer(t, Config{})
	tb := newPageTab(t, s, "wx.qq.com")
	tests := []struct {
		url, ctype string
		status     int
	}{
		{"https://wx.qq.com/wxsim/assets/app.js", "javascript", 200},
		{"https://wx.qq.com/wxsim/assets/services.js", "javascript", 200},
		{"https://wx.qq.com/wxsim/assets/angular.js", "javascript", 200},
		{"https://wx.qq.com/wxsim/assets/style.css", "text/css", 200},
		{"https://web.wechat.com/", "text/html", 200},
		{"https://wx.qq.com/wxsim/assets/index.html", "", 404},
		{"https://wx.qq.com/wxsim/assets/nothing.js", "", 404},
		{"https://wx.qq.com/elsewhere", "", 404},
		{"https://file.wx.qq.com/", "", 404},
		{"https://webpush.wx.qq.com/", "", 404},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			res, _ := tb.get(tt.url)
			require.Equal(t, tt.status, res.StatusCode)
			require.Contains(t, res.Header.Get("Content-Type"), tt.ctype)
		})
	}
}

func TestControls(t *testing.T) {
	s := newPageServer(t, Config{})
	tb := newPageTab(t, s, "wx.qq.com")

	// Deliver needs a login.
	res, _ := tb.do(http.MethodPost, "/wxsim/deliver", "application/json", []byte(`{"from":"zhangsan","kind":"text"}`))
	require.Equal(t, http.StatusConflict, res.StatusCode)
	tb.login()

	for _, kind := range []string{"text", "image", "voice", "video", "file", "emoticon"} {
		t.Run(kind, func(t *testing.T) {
			res, b := tb.do(http.MethodPost, "/wxsim/deliver", "application/json", []byte(`{"from":"`+s.UserName("lisi")+`","kind":"`+kind+`"}`))
			require.Equal(t, http.StatusOK, res.StatusCode, string(b))
			var out struct{ MsgId string }
			require.NoError(t, json.Unmarshal(b, &out))
			mm, ok := s.findMsgMedia(out.MsgId)
			if kind == "text" {
				require.False(t, ok)
				return
			}
			require.True(t, ok)
			require.NotEmpty(t, mm.media.Data)
		})
	}
	// A group's message is said by a member (§4.2).
	res, b := tb.do(http.MethodPost, "/wxsim/deliver", "application/json", []byte(`{"from":"family","kind":"text","text":"大家好"}`))
	require.Equal(t, http.StatusOK, res.StatusCode, string(b))
	s.mu.Lock()
	last := s.feed[len(s.feed)-1]
	s.mu.Unlock()
	require.Equal(t, s.UserName("family"), last.From)
	require.Equal(t, s.UserName("zhangsan")+":<br/>大家好", last.Content)

	bad := []struct {
		name, method, path, origin, body string
		status                           int
	}{
		{"GET is refused", http.MethodGet, "/wxsim/logout", "", "", 405},
		{"foreign origin", http.MethodPost, "/wxsim/logout", "chrome-extension://abc", "", 403},
		{"unknown control", http.MethodPost, "/wxsim/nothing", "", "", 404},
		{"unknown kind", http.MethodPost, "/wxsim/deliver", "", `{"from":"lisi","kind":"sticker"}`, 400},
		{"unknown sender", http.MethodPost, "/wxsim/deliver", "", `{"from":"nobody","kind":"text"}`, 400},
		{"scan for another host", http.MethodPost, "/wxsim/scan?host=wx2.qq.com", "", "", 400},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := http.NewRequest(tt.method, "https://wx.qq.com"+tt.path, strings.NewReader(tt.body))
			if tt.origin != "" {
				r.Header.Set("Origin", tt.origin)
			}
			res, err := (&http.Client{Transport: s.Transport()}).Do(r)
			require.NoError(t, err)
			res.Body.Close()
			require.Equal(t, tt.status, res.StatusCode)
		})
	}

	old := tb.skey
	res, _ = tb.do(http.MethodPost, "/wxsim/rotate-skey", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	ss, _ := s.CurrentSession()
	require.NotEqual(t, old, ss.Skey)

	res, _ = tb.do(http.MethodPost, "/wxsim/logout", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	ss, _ = s.CurrentSession()
	require.True(t, ss.LoggedOut)
}

func TestSampleIncoming(t *testing.T) {
	for _, kind := range []string{"text", "image", "voice", "video", "file", "emoticon"} {
		in, err := SampleIncoming(kind, "")
		require.NoError(t, err, kind)
		if kind == "text" {
			require.NotEmpty(t, in.Text)
			continue
		}
		require.NotEmpty(t, in.Data, kind)
	}
	in, _ := SampleIncoming("image", "")
	require.Equal(t, []byte{0xFF, 0xD8}, in.Data[:2], "a JPEG")
	in, _ = SampleIncoming("video", "")
	require.Equal(t, "ftyp", string(in.Data[4:8]))
	_, err := SampleIncoming("sticker", "")
	require.Error(t, err)
}
