package wxsim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// authOpts says what one endpoint checks beyond the cookies and headers.
type authOpts struct {
	skeyInQuery bool // skey= must be the session's
	// allowEmptySkey: webwxinit after a reload sends Skey "" (§1.3).
	allowEmptySkey bool
}

// auth runs the checks every endpoint shares, in the order a server would:
// the session's hosts, the page's headers, the cookies, the session's life,
// the query's tickets.
func (x *exchange) auth(o authOpts) *refusal {
	s := x.s
	s.mu.Lock()
	sess := s.sess
	var cp Session
	if sess != nil {
		cp = *sess
	}
	s.mu.Unlock()
	if sess == nil {
		return refuse(retNoSession, "nobody is logged in")
	}
	if ref := x.checkHost(&cp); ref != nil {
		return ref
	}
	if ref := x.checkHeaders(&cp); ref != nil {
		return ref
	}
	if ref := x.checkCookies(&cp); ref != nil {
		return ref
	}
	if cp.LoggedOut {
		return refuse(retInvalid, "the session was logged out")
	}
	q := x.r.URL.Query()
	if ref := checkPassTicket(q, &cp); ref != nil {
		return ref
	}
	if o.skeyInQuery && q.Get("skey") != cp.Skey {
		if q.Get("skey") == "" {
			return refuse(retInvalid, "skey missing from the query")
		}
		return refuse(retInvalid, "skey in the query is not the session's")
	}
	x.sess = &cp
	return nil
}

// checkHost refuses a request on a host of another host group than the
// session's: the wrong push host answers 1100 (§0).
func (x *exchange) checkHost(ss *Session) *refusal {
	h, _ := familyOf(ss.Host)
	if x.host != h.main && x.host != h.file && x.host != h.push {
		return refuse(retNoSession, fmt.Sprintf("host %s is not one of the session's (%s)", x.host, ss.Host))
	}
	return nil
}

// checkHeaders requires what the page's own requests carry (§12): a POST's
// Origin is the main host's; a GET has that Origin or none; the Referer is
// on the main host; Sec-Fetch-Site is same-origin on the main host and
// same-site on the file and push hosts. A request made by an extension
// without rewriting (Origin chrome-extension://…, Sec-Fetch-Site none) is
// refused.
func (x *exchange) checkHeaders(ss *Session) *refusal {
	origin := "https://" + ss.Host
	o := x.r.Header.Get("Origin")
	switch {
	case x.r.Method == http.MethodPost && o != origin:
		return refuse(retParam, fmt.Sprintf("Origin %q is not the page's %q", o, origin))
	case x.r.Method != http.MethodPost && o != "" && o != origin:
		return refuse(retParam, fmt.Sprintf("Origin %q is not the page's %q", o, origin))
	}
	if ref := x.r.Header.Get("Referer"); ref != origin+"/" && !strings.HasPrefix(ref, origin+"/") {
		return refuse(retParam, fmt.Sprintf("Referer %q is not on the page's origin %q", ref, origin))
	}
	want := "same-origin"
	if x.host != ss.Host {
		want = "same-site"
	}
	if got := x.r.Header.Get("Sec-Fetch-Site"); got != want {
		return refuse(retParam, fmt.Sprintf("Sec-Fetch-Site %q, the page's requests here say %q", got, want))
	}
	return nil
}

// checkCookies requires wxuin, wxsid and webwx_data_ticket of the session
// (§1.1: every endpoint needs the cookies; without them, 1102).
func (x *exchange) checkCookies(ss *Session) *refusal {
	want := map[string]string{"wxuin": strconv.FormatInt(ss.Uin, 10), "wxsid": ss.Sid, "webwx_data_ticket": ss.DataTicket}
	for _, name := range []string{"wxuin", "wxsid", "webwx_data_ticket"} {
		c, err := x.r.Cookie(name)
		if err != nil {
			return refuse(retCookie, "cookie "+name+" missing")
		}
		if c.Value != want[name] {
			return refuse(retCookie, "cookie "+name+" is not the session's")
		}
	}
	return nil
}

// checkPassTicket accepts a query without pass_ticket (a reloaded page never
// knows it, §1.3) or with "undefined", and otherwise wants the session's in
// either of the forms clients send (the login text, or that text decoded).
func checkPassTicket(q url.Values, ss *Session) *refusal {
	pt, ok := q["pass_ticket"]
	if !ok || pt[0] == "undefined" {
		return nil
	}
	if !passTicketMatches(pt[0], ss) {
		return refuse(retTicket, "pass_ticket is not the session's")
	}
	return nil
}

func passTicketMatches(v string, ss *Session) bool {
	dec, _ := url.QueryUnescape(ss.PassTicket)
	return v == ss.PassTicket || v == dec
}

// wireBase is BaseRequest as the server reads it: every field optional so
// that a missing one is told from an empty one.
type wireBase struct {
	Uin      json.RawMessage `json:"Uin"`
	Sid      *string         `json:"Sid"`
	Skey     *string         `json:"Skey"`
	DeviceID *string         `json:"DeviceID"`
}

// checkBase checks a BaseRequest against the session. Uin may be a number
// or a string (§2); DeviceID must be there but is not bound to the session
// (§1.5: itchat puts pass_ticket in it, and that works).
func (x *exchange) checkBase(b *wireBase, o authOpts) *refusal {
	if b == nil {
		return refuse(retParam, "BaseRequest missing")
	}
	if len(b.Uin) == 0 {
		return refuse(retParam, "BaseRequest.Uin missing")
	}
	var uin wireUin
	if err := json.Unmarshal(b.Uin, &uin); err != nil {
		return refuse(retParam, "BaseRequest.Uin is not a number: "+err.Error())
	}
	if int64(uin) != x.sess.Uin {
		return refuse(retNoSession, "BaseRequest.Uin is not the session's")
	}
	if b.Sid == nil || *b.Sid != x.sess.Sid {
		return refuse(retNoSession, "BaseRequest.Sid missing or not the session's")
	}
	switch {
	case b.Skey == nil:
		return refuse(retParam, "BaseRequest.Skey missing")
	case *b.Skey == "" && o.allowEmptySkey:
	case *b.Skey != x.sess.Skey:
		return refuse(retInvalid, "BaseRequest.Skey is not the session's")
	}
	if b.DeviceID == nil || *b.DeviceID == "" {
		return refuse(retParam, "BaseRequest.DeviceID missing")
	}
	return nil
}

// decodeBody parses the JSON body into v; a body that is not JSON is 1200.
func (x *exchange) decodeBody(v any) *refusal {
	if err := json.Unmarshal(x.body, v); err != nil {
		return refuse(retParse, "body is not JSON: "+err.Error())
	}
	return nil
}

// decodeRequest parses the JSON body into req and checks the BaseRequest
// it carries, which base points at (&req.BaseRequest): how every endpoint
// with a BaseRequest reads its body.
func (x *exchange) decodeRequest(req any, base **wireBase, o authOpts) *refusal {
	if ref := x.decodeBody(req); ref != nil {
		return ref
	}
	return x.checkBase(*base, o)
}

// known reports whether a UserName is one of the current login's contacts
// (or the account itself).
func (x *exchange) known(userName string) bool {
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	_, ok := x.s.keys[userName]
	return ok
}
