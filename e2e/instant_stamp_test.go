//go:build !js

package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// The popup's first script (instant.js) answers the first keystroke from
// the search list, which names no chat: its rows get their chat's
// UserName from the contact list of the same stamp, or, for a chat the
// snapshot listed first, from the snapshot's row at the same position.
// These subtests of TestExtension hold the reads and the writes apart.

// otherStamp runs in the popup before its own scripts: the contact list
// it reads is another than the one its search list was made with (as one
// read between the worker's two writes would be): its chats in another
// order, under another stamp.
const otherStamp = `(() => {
  const area = chrome.storage.session, get = area.get.bind(area);
  area.get = async (keys) => {
    const o = await get(keys);
    if (typeof o.contacts === "string") {
      const c = JSON.parse(o.contacts);
      c.contacts.reverse();
      c.stamp = "another-stamp";
      o.contacts = JSON.stringify(c);
    }
    return o;
  };
})()`

// takeOverOnChange runs in the popup before its own scripts: a listener
// of storage.session's changes added after instant.js's takes the page
// over at the first change of the contact list, in the same event, as
// popup.wasm's does (popup.contactsChanged, picker.setContacts, takeOver),
// and keeps what takeOver handed. No promise's callback runs between two
// listeners of one event.
const takeOverOnChange = `document.addEventListener("DOMContentLoaded", () => {
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === "session" && changes.contacts && !window.wxdropTestHanded) window.wxdropTestHanded = wxdropInstant.takeOver();
  });
})`

// holdContacts runs in the popup before its own scripts: its reads of the
// contact list from storage.session wait until
// window.wxdropTestContacts() is called, as a slow read of a large list
// would; holdSearch the same for the search list, until
// window.wxdropTestSearch().
var (
	holdContacts = holdRead("contacts", "wxdropTestContacts")
	holdSearch   = holdRead("popupSearch", "wxdropTestSearch")
)

func holdRead(key, release string) string {
	return fmt.Sprintf(`(() => {
  const area = chrome.storage.session, get = area.get.bind(area);
  let release;
  const held = new Promise((r) => { release = r; });
  window[%[2]q] = () => { release(); return true; };
  area.get = async (keys) => {
    const o = await get(keys);
    if (keys === %[1]q || (Array.isArray(keys) && keys.includes(%[1]q))) await held;
    return o;
  };
})()`, key, release)
}

// staleSnapshot runs in the popup before its own scripts: the snapshot it
// reads was made of an older contact list (another stamp), as after the
// worker wrote the lists again when a chat moved.
const staleSnapshot = `(() => {
  const area = chrome.storage.session, get = area.get.bind(area);
  area.get = async (keys) => {
    const o = await get(keys);
    if (typeof o.popupSnapshot === "string") {
      const s = JSON.parse(o.popupSnapshot);
      s.stamp = "an-older-stamp";
      o.popupSnapshot = JSON.stringify(s);
    }
    return o;
  };
})()`

// testOtherStampBeforeWasm types into a popup whose contact list is not
// the one its search list was made with: instant.js answers from the
// search list, and gives its rows no UserName from that contact list (a
// row would name another chat than it shows); popup.wasm, once it runs,
// lists the chats of its own read, and no row without a UserName stays.
func testOtherStampBeforeWasm(t *testing.T, e *env, zhangsan string) {
	// The snapshot is stale too, so that 张三's row is not the one listed
	// first; "w" (which does not find 张三) first, so that "zs" finds the
	// contact list read (for the rows "w" left without a chat).
	p := e.openPopupHeldWith(t, "wxdrop-list-shown", otherStamp, staleSnapshot)
	defer p.Close()
	typeFirstRow(t, e, p, "w")
	if err := chromedp.Do(p.Ctx, chromedp.KeyEvent(kb.Backspace)); err != nil {
		t.Fatal(err)
	}
	first := typeFirstRow(t, e, p, "zs")
	if len(first) != 2 || first[0] != "老张" || (first[1] != "" && first[1] != zhangsan) {
		t.Errorf("before popup.wasm, the first row for %q is [name, UserName] %q, want 老张 with no UserName or zhangsan's %s", "zs", first, zhangsan)
	}
	if _, err := Eval[bool](p.Ctx, `window.wxdropTestRelease()`); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(p.Ctx, `document.body.dataset.ready === '1' && performance.getEntriesByName('wxdrop-go-answer').length > 0`, 20*time.Second, "popup.wasm to search the query typed before it ran"); err != nil {
		e.diagnose(t, p)
		t.Fatal(err)
	}
	if got := listed(t, p); len(got) == 0 || got[0] != zhangsan || slices.Contains(got, "") {
		t.Errorf("after popup.wasm started, #chats lists %v for %q, want zhangsan %s first and every row a chat", got, "zs", zhangsan)
	}
}

