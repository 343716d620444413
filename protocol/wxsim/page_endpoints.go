package wxsim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The endpoints only the page calls: the login result (§1.2), webwxinit and
// webwxstatusnotify (§3.1), webwxlogout (§9) here; synccheck (§4.1) in
// page_synccheck.go and webwxsync (§4.2) in page_sync.go.

// noteRefusal records a refusal that the endpoint answers in its own
// format (XML, JavaScript) instead of a JSON BaseResponse.
func (x *exchange) noteRefusal(ref *refusal) {
	x.rec.Ret, x.rec.Reason = ref.ret, ref.reason
	x.s.mu.Lock()
	x.s.rejections = append(x.s.rejections, Rejection{Endpoint: x.endpoint, Ret: ref.ret, Reason: ref.reason})
	x.s.mu.Unlock()
}

// loginXML is the answer of webwxnewloginpage (§1.2).
func loginXML(ret int, message string, ss *Session) string {
	if ss == nil {
		return fmt.Sprintf("<error><ret>%d</ret><message>%s</message></error>", ret, xmlEscape(message))
	}
	return fmt.Sprintf("<error><ret>0</ret><message></message><skey>%s</skey><wxsid>%s</wxsid><wxuin>%d</wxuin><pass_ticket>%s</pass_ticket><isgrayscale>1</isgrayscale></error>",
		ss.Skey, ss.Sid, ss.Uin, ss.PassTicket)
}

// serveNewLoginPage answers the login poll's redirect_uri once: it sets the
// cookies (§1.1; not HttpOnly, the page reads them) and gives the session
// values in XML. An unknown or used ticket answers 1203 (§9).
func serveNewLoginPage(x *exchange) *refusal {
	q := x.r.URL.Query()
	s := x.s
	fail := func(reason string) *refusal {
		x.noteRefusal(refuse(1203, reason))
		x.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = x.w.Write([]byte(loginXML(1203, "当前登录环境异常。为了你的帐号安全，暂时不能登录web微信。", nil)))
		return nil
	}
	if q.Get("fun") != "new" {
		return fail("fun=new missing")
	}
	s.mu.Lock()
	tk, ok := s.page.tickets[q.Get("ticket")]
	var cp Session
	live := s.sess != nil && !s.sess.LoggedOut
	if live {
		cp = *s.sess
	}
	if ok {
		delete(s.page.tickets, q.Get("ticket")) // one use only, right or wrong
	}
	s.mu.Unlock()
	switch {
	case !ok:
		return fail("check ticket failed: unknown or used ticket")
	case tk.uuid != q.Get("uuid"):
		return fail("check ticket failed: uuid is not the ticket's")
	case tk.host != x.host:
		return fail("ticket was issued for " + tk.host)
	case !live || cp.Sid != tk.sid:
		return fail("the login of this ticket is over")
	}
	if ref := x.checkHeaders(&cp); ref != nil {
		return fail(ref.reason)
	}
	for _, c := range cp.Cookies() {
		http.SetCookie(x.w, c)
	}
	s.mu.Lock()
	s.page.handedSkey = cp.Skey
	s.mu.Unlock()
	x.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = x.w.Write([]byte(loginXML(0, "", &cp)))
	return nil
}

// skeyAcceptedLocked accepts the session's skey, or the one the page last
// learned while it has not yet learned a rotated one (pageState.handedSkey).
func (s *Server) skeyAcceptedLocked(v string) bool {
	return v != "" && (v == s.sess.Skey || v == s.page.handedSkey)
}

// wireUser is the account's own record in webwxinit (§3.1).
type wireUser struct {
	Uin               int64  `json:"Uin"`
	UserName          string `json:"UserName"`
	NickName          string `json:"NickName"`
	HeadImgURL        string `json:"HeadImgUrl"`
	RemarkName        string `json:"RemarkName"`
	PYInitial         string `json:"PYInitial"`
	PYQuanPin         string `json:"PYQuanPin"`
	RemarkPYInitial   string `json:"RemarkPYInitial"`
	RemarkPYQuanPin   string `json:"RemarkPYQuanPin"`
	HideInputBarFlag  int    `json:"HideInputBarFlag"`
	StarFriend        int    `json:"StarFriend"`
	Sex               int    `json:"Sex"`
	Signature         string `json:"Signature"`
	AppAccountFlag    int    `json:"AppAccountFlag"`
	VerifyFlag        int    `json:"VerifyFlag"`
	ContactFlag       int    `json:"ContactFlag"`
	WebWxPluginSwitch int    `json:"WebWxPluginSwitch"`
	HeadImgFlag       int    `json:"HeadImgFlag"`
	SnsFlag           int    `json:"SnsFlag"`
}

// initResp is webwxinit's answer (§3.1).
type initResp struct {
	BaseResponse        BaseResponse  `json:"BaseResponse"`
	Count               int           `json:"Count"`
	ContactList         []wireContact `json:"ContactList"`
	SyncKey             SyncKey       `json:"SyncKey"`
	User                wireUser      `json:"User"`
	ChatSet             string        `json:"ChatSet"`
	SKey                string        `json:"SKey"`
	ClientVersion       int64         `json:"ClientVersion"`
	SystemTime          int64         `json:"SystemTime"`
	GrayScale           int           `json:"GrayScale"`
	InviteStartCount    int           `json:"InviteStartCount"`
	MPSubscribeMsgCount int           `json:"MPSubscribeMsgCount"`
	MPSubscribeMsgList  []any         `json:"MPSubscribeMsgList"`
	ClickReportInterval int           `json:"ClickReportInterval"`
}

// initContacts is how many of the first people webwxinit lists as recent.
const initContacts = 6

