//go:build !js

package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// holdWasm runs in the popup before its own scripts: it holds popup.wasm's
// instantiation until window.wxdropTestRelease() is called, as a slow
// machine would, without changing the extension.
const holdWasm = `(() => {
  const instantiate = WebAssembly.instantiateStreaming;
  let release;
  const held = new Promise((r) => { release = r; });
  window.wxdropTestRelease = () => { release(); return true; };
  WebAssembly.instantiateStreaming = async (...args) => { await held; return instantiate.apply(WebAssembly, args); };
})()`

// otherLogin runs in the popup before its own scripts: the contact list
// and the search list it reads from storage.session say they are of
// another login (as lists read between the worker's writes of the state
// and of the lists, or of the login before a new one, would), for this
// page only.
const otherLogin = `(() => {
  const area = chrome.storage.session, get = area.get.bind(area);
  area.get = async (keys) => {
    const o = await get(keys);
    for (const k of ["contacts", "popupSearch"]) {
      if (typeof o[k] !== "string") continue;
      const c = JSON.parse(o[k]);
      c.login = "@another-login";
      o[k] = JSON.stringify(c);
    }
    return o;
  };
})()`

// openPopupHeld opens the popup with popup.wasm held (holdWasm) and waits for
// the list instant.js shows from storage.session.
func (e *env) openPopupHeld(t *testing.T) *Tab {
	return e.openPopupHeldWith(t, "wxdrop-list-shown")
}

// openPopupHeldWith opens the popup with popup.wasm held, the scripts run
// before the page's own, and waits for the mark.
func (e *env) openPopupHeldWith(t *testing.T, mark string, scripts ...string) *Tab {
	t.Helper()
	p, err := e.br.NewTab("", "popup-held")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(p.Ctx, 30*time.Second)
	defer cancel()
	for _, src := range append([]string{holdWasm}, scripts...) {
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src}); err != nil {
			p.Close()
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(popupURL)); err != nil {
		p.Close()
		t.Fatal(err)
	}
	if err := WaitJS(p.Ctx, fmt.Sprintf(`performance.getEntriesByName(%q).length > 0`, mark), 10*time.Second, fmt.Sprintf("the mark %s while popup.wasm is held", mark)); err != nil {
		e.diagnose(t, p)
		p.Close()
		t.Fatal(err)
	}
	return p
}

// listed is the data-user of the rows #chats shows, in order.
func listed(t *testing.T, p *Tab) []string {
	t.Helper()
	users, err := Eval[[]string](p.Ctx, `Array.from(document.querySelectorAll('#chats li.chat')).filter((li) => !li.hidden).map((li) => li.dataset.user)`)
	if err != nil {
		t.Fatal(err)
	}
	return users
}

