//go:build !js

package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// holdStateJS, run in the popup before its scripts, holds back the
// changes of the stored state (storage.session "state") while
// window.holdState is true: the popup keeps showing the account it showed,
// as it does between a switch of account and its next frame.
const holdStateJS = `(() => {
  const ev = chrome.storage.onChanged;
  const add = ev.addListener.bind(ev);
  ev.addListener = (fn) => add((changes, area) => {
    if (window.holdState && area === 'session' && 'state' in changes) {
      const rest = {...changes};
      delete rest.state;
      if (Object.keys(rest).length === 0) return;
      return fn(rest, area);
    }
    return fn(changes, area);
  });
})();`

// TestPopupSendsAsTheAccountItShows: the popup shows the first account
// (wx.qq.com); that account is logged out on the phone and the second
// (web.wechat.com) becomes the one wxdrop acts as, before the popup shows
// it. The person sends a text to 文件传输助手, whose UserName is
// "filehelper" in both accounts: it went to the second account's file
// helper. Now nothing goes, the popup says the account changed, keeps the
// text and shows the second account; sent again, it goes from the second.
func TestPopupSendsAsTheAccountItShows(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com", "web.wechat.com")
	a, b := s.sims["wx.qq.com"], s.sims["web.wechat.com"]
	tabA := s.open("wx.qq.com")
	s.open("web.wechat.com")

	p := openPopupWith(t, s.br, holdStateJS)
	ctx, cancel := context.WithTimeout(p.Ctx, 60*time.Second)
	defer cancel()
	if err := WaitJS(p.Ctx, `document.body && document.body.dataset.ready === '1'`, 20*time.Second, "the popup"); err != nil {
		t.Fatal(err)
	}
	shows := func(nick string) string {
		return fmt.Sprintf(`document.querySelector('#state .state-text').textContent.includes(%s)`, jsString(nick))
	}
	// The popup acts as the first account.
	if err := WaitJS(p.Ctx, `document.getElementById('account').options.length === 2`, 20*time.Second, "the account switch"); err != nil {
		t.Fatal(err)
	}
	s.eval(p, `(() => { const s = document.getElementById('account'); const o = [...s.options].find((o) => o.textContent.endsWith(' · wxdrop测试')); s.value = o.value; s.dispatchEvent(new Event('change')); return 'ok'; })()`)
	if err := WaitJS(p.Ctx, shows("wxdrop测试"), 20*time.Second, "the popup acting as the first account"); err != nil {
		t.Fatal(err)
	}
	pick(t, p, "文件", a.UserName("filehelper"), "文件传输助手")
	const text = "给第一个号的文件传输助手"
	setText(t, p, text)

	// The first account logs out; the second becomes the worker's, and
	// the popup does not hear of it yet.
	s.eval(p, `(window.holdState = true, 'ok')`)
	a.Logout()
	if err := WaitJS(tabA.Ctx, `window.wxsimStats && wxsimStats.state === 'login'`, 30*time.Second, "the first account's page to log out"); err != nil {
		t.Fatal(err)
	}
	if err := s.br.waitState(context.Background(), 30*time.Second, "the worker acting as the second account", func(st msg.State) bool {
		return st.Status == msg.SessionReady && st.NickName == "第二个号"
	}); err != nil {
		t.Fatal(err)
	}
	if still := s.eval(p, fmt.Sprintf(`String(%s)`, shows("wxdrop测试"))); still != "true" {
		t.Fatal("the popup no longer shows the first account: the test does not hold its state")
	}

	click(t, p, "#send")
	if err := WaitJS(p.Ctx, `!document.getElementById('error').hidden && document.getElementById('error').textContent === chrome.i18n.getMessage('err_ACCOUNT_CHANGED')`, 20*time.Second, "the popup saying the account changed"); err != nil {
		said, _ := Eval[string](ctx, `document.getElementById('error').textContent`)
		t.Fatalf("%v; #error says %q; the text reached the second account's file helper %d times", err, said, len(received(b, text)))
	}
	if got, err := Eval[string](ctx, `document.getElementById('text').value`); err != nil || got != text {
		t.Errorf("#text holds %q (%v), want the text kept", got, err)
	}
	// The popup shows the account now current.
	if err := WaitJS(p.Ctx, shows("第二个号"), 20*time.Second, "the popup showing the second account"); err != nil {
		t.Fatal(err)
	}
	rec, err := s.br.Outbox(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range rec.Entries {
		if e.Text == text {
			t.Errorf("an entry was made: %s", DescribeEntry(e))
		}
	}
	if n, m := len(received(a, text)), len(received(b, text)); n != 0 || m != 0 {
		t.Fatalf("sent %d times from the first account and %d from the second, want none", n, m)
	}

	// Sent again, now that it shows the second account: it goes from it.
	s.eval(p, `(window.holdState = false, 'ok')`)
	pick(t, p, "文件", b.UserName("filehelper"), "文件传输助手")
	click(t, p, "#send")
	waitUntil(t, 30*time.Second, "the text at the second account's file helper", func() (bool, string) {
		got := received(b, text)
		return len(got) == 1 && got[0].ToKey == "filehelper", fmt.Sprintf("%d copies", len(got))
	})
	if n := len(received(a, text)); n != 0 {
		t.Errorf("%d copies from the first account", n)
	}
}
