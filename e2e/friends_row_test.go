//go:build !js

package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

// TestFriendRowAcceptsItsOwnRequest: two accounts logged in, each with a
// friend request of the same id (each server numbers its messages alike),
// both listed in the popup, which acts as the first account. Accept on
// the second account's row (新朋友web.wechat.com) accepted the first
// account's request of that id, another person. Now it accepts nobody and
// says to switch account; switched, it accepts its own.
func TestFriendRowAcceptsItsOwnRequest(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com", "web.wechat.com")
	s.open("wx.qq.com")
	s.open("web.wechat.com")
	hosts := []string{"wx.qq.com", "web.wechat.com"}
	ids := map[string]string{}
	for i, host := range hosts {
		m, err := s.sims[host].DeliverFriendRequest(wxsim.FriendRequest{Person: wxsim.Person{Key: fmt.Sprintf("new%d", i), NickName: "新朋友" + host, Province: "广东"}, Content: "我是" + host})
		if err != nil {
			t.Fatal(err)
		}
		ids[host] = m.MsgID
	}
	if ids["wx.qq.com"] != ids["web.wechat.com"] {
		t.Fatalf("the test needs one id in both accounts: %v", ids)
	}
	p := s.openPopup(t)
	if err := WaitJS(p.Ctx, `document.getElementById('account').options.length === 2 && document.querySelectorAll('#friends li button[data-id]').length === 2`, 30*time.Second, "the account switch and both requests"); err != nil {
		t.Fatalf("%v; friends %s", err, s.friendsText())
	}
	switchTo := func(nick string) {
		t.Helper()
		s.eval(p, fmt.Sprintf(`(() => { const s = document.getElementById('account'); const o = [...s.options].find((o) => o.textContent.endsWith(' · ' + %s)); s.value = o.value; s.dispatchEvent(new Event('change')); return 'ok'; })()`, jsString(nick)))
		if err := WaitJS(p.Ctx, fmt.Sprintf(`document.querySelector('#state .state-text').textContent.includes(%s)`, jsString(nick)), 20*time.Second, "the popup showing "+nick); err != nil {
			t.Fatal(err)
		}
	}
	accept := fmt.Sprintf(`(() => { const li = [...document.querySelectorAll('#friends li')].find((li) => li.textContent.includes(%s)); li.querySelector('button[data-id]').click(); return 'ok'; })()`, jsString("新朋友web.wechat.com"))
	verified := func() string {
		return fmt.Sprintf("%d/%d", len(s.sims["wx.qq.com"].Verifications()), len(s.sims["web.wechat.com"].Verifications()))
	}

	switchTo("wxdrop测试")
	s.eval(p, accept)
	if err := WaitJS(p.Ctx, `document.getElementById('error').textContent.includes('other account logged in here')`, 20*time.Second, "the popup saying the request is the other account's"); err != nil {
		t.Fatalf("%v; accepted %s", err, verified())
	}
	if v := verified(); v != "0/0" {
		t.Fatalf("accepted %s (wx.qq.com/web.wechat.com) for the second account's row, want none", v)
	}

	switchTo("第二个号")
	s.eval(p, accept)
	waitUntil(t, 30*time.Second, "the second account's request accepted", func() (bool, string) {
		vs := s.sims["web.wechat.com"].Verifications()
		return len(vs) == 1 && vs[0].Key == "new1", verified()
	})
	if v := verified(); v != "0/1" {
		t.Errorf("accepted %s, want the second account's request only", v)
	}
}
