//go:build !js

package e2e

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// What the tests and the soak command do through an extension page: ask
// the service worker (chrome.runtime messages, as the popup does), put
// files where the popup puts them (IndexedDB), and read what the worker
// wrote (chrome.storage, the badge, the notifications).

// ProbeURL is an extension page with no script of its own: reading
// chrome.storage through it does not wake the worker, and what it asks
// the worker comes from an extension page, as the popup's requests do.
var ProbeURL = "chrome-extension://" + ExtensionID + "/manifest.json"

// ExtPage is a tab on ProbeURL, opened on first use and kept.
func (b *Browser) ExtPage() (*Tab, error) {
	b.probeMu.Lock()
	defer b.probeMu.Unlock()
	if b.probe != nil && b.probe.Ctx.Err() == nil {
		return b.probe, nil
	}
	p, err := b.NewTab(ProbeURL, "probe")
	if err != nil {
		return nil, err
	}
	b.probe = p
	return p, nil
}

// within is the tab's context, ended also when ctx ends or after limit.
func within(ctx, tab context.Context, limit time.Duration) (context.Context, context.CancelFunc) {
	tctx, cancel := context.WithTimeout(tab, limit)
	stop := context.AfterFunc(ctx, cancel)
	return tctx, func() { stop(); cancel() }
}

