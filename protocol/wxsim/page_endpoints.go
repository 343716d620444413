package wxsim

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The endpoints only the page calls: the login result (§1.2), webwxinit and
// webwxstatusnotify (§3.1), synccheck and webwxsync (§4), webwxlogout (§9).

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

// SyncKey is the sync position of §4.2.
type SyncKey struct {
	Count int           `json:"Count"`
	List  []SyncKeyItem `json:"List"`
}

// SyncKeyItem is one Key/Val pair of a SyncKey.
type SyncKeyItem struct {
	Key int   `json:"Key"`
	Val int64 `json:"Val"`
}

// syncKeyLocked is the key for a feed position: Key 1 (messages) counts the
// feed from syncBase; the others stand still, as contacts never change here.
func (s *Server) syncKeyLocked(pos int) SyncKey {
	b := s.page.syncBase
	return SyncKey{Count: 4, List: []SyncKeyItem{
		{1, b + int64(pos)}, {2, b + 1000}, {3, b + 500}, {1000, s.sess.loginTime.Unix()},
	}}
}

// feedPosLocked reads the feed position of a posted key: Key 1's Val less
// syncBase, between 0 and the feed's length.
func (s *Server) feedPosLocked(items []SyncKeyItem) (int, *refusal) {
	for _, it := range items {
		if it.Key != 1 {
			continue
		}
		pos := it.Val - s.page.syncBase
		if pos < 0 || pos > int64(len(s.feed)) {
			return 0, refuse(retParam, "SyncKey Key 1 is not one this login handed out")
		}
		return int(pos), nil
	}
	return 0, refuse(retParam, "SyncKey has no Key 1")
}