// testTypeBeforeWasm types into a popup whose popup.wasm has not started:
// the chats must be listed already (from the snapshot the last popup
// stored, then, with none, from the cached contacts), and what is typed
// answered by a search of every contact (search.js) before popup.wasm
// runs: the same chats in the same order as popup.wasm's search lists
// once it runs, a substring match included. Nothing typed is lost: the
// box holds the query and Enter's pick is the chat to send to.
func testTypeBeforeWasm(t *testing.T, e *env, zhangsan, filehelper string) {
	t.Run("contacts of another login", func(t *testing.T) {
		testOtherLoginBeforeWasm(t, e, zhangsan)
	})
	t.Run("contacts of another stamp", func(t *testing.T) {
		testOtherStampBeforeWasm(t, e, zhangsan)
	})
	t.Run("contacts of the stamp come as popup.wasm takes over", func(t *testing.T) {
		testStampCameAtTakeOver(t, e, zhangsan)
	})
	t.Run("a chat listed first is found without the contact list", func(t *testing.T) {
		testSnapshotHitWithoutContacts(t, e, zhangsan)
	})
	t.Run("a chat listed first is found again at the contact list", func(t *testing.T) {
		testSnapshotHitAtContacts(t, e, zhangsan)
	})
	t.Run("full-width typed before the search list", func(t *testing.T) {
		testFullWidthPrefix(t, e, zhangsan)
	})
	t.Run("popup.wasm takes over before a row gets its chat", func(t *testing.T) {
		testTakeOverBeforeFill(t, e, zhangsan)
	})
	for _, from := range []string{"snapshot", "contacts"} {
		t.Run(from, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if from == "snapshot" {
				// The popup that showed the list stored it.
				waitSnapshot(t, e)
			} else if _, err := ExtEval[bool](ctx, e.br, fmt.Sprintf(`chrome.storage.session.remove(%q).then(() => true)`, msg.SnapshotKey)); err != nil {
				t.Fatal(err)
			}
			p := e.openPopupHeld(t)
			defer p.Close()
			// The snapshot's avatar URLs carry the skey: it stays in
			// memory (storage.session), never on disk.
			onDisk, err := Eval[bool](p.Ctx, fmt.Sprintf(`chrome.storage.local.get(null).then((o) => localStorage.length > 0 || JSON.stringify(o).includes('skey=') || %q in o)`, msg.SnapshotKey))
			if err != nil || onDisk {
				t.Errorf("storage.local or localStorage holds the snapshot or an skey (%v)", err)
			}
			all := listed(t, p)
			if !slices.Contains(all, zhangsan) || !slices.Contains(all, filehelper) {
				t.Fatalf("before popup.wasm, #chats lists %d chats without zhangsan or filehelper: %v", len(all), all)
			}
			// Every row gets its avatar before popup.wasm runs: the first
			// seven with the list, the others once its first frame is
			// painted. Only a boolean leaves the page (the URLs hold the
			// skey).
			if len(all) <= 7 {
				t.Errorf("#chats lists %d chats: the avatars given after the first frame are not tested", len(all))
			}
			if err := WaitJS(p.Ctx, `Array.from(document.querySelectorAll('#chats li.chat img.avatar')).every((i) => i.getAttribute('src') || i.classList.contains('broken'))`, 10*time.Second, "every row instant.js listed to have its avatar while popup.wasm is held"); err != nil {
				t.Error(err)
			}
			tctx, tcancel := context.WithTimeout(p.Ctx, 20*time.Second)
			defer tcancel()
			if err := chromedp.Do(tctx, chromedp.KeyEvent("zs"), chromedp.KeyEvent("\r")); err != nil {
				t.Fatal(err)
			}
			state, err := Eval[[]string](p.Ctx, `[document.body.dataset.ready || '', document.querySelector('#search').value, document.activeElement.id]`)
			if err != nil {
				t.Fatal(err)
			}
			if state[0] != "" {
				t.Fatalf("the popup is ready (body[data-ready=%s]) while popup.wasm is held: the hold did not work", state[0])
			}
			// Enter picked the first row and moved on to the message.
			if state[1] != "zs" || state[2] != "text" {
				t.Errorf("before popup.wasm, #search holds %q (focus on #%s), want %q typed into it and the focus on #text after Enter", state[1], state[2], "zs")
			}
			// search.js answers over every contact while popup.wasm is
			// held: 张三's initials are zs, first (an exact match); the
			// file helper's (wjcszs) only contain it.
			if err := WaitJS(p.Ctx, `performance.getEntriesByName('wxdrop-first-answer').length > 0`, 10*time.Second, "instant.js to answer \"zs\" over every contact (mark wxdrop-first-answer) while popup.wasm is held"); err != nil {
				e.diagnose(t, p)
				t.Fatal(err)
			}
			// A row of the search list gets its chat's UserName from the
			// contact list, read after it.
			if err := WaitJS(p.Ctx, `Array.from(document.querySelectorAll('#chats li.chat')).every((li) => li.hidden || li.dataset.user)`, 10*time.Second, "the rows search.js listed to have their chats' UserNames"); err != nil {
				t.Fatal(err)
			}
			before := listed(t, p)
			if len(before) == 0 || before[0] != zhangsan || !slices.Contains(before, filehelper) {
				t.Errorf("before popup.wasm, #chats lists %v for %q, want zhangsan %s first and filehelper (a substring match)", before, "zs", zhangsan)
			}
			if _, err := Eval[bool](p.Ctx, `window.wxdropTestRelease()`); err != nil {
				t.Fatal(err)
			}
			if err := WaitJS(p.Ctx, `document.body.dataset.ready === '1' && performance.getEntriesByName('wxdrop-go-answer').length > 0`, 20*time.Second, "popup.wasm to search the query typed before it ran (mark wxdrop-go-answer)"); err != nil {
				e.diagnose(t, p)
				t.Fatal(err)
			}
			if v, _ := Eval[string](p.Ctx, `document.querySelector('#search').value`); v != "zs" {
				t.Errorf("after popup.wasm started, #search holds %q, want %q", v, "zs")
			}
			// The same answer: popup.wasm lists search.js's rows in the
			// same order (and may list more below them).
			if got := listed(t, p); len(got) < len(before) || !slices.Equal(got[:len(before)], before) {
				t.Errorf("for %q, #chats lists %v after popup.wasm started, %v before: not the same search", "zs", got, before)
			}
			if err := WaitJS(p.Ctx, fmt.Sprintf(`document.querySelector('#chats li.chat[data-user=%q]').classList.contains('selected')`, zhangsan), 5*time.Second, "zhangsan's row selected by the Enter typed before popup.wasm ran"); err != nil {
				t.Error(err)
			}
			if to, _ := Eval[string](p.Ctx, `document.querySelector('#to').textContent`); !strings.Contains(to, "老张") {
				t.Errorf("#to says %q after Enter was typed before popup.wasm ran, want 老张", to)
			}
		})
	}
}

// countSent runs in the popup before its own scripts: it records the name
// of every message the page sends to the worker.
const countSent = `(() => {
  window.wxdropTestSent = [];
  const send = chrome.runtime.sendMessage;
  chrome.runtime.sendMessage = function (m, ...rest) {
    window.wxdropTestSent.push(String(m && m.name));
    return send.call(this, m, ...rest);
  };
})()`