// ExtEval evaluates expr on the extension page (awaiting a promise) into T.
func ExtEval[T any](ctx context.Context, b *Browser, expr string) (T, error) {
	var zero T
	p, err := b.ExtPage()
	if err != nil {
		return zero, err
	}
	tctx, cancel := within(ctx, p.Ctx, 30*time.Second)
	defer cancel()
	return chromedp.Run(tctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// Ask sends the worker a message {name, body} from the extension page and
// decodes the ok of the answer into out (nil: not wanted). An error answer
// is returned as a *msg.Error.
func (b *Browser) Ask(ctx context.Context, name string, body, out any) error {
	req, err := json.Marshal(msg.Request{Name: name, Body: body})
	if err != nil {
		return err
	}
	text, err := ExtEval[string](ctx, b, `chrome.runtime.sendMessage(`+string(req)+`).then((a) => JSON.stringify(a === undefined ? null : a))`)
	if err != nil {
		return fmt.Errorf("e2e: %s: %w", name, err)
	}
	var a struct {
		OK    json.RawMessage `json:"ok"`
		Error *msg.Error      `json:"error"`
	}
	if err := json.Unmarshal([]byte(text), &a); err != nil {
		return fmt.Errorf("e2e: %s: the answer %.200q is not JSON: %w", name, text, err)
	}
	if a.Error != nil {
		return a.Error
	}
	if a.OK == nil {
		return fmt.Errorf("e2e: %s: no answer (%.200s)", name, text)
	}
	if out != nil {
		if err := json.Unmarshal(a.OK, out); err != nil {
			return fmt.Errorf("e2e: %s: the answer %.200s: %w", name, a.OK, err)
		}
	}
	return nil
}

// Add asks the outbox for a message (msg.OutboxAdd) and returns the
// entries it made.
func (b *Browser) Add(ctx context.Context, body msg.AddBody) ([]msg.Entry, error) {
	var r msg.AddResult
	if err := b.Ask(ctx, msg.OutboxAdd, body, &r); err != nil {
		return nil, err
	}
	return r.Entries, nil
}

// File is a file to send: what a person picks in the popup.
type File struct {
	Name string
	// Type is the MIME type the browser gives the file ("" if none).
	Type string
	Data []byte
}

// StoreFile puts f into IndexedDB (msg.FileDB, msg.FileStore) under a
// fresh id, as a File object, as the popup does before it asks to send
// it, and returns its reference.
func (b *Browser) StoreFile(ctx context.Context, f File) (msg.FileRef, error) {
	var rnd [16]byte
	_, _ = rand.Read(rnd[:])
	id := hex.EncodeToString(rnd[:])
	expr := StoreFileJS(f, id)
	n, err := ExtEval[int64](ctx, b, expr)
	if err != nil {
		return msg.FileRef{}, fmt.Errorf("e2e: storing %q in IndexedDB: %w", f.Name, err)
	}
	if n != int64(len(f.Data)) {
		return msg.FileRef{}, fmt.Errorf("e2e: stored %q as %d bytes, want %d", f.Name, n, len(f.Data))
	}
	return msg.FileRef{ID: id, Name: f.Name, Size: n, Type: f.Type}, nil
}

// StoreFileJS is the expression an extension page evaluates to put f into
// IndexedDB under id, as a File (what the popup does); it resolves to the
// File's size.
func StoreFileJS(f File, id string) string {
	return fmt.Sprintf(`(async () => {
  const bytes = Uint8Array.from(atob(%q), (c) => c.charCodeAt(0));
  const file = new File([bytes], %s, {type: %q});
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open(%q, 1);
    r.onupgradeneeded = () => { if (!r.result.objectStoreNames.contains(%q)) r.result.createObjectStore(%q); };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  try {
    await new Promise((resolve, reject) => {
      const tx = db.transaction(%q, 'readwrite');
      tx.objectStore(%q).put(file, %q);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  } finally { db.close(); }
  return file.size;
})()`, base64.StdEncoding.EncodeToString(f.Data), jsString(f.Name), f.Type, msg.FileDB, msg.FileStore, msg.FileStore, msg.FileStore, msg.FileStore, id)
}

// AddFile stores f and asks the outbox to send it to to at at (zero: now).
func (b *Browser) AddFile(ctx context.Context, to string, f File, at time.Time, repeat msg.Repeat) (msg.Entry, error) {
	ref, err := b.StoreFile(ctx, f)
	if err != nil {
		return msg.Entry{}, err
	}
	es, err := b.Add(ctx, msg.AddBody{To: to, File: &ref, At: unixMs(at), Repeat: repeat})
	if err != nil {
		return msg.Entry{}, err
	}
	if len(es) != 1 {
		return msg.Entry{}, fmt.Errorf("e2e: outbox.add of a file made %d entries, want 1", len(es))
	}
	return es[0], nil
}

// AddText asks the outbox to send text to to at at (zero: now).
func (b *Browser) AddText(ctx context.Context, to, text string, at time.Time, repeat msg.Repeat) (msg.Entry, error) {
	es, err := b.Add(ctx, msg.AddBody{To: to, Text: text, At: unixMs(at), Repeat: repeat})
	if err != nil {
		return msg.Entry{}, err
	}
	if len(es) != 1 {
		return msg.Entry{}, fmt.Errorf("e2e: outbox.add of a text made %d entries, want 1", len(es))
	}
	return es[0], nil
}

func unixMs(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// storageText is the JSON text under key in a chrome.storage area ("" when
// the key is not set); the worker stores JSON text, an object is
// stringified.
func storageText(ctx context.Context, b *Browser, area, key string) (string, error) {
	return ExtEval[string](ctx, b, fmt.Sprintf(`chrome.storage.%s.get(%q).then((o) => { const v = o[%q]; return v === undefined ? '' : (typeof v === 'string' ? v : JSON.stringify(v)); })`, area, key, key))
}

// Outbox reads the outbox record from storage.local (msg.OutboxKey).
func (b *Browser) Outbox(ctx context.Context) (msg.Outbox, error) {
	var ob msg.Outbox
	text, err := storageText(ctx, b, "local", msg.OutboxKey)
	if err != nil {
		return ob, err
	}
	if text != "" {
		if err := json.Unmarshal([]byte(text), &ob); err != nil {
			return ob, fmt.Errorf("e2e: the outbox in storage.local is not a msg.Outbox: %v: %.200s", err, text)
		}
	}
	if ob.Entries == nil {
		ob.Entries = map[string]msg.Entry{}
	}
	return ob, nil
}

// Progress reads the uploads' progress from storage.session.
func (b *Browser) Progress(ctx context.Context) (map[string]msg.Progress, error) {
	m := map[string]msg.Progress{}
	text, err := storageText(ctx, b, "session", msg.ProgressKey)
	if err != nil || text == "" {
		return m, err
	}
	return m, json.Unmarshal([]byte(text), &m)
}

// State reads what the worker says of the session (storage.session
// msg.StateKey); a missing record is SessionNone.
func (b *Browser) State(ctx context.Context) (msg.State, error) {
	st := msg.State{Status: msg.SessionNone}
	text, err := storageText(ctx, b, "session", msg.StateKey)
	if err != nil || text == "" {
		return st, err
	}
	return st, json.Unmarshal([]byte(text), &st)
}

// Settings asks the worker for the settings; SetSettings changes them.
func (b *Browser) Settings(ctx context.Context) (msg.Settings, error) {
	var s msg.Settings
	return s, b.Ask(ctx, msg.GetSettings, nil, &s)
}

// SetSettings changes the settings and returns them as the worker took
// them (normalized).
func (b *Browser) SetSettings(ctx context.Context, s msg.Settings) (msg.Settings, error) {
	var out msg.Settings
	return out, b.Ask(ctx, msg.SetSettings, s, &out)
}

// Notifications are the ids of the extension's notifications now shown
// (chrome.notifications.getAll).
func (b *Browser) Notifications(ctx context.Context) ([]string, error) {
	return ExtEval[[]string](ctx, b, `chrome.notifications.getAll().then((o) => Object.keys(o || {}))`)
}

// Badge is the toolbar badge's text (chrome.action.getBadgeText).
func (b *Browser) Badge(ctx context.Context) (string, error) {
	return ExtEval[string](ctx, b, `chrome.action.getBadgeText({})`)
}

// NotificationID is the id of an entry's notification ("wxdrop:<id>");
// waiting adds ":waiting".
func NotificationID(entryID string, waiting bool) string {
	id := "wxdrop:" + entryID
	if waiting {
		id += ":waiting"
	}
	return id
}

// WaitEntry polls the outbox every 100 ms until entry id satisfies ok, for
// at most timeout, and returns it. what names the wait in the error, which
// also has the entry as last seen.
func (b *Browser) WaitEntry(ctx context.Context, id string, timeout time.Duration, what string, ok func(msg.Entry) bool) (msg.Entry, error) {
	var got msg.Entry
	err := Poll(ctx, timeout, 100*time.Millisecond, "entry "+id+" to be "+what, func() (bool, string) {
		ob, err := b.Outbox(ctx)
		if err != nil {
			return false, err.Error()
		}
		e, found := ob.Entries[id]
		if !found {
			return false, "no such entry"
		}
		got = e
		return ok(e), DescribeEntry(e)
	})
	if err != nil {
		return msg.Entry{}, err
	}
	return got, nil
}

// DescribeEntry is an entry in one line, for logs and failures.
func DescribeEntry(e msg.Entry) string {
	what := fmt.Sprintf("%q", e.Text)
	if e.File != nil {
		what = fmt.Sprintf("file %q (%d B)", e.File.Name, e.File.Size)
	}
	s := fmt.Sprintf("%s %s %s to %s due %s", e.ID, e.State, what, e.To.Name(), time.UnixMilli(e.Due).Format("15:04:05.000"))
	if e.Waiting != "" {
		s += " waiting " + string(e.Waiting)
	}
	if e.Error != nil {
		s += " error " + e.Error.Error()
	}
	if e.Repeat != "" {
		s += fmt.Sprintf(" repeat %s series %s", e.Repeat, e.Series)
	}
	return s + fmt.Sprintf(" tries %d clientMsgId %s", e.Tries, e.ClientMsgID)
}

// ErrLoginScreen says the simulated page shows its login screen.
var ErrLoginScreen = errors.New("e2e: the simulated web WeChat shows its login screen")

// WeChatURL is the simulated web WeChat (wxsim through
// --host-resolver-rules).
const WeChatURL = "https://wx.qq.com/"

// OpenWeChat opens the simulated web WeChat in a new tab named name. A
// living session's cookies log it in by themselves (§1.3); otherwise, if
// scan is set, its scan button logs in (a new login, as scanning the QR
// code does), else ErrLoginScreen is returned with the tab. It returns
// once the page's sync loop runs.
func (b *Browser) OpenWeChat(ctx context.Context, name string, scan bool) (*Tab, error) {
	tab, err := b.NewTab(WeChatURL, name)
	if err != nil {
		return nil, err
	}
	state := `(window.wxsimStats && (wxsimStats.state === 'login' || wxsimStats.state === 'running')) ? wxsimStats.state : ''`
	if err := WaitJS(tab.Ctx, state, 20*time.Second, "the simulated page to show its login screen or run"); err != nil {
		return tab, err
	}
	s, err := Eval[string](tab.Ctx, state)
	if err != nil {
		return tab, err
	}
	if s == "login" {
		if !scan {
			return tab, ErrLoginScreen
		}
		return tab, LogIn(ctx, tab)
	}
	return tab, WaitJS(tab.Ctx, `window.wxsimStats && wxsimStats.state === 'running' && wxsimStats.synccheck > 0`, 20*time.Second, "the page's sync loop")
}

// LogIn presses the scan button of a page that shows its login screen
// and waits for the page's sync loop.
func LogIn(ctx context.Context, page *Tab) error {
	tctx, cancel := within(ctx, page.Ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.WaitVisible(chromedp.ID("scan")), chromedp.Click(chromedp.ID("scan"))); err != nil {
		return fmt.Errorf("e2e: the scan button of %s: %w", WeChatURL, err)
	}
	return WaitJS(page.Ctx, `window.wxsimStats && wxsimStats.state === 'running' && wxsimStats.synccheck > 0`, 20*time.Second, "the page's sync loop after the scan")
}

// WaitReady waits until the worker says it is logged in as userName (the
// page's content script told it).
func (b *Browser) WaitReady(ctx context.Context, userName string, timeout time.Duration) error {
	return b.waitState(ctx, timeout, "the worker to be logged in as the current login", func(st msg.State) bool {
		return st.Status == msg.SessionReady && st.UserName == userName
	})
}

// WaitLoggedOut waits until the worker says the session ended.
func (b *Browser) WaitLoggedOut(ctx context.Context, timeout time.Duration) error {
	return b.waitState(ctx, timeout, "the worker to say logged out", func(st msg.State) bool {
		return st.Status == msg.SessionLoggedOut
	})
}

// waitState polls the worker's session state every 100 ms until ok says
// it is the one wanted.
func (b *Browser) waitState(ctx context.Context, timeout time.Duration, what string, ok func(msg.State) bool) error {
	return Poll(ctx, timeout, 100*time.Millisecond, what, func() (bool, string) {
		st, err := b.State(ctx)
		if err != nil {
			return false, err.Error()
		}
		return ok(st), fmt.Sprintf("state %+v", st)
	})
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
