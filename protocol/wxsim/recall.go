package wxsim

import (
	"fmt"
	"html"
	"strconv"
	"strings"
)

// MsgRecalled is MsgType 10002: the sender took a message back (§4.2).
const MsgRecalled = 10002

// DeliverRecall makes the sender of an incoming message take it back: a
// MsgType 10002 from the same chat arrives in the feed the page's
// webwxsync reads, its Content (escaped as webwxsync escapes content,
// after the member's name in a group) the revokemsg XML that names the
// recalled message's MsgId. The message's media is no longer served.
func (s *Server) DeliverRecall(msgID string) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil {
		return Message{}, fmt.Errorf("wxsim: nobody is logged in")
	}
	var orig *Message
	for i := range s.feed {
		if s.feed[i].MsgID == msgID && s.feed[i].Incoming {
			orig = &s.feed[i]
		}
	}
	if orig == nil {
		return Message{}, fmt.Errorf("wxsim: no incoming message %q", msgID)
	}
	if orig.Revoked {
		return Message{}, fmt.Errorf("wxsim: message %q is recalled already", msgID)
	}
	orig.Revoked = true
	if mm, ok := s.byMsg()[msgID]; ok {
		delete(s.byMsg(), msgID)
		delete(s.media, mm.media.ID)
	}
	who, prefix := orig.From, ""
	if strings.HasPrefix(orig.From, "@@") {
		// The member who said it, as the recalled message's prefix names them.
		if m, _, ok := strings.Cut(orig.Content, ":<br/>"); ok {
			who, prefix = m, m+":<br/>"
		}
	}
	name := ""
	for key, un := range s.names {
		if p := s.byKey[key]; un == who && p != nil {
			name = p.NickName
		}
	}
	x := fmt.Sprintf(`<sysmsg type="revokemsg"><revokemsg><session>%s</session><msgid>%s</msgid><replacemsg><![CDATA["%s" 撤回了一条消息]]></replacemsg></revokemsg></sysmsg>`,
		orig.From, msgID, name)
	s.nextMsgID += 7919
	m := Message{
		MsgID: strconv.FormatUint(s.nextMsgID, 10), Type: MsgRecalled, From: orig.From, To: s.sess.UserName,
		FromKey: orig.FromKey, Content: prefix + html.EscapeString(x), Time: s.cfg.Now(), Incoming: true,
	}
	s.feed = append(s.feed, m)
	s.wakeLocked()
	return m, nil
}
