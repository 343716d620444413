//go:build !js

package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// TestPageAPICommonMistakes: the calls a person gets wrong at the console
// (a text left out, a contact object for the chat, schedule's arguments
// given one by one, one name where sendMany takes a list) reject with
// BAD_REQUEST and a detail that says what the method takes. Before, the
// first sent the text "undefined" to the chat, and the others said
// NOT_FOUND "[object Object]", a MessagePort's cloning error, or NOT_FOUND
// "老" (the name read letter by letter). Nothing reaches WeChat.
func TestPageAPICommonMistakes(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com")
	sim := s.sims["wx.qq.com"]
	tab := s.open("wx.qq.com")
	const later = `new Date(Date.now() + 3600e3)`
	tests := []struct {
		name, call, detail string
	}{
		{"no text", `wxdrop.sendText('老张')`, "sendText takes (to, text)"},
		{"no arguments", `wxdrop.sendText()`, "sendText takes (to, text)"},
		{"a text that is an object", `wxdrop.sendText('老张', {text: 'hi'})`, "sendText takes (to, text)"},
		{"a contact object for the chat", `wxdrop.contacts({query: 'lz'}).then((c) => wxdrop.sendText(c[0], 'hi'))`, "userName"},
		{"a contact object for the file's chat", `wxdrop.sendFile({userName: 'x'}, new Blob(['x']))`, "userName"},
		{"schedule's arguments one by one", `wxdrop.schedule('老张', 'hi', ` + later + `)`, "schedule takes {to, text, at, repeat}"},
		{"schedule without a chat", `wxdrop.schedule({text: 'hi', at: ` + later + `})`, "schedule takes {to, text, at, repeat}"},
		{"one name for sendMany", `wxdrop.sendMany('老张', 'hi')`, "sendMany takes a list"},
	}
	for _, tt := range tests {
		got := s.eval(tab, fmt.Sprintf(`(async () => {
	try { const v = await %s; return 'resolved ' + JSON.stringify(v); }
	catch (e) { return 'rejected ' + e.code + ' ' + e.detail; }
})()`, tt.call))
		if !strings.HasPrefix(got, "rejected BAD_REQUEST ") || !strings.Contains(got, tt.detail) {
			t.Errorf("%s: %s: %s, want BAD_REQUEST with a detail that says %q", tt.name, tt.call, got, tt.detail)
		}
	}
	// The right calls still go.
	if got := s.eval(tab, `wxdrop.contacts({query: 'lz'}).then((c) => wxdrop.sendText(c[0].userName, 'right')).then(() => 'sent', (e) => e.code)`); got != "sent" {
		t.Errorf("sendText(contact.userName, text): %s", got)
	}
	for _, m := range sim.Messages() {
		if !m.Incoming && m.Content != "right" {
			t.Errorf("sent to %s: %.40q", m.ToKey, m.Content)
		}
	}
}