// testStampCameAtTakeOver picks a row instant.js made from the search list
// while the contact list it read was of another stamp (the row has no
// UserName yet); the contact list of the search list's stamp then comes
// as a change of storage.session, which popup.wasm, listening already,
// answers by taking the page over in the same event: the row picked is
// handed over with its chat's UserName, not dropped for want of one.
func testStampCameAtTakeOver(t *testing.T, e *env, zhangsan string) {
	p := e.openPopupHeldWith(t, "wxdrop-list-shown", otherStamp, takeOverOnChange)
	defer p.Close()
	if first := typeFirstRow(t, e, p, "zs"); len(first) != 2 || first[0] != "老张" || first[1] != "" {
		t.Fatalf("before the contact list of its stamp, the first row for %q is [name, UserName] %q, want 老张 with no UserName", "zs", first)
	}
	tctx, tcancel := context.WithTimeout(p.Ctx, 20*time.Second)
	defer tcancel()
	if err := chromedp.Do(tctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	// The stored contact list (of the search list's stamp) written again,
	// as the worker's next write: a change every listener hears.
	if _, err := ExtEval[bool](p.Ctx, e.br, `chrome.storage.session.get("contacts").then((o) => chrome.storage.session.set({ contacts: o.contacts + " " })).then(() => true)`); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(p.Ctx, `!!window.wxdropTestHanded`, 10*time.Second, "the take-over at the contact list's change"); err != nil {
		t.Fatal(err)
	}
	picked, err := Eval[string](p.Ctx, `wxdropTestHanded.picked`)
	if err != nil {
		t.Fatal(err)
	}
	if picked != zhangsan {
		t.Errorf("the row picked before the contact list of its stamp came was handed over as %q, want zhangsan's %s", picked, zhangsan)
	}
	if _, err := Eval[bool](p.Ctx, `window.wxdropTestRelease()`); err != nil {
		t.Fatal(err)
	}
}

// snapshotOfTheStamp waits until the stored snapshot was made of the
// stored search list's contact list (the same stamp), opening a popup
// that stores it again if it was not.
func snapshotOfTheStamp(t *testing.T, e *env) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	same := fmt.Sprintf(`chrome.storage.session.get([%q, %q]).then((o) => {
  const stamp = (k) => { try { return JSON.parse(o[k]).stamp || ""; } catch { return ""; } };
  return stamp(%[1]q) !== "" && stamp(%[1]q) === stamp(%[2]q);
})`, msg.SnapshotKey, msg.SearchKey)
	if ok, err := ExtEval[bool](ctx, e.br, same); err != nil || ok {
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	p := e.openPopup(t)
	defer p.Close()
	if err := WaitJS(p.Ctx, same, 10*time.Second, "the snapshot of the search list's stamp"); err != nil {
		t.Fatal(err)
	}
}

// testSnapshotHitWithoutContacts types into a popup whose contact list
// has not been read: a hit among the chats listed first (张三, from the
// snapshot of the search list's stamp) is that row, with its UserName and
// avatar, and the pick made then is the chat popup.wasm sends to.
func testSnapshotHitWithoutContacts(t *testing.T, e *env, zhangsan string) {
	snapshotOfTheStamp(t, e)
	p := e.openPopupHeldWith(t, "wxdrop-list-shown", holdContacts)
	defer p.Close()
	answerHeld(t, e, p, "zs")
	first, err := Eval[[]string](p.Ctx, `(() => {
  const li = Array.from(document.querySelectorAll('#chats li.chat')).find((li) => !li.hidden);
  return li ? [li.querySelector('.name').textContent, li.dataset.user || '', String(!!li.querySelector('img').getAttribute('src'))] : [];
})()`)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 3 || first[0] != "老张" || first[1] != zhangsan || first[2] != "true" {
		t.Errorf("before the contact list is read, the first row for %q is [name, UserName, has avatar] %q, want 老张, zhangsan's %s, true (the snapshot's row)", "zs", first, zhangsan)
	}
	if err := chromedp.Do(p.Ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if _, err := Eval[bool](p.Ctx, `window.wxdropTestContacts() && window.wxdropTestRelease()`); err != nil {
		t.Fatal(err)
	}
	pickedCarries(t, e, p, zhangsan)
}

// testSnapshotHitAtContacts types into a popup whose snapshot is of an
// older contact list than its search list, with the contact list held:
// the hit 张三, listed first too, gets a row of its own without a
// UserName; when the contact list comes, the row listed first takes its
// place (one row a chat), picked if it was, with its avatar.
func testSnapshotHitAtContacts(t *testing.T, e *env, zhangsan string) {
	p := e.openPopupHeldWith(t, "wxdrop-list-shown", holdContacts, staleSnapshot)
	defer p.Close()
	answerHeld(t, e, p, "zs")
	if err := chromedp.Do(p.Ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	// The person goes back to the search box after the pick: the row
	// taking the pending one's place must not take the focus from it.
	if _, err := Eval[bool](p.Ctx, `(document.getElementById('search').focus(), window.wxdropTestContacts())`); err != nil {
		t.Fatal(err)
	}
	one := fmt.Sprintf(`(() => {
  const rows = Array.from(document.querySelectorAll('#chats li.chat'));
  const his = rows.filter((li) => li.dataset.user === %q);
  const first = rows.find((li) => !li.hidden);
  return performance.getEntriesByName('wxdrop-instant-contacts').length > 0 && his.length === 1 && first === his[0] &&
    first.classList.contains('selected') && !!first.querySelector('img').getAttribute('src') && rows.every((li) => li.hidden || li.dataset.user);
})()`, zhangsan)
	if err := WaitJS(p.Ctx, one, 10*time.Second, "one row for 张三, first, picked, with its avatar, once the contact list is read"); err != nil {
		rows, _ := Eval[[]string](p.Ctx, `Array.from(document.querySelectorAll('#chats li.chat')).map((li) => (li.hidden ? '-' : '+') + li.querySelector('.name').textContent + ':' + (li.dataset.user ? 'u' : '') + (li.classList.contains('selected') ? 's' : ''))`)
		t.Fatalf("%v; rows: %q", err, rows)
	}
	if focus, _ := Eval[string](p.Ctx, `document.activeElement.id`); focus != "search" {
		t.Errorf("the focus went to #%s as the row listed first took the picked row's place, want it left in #search", focus)
	}
	if _, err := Eval[bool](p.Ctx, `window.wxdropTestRelease()`); err != nil {
		t.Fatal(err)
	}
	pickedCarries(t, e, p, zhangsan)
}

// testFullWidthPrefix types "ｚｓ" (a Chinese input method in full-width
// mode) into a popup whose search list is not read yet: instant.js's
// prefix filter of the chats listed first finds 老张 (张三) by it, as by
// "zs".
func testFullWidthPrefix(t *testing.T, e *env, zhangsan string) {
	p := e.openPopupHeldWith(t, "wxdrop-list-shown", holdSearch)
	defer p.Close()
	tctx, tcancel := context.WithTimeout(p.Ctx, 20*time.Second)
	defer tcancel()
	if err := chromedp.Do(tctx, chromedp.KeyEvent("ｚｓ")); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(p.Ctx, `performance.getEntriesByName('wxdrop-instant-answer').length > 0`, 10*time.Second, "instant.js's prefix filter to answer \"ｚｓ\""); err != nil {
		e.diagnose(t, p)
		t.Fatal(err)
	}
	if got := listed(t, p); len(got) == 0 || got[0] != zhangsan {
		t.Errorf("before the search list is read, #chats lists %v for %q, want zhangsan %s first", got, "ｚｓ", zhangsan)
	}
	if _, err := Eval[bool](p.Ctx, `window.wxdropTestSearch() && window.wxdropTestRelease()`); err != nil {
		t.Fatal(err)
	}
}

// testTakeOverBeforeFill: the contact list has been read, the snapshot
// is of an older one, and "zs" is answered with a row of 张三 that gets
// its chat in the task after the search (fill); Enter picks it and
// popup.wasm takes the page over before that task, in one run of the
// page's script (a microtask queued at the answer's mark). The pick is
// handed over as 张三, not dropped with a row that had no chat yet.
func testTakeOverBeforeFill(t *testing.T, e *env, zhangsan string) {
	p := e.openPopupHeldWith(t, "wxdrop-list-shown", staleSnapshot)
	defer p.Close()
	if err := WaitJS(p.Ctx, `performance.getEntriesByName('wxdrop-instant-contacts').length > 0 && performance.getEntriesByName('wxdrop-list-painted').length > 0`, 10*time.Second, "the contact list read and the list painted"); err != nil {
		t.Fatal(err)
	}
	handed, err := Eval[string](p.Ctx, `new Promise((done) => {
  const mark = performance.mark.bind(performance);
  performance.mark = (name, ...rest) => {
    const m = mark(name, ...rest);
    if (name === "wxdrop-first-answer") queueMicrotask(() => {
      document.querySelector("#search").dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
      done(wxdropInstant.takeOver().picked);
    });
    return m;
  };
  const box = document.querySelector("#search");
  box.value = "zs";
  box.dispatchEvent(new Event("input"));
})`)
	if err != nil {
		t.Fatal(err)
	}
	if handed != zhangsan {
		t.Errorf("the row picked as popup.wasm took over was handed as %q, want zhangsan's %s", handed, zhangsan)
	}
	if _, err := Eval[bool](p.Ctx, `window.wxdropTestRelease()`); err != nil {
		t.Fatal(err)
	}
}

// answerHeld types query into the held popup p, whose contact list is
// held too, and waits for instant.js's answer.
func answerHeld(t *testing.T, e *env, p *Tab, query string) {
	t.Helper()
	tctx, tcancel := context.WithTimeout(p.Ctx, 20*time.Second)
	defer tcancel()
	if err := chromedp.Do(tctx, chromedp.KeyEvent(query)); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(p.Ctx, `performance.getEntriesByName('wxdrop-first-answer').length > 0`, 10*time.Second, fmt.Sprintf("instant.js to answer %q before the contact list is read", query)); err != nil {
		e.diagnose(t, p)
		t.Fatal(err)
	}
}

// pickedCarries waits for popup.wasm to take the held popup p over and
// checks that the chat picked before is the one to send to.
func pickedCarries(t *testing.T, e *env, p *Tab, user string) {
	t.Helper()
	if err := WaitJS(p.Ctx, fmt.Sprintf(`document.body.dataset.ready === '1' && document.querySelector('#chats li.chat[data-user=%q]').classList.contains('selected')`, user), 20*time.Second, "popup.wasm to take over with the chat picked before it ran"); err != nil {
		e.diagnose(t, p)
		t.Fatal(err)
	}
	if to, _ := Eval[string](p.Ctx, `document.querySelector('#to').textContent`); !strings.Contains(to, "老张") {
		t.Errorf("#to says %q after the pick made before popup.wasm ran, want 老张", to)
	}
}

// typeFirstRow types query into the held popup p, waits for instant.js's
// answer over every contact and its read of the contact list, and says
// the first row shown a frame later, [name, UserName] (none: empty).
func typeFirstRow(t *testing.T, e *env, p *Tab, query string) []string {
	t.Helper()
	tctx, tcancel := context.WithTimeout(p.Ctx, 20*time.Second)
	defer tcancel()
	if err := chromedp.Do(tctx, chromedp.KeyEvent(query)); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(p.Ctx, `performance.getEntriesByName('wxdrop-first-answer').length > 0 && performance.getEntriesByName('wxdrop-instant-contacts').length > 0`, 10*time.Second, fmt.Sprintf("instant.js to answer %q and to read the contact list", query)); err != nil {
		e.diagnose(t, p)
		t.Fatal(err)
	}
	// The contact list's text is handled in the task that read it: a
	// frame later, a row it would have named is named.
	first, err := Eval[[]string](p.Ctx, `new Promise((r) => requestAnimationFrame(() => setTimeout(() => {
  const li = Array.from(document.querySelectorAll('#chats li.chat')).find((li) => !li.hidden);
  r(li ? [li.querySelector('.name').textContent, li.dataset.user || ''] : []);
})))`)
	if err != nil {
		t.Fatal(err)
	}
	return first
}
