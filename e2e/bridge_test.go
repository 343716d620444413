//go:build !js

package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/internal/testsite"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// filesInDB counts the files in the extension's IndexedDB.
func filesInDB(t *testing.T, br *Browser) int {
	t.Helper()
	n, err := ExtEval[int](context.Background(), br, `new Promise((resolve, reject) => {
		const r = indexedDB.open('wxdrop', 1);
		r.onupgradeneeded = () => r.result.createObjectStore('files');
		r.onerror = () => reject(r.error);
		r.onsuccess = () => { const q = r.result.transaction('files').objectStore('files').count(); q.onsuccess = () => { r.result.close(); resolve(q.result); }; q.onerror = () => reject(q.error); };
	})`)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// setAPI turns the page API on or off and waits until the page shows it.
func setAPI(t *testing.T, br *Browser, page *Tab, on bool) {
	t.Helper()
	if err := br.Ask(context.Background(), msg.SetAutomation, msg.Automation{API: on}, nil); err != nil {
		t.Fatal(err)
	}
	want := map[bool]string{true: "object", false: "undefined"}[on]
	if err := WaitJS(page.Ctx, fmt.Sprintf(`typeof window.wxdrop === %q`, want), 20*time.Second, "window.wxdrop to be "+want); err != nil {
		t.Fatal(err)
	}
}

// pageBlob is JS for a Blob of data, made on the page.
func pageBlob(data []byte, typ string) string {
	return fmt.Sprintf(`new Blob([Uint8Array.from(atob(%q), (c) => c.charCodeAt(0))], {type: %q})`, base64.StdEncoding.EncodeToString(data), typ)
}

// TestBridgeRefusesPageScripts: a page script that loads the file bridge
// itself (at the URL it reads from the content script's frame) cannot
// store anything, with the page API on or off, and however often it
// tries; a request the bridge does not know is answered with an error.
func TestBridgeRefusesPageScripts(t *testing.T) {
	t.Parallel()
	_, br, page := newPageEnv(t, nil)
	setAPI(t, br, page, true)
	// A send makes the content script's frame.
	if got := evalPage[string](t, page, `wxdrop.sendFile('文件传输助手', new Blob(['first']), {name: 'a.txt'}).then(() => 'sent', (e) => e.code)`); got != "sent" {
		t.Fatalf("sendFile: %s", got)
	}
	const forge = `(async () => {
		const src = Array.from(document.querySelectorAll('iframe')).map((f) => f.src).find((s) => s.includes('bridge.html'));
		if (!src) return ['no bridge frame'];
		let f = window.__frame;
		if (!f) {
			f = window.__frame = document.createElement('iframe');
			f.src = src;
			await new Promise((r) => { f.onload = r; document.body.appendChild(f); });
		}
		const origin = new URL(f.src).protocol + '//' + new URL(f.src).host;
		const ask = (d, target) => new Promise((resolve) => {
			const ch = new MessageChannel();
			const t = setTimeout(() => resolve('silence'), 5000);
			ch.port1.onmessage = (e) => { clearTimeout(t); resolve(e.data && e.data.id ? 'stored ' + e.data.id : 'refused ' + (e.data && e.data.code)); };
			f.contentWindow.postMessage(d, target, [ch.port2]);
		});
		const out = [];
		for (const target of ['*']) {
			for (let i = 0; i < 20; i++) out.push(await ask({type: 'wxdrop:store', blob: new Blob(['forged ' + i]), token: i.toString(16).padStart(32, '0')}, target));
			out.push(await ask({type: 'wxdrop:store', blob: new Blob(['no token'])}, target));
			out.push(await ask({type: 'wxdrop:bogus', id: 'x'}, target));
		}
		return out;
	})()`
	before := filesInDB(t, br)
	check := func(t *testing.T, answers []string) {
		t.Helper()
		for _, a := range answers {
			if !strings.HasPrefix(a, "refused") {
				t.Errorf("the bridge answered a page script's request: %s", a)
			}
		}
		if n := filesInDB(t, br); n > before {
			t.Errorf("IndexedDB holds %d files after the page script's stores, %d before", n, before)
		}
	}
	t.Run("API on", func(t *testing.T) { check(t, evalPage[[]string](t, page, forge)) })
	t.Run("API off", func(t *testing.T) {
		setAPI(t, br, page, false)
		check(t, evalPage[[]string](t, page, forge))
	})
}

// thirdPartyBlocked is a profile whose settings block third-party
// cookies and site data (as the person can in chrome://settings/cookies).
func thirdPartyBlocked(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "Default"), 0o755); err != nil {
		t.Fatal(err)
	}
	prefs := `{"profile": {"cookie_controls_mode": 1, "block_third_party_cookies": true, "default_content_setting_values": {"cookies": 1}}}`
	if err := os.WriteFile(filepath.Join(dir, "Default", "Preferences"), []byte(prefs), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestSendFileWhereStorageIsBlocked: sendFile and the download of a file
// message work where the bridge frame's storage is not partitioned (the
// browser then refuses IndexedDB to it) and where third-party storage is
// blocked; and again after a page script removed the frame.
func TestSendFileWhereStorageIsBlocked(t *testing.T) {
	t.Parallel()
	data := noise(2<<20+12345, 11) // three chunks over a port
	tests := []struct {
		name string
		opts func(t *testing.T) Options
	}{
		{"partitioning off", func(*testing.T) Options {
			return Options{Extensions: []string{root}, DisableFeatures: []string{"ThirdPartyStoragePartitioning"}}
		}},
		{"third-party storage blocked", func(t *testing.T) Options {
			return Options{Extensions: []string{root}, UserDataDir: thirdPartyBlocked(t)}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sim, br, page := newPageEnvOpts(t, nil, tt.opts(t))
			setAPI(t, br, page, true)
			e := &env{sim: sim}
			for i, how := range []string{"first", "after the frame was removed"} {
				if i > 0 {
					evalPage[bool](t, page, `(document.querySelectorAll('iframe').forEach((f) => f.remove()), true)`)
				}
				name := fmt.Sprintf("blocked %d.bin", i)
				got := evalPage[string](t, page, fmt.Sprintf(`wxdrop.sendFile('文件传输助手', %s, {name: %q}).then((s) => 'sent ' + s.entry, (e) => 'threw ' + e.code + ' ' + e.message)`, pageBlob(data, "application/octet-stream"), name))
				if !strings.HasPrefix(got, "sent ") {
					t.Fatalf("sendFile (%s): %s", how, got)
				}
				m := e.waitMessage(t, name, 30*time.Second, func(m wxsim.Message) bool { return m.FileName == name })
				if m.MD5 != md5hex(data) {
					t.Errorf("%s: wxsim holds %s, not the file's bytes", how, m.MD5)
				}
			}
			// A file message's download comes back the same way.
			evalPage[string](t, page, `(window.__got = [], wxdrop.on('message', (m) => window.__got.push(m)), 'ok')`)
			if _, err := sim.Deliver(wxsim.Incoming{From: "alice", Type: wxsim.MsgApp, FileName: "合同.pdf", Data: testsite.PDF}); err != nil {
				t.Fatal(err)
			}
			// (The page also hears its own files just sent: the one delivered
			// is found by its name.)
			if err := WaitJS(page.Ctx, `window.__got.some((m) => m.type === 'file' && m.fileName === '合同.pdf')`, 30*time.Second, "the file message"); err != nil {
				t.Fatal(err)
			}
			got := evalPage[string](t, page, `(async () => { const m = window.__got.find((m) => m.type === 'file' && m.fileName === '合同.pdf'); const u = new Uint8Array(await (await wxdrop.download(m)).arrayBuffer()); let s = ''; for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode.apply(null, u.subarray(i, i + 0x8000)); return btoa(s); })().catch((e) => 'threw ' + e.code)`)
			if b, err := base64.StdEncoding.DecodeString(got); err != nil || !bytes.Equal(b, testsite.PDF) {
				t.Errorf("download of a file message: %.80s", got)
			}
		})
	}
}

// TestAPICallOutcomes: a send held past its timeout while its request is
// at the server is UNCERTAIN and goes once; one still queued at its
// timeout is cancelled (NOT_SENT) and never goes; a worker stopped while
// the request is at the server: the call is answered after the wake,
// with the entry's outcome, and the message is not sent again. Each
// rejection names the entry.
func TestAPICallOutcomes(t *testing.T) {
	t.Parallel()
	sim, br, page := newPageEnv(t, nil)
	setAPI(t, br, page, true)
	ctx := context.Background()
	e := &env{sim: sim, br: br}
	count := func(text string) int {
		n := 0
		for _, m := range sim.Messages() {
			if !m.Incoming && m.Content == text {
				n++
			}
		}
		return n
	}
	outcome := func(t *testing.T, text string) (code, entry string) {
		t.Helper()
		got := evalPage[string](t, page, `window.__call.then((s) => 'sent ' + s.entry, (e) => e.code + ' ' + (e.entry || ''))`)
		code, entry, _ = strings.Cut(got, " ")
		if entry == "" {
			t.Errorf("%q: the outcome %q names no entry", text, got)
		}
		return code, entry
	}
	// hold holds the next webwxsendmsg at wxsim: arrived is closed when it
	// is there, release lets it go (at the latest when the test ends).
	hold := func(t *testing.T) (arrived chan struct{}, release func()) {
		arrived = make(chan struct{})
		ch := make(chan struct{})
		var once sync.Once
		release = func() { once.Do(func() { close(ch) }) }
		t.Cleanup(release)
		sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Arrived: arrived, Hold: ch})
		return arrived, release
	}
	reached := func(t *testing.T, arrived chan struct{}) {
		t.Helper()
		select {
		case <-arrived:
		case <-time.After(30 * time.Second):
			t.Fatal("the send never reached wxsim")
		}
	}
	start := func(t *testing.T, js string) {
		t.Helper()
		evalPage[bool](t, page, `(window.__call = `+js+`, window.__call.catch(() => {}), true)`)
	}

	t.Run("held at the server past its timeout", func(t *testing.T) {
		arrived, release := hold(t)
		start(t, `wxdrop.sendText('老张', 'held', {timeout: 2000})`)
		reached(t, arrived)
		code, entry := outcome(t, "held")
		release()
		if code != string(msg.ErrUncertain) {
			t.Fatalf("held: %s, want UNCERTAIN", code)
		}
		x := e.waitEntry(t, "held", 30*time.Second, func(x msg.Entry) bool { return x.ID == entry })
		if x.State != msg.EntrySent || count("held") != 1 {
			t.Errorf("held: entry %s, sent %d times; want sent once", x.State, count("held"))
		}
	})

	t.Run("queued past its timeout", func(t *testing.T) {
		if _, err := br.SetSettings(ctx, msg.Settings{GraceMinutes: 10, SpacingMs: msg.MaxSpacingMs, KeepDays: 7}); err != nil {
			t.Fatal(err)
		}
		defer br.SetSettings(ctx, msg.DefaultSettings())
		start(t, `wxdrop.sendText('老张', 'spaced', {timeout: 2000})`)
		code, entry := outcome(t, "spaced")
		if code != string(msg.ErrNotSent) {
			t.Fatalf("spaced: %s, want NOT_SENT", code)
		}
		x := e.waitEntry(t, "spaced", 10*time.Second, func(x msg.Entry) bool { return x.ID == entry })
		if x.State != msg.EntryCancelled || count("spaced") != 0 {
			t.Errorf("spaced: entry %s, sent %d times; want cancelled and never sent", x.State, count("spaced"))
		}
	})

	t.Run("a worker stopped during the call", func(t *testing.T) {
		arrived, release := hold(t)
		start(t, `wxdrop.sendText('老张', 'during a stop')`)
		reached(t, arrived)
		sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		if err := br.StopAllWorkers(sctx, ExtensionID); err != nil {
			t.Fatal(err)
		}
		release()
		code, entry := outcome(t, "during a stop")
		if code != string(msg.ErrUncertain) && code != "sent" {
			t.Fatalf("during a stop: %s, want UNCERTAIN or sent", code)
		}
		x := e.waitEntry(t, "during a stop", 30*time.Second, func(x msg.Entry) bool { return x.ID == entry })
		if n := count("during a stop"); n > 1 || (code == "sent" && n != 1) || x.State == msg.EntryQueued {
			t.Errorf("during a stop: %s, entry %s, sent %d times", code, x.State, n)
		}
	})
}
