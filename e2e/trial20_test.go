//go:build !js

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestManyTicksThePickedChat: a person picks 李四 in the popup, then
// turns on Send to many chats; 李四 is ticked, counted, and the run goes
// to them. Before, the mode started with nothing ticked, and the chat
// just picked had to be found and ticked again.
func TestManyTicksThePickedChat(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com")
	sim := s.sims["wx.qq.com"]
	s.open("wx.qq.com")
	p := s.openPopup(t)
	defer p.Close()
	row := fmt.Sprintf(`#chats li.chat[data-user=%q]`, sim.UserName("lisi"))
	click(t, p, row+" .name")
	if err := WaitJS(p.Ctx, `!!document.querySelector('`+row+`.selected')`, 10*time.Second, "李四 picked"); err != nil {
		t.Fatal(err)
	}
	click(t, p, "#many-toggle")
	if err := WaitJS(p.Ctx, `!!document.querySelector('`+row+` input.check:checked')`, 10*time.Second, "李四 ticked"); err != nil {
		t.Fatal(err)
	}
	if got := s.eval(p, `String(document.querySelectorAll('#chats li.chat input.check:checked').length) + ' ' + document.getElementById('many-count').textContent`); !strings.HasPrefix(got, "1 ") || !strings.Contains(got, "1") {
		t.Errorf("ticked and count: %q, want 李四 alone", got)
	}
	// Off and on again with a chat ticked keeps what was ticked: the
	// picked chat is added only to an empty selection.
	click(t, p, "#many-none")
	click(t, p, "#many-toggle")
	click(t, p, "#many-toggle")
	if got := s.eval(p, `String(document.querySelectorAll('#chats li.chat input.check:checked').length)`); got != "1" {
		t.Errorf("after Select none, off and on: %s ticked, want the picked chat again", got)
	}
}