// parseSyncCheckKey reads synccheck's synckey, Key_Val|Key_Val (§4.1).
func parseSyncCheckKey(v string) ([]SyncKeyItem, error) {
	var out []SyncKeyItem
	for _, part := range strings.Split(v, "|") {
		k, val, ok := strings.Cut(part, "_")
		ki, err1 := strconv.Atoi(k)
		vi, err2 := strconv.ParseInt(val, 10, 64)
		if !ok || err1 != nil || err2 != nil {
			return nil, fmt.Errorf("synckey %q is not Key_Val|Key_Val", v)
		}
		out = append(out, SyncKeyItem{ki, vi})
	}
	return out, nil
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
	if ref := x.decodeBody(&req); ref != nil {
		return ref
	}
	if ref := x.checkBase(req.BaseRequest, authOpts{allowEmptySkey: true}); ref != nil {
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
	if ref := x.decodeBody(&req); ref != nil {
		return ref
	}
	if ref := x.checkBase(req.BaseRequest, authOpts{}); ref != nil {
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

// syncCheckAnswer writes synccheck's JavaScript answer (§4.1).
func syncCheckAnswer(w http.ResponseWriter, retcode, selector int) {
	w.Header().Set("Content-Type", "text/javascript")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = fmt.Fprintf(w, `window.synccheck={retcode:"%d",selector:"%d"}`, retcode, selector)
}

// serveSyncCheck answers the page's long poll on the push host. It is held
// up to SyncHold while nothing is new; selector 2 says the feed has messages
// past the client's synckey (or that the skey was rotated, so that the page
// syncs and learns it). A refusal is answered as a retcode, never JSON:
// the page reads window.synccheck (§9: 1100, 1101, 1102 log it out).
func serveSyncCheck(x *exchange) *refusal {
	refused := func(ref *refusal) *refusal {
		x.noteRefusal(ref)
		syncCheckAnswer(x.w, ref.ret, 0)
		return nil
	}
	if ref := x.auth(authOpts{}); ref != nil {
		return refused(ref)
	}
	q := x.r.URL.Query()
	ss := x.sess
	switch {
	case q.Get("sid") != ss.Sid:
		return refused(refuse(retInvalid, "sid in the query is not the session's"))
	case q.Get("uin") != strconv.FormatInt(ss.Uin, 10):
		return refused(refuse(retInvalid, "uin in the query is not the session's"))
	case q.Get("deviceid") == "":
		return refused(refuse(retParam, "deviceid missing"))
	}
	items, err := parseSyncCheckKey(q.Get("synckey"))
	if err != nil {
		return refused(refuse(retParam, err.Error()))
	}
	s := x.s
	skey := q.Get("skey")
	timer := time.NewTimer(s.cfg.SyncHold)
	defer timer.Stop()
	for {
		s.mu.Lock()
		cur := s.sess
		switch {
		case cur == nil || cur.Sid != ss.Sid:
			s.mu.Unlock()
			return refused(refuse(retInvalid, "the session ended (a new login) during the poll"))
		case cur.LoggedOut:
			s.mu.Unlock()
			return refused(refuse(retInvalid, "the session was logged out"))
		case !s.skeyAcceptedLocked(skey):
			s.mu.Unlock()
			return refused(refuse(retInvalid, "skey in the query is not the session's"))
		}
		pos, ref := s.feedPosLocked(items)
		if ref != nil {
			s.mu.Unlock()
			return refused(ref)
		}
		if pos < len(s.feed) || skey != cur.Skey {
			s.mu.Unlock()
			syncCheckAnswer(x.w, 0, 2)
			return nil
		}
		wake := s.changed
		s.heldPolls.Add(1)
		s.mu.Unlock()
		select {
		case <-wake:
			s.heldPolls.Add(-1)
		case <-timer.C:
			s.heldPolls.Add(-1)
			syncCheckAnswer(x.w, 0, 0)
			return nil
		case <-x.r.Context().Done():
			s.heldPolls.Add(-1)
			return nil
		}
	}
}

// HeldPolls is how many synccheck polls are held now, waiting for a
// change: a test waits for it before making the change, so that what it
// checks is the held poll's waking and not an answer given at once.
func (s *Server) HeldPolls() int { return int(s.heldPolls.Load()) }

// wireAddMsg is one message of webwxsync's AddMsgList, with the real field
// names (§4.2).
type wireAddMsg struct {
	MsgID                string            `json:"MsgId"`
	FromUserName         string            `json:"FromUserName"`
	ToUserName           string            `json:"ToUserName"`
	MsgType              int               `json:"MsgType"`
	Content              string            `json:"Content"`
	Status               int               `json:"Status"`
	ImgStatus            int               `json:"ImgStatus"`
	CreateTime           int64             `json:"CreateTime"`
	VoiceLength          int               `json:"VoiceLength"`
	PlayLength           int               `json:"PlayLength"`
	FileName             string            `json:"FileName"`
	FileSize             string            `json:"FileSize"`
	MediaID              string            `json:"MediaId"`
	URL                  string            `json:"Url"`
	AppMsgType           int               `json:"AppMsgType"`
	StatusNotifyCode     int               `json:"StatusNotifyCode"`
	StatusNotifyUserName string            `json:"StatusNotifyUserName"`
	RecommendInfo        wireRecommendInfo `json:"RecommendInfo"`
	ForwardFlag          int               `json:"ForwardFlag"`
	AppInfo              wireAppInfo       `json:"AppInfo"`
	HasProductID         int               `json:"HasProductId"`
	Ticket               string            `json:"Ticket"`
	ImgHeight            int               `json:"ImgHeight"`
	ImgWidth             int               `json:"ImgWidth"`
	SubMsgType           int               `json:"SubMsgType"`
	NewMsgID             json.Number       `json:"NewMsgId"`
	OriContent           string            `json:"OriContent"`
	EncryFileName        string            `json:"EncryFileName"`
	MD5                  string            `json:"MD5"`
}

type wireRecommendInfo struct {
	UserName   string `json:"UserName"`
	NickName   string `json:"NickName"`
	QQNum      int64  `json:"QQNum"`
	Province   string `json:"Province"`
	City       string `json:"City"`
	Content    string `json:"Content"`
	Signature  string `json:"Signature"`
	Alias      string `json:"Alias"`
	Scene      int    `json:"Scene"`
	VerifyFlag int    `json:"VerifyFlag"`
	AttrStatus int64  `json:"AttrStatus"`
	Sex        int    `json:"Sex"`
	Ticket     string `json:"Ticket"`
	OpCode     int    `json:"OpCode"`
}

type wireAppInfo struct {
	AppID string `json:"AppID"`
	Type  int    `json:"Type"`
}

// addMsg renders a feed message as webwxsync lists it. A message the
// account sent carries its Msg.Type, which maps to a MsgType: a file (6)
// is an appmsg, MsgType 49 with AppMsgType 6.
func addMsg(m Message) wireAddMsg {
	w := wireAddMsg{
		MsgID: m.MsgID, FromUserName: m.From, ToUserName: m.To, MsgType: m.Type, Content: m.Content,
		Status: 3, ImgStatus: 1, CreateTime: m.Time.Unix(), VoiceLength: m.VoiceLength, PlayLength: m.PlayLength,
		FileName: m.FileName, MediaID: m.MediaID, AppMsgType: m.AppMsgType,
		NewMsgID: json.Number(m.MsgID), EncryFileName: m.EncryFileName,
	}
	if m.Recommend != nil {
		w.RecommendInfo = wireRecommendInfo(*m.Recommend)
	}
	if !m.Incoming {
		w.Status = 2
		if m.Type == 6 {
			w.MsgType, w.AppMsgType = MsgApp, 6
		}
		if w.FileName != "" && w.EncryFileName == "" {
			w.EncryFileName = url.QueryEscape(w.FileName)
		}
	}
	if m.FileSize > 0 || w.MsgType == MsgApp {
		w.FileSize = strconv.FormatInt(m.FileSize, 10)
	}
	switch w.MsgType {
	case MsgEmoticon:
		// A sticker's MD5 names it to webwxsendemoticon (§5.2).
		w.ImgStatus, w.ImgHeight, w.ImgWidth = 2, 32, 32
		w.MD5 = cmp.Or(m.MD5, m.EMoticonMD5)
	case MsgImage:
		w.ImgStatus, w.ImgHeight, w.ImgWidth = 2, 32, 32
	case MsgVideo:
		w.ImgStatus, w.ImgHeight, w.ImgWidth = 2, 32, 32
	}
	return w
}

// syncResp is webwxsync's answer (§4.2).
type syncResp struct {
	BaseResponse           BaseResponse `json:"BaseResponse"`
	AddMsgCount            int          `json:"AddMsgCount"`
	AddMsgList             []wireAddMsg `json:"AddMsgList"`
	ModContactCount        int          `json:"ModContactCount"`
	ModContactList         []any        `json:"ModContactList"`
	DelContactCount        int          `json:"DelContactCount"`
	DelContactList         []any        `json:"DelContactList"`
	ModChatRoomMemberCount int          `json:"ModChatRoomMemberCount"`
	ModChatRoomMemberList  []any        `json:"ModChatRoomMemberList"`
	Profile                wireProfile  `json:"Profile"`
	ContinueFlag           int          `json:"ContinueFlag"`
	SyncKey                SyncKey      `json:"SyncKey"`
	SKey                   string       `json:"SKey"`
	SyncCheckKey           SyncKey      `json:"SyncCheckKey"`
}

type wireBuff struct {
	Buff string `json:"Buff"`
}

// wireProfile is webwxsync's Profile; BitFlag 0 says nothing changed.
type wireProfile struct {
	BitFlag           int      `json:"BitFlag"`
	UserName          wireBuff `json:"UserName"`
	NickName          wireBuff `json:"NickName"`
	BindUin           int64    `json:"BindUin"`
	BindEmail         wireBuff `json:"BindEmail"`
	BindMobile        wireBuff `json:"BindMobile"`
	Status            int      `json:"Status"`
	Sex               int      `json:"Sex"`
	PersonalCard      int      `json:"PersonalCard"`
	Alias             string   `json:"Alias"`
	HeadImgUpdateFlag int      `json:"HeadImgUpdateFlag"`
	HeadImgURL        string   `json:"HeadImgUrl"`
	Signature         string   `json:"Signature"`
}

// serveSync answers webwxsync: the feed's messages past the posted SyncKey
// that the session has not handed out yet, and the key after them. The
// cursor is the session's, so whoever syncs first takes the messages and a
// second caller with the old key gets none of them (§4.3).
func serveSync(x *exchange) *refusal {
	if ref := x.auth(authOpts{}); ref != nil {
		return ref
	}
	if !queryIs(x.r, "sid", x.sess.Sid) {
		return refuse(retInvalid, "sid in the query missing or not the session's")
	}
	var req struct {
		BaseRequest *wireBase `json:"BaseRequest"`
		SyncKey     *SyncKey  `json:"SyncKey"`
		RR          any       `json:"rr"`
	}
	if ref := x.decodeBody(&req); ref != nil {
		return ref
	}
	s := x.s
	qskey, _ := rawQueryValue(x.r.URL.RawQuery, "skey")
	if dec, err := url.QueryUnescape(qskey); err == nil {
		qskey = dec
	}
	s.mu.Lock()
	okQuery := s.skeyAcceptedLocked(qskey)
	if b := req.BaseRequest; b != nil && b.Skey != nil && s.skeyAcceptedLocked(*b.Skey) {
		// The skey the page knows from before a rotation counts as the
		// session's for this call, which hands out the new one.
		x.sess.Skey = *b.Skey
	}
	s.mu.Unlock()
	if !okQuery {
		return refuse(retInvalid, "skey in the query missing or not the session's")
	}
	if ref := x.checkBase(req.BaseRequest, authOpts{}); ref != nil {
		return ref
	}
	switch {
	case req.SyncKey == nil || len(req.SyncKey.List) == 0:
		return refuse(retParam, "SyncKey missing or empty")
	case req.SyncKey.Count != len(req.SyncKey.List):
		return refuse(retParam, "SyncKey.Count is not the length of its List")
	case req.RR == nil:
		return refuse(retParam, "rr missing")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil || s.sess.Sid != x.sess.Sid {
		return refuse(retInvalid, "the session changed during the request")
	}
	pos, ref := s.feedPosLocked(req.SyncKey.List)
	if ref != nil {
		return ref
	}
	out := syncResp{
		AddMsgList: []wireAddMsg{}, ModContactList: []any{}, DelContactList: []any{}, ModChatRoomMemberList: []any{},
		SKey: s.sess.Skey,
	}
	for _, m := range s.feed[max(pos, s.page.acked):] {
		out.AddMsgList = append(out.AddMsgList, addMsg(m))
	}
	out.AddMsgCount = len(out.AddMsgList)
	s.page.acked = len(s.feed)
	out.SyncKey = s.syncKeyLocked(len(s.feed))
	out.SyncCheckKey = out.SyncKey
	s.page.handedSkey = s.sess.Skey
	writeJSON(x.w, out)
	return nil
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
