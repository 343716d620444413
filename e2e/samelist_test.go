//go:build !js

package e2e

import (
	"testing"
	"time"
)

// keepListenersJS, run in the popup before its scripts, keeps the
// storage listeners the popup adds (window.storageListeners), so that a
// test can tell them of a change as Firefox does.
const keepListenersJS = `(() => {
  window.storageListeners = [];
  const ev = chrome.storage.onChanged;
  const add = ev.addListener.bind(ev);
  ev.addListener = (fn) => { window.storageListeners.push(fn); return add(fn); };
  window.contactAsks = 0;
  window.contactAnswers = 0;
  const rt = chrome.runtime;
  const send = rt.sendMessage.bind(rt);
  rt.sendMessage = (m, ...rest) => {
    const asks = m && m.name === 'contacts.get';
    if (asks) window.contactAsks++;
    const p = send(m, ...rest);
    if (asks) p.finally(() => window.contactAnswers++);
    return p;
  };
})();`

// TestPopupHearsTheSameListOnce: Firefox tells of every write to
// storage.session, one of the same value too (Chromium only of a change),
// and the worker writes the popup's list again as it was after a failed
// fetch. The popup indexed and showed the list again at each, and with
// none to show (a list of another login, or loading) asked the worker
// again, whose answer started the failing fetch again: a loop while the
// popup was open. A list heard again as it was does nothing now: no
// change of the page at all.
func TestPopupHearsTheSameListOnce(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com")
	s.open("wx.qq.com")
	p := openPopupWith(t, s.br, keepListenersJS)
	if err := WaitJS(p.Ctx, `document.body && document.body.dataset.ready === '1' && document.querySelectorAll('#chats li.chat[data-user]').length > 3`, 30*time.Second, "the popup and its chats"); err != nil {
		t.Fatal(err)
	}
	// Another login's list (the worker wrote the state first, or found
	// no room for the popup's copy): the popup asks the worker, once.
	tell := `(() => {
  const text = JSON.stringify({contacts: null, login: '@another-login', loading: true});
  const asks = window.contactAsks;
  for (const fn of window.storageListeners) fn({contacts: {newValue: text}}, 'session');
  return String(window.contactAsks - asks);
})()`
	if got := s.eval(p, tell); got != "1" {
		t.Fatalf("another login's list made %s questions to the worker, want 1", got)
	}
	if err := WaitJS(p.Ctx, `window.contactAnswers === window.contactAsks && document.querySelectorAll('#chats li.chat[data-user]').length > 3`, 30*time.Second, "the worker's answer shown"); err != nil {
		t.Fatal(err)
	}
	// The same list told again, as Firefox tells of the worker's write of
	// it after a failed fetch. popup.wasm handles a change in its listener,
	// and a goroutine it starts runs until it waits before the listener
	// returns: a question would be counted by then.
	if got := s.eval(p, tell); got != "0" {
		t.Errorf("the same list told again made %s questions to the worker, want none", got)
	}
}