// testNoWake opens the popup with the worker stopped: it lists the chats
// and settles (mark wxdrop-settled, after everything it does on opening)
// without a message to the worker, which would wake it: the worker is
// woken only to send. (Whether a worker runs afterwards cannot tell: the
// WeChat tab's content script may wake it at any time.)
func testNoWake(t *testing.T, e *env, filehelper string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// A list still loading is the worker's to finish: the popup rightly
	// asks it then. Only a boolean leaves the page (the list has the skey
	// in its avatar URLs).
	loaded := fmt.Sprintf(`chrome.storage.session.get(%q).then((o) => { try { const c = JSON.parse(o[%[1]q]); return !c.loading && c.contacts.length > 0; } catch { return false; } })`, msg.ContactsKey)
	deadline := time.Now().Add(20 * time.Second)
	for {
		done, err := ExtEval[bool](ctx, e.br, loaded)
		if err != nil {
			t.Fatal(err)
		}
		if done {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the contact list in storage.session is still loading after 20 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := e.br.StopAllWorkers(ctx, ExtensionID); err != nil {
		t.Fatal(err)
	}
	p, err := e.br.NewTab("", "popup-counted")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, err := chromedp.Call(p.Ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: countSent}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(p.Ctx, chromedp.Navigate(popupURL)); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(p.Ctx, `document.body.dataset.ready === '1' && performance.getEntriesByName('wxdrop-settled').length > 0`, 20*time.Second, "the popup to settle (mark wxdrop-settled)"); err != nil {
		e.diagnose(t, p)
		t.Fatal(err)
	}
	if got := listed(t, p); !slices.Contains(got, filehelper) {
		t.Errorf("with the worker stopped, #chats lists %v, without filehelper", got)
	}
	sent, err := Eval[[]string](p.Ctx, `window.wxdropTestSent`)
	if err != nil {
		t.Fatal(err)
	}
	if len(sent) > 0 {
		t.Errorf("opening the popup sent the stopped worker %v", sent)
	}
}

// testOtherLoginBeforeWasm opens the popup on a contact list and a
// search list of another login than the state's: before popup.wasm runs,
// with a snapshot of this login listed, instant.js's search answers
// nothing from them (only the prefix filter of the snapshot's rows);
// without one, it lists none of their chats. popup.wasm, once it runs,
// lists the chats of its own read.
func testOtherLoginBeforeWasm(t *testing.T, e *env, zhangsan string) {
	for _, snapshot := range []bool{true, false} {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if snapshot {
			waitSnapshot(t, e)
		} else if _, err := ExtEval[bool](ctx, e.br, fmt.Sprintf(`chrome.storage.session.remove(%q).then(() => true)`, msg.SnapshotKey)); err != nil {
			t.Fatal(err)
		}
		p := e.openPopupHeldWith(t, "wxdrop-instant-read", otherLogin)
		defer p.Close()
		if err := WaitJS(p.Ctx, `performance.getEntriesByName('wxdrop-instant-contacts').length > 0`, 10*time.Second, "instant.js's read of the contact list"); err != nil {
			t.Fatal(err)
		}
		tctx, tcancel := context.WithTimeout(p.Ctx, 20*time.Second)
		defer tcancel()
		if err := chromedp.Do(tctx, chromedp.KeyEvent("zs")); err != nil {
			t.Fatal(err)
		}
		// The search would have answered after the frame and the compile's
		// start: give it those, then look.
		if _, err := Eval[bool](p.Ctx, `new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(true), 300)))`); err != nil {
			t.Fatal(err)
		}
		got := listed(t, p)
		if !snapshot && len(got) > 0 {
			t.Errorf("before popup.wasm, with no snapshot, #chats lists %v from a contact list of another login", got)
		}
		if slices.Contains(got, "") {
			t.Errorf("before popup.wasm, #chats lists %v: a row of a search list of another login", got)
		}
		if n, _ := Eval[int](p.Ctx, `performance.getEntriesByName('wxdrop-first-answer').length`); n > 0 {
			t.Errorf("instant.js answered a query from the lists of another login (snapshot %v)", snapshot)
		}
		if _, err := Eval[bool](p.Ctx, `window.wxdropTestRelease()`); err != nil {
			t.Fatal(err)
		}
		if err := WaitJS(p.Ctx, fmt.Sprintf(`!!document.querySelector('#chats li.chat[data-user=%q]')`, zhangsan), 20*time.Second, "popup.wasm to list zhangsan for \"zs\""); err != nil {
			e.diagnose(t, p)
			t.Error(err)
		}
	}
	// popup.wasm snapshots the worker's list of this login, asked for (left20).
	waitSnapshot(t, e)
}

// waitSnapshot waits until storage.session holds the snapshot a popup
// that listed the chats stores.
func waitSnapshot(t *testing.T, e *env) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		has, err := e.storageHas(msg.SnapshotKey)
		if err != nil {
			t.Fatal(err)
		}
		if has {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("storage.session has no %q after a popup listed the chats", msg.SnapshotKey)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
