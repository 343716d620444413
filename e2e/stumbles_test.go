//go:build !js

package e2e

import (
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

// TestExportPickerQuotesBlankNames: the options' Export messages picker
// lists a chat whose name is blank (the invisible Hangul filler) with the
// name in quotes, as the popup shows it; it said "ㅤ (1)", which reads as
// a chat without a name.
func TestExportPickerQuotesBlankNames(t *testing.T) {
	t.Parallel()
	people := append(wxsim.DefaultPeople(), wxsim.Person{Key: "filler", NickName: "\u3164", ContactFlag: 1})
	sim, br, _ := newPageEnv(t, people)
	opts := openOptions(t, br, "#recall-on")
	click(t, opts, "#recall-on")
	click(t, opts, "#recall-save")
	if err := WaitJS(opts.Ctx, `!document.querySelector('#recall-saved').hidden`, 10*time.Second, "keeping saved"); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Deliver(wxsim.Incoming{From: "filler", Type: wxsim.MsgText, Text: "你好"}); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(opts.Ctx, `chrome.runtime.sendMessage({name: 'recall.get'}).then((r) => r.ok.kept >= 1)`, 30*time.Second, "the text kept"); err != nil {
		t.Fatal(err)
	}
	// The picker reads the chats again when it is focused.
	const want = "“\u3164” (1)"
	if err := WaitJS(opts.Ctx, `(document.querySelector('#msgexport-chat').focus(), [...document.querySelector('#msgexport-chat').options].some((o) => o.textContent === `+jsString(want)+`))`, 20*time.Second, "the blank name in quotes"); err != nil {
		got, _ := Eval[[]string](opts.Ctx, `[...document.querySelector('#msgexport-chat').options].map((o) => o.textContent)`)
		t.Fatalf("%v; the picker lists %q", err, got)
	}
}
