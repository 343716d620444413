package core

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// Incoming messages reach the rules from the web WeChat tab's content
// script, which reads them from the page's own webwxsync answers over a
// channel page scripts cannot reach. The worker still trusts nothing of
// them: each message must have the shapes the server gives (§4.2) and
// belong to a chat of the login's contact list, and a batch is bounded in
// count and size. What fails is dropped, never acted on, never logged.

const (
	// MaxIncomingBatch is the most messages one page.messages may carry;
	// the content script splits a larger sync answer.
	MaxIncomingBatch = 100
	// MaxIncomingBytes bounds one page.messages body.
	MaxIncomingBytes = 1 << 20
	// maxIncomingText is the most a message's text may hold, in UTF-16
	// units as JavaScript counts them (the content script cuts every
	// string there): in Chinese, three times as many bytes of UTF-8.
	maxIncomingText = 16384
	// maxIncomingField bounds every other string of a message.
	maxIncomingField = 1024
)

// incomingType: t is a type the content script gives a message.
func incomingType(t string) bool {
	switch t {
	case "text", "image", "voice", "video", "emoticon", "file", "link",
		"app", "card", "location", "system", "recalled", "other":
		return true
	}
	return false
}

// isMsgID: a server's MsgId is decimal digits.
func isMsgID(s string) bool {
	return len(s) > 0 && len(s) <= 32 && strings.Trim(s, "0123456789") == ""
}

// isUserName: "@" and hex (a person), "@@" and hex (a group).
func isUserName(s string, group bool) bool {
	p := "@"
	if group {
		p = "@@"
	}
	h, ok := strings.CutPrefix(s, p)
	return ok && len(h) > 0 && len(h) <= 128 && !strings.HasPrefix(h, "@") && strings.Trim(h, "0123456789abcdefABCDEF") == ""
}

// checkIncoming keeps the messages of b that are well made and said in a
// chat of chats (or by self, login), and reports how many it dropped. It
// sets FromSelf for a message of the login's own UserName.
func checkIncoming(b rules.Batch, login string, chats []msg.Contact) ([]rules.Message, int) {
	known := make(map[string]bool, len(chats))
	for _, ct := range chats {
		known[ct.UserName] = true
	}
	var kept []rules.Message
	dropped := 0
	for i, m := range b.Messages {
		if i >= MaxIncomingBatch || !wellMade(m) {
			dropped++
			continue
		}
		m.FromSelf = m.FromSelf || (login != "" && m.From == login)
		chat := m.Chat()
		if !known[chat] && !(m.FromSelf && m.Group == "") {
			dropped++
			continue
		}
		kept = append(kept, m)
	}
	return kept, dropped
}

// utf16Len is the length of s (valid UTF-8) as JavaScript counts it.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// wellMade checks one message's shapes and sizes.
func wellMade(m rules.Message) bool {
	switch {
	case !isMsgID(m.ID), !incomingType(m.Type):
		return false
	case m.From == "" || len(m.From) > maxIncomingField:
		return false
	case m.Group != "" && (!isUserName(m.Group, true) || !m.IsGroup):
		return false
	case m.IsGroup && m.Group == "":
		return false
	case m.GroupSender != "" && (m.Group == "" || !isUserName(m.GroupSender, false)):
		return false
	case len(m.Text) > 3*maxIncomingText || !utf8.ValidString(m.Text) || utf16Len(m.Text) > maxIncomingText:
		return false
	case m.FileSize < 0 || m.FileSize > msg.MaxFileBytes || m.Time < 0:
		return false
	case m.MD5 != "" && (len(m.MD5) != 32 || strings.Trim(m.MD5, "0123456789abcdefABCDEF") != ""):
		return false
	case m.ChatName != "" || m.SenderName != "":
		// The worker names chats itself, from the contacts.
		return false
	}
	for _, f := range []string{m.FileName, m.MediaID, m.EncryFileName} {
		if len(f) > maxIncomingField || !utf8.ValidString(f) {
			return false
		}
	}
	// A person's or group's UserName, or a special account's plain name
	// (filehelper), which checkIncoming then finds in the contacts.
	if strings.HasPrefix(m.From, "@") {
		return isUserName(m.From, strings.HasPrefix(m.From, "@@"))
	}
	return strings.Trim(m.From, "abcdefghijklmnopqrstuvwxyz0123456789_-") == ""
}
