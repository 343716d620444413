package wxsim

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// wireMsg is Msg of a send as the server reads it.
type wireMsg struct {
	Type         *int    `json:"Type"`
	EmojiFlag    *int    `json:"EmojiFlag"`
	EMoticonMd5  string  `json:"EMoticonMd5"`
	Content      *string `json:"Content"`
	MediaID      string  `json:"MediaId"`
	Signature    string  `json:"Signature"`
	FromUserName string  `json:"FromUserName"`
	ToUserName   string  `json:"ToUserName"`
	LocalID      string  `json:"LocalID"`
	ClientMsgID  string  `json:"ClientMsgId"`
}

type sendReq struct {
	BaseRequest *wireBase `json:"BaseRequest"`
	Msg         *wireMsg  `json:"Msg"`
	Scene       *int      `json:"Scene"`
}

type sendResp struct {
	BaseResponse BaseResponse `json:"BaseResponse"`
	MsgID        string       `json:"MsgID"`
	LocalID      string       `json:"LocalID"`
}

var md5Hex = regexp.MustCompile(`^[0-9a-f]{32}$`)

// builtinEmoticons are emoticons the server knows by MD5 without an upload
// (the seed's example among them).
var builtinEmoticons = map[string]bool{"44682e637b75a3f5d6747d61dbd23a15": true}

// sendCheck is what a send endpoint checks of its Msg beyond the shared
// fields; it fills in the message to record.
type sendCheck func(x *exchange, m *wireMsg, rec *Message) *refusal

// serveSend handles webwxsendmsg, webwxsendemoticon, webwxsendmsgimg,
// webwxsendvideomsg and webwxsendappmsg: the shared shape of §5, then the
// endpoint's own rules.
func serveSend(types []int, check sendCheck) func(*exchange) *refusal {
	return func(x *exchange) *refusal {
		if ref := x.auth(authOpts{}); ref != nil {
			return ref
		}
		var req sendReq
		if ref := x.decodeRequest(&req, &req.BaseRequest, authOpts{}); ref != nil {
			return ref
		}
		m := req.Msg
		switch {
		case m == nil:
			return refuse(retParam, "Msg missing")
		case req.Scene == nil:
			return refuse(retParam, "Scene missing")
		case m.Type == nil:
			return refuse(retParam, "Msg.Type missing")
		case !contains(types, *m.Type):
			return refuse(retParam, fmt.Sprintf("Msg.Type %d is not for %s (want %v)", *m.Type, x.endpoint, types))
		case m.FromUserName != x.sess.UserName:
			return refuse(retParam, "Msg.FromUserName is not the account's own UserName")
		case m.ToUserName == "" || !x.known(m.ToUserName):
			return refuse(retParam, fmt.Sprintf("Msg.ToUserName %q is not a contact of this login", m.ToUserName))
		case m.ClientMsgID == "":
			return refuse(retParam, "Msg.ClientMsgId missing")
		case m.LocalID == "":
			return refuse(retParam, "Msg.LocalID missing")
		}
		rec := Message{ClientMsgID: m.ClientMsgID, LocalID: m.LocalID, Type: *m.Type, From: m.FromUserName, To: m.ToUserName, Time: x.s.cfg.Now()}
		if ref := check(x, m, &rec); ref != nil {
			return ref
		}
		msgID := x.s.accept(rec)
		writeJSON(x.w, sendResp{MsgID: msgID, LocalID: m.LocalID})
		return nil
	}
}

// accept records a sent message, gives it a MsgID, and puts it into the
// sync feed (the page shows what the account sent from elsewhere).
func (s *Server) accept(m Message) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextMsgID += 7919
	m.MsgID = strconv.FormatUint(s.nextMsgID, 10)
	m.FromKey, m.ToKey = s.keys[m.From], s.keys[m.To]
	if m.FromKey == selfKey {
		m.FromKey = ""
	}
	if m.ToKey == selfKey {
		m.ToKey = ""
	}
	s.messages = append(s.messages, m)
	s.feed = append(s.feed, m)
	s.wakeLocked()
	return m.MsgID
}

func checkText(x *exchange, m *wireMsg, rec *Message) *refusal {
	if m.Content == nil || *m.Content == "" {
		return refuse(retParam, "Msg.Content missing or empty")
	}
	rec.Content = *m.Content
	return nil
}

func checkEmoticon(x *exchange, m *wireMsg, rec *Message) *refusal {
	if m.EmojiFlag == nil || *m.EmojiFlag != 2 {
		return refuse(retParam, "Msg.EmojiFlag must be 2")
	}
	switch {
	case m.MediaID != "":
		md, ref := x.mediaOf(m.MediaID)
		if ref != nil {
			return ref
		}
		rec.MediaID, rec.FileName, rec.FileSize, rec.MD5 = md.ID, md.Name, md.Size, md.MD5
	case m.EMoticonMd5 != "":
		if !md5Hex.MatchString(m.EMoticonMd5) {
			return refuse(retParam, "Msg.EMoticonMd5 is not a lowercase MD5")
		}
		if !builtinEmoticons[m.EMoticonMd5] && !x.s.hasMD5(m.EMoticonMd5) {
			return refuse(retParam, "no emoticon with that EMoticonMd5")
		}
		rec.EMoticonMD5 = m.EMoticonMd5
	default:
		return refuse(retParam, "an emoticon needs EMoticonMd5 or MediaId")
	}
	return nil
}

