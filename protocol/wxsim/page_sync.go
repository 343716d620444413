package wxsim

import (
	"cmp"
	"encoding/json"
	"net/url"
	"strconv"
)

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
		AddMsgList: []wireAddMsg{}, ModContactList: s.modContactsLocked(), DelContactList: []any{}, ModChatRoomMemberList: []any{},
		SKey: s.sess.Skey,
	}
	for _, m := range s.feed[max(pos, s.page.acked):] {
		out.AddMsgList = append(out.AddMsgList, addMsg(m))
	}
	out.AddMsgCount = len(out.AddMsgList)
	out.ModContactCount = len(out.ModContactList)
	s.page.acked = len(s.feed)
	out.SyncKey = s.syncKeyLocked(len(s.feed))
	out.SyncCheckKey = out.SyncKey
	s.page.handedSkey = s.sess.Skey
	writeJSON(x.w, out)
	return nil
}
