//go:build !js

package e2e

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

// recallPNG is an image for wxsim to serve: a real one, so that the
// popup's screenshot shows it.
func recallPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 96, 64))
	for y := range 64 {
		for x := range 96 {
			img.Set(x, y, color.RGBA{uint8(40 + x*2), uint8(120 + y), 200, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestRecalledMessagesKept: with "Recalled messages" on in the options,
// a text and an image that reach the simulated page are kept (the
// image's bytes downloaded as it arrived); when wxsim's senders recall
// them, the popup lists both with their originals (the text; the image
// shown from IndexedDB through a blob: URL, its bytes those wxsim
// served), and the README's on('revoke') example gets them with
// original as on('message') gave it; a recall of a message from before
// keeping was on has original null.
func TestRecalledMessagesKept(t *testing.T) {
	t.Parallel()
	sim, br, page := newPageEnv(t, wxsim.DefaultPeople())
	shots := t.TempDir()
	if *docsShots {
		shots = filepath.Join(root, "docs")
	}
	opts := openOptions(t, br, "#recall-on")
	if on, _ := Eval[bool](opts.Ctx, `document.querySelector('#api-enabled').checked`); !on {
		click(t, opts, "#api-enabled")
	}
	if err := WaitJS(page.Ctx, `typeof window.wxdrop === 'object'`, 10*time.Second, "window.wxdrop"); err != nil {
		t.Fatal(err)
	}
	// A message that arrives before keeping is on.
	early, err := sim.Deliver(wxsim.Incoming{From: "wangwu", Type: wxsim.MsgText, Text: "这条没有保留"})
	if err != nil {
		t.Fatal(err)
	}
	ex := readmeExample(t, "on('revoke'")
	if got := runExample(t, page, ex); got != "ok" {
		t.Fatalf("%s\n%s", got, ex)
	}
	eval := func(tab *Tab, js string) string {
		t.Helper()
		v, err := Eval[string](tab.Ctx, js)
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	eval(page, `(window.__heard = [], wxdrop.on('message', (m) => window.__heard.push(m)), 'ok')`)
	if err := WaitJS(page.Ctx, `window.__heard.some((m) => m.text === '这条没有保留')`, 30*time.Second, "the early message on the page"); err != nil {
		t.Fatal(err)
	}

	click(t, opts, "#recall-on")
	click(t, opts, "#recall-save")
	if err := WaitJS(opts.Ctx, `!document.querySelector('#recall-saved').hidden`, 10*time.Second, "the recall settings saved"); err != nil {
		t.Fatal(err)
	}

	pic := recallPNG(t)
	text, err := sim.Deliver(wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgText, Text: "明天 3 点的会取消了"})
	if err != nil {
		t.Fatal(err)
	}
	img, err := sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgImage, FileName: "photo.png", Data: pic})
	if err != nil {
		t.Fatal(err)
	}
	// Kept, the image's media with it, before anything is recalled (after
	// a recall wxsim no longer serves it).
	if err := WaitJS(opts.Ctx, `chrome.runtime.sendMessage({name: 'recall.get'}).then((r) => r.ok.kept >= 2 && r.ok.media === 1)`, 30*time.Second, "the text and the image kept"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{text.MsgID, img.MsgID, early.MsgID} {
		if _, err := sim.DeliverRecall(id); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("on('revoke'), the README's example", func(t *testing.T) {
		if err := WaitJS(page.Ctx, `window.recalled.length === 3`, 30*time.Second, "three recalls heard"); err != nil {
			t.Fatal(err)
		}
		got := eval(page, fmt.Sprintf(`(() => {
			const by = Object.fromEntries(window.recalled.map((r) => [r.id, r]));
			const heard = Object.fromEntries(window.__heard.map((m) => [m.id, m]));
			const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
			const t = by[%q], i = by[%q], e = by[%q];
			if (!t || !i || !e) return 'missing: ' + Object.keys(by);
			if (!same(t.original, heard[%q])) return 'text original ' + JSON.stringify(t.original) + ' vs ' + JSON.stringify(heard[%q]);
			if (!same(i.original, heard[%q])) return 'image original ' + JSON.stringify(i.original);
			if (e.original !== null) return 'the early one was kept: ' + JSON.stringify(e.original);
			if (t.from !== %q || typeof t.time !== 'number') return 'text recall ' + JSON.stringify(t);
			if (!Object.isFrozen(t) || !Object.isFrozen(t.original)) return 'not frozen';
			return 'ok';
		})()`, text.MsgID, img.MsgID, early.MsgID, text.MsgID, text.MsgID, img.MsgID, text.From))
		if got != "ok" {
			t.Error(got)
		}
	})

	t.Run("the popup's list, the image's bytes wxsim's", func(t *testing.T) {
		popup := openPopupSized(t, br)
		if err := WaitJS(popup.Ctx, `document.querySelectorAll('#recalled li').length === 3 && !document.querySelector('#recalled-section').hidden && (document.querySelector('#recalled img.recalled-image') || {}).complete && document.querySelector('#recalled img.recalled-image').naturalWidth === 96`, 30*time.Second, "three recalls listed, the image shown"); err != nil {
			t.Fatal(err)
		}
		listed := eval(popup, `document.querySelector('#recalled').textContent`)
		for _, want := range []string{"老张", "明天 3 点的会取消了", "李四", "王五", "Not kept"} {
			if !strings.Contains(listed, want) {
				t.Errorf("the popup's list %q lacks %q", listed, want)
			}
		}
		src := eval(popup, `document.querySelector('#recalled img.recalled-image').src`)
		if !strings.HasPrefix(src, "blob:chrome-extension://") {
			t.Errorf("the image's URL is %q, not a blob: URL of the extension", src)
		}
		b64 := eval(popup, `fetch(document.querySelector('#recalled img.recalled-image').src).then((r) => r.arrayBuffer()).then((b) => { let s = ''; for (const x of new Uint8Array(b)) s += String.fromCharCode(x); return btoa(s); })`)
		if got, _ := base64.StdEncoding.DecodeString(b64); !bytes.Equal(got, pic) {
			t.Errorf("the kept image has %d bytes, not the %d wxsim served", len(got), len(pic))
		}
		if n := eval(popup, `String(document.querySelectorAll('#recalled button.open-media').length)`); n != "1" {
			t.Errorf("%s media to open, want the image's", n)
		}
		// The popup's lists scroll: the image's entry at their top.
		eval(popup, `(document.querySelector('#recalled li:nth-child(2)').scrollIntoView({block: 'start'}), document.querySelector('.lists').scrollBy(0, -24), 'ok')`)
		if p, err := screenshot(popup, shots, "recalled.png"); err != nil {
			t.Error(err)
		} else {
			t.Logf("screenshot: %s", p)
		}
		// Open: the image in a tab of its own, by a blob: URL of the extension.
		click(t, popup, `#recalled button.open-media`)
		deadline := time.Now().Add(20 * time.Second)
		for opened := false; !opened; {
			ts, err := br.Targets(popup.Ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, ti := range ts {
				opened = opened || (ti.Type == "page" && strings.HasPrefix(ti.URL, "blob:chrome-extension://"))
			}
			if !opened && time.Now().After(deadline) {
				t.Fatal("Open opened no blob: URL of the extension")
			}
			time.Sleep(100 * time.Millisecond)
		}
	})

	t.Run("the options say what is kept", func(t *testing.T) {
		opts.Close()
		opts = openOptions(t, br, "#recall-on")
		usage := eval(opts, `document.querySelector('#recall-usage').dataset.kept + '/' + document.querySelector('#recall-usage').dataset.media`)
		if usage != "2/1" {
			t.Errorf("the options count %s kept (messages/media), want 2/1 (the text and the image)", usage)
		}
		if err := chromedp.Do(opts.Ctx, chromedp.EmulateViewport(640, 560), chromedp.ScrollIntoView(`#recall-form`)); err == nil {
			if p, err := screenshot(opts, shots, "options-recall.png"); err != nil {
				t.Error(err)
			} else {
				t.Logf("screenshot: %s", p)
			}
		}
	})

	t.Run("no secret, no WeChat URL kept", func(t *testing.T) {
		dump := eval(opts, `new Promise((ok, fail) => { const r = indexedDB.open('wxdrop-recall', 1); r.onerror = fail; r.onsuccess = () => { const all = r.result.transaction('kept').objectStore('kept').getAll(); all.onsuccess = () => ok(all.result.filter((v) => typeof v === 'string').join('\n')); }; })`)
		sess, _ := sim.CurrentSession()
		for _, bad := range []string{sess.Skey, sess.PassTicket, "webwxgetmsgimg", "skey"} {
			if bad != "" && strings.Contains(dump, bad) {
				t.Errorf("the kept records hold %q", bad)
			}
		}
		if !strings.Contains(dump, "明天 3 点的会取消了") {
			t.Errorf("the kept records lack the text: %.300s", dump)
		}
	})
}