// checkMediaOf returns a check that wants a MediaId uploaded with the given
// mediatype (pic for images, video for videos).
func checkMediaOf(mediatype string) sendCheck {
	return func(x *exchange, m *wireMsg, rec *Message) *refusal {
		if m.MediaID == "" {
			return refuse(retParam, "Msg.MediaId missing")
		}
		md, ref := x.mediaFor(m.MediaID, m.ToUserName)
		if ref != nil {
			return ref
		}
		if md.MediaType != mediatype {
			return refuse(retParam, fmt.Sprintf("MediaId was uploaded as %q, %s wants %q", md.MediaType, x.endpoint, mediatype))
		}
		rec.MediaID, rec.FileName, rec.FileSize, rec.MD5 = md.ID, md.Name, md.Size, md.MD5
		return nil
	}
}

// checkAppMsg parses the file appmsg strictly and ties it to its upload:
// totallen is the upload's size, attachid its MediaId, and a file that went
// through checkupload carries that Signature (§5.5).
func checkAppMsg(x *exchange, m *wireMsg, rec *Message) *refusal {
	if m.Content == nil || *m.Content == "" {
		return refuse(retParam, "Msg.Content (the appmsg XML) missing")
	}
	am, err := parseAppMsg(*m.Content)
	if err != nil {
		return refuse(retParam, err.Error())
	}
	switch {
	case am.Type != 6:
		return refuse(retParam, fmt.Sprintf("appmsg type %d, a file is 6", am.Type))
	case am.Title == "":
		return refuse(retParam, "appmsg title (the file name) empty")
	case am.FileExt == "":
		return refuse(retParam, "appmsg fileext missing")
	}
	md, ref := x.mediaFor(am.AttachID, m.ToUserName)
	if ref != nil {
		return ref
	}
	if am.TotalLen != md.Size {
		return refuse(retParam, fmt.Sprintf("appmsg totallen %d is not the upload's size %d", am.TotalLen, md.Size))
	}
	if md.Signature != "" && m.Signature != md.Signature {
		return refuse(retParam, "a file over 25 MiB needs the Signature from webwxcheckupload")
	}
	rec.Content, rec.MediaID, rec.FileName, rec.FileSize, rec.MD5, rec.Signature = *m.Content, md.ID, am.Title, md.Size, md.MD5, m.Signature
	return nil
}

// mediaOf finds uploaded media of this session's account.
func (x *exchange) mediaOf(id string) (*Media, *refusal) {
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	md, ok := x.s.media[id]
	if !ok {
		return nil, refuse(retParam, fmt.Sprintf("no uploaded media with MediaId %q", id))
	}
	return md, nil
}

// mediaFor is mediaOf for a send to the chat to (Config.MediaPerChat).
func (x *exchange) mediaFor(id, to string) (*Media, *refusal) {
	md, ref := x.mediaOf(id)
	if ref == nil && x.s.cfg.MediaPerChat && md.To != "" && md.To != to {
		return nil, refuse(retParam, fmt.Sprintf("MediaId %q was uploaded for another chat", id))
	}
	return md, ref
}

func (s *Server) hasMD5(sum string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.media {
		if m.MD5 == sum {
			return true
		}
	}
	return false
}

type revokeReq struct {
	BaseRequest *wireBase `json:"BaseRequest"`
	SvrMsgID    string    `json:"SvrMsgId"`
	ToUserName  string    `json:"ToUserName"`
	ClientMsgID string    `json:"ClientMsgId"`
}

// RevokeWindow is how long after sending a message can be revoked (§5.6).
const RevokeWindow = 2 * time.Minute

func serveRevoke(x *exchange) *refusal {
	if ref := x.auth(authOpts{}); ref != nil {
		return ref
	}
	var req revokeReq
	if ref := x.decodeRequest(&req, &req.BaseRequest, authOpts{}); ref != nil {
		return ref
	}
	s := x.s
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.messages {
		m := &s.messages[i]
		if m.MsgID != req.SvrMsgID {
			continue
		}
		switch {
		case m.To != req.ToUserName:
			return refuse(retParam, "ToUserName is not the message's recipient")
		case m.ClientMsgID != req.ClientMsgID:
			return refuse(retParam, "ClientMsgId is not the message's")
		case s.cfg.Now().Sub(m.Time) > RevokeWindow:
			return refuse(retSystem, "the two-minute revoke window has passed")
		}
		m.Revoked = true
		writeJSON(x.w, struct {
			BaseResponse BaseResponse `json:"BaseResponse"`
			Introduction string       `json:"Introduction"`
			SysWording   string       `json:"SysWording"`
		}{Introduction: "你可以撤回2分钟内发送的消息（部分旧版本微信不支持这个功能）。", SysWording: "已撤回"})
		return nil
	}
	return refuse(retParam, "no message with that SvrMsgId was sent")
}

func contains(xs []int, v int) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}