// serveInit answers webwxinit. After a reload the page sends Skey "" and
// learns the skey from SKey (§1.3), so an empty Skey is allowed here only.
// The SyncKey is the session's cursor: messages not yet handed out by
// webwxsync come with the next sync.
func serveInit(x *exchange) *refusal {
	if ref := x.auth(authOpts{}); ref != nil {
		return ref
	}
	var req struct {
		BaseRequest *wireBase `json:"BaseRequest"`
	}
	if ref := x.decodeRequest(&req, &req.BaseRequest, authOpts{allowEmptySkey: true}); ref != nil {
		return ref
	}
	s := x.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil || s.sess.Sid != x.sess.Sid {
		return refuse(retInvalid, "the session changed during the request")
	}
	out := initResp{
		ContactList: []wireContact{}, MPSubscribeMsgList: []any{},
		SyncKey: s.syncKeyLocked(s.page.acked), SKey: s.sess.Skey,
		ClientVersion: 0x26060636, SystemTime: s.cfg.Now().Unix(), GrayScale: 1,
		InviteStartCount: 40, ClickReportInterval: 600000,
	}
	var chats []string
	for i := 0; i < len(s.people) && i < initContacts; i++ {
		c := s.wireContactLocked(&s.people[i], false)
		out.ContactList = append(out.ContactList, c)
		chats = append(chats, c.UserName)
	}
	out.Count = len(out.ContactList)
	out.ChatSet = strings.Join(chats, ",") + ","
	self := s.sess.UserName
	out.User = wireUser{
		Uin: s.sess.Uin, UserName: self, NickName: s.sess.NickName,
		HeadImgURL:  fmt.Sprintf("/cgi-bin/mmwebwx-bin/webwxgeticon?seq=%d&username=%s&skey=%s", seqOf(selfKey), self, s.sess.Skey),
		ContactFlag: 0, SnsFlag: 1, HeadImgFlag: 1, WebWxPluginSwitch: 0, AppAccountFlag: 0,
	}
	s.page.handedSkey = s.sess.Skey
	writeJSON(x.w, out)
	return nil
}

// serveStatusNotify accepts webwxstatusnotify, a flat body (§2): Code 3
// after init names the account on both sides; Code 1 (read) names a chat.
func serveStatusNotify(x *exchange) *refusal {
	if ref := x.auth(authOpts{}); ref != nil {
		return ref
	}
	var req struct {
		BaseRequest  *wireBase       `json:"BaseRequest"`
		Code         *int            `json:"Code"`
		FromUserName string          `json:"FromUserName"`
		ToUserName   string          `json:"ToUserName"`
		ClientMsgID  json.RawMessage `json:"ClientMsgId"`
	}
	if ref := x.decodeRequest(&req, &req.BaseRequest, authOpts{}); ref != nil {
		return ref
	}
	var id json.Number
	self := x.sess.UserName
	switch {
	case req.Code == nil || *req.Code < 1 || *req.Code > 5:
		return refuse(retParam, "Code missing or not 1 to 5")
	case req.FromUserName != self:
		return refuse(retParam, "FromUserName is not the account's own UserName")
	case *req.Code == 3 && req.ToUserName != self:
		return refuse(retParam, "Code 3 (inited) wants ToUserName = the account")
	case !x.known(req.ToUserName):
		return refuse(retParam, "ToUserName is not a contact of this login")
	case len(req.ClientMsgID) == 0 || json.Unmarshal(req.ClientMsgID, &id) != nil:
		return refuse(retParam, "ClientMsgId missing or not a number")
	}
	s := x.s
	s.mu.Lock()
	s.nextMsgID += 7919
	msgID := strconv.FormatUint(s.nextMsgID, 10)
	s.mu.Unlock()
	writeJSON(x.w, struct {
		BaseResponse BaseResponse `json:"BaseResponse"`
		MsgID        string       `json:"MsgID"`
	}{MsgID: msgID})
	return nil
}

// rawQueryValue returns a parameter as it stands in the raw query: the page
// puts sid into webwxsync's URL unencoded (§4.2), where a '+' would read
// as a space.
func rawQueryValue(raw, name string) (string, bool) {
	for _, kv := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if k == name {
			return v, true
		}
	}
	return "", false
}

// queryIs reports whether a query parameter is want, raw or decoded.
func queryIs(r *http.Request, name, want string) bool {
	raw, ok := rawQueryValue(r.URL.RawQuery, name)
	if !ok {
		return false
	}
	if raw == want {
		return true
	}
	dec, err := url.QueryUnescape(raw)
	if err == nil && dec == want {
		return true
	}
	dec, err = url.PathUnescape(raw)
	return err == nil && dec == want
}

// serveLogout answers the page's logout form (§9): query redirect=1,
// type 0 or 1 and skey; form fields sid and uin. The session is logged out
// and the tab goes back to the login screen.
func serveLogout(x *exchange) *refusal {
	if ref := x.auth(authOpts{skeyInQuery: true}); ref != nil {
		return ref
	}
	q := x.r.URL.Query()
	if t := q.Get("type"); t != "0" && t != "1" {
		return refuse(retParam, "type is not 0 or 1")
	}
	form, err := url.ParseQuery(string(x.body))
	if err != nil {
		return refuse(retParse, "form is not urlencoded: "+err.Error())
	}
	if form.Get("sid") != x.sess.Sid || form.Get("uin") != strconv.FormatInt(x.sess.Uin, 10) {
		return refuse(retNoSession, "form sid or uin is not the session's")
	}
	x.s.Logout()
	if q.Get("redirect") == "1" {
		x.rec.Status = http.StatusFound
		http.Redirect(x.w, x.r, "https://"+x.host+"/", http.StatusFound)
		return nil
	}
	writeJSON(x.w, baseResp{})
	return nil
}
