package core

import (
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// TestCheckIncomingKeepsWhatTheServerGives: the messages the page's
// webwxsync gives (a person, a group with its member, a special account,
// one's own) pass the checks; their forged look-alikes do not.
func TestCheckIncomingKeepsWhatTheServerGives(t *testing.T) {
	person, group, member := "@"+strings.Repeat("a1", 32), "@@"+strings.Repeat("b2", 32), "@"+strings.Repeat("c3", 32)
	self := "@" + strings.Repeat("d4", 32)
	chats := []msg.Contact{{UserName: person}, {UserName: group, Group: true}, {UserName: "filehelper"}}
	tests := []struct {
		name string
		m    rules.Message
		keep bool
	}{
		{"a person's text", rules.Message{ID: "3000089369891155132", From: person, Type: "text", Text: "hi"}, true},
		{"a group member's file", rules.Message{ID: "1", From: group, Group: group, IsGroup: true, GroupSender: member, Type: "file", FileName: "a.pdf", FileSize: 10, MediaID: "@crypt_1", EncryFileName: "a%2Epdf"}, true},
		{"a sticker", rules.Message{ID: "2", From: person, Type: "emoticon", MD5: "44682e637b75a3f5d6747d61dbd23a15"}, true},
		{"the file helper", rules.Message{ID: "3", From: "filehelper", Type: "text", Text: "note"}, true},
		{"one's own, to a person", rules.Message{ID: "4", From: self, Type: "text", Text: "hi"}, true},
		{"a stranger", rules.Message{ID: "5", From: "@" + strings.Repeat("e5", 32), Type: "text"}, false},
		{"a plain name not in the list", rules.Message{ID: "6", From: "weixin", Type: "text"}, false},
		{"a group's member in no group", rules.Message{ID: "7", From: person, GroupSender: member, Type: "text"}, false},
		{"a group said to be none", rules.Message{ID: "8", From: group, Group: group, Type: "text"}, false},
		{"an id too long", rules.Message{ID: strings.Repeat("9", 33), From: person, Type: "text"}, false},
		{"text not UTF-8", rules.Message{ID: "10", From: person, Type: "text", Text: "\xff"}, false},
		// The content script cuts a text at 16,384 UTF-16 units: in Chinese
		// 48 KB of UTF-8, which a byte bound of 16,384 dropped from 5,462
		// characters on.
		{"a Chinese text as long as the content script passes", rules.Message{ID: "11", From: person, Type: "text", Text: strings.Repeat("长", 16384)}, true},
		{"a Chinese text of 6,000 characters", rules.Message{ID: "12", From: person, Type: "text", Text: strings.Repeat("发", 6000)}, true},
		{"a text longer than the content script passes", rules.Message{ID: "13", From: person, Type: "text", Text: strings.Repeat("长", 16385)}, false},
	}
	for _, tt := range tests {
		kept, dropped := checkIncoming(rules.Batch{Messages: []rules.Message{tt.m}}, self, chats)
		if got := len(kept) == 1; got != tt.keep || len(kept)+dropped != 1 {
			t.Errorf("%s: kept %v, want %v", tt.name, got, tt.keep)
		}
		if len(kept) == 1 && tt.m.From == self && !kept[0].FromSelf {
			t.Errorf("%s: not marked as one's own", tt.name)
		}
	}
	many := make([]rules.Message, MaxIncomingBatch+5)
	for i := range many {
		many[i] = rules.Message{ID: "1", From: person, Type: "text"}
	}
	if kept, dropped := checkIncoming(rules.Batch{Messages: many}, self, chats); len(kept) != MaxIncomingBatch || dropped != 5 {
		t.Errorf("a batch over the cap: kept %d, dropped %d", len(kept), dropped)
	}
}
