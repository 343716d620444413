//go:build !js

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// holdContactsJS, run in the popup before its scripts, holds back the
// changes of the popup's lists (storage.session "contacts" and
// "popupSearch") while window.holdContacts is true: the state changes
// and the lists do not, as between the worker's write of the state and
// its write of the lists, or when it found no room for them.
var holdContactsJS = strings.NewReplacer("holdState", "holdContacts", "'state' in changes", "('contacts' in changes || 'popupSearch' in changes)", "delete rest.state;", "delete rest.contacts; delete rest.popupSearch;").Replace(holdStateJS)

// TestPopupShowsNoOtherAccountsChats: two accounts logged in; the popup
// shows the first and its chats; the person switches to the second, and
// the popup hears of the second's state but not (yet) of its list. The
// popup went on listing the first account's chats under the second's
// name, and wrote them as the second login's snapshot, which the next
// popup's first script showed as the second account's. Now a list is
// shown beside the state of its own login only: the popup asks the
// worker for the second's, and the snapshot holds no chat of the first.
func TestPopupShowsNoOtherAccountsChats(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com", "web.wechat.com")
	a, b := s.sims["wx.qq.com"], s.sims["web.wechat.com"]
	s.open("wx.qq.com")
	s.open("web.wechat.com")
	p := openPopupWith(t, s.br, holdContactsJS)
	if err := WaitJS(p.Ctx, `document.body && document.body.dataset.ready === '1' && document.getElementById('account').options.length === 2`, 30*time.Second, "the popup and its account switch"); err != nil {
		t.Fatal(err)
	}
	switchTo := func(nick string) {
		t.Helper()
		s.eval(p, fmt.Sprintf(`(() => { const s = document.getElementById('account'); const o = [...s.options].find((o) => o.textContent.endsWith(' · ' + %s)); s.value = o.value; s.dispatchEvent(new Event('change')); return 'ok'; })()`, jsString(nick)))
		if err := WaitJS(p.Ctx, fmt.Sprintf(`document.querySelector('#state .state-text').textContent.includes(%s)`, jsString(nick)), 20*time.Second, "the popup showing "+nick); err != nil {
			t.Fatal(err)
		}
	}
	row := func(user string) string {
		return fmt.Sprintf(`!!document.querySelector('#chats li.chat[data-user=%q]')`, user)
	}
	aLisi, bLisi := a.UserName("lisi"), b.UserName("lisi")
	switchTo("wxdrop测试")
	if err := WaitJS(p.Ctx, row(aLisi), 20*time.Second, "the first account's chats"); err != nil {
		t.Fatal(err)
	}

	s.eval(p, `(window.holdContacts = true, 'ok')`)
	switchTo("第二个号")
	if err := WaitJS(p.Ctx, fmt.Sprintf(`!%s && %s`, row(aLisi), row(bLisi)), 20*time.Second, "the second account's chats, and none of the first's"); err != nil {
		t.Fatal(err)
	}
	snap := s.eval(p, `chrome.storage.session.get('popupSnapshot').then((o) => o.popupSnapshot || '')`)
	if snap != "" && containsAny(snap, []string{aLisi}) {
		t.Errorf("the popup's snapshot holds the first account's chats: %.300s", snap)
	}
}
