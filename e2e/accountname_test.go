//go:build !js

package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestPageCannotPassForAnotherAccount: two accounts logged in, on
// wx.qq.com and web.wechat.com. A script of the wx.qq.com page (web
// WeChat's own, or one injected into it) makes the page's account
// service say its account is called 第二个号, the other account's name;
// page.js reads the name there and the worker took it. The popup acting
// as the wx.qq.com account then said "Logged in as 第二个号", as it does
// for the other account: the person could not tell which account would
// send. The account a tab is is its host's cookies' (the worker's own
// read), and its host the tab's: with two accounts logged in, the state
// line names the host too, which no page can change.
func TestPageCannotPassForAnotherAccount(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com", "web.wechat.com")
	tabA := s.open("wx.qq.com")
	s.open("web.wechat.com")
	s.eval(tabA, `(() => {
		const acc = angular.element(document).injector().get('accountFactory');
		const own = acc.getUserInfo.bind(acc);
		acc.getUserInfo = () => Object.assign({}, own(), {NickName: '第二个号'});
		return 'ok';
	})()`)
	if err := s.br.waitState(context.Background(), 30*time.Second, "the worker taking the page's name", func(st msg.State) bool {
		n := 0
		for _, a := range st.Accounts {
			if a.NickName == "第二个号" && a.Status == msg.SessionReady {
				n++
			}
		}
		return n == 2
	}); err != nil {
		t.Fatal(err)
	}
	p := s.openPopup(t)
	for _, host := range []string{"wx.qq.com", "web.wechat.com"} {
		s.eval(p, `(() => { const s = document.getElementById('account'); const o = [...s.options].find((o) => o.textContent.endsWith(`+jsString(host)+`)); s.value = o.value; s.dispatchEvent(new Event('change')); return 'ok'; })()`)
		if err := WaitJS(p.Ctx, `document.getElementById('account').selectedOptions[0].textContent.endsWith(`+jsString(host)+`)`, 20*time.Second, "the switch to "+host); err != nil {
			t.Fatal(err)
		}
		waitUntil(t, 20*time.Second, "the state line to name "+host, func() (bool, string) {
			line := s.eval(p, `document.querySelector('#state .state-text').textContent`)
			return strings.Contains(line, "第二个号") && strings.Contains(line, host), "the popup says " + line
		})
	}
}
