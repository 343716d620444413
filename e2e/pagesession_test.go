//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"testing"
	"time"
)

// TestPageScriptCannotFillSessionStorage (docs/security.md row 72): a
// script on the first account's web WeChat page, with no page API at all,
// makes the page's accountFactory give a nick name of 3 million
// characters and its chat list fifty UserNames of 60,000. page.js reads
// them as the page's session, which the content script reports every few
// seconds and sends with every page API call. The worker kept it in
// storage.session (memory, 10 MB for everything: every account's
// session, every contact list, the popup's state, which published the
// nick name again), and so for the second account too. The session is
// refused now: storage.session stays small, the first page's calls are
// refused, and the second account sends as before.
func TestPageScriptCannotFillSessionStorage(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com", "web.wechat.com")
	tabA := s.open("wx.qq.com")
	tabB := s.open("web.wechat.com")

	forge := `(() => {
		const inj = angular.element(document).injector();
		const acc = inj.get('accountFactory'), chats = inj.get('chatFactory');
		const me = acc.getUserInfo();
		const nick = 'x'.repeat(3e6);
		acc.getUserInfo = () => Object.assign({}, me, {NickName: nick});
		const list = [];
		for (let i = 0; i < 50; i++) list.push('@' + String(i).padStart(60000, 'a'));
		chats.getChatList = () => list;
		return wxdrop.me().then((m) => 'answered ' + m.nickName.length, (e) => 'threw ' + e.code);
	})()`
	got := s.eval(tabA, forge)
	t.Logf("the forged page's me(): %.40s", got)
	// The content script's own report (every 3 s) carries it too; a
	// second call does what one more report would.
	_ = s.eval(tabA, `wxdrop.contacts({query: 'zs'}).then(() => 'ok', (e) => 'threw ' + e.code)`)

	if got := s.eval(tabB, sendJS("老张", "第二个号照常")); got != "sent" {
		t.Fatalf("the second account's send: %s", got)
	}
	if n := len(received(s.sims["web.wechat.com"], "第二个号照常")); n != 1 {
		t.Errorf("the second account's text reached its chat %d times, want 1", n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := s.br.EvalWorker(ctx, ExtensionID, `chrome.storage.session.getBytesInUse(null)`)
	if err != nil {
		t.Fatal(err)
	}
	var used int
	if err := json.Unmarshal(b, &used); err != nil {
		t.Fatal(err)
	}
	t.Logf("storage.session: %d bytes in use", used)
	if used > 1<<20 {
		t.Errorf("storage.session holds %d bytes after the forged session; want under 1 MiB", used)
	}
	if got != "threw BAD_REQUEST" && got != "threw LOGGED_OUT" {
		t.Errorf("the forged page's me(): %.60s; want it refused", got)
	}
}
