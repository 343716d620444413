//go:build js && wasm

// Command core is the service worker's Go program (extension/core.wasm). It
// gives the core the browser's Env and hands the worker script one object,
// globalThis.wxdropCore, whose handle method answers runtime messages.
package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"syscall/js"
	"time"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/jsfetch"
	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/randbytes"
	"github.com/wxdrop/wxdrop/wasm/schedule"
	"github.com/wxdrop/wxdrop/wasm/share"
)

// browserEnv is core.Env over the chrome.* APIs, IndexedDB and fetch.
type browserEnv struct{ id, host string }

func (browserEnv) Get(ctx context.Context, a core.Area, key string, v any) (bool, error) {
	return jsx.StorageGet(ctx, jsx.Area(a), key, v)
}

func (browserEnv) Set(ctx context.Context, a core.Area, key string, v any) error {
	return jsx.StorageSet(ctx, jsx.Area(a), key, v)
}

func (browserEnv) Cookie(ctx context.Context, url, name string) (string, bool, error) {
	return jsx.Cookie(ctx, url, name)
}

func (browserEnv) Doer() protocol.Doer { return jsfetch.Fetch{} }

// downloads are the Blobs fetched in this wake that are not yet known to
// be in IndexedDB, by file id. The outbox uploads a download from here:
// storing 64 MiB takes IndexedDB about half a second, and done while the
// upload runs it slowed the upload's first chunks (sharebench: their
// gaps went from 10–12 ms to 15–23 ms). A download is stored only when
// something needs it stored: the page API's frame and the auto-save
// read it from IndexedDB (Stored), and an outbox entry that must wait
// keeps it (PersistFile). A worker stopped before then loses it from
// memory; the outbox downloads it again from its Source.
var downloads sync.Map

// stores are the IndexedDB stores of this wake's downloads, by file id:
// each channel is closed when its store ended (err set before).
var stores sync.Map

type storing struct {
	done chan struct{}
	err  error
}

// store starts storing a download of this wake, once; nil when there is
// none in memory (it is in IndexedDB, or gone).
func store(id string) *storing {
	if v, ok := stores.Load(id); ok {
		return v.(*storing)
	}
	v, ok := downloads.Load(id)
	if !ok {
		return nil
	}
	s := &storing{done: make(chan struct{})}
	if old, loaded := stores.LoadOrStore(id, s); loaded {
		return old.(*storing)
	}
	// The store outlives the request that started it.
	go func() {
		s.err = jsx.IDBPut(context.Background(), msg.FileDB, msg.FileStore, id, v.(js.Value))
		if s.err == nil {
			// Read from IndexedDB from now on: the memory can go.
			downloads.Delete(id)
		} else {
			js.Global().Get("console").Call("warn", "wxdrop: storing a download: "+s.err.Error())
		}
		close(s.done)
	}()
	return s
}

// PersistFile starts storing a download that is only in memory.
func (browserEnv) PersistFile(_ context.Context, id string) { store(id) }

// Stored stores a download that is only in memory, and waits for it.
func (browserEnv) Stored(ctx context.Context, id string) error {
	s := store(id)
	if s == nil {
		return nil
	}
	select {
	case <-s.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	return s.err
}

func (browserEnv) OpenFile(ctx context.Context, id string) (core.File, error) {
	if v, ok := downloads.Load(id); ok {
		return jsx.NewBlob(v.(js.Value)), nil
	}
	v, err := jsx.IDBGet(ctx, msg.FileDB, msg.FileStore, id)
	if err != nil {
		return nil, err
	}
	return jsx.NewBlob(v), nil
}

// DeleteFile deletes a file, after its store if one runs: a delete
// before the store's end would leave the file in IndexedDB.
func (browserEnv) DeleteFile(ctx context.Context, id string) error {
	downloads.Delete(id)
	if v, ok := stores.Load(id); ok {
		select {
		case <-v.(*storing).done:
		case <-ctx.Done():
		}
		stores.Delete(id)
	}
	return jsx.IDBDelete(ctx, msg.FileDB, msg.FileStore, id)
}

// weChatPages are the tab URL patterns of the web WeChat main hosts.
func weChatPages() []string {
	var p []string
	for _, h := range protocol.MainHosts {
		p = append(p, "https://"+h+"/*")
	}
	return p
}

func (browserEnv) WeChatTabs(ctx context.Context) ([]core.Tab, error) {
	tabs, err := jsx.QueryTabs(ctx, weChatPages())
	if err != nil {
		return nil, err
	}
	out := make([]core.Tab, len(tabs))
	for i, t := range tabs {
		out[i] = core.Tab{ID: t.ID, WindowID: t.WindowID, URL: t.URL}
	}
	return out, nil
}

func (browserEnv) FocusTab(ctx context.Context, t core.Tab) error {
	return jsx.FocusTab(ctx, jsx.Tab{ID: t.ID, WindowID: t.WindowID, URL: t.URL})
}

func (browserEnv) OpenTab(ctx context.Context, url string) error { return jsx.OpenTab(ctx, url) }

// askTabName is what the content script answers with the page's session.
const askTabName = "session.ask"

func (browserEnv) AskTab(ctx context.Context, t core.Tab) (msg.PageSessionBody, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	var b msg.PageSessionBody
	err := jsx.SendToTab(ctx, t.ID, msg.Request{Name: askTabName}, &b)
	return b, err
}

func (browserEnv) SetHeaderRules(ctx context.Context, rules string) error {
	ids, err := jsx.SessionRuleIDs(ctx)
	if err != nil {
		return err
	}
	return jsx.UpdateSessionRules(ctx, ids, rules)
}

func (e browserEnv) ExtensionID() string   { return e.id }
func (e browserEnv) ExtensionHost() string { return e.host }
func (browserEnv) Now() time.Time          { return time.Now() }
func (browserEnv) Zone() schedule.Zone     { return jsx.LocalZone{} }

func (browserEnv) ListFiles(ctx context.Context) ([]string, error) {
	return jsx.IDBKeys(ctx, msg.FileDB, msg.FileStore)
}

func (browserEnv) SetAlarm(ctx context.Context, name string, t time.Time) error {
	return jsx.SetAlarm(ctx, name, t)
}

func (browserEnv) Notify(ctx context.Context, id, title, body string) error {
	return jsx.Notify(ctx, id, title, body)
}

func (browserEnv) ClearNotification(ctx context.Context, id string) error {
	return jsx.ClearNotification(ctx, id)
}

func (browserEnv) SetBadge(ctx context.Context, text string) error { return jsx.SetBadge(ctx, text) }

// menus serializes SetMenus (two remakes interleaved would create an
// item twice) and remembers the last items set in this wake.
var menus struct {
	sync.Mutex
	last []core.MenuItem
}

func (browserEnv) SetMenus(ctx context.Context, items []core.MenuItem) error {
	menus.Lock()
	defer menus.Unlock()
	if slices.EqualFunc(items, menus.last, func(a, b core.MenuItem) bool {
		return a.ID == b.ID && a.Parent == b.Parent && a.Title == b.Title && a.Separator == b.Separator && slices.Equal(a.Contexts, b.Contexts)
	}) {
		return nil
	}
	list := make([]jsx.Menu, len(items))
	for i, it := range items {
		list[i] = jsx.Menu{ID: it.ID, Parent: it.Parent, Title: it.Title, Contexts: it.Contexts, Separator: it.Separator}
	}
	menus.last = nil
	if err := jsx.SetMenus(ctx, list); err != nil {
		return err
	}
	menus.last = items
	return nil
}

func (browserEnv) Message(key string, subs ...string) string { return jsx.Message(key, subs...) }

// OpenPopup opens the toolbar popup, which shows the entry the core put
// under msg.FocusKey; where the browser refuses (no focused window, an
// older browser), the popup page opens in a tab on the entry.
func (browserEnv) OpenPopup(ctx context.Context, entryID string) error {
	if err := jsx.OpenPopup(ctx); err == nil {
		return nil
	}
	return jsx.OpenTab(ctx, js.Global().Get("chrome").Get("runtime").Call("getURL", "extension/pages/popup.html?entry="+url.QueryEscape(entryID)).String())
}

// Download fetches a Source into IndexedDB (msg.FileDB) when the
// extension has access to its site; a data: URL needs none. Where a
// redirect led needs access too (the browser would read a site without
// it only through CORS), and keep judges it before the body is read.
func (browserEnv) Download(ctx context.Context, rawURL string, limit int64, keep func(share.Fetched) (bool, error), progress func(done, total int64)) (core.Download, error) {
	var dl core.Download
	if o := share.Origin(rawURL); o != "" {
		ok, err := jsx.HasOrigins(ctx, o)
		if err != nil {
			return dl, err
		}
		if !ok {
			return dl, &msg.Error{Code: msg.ErrNoSiteAccess, Detail: share.Host(rawURL)}
		}
	}
	id := newFileID()
	tooBig := false
	var total int64
	var header map[string]string
	if r := protocol.MediaRange(rawURL); r != "" {
		header = map[string]string{"Range": r}
	}
	a, kept, size, head, err := jsx.Download(ctx, rawURL, header, func(a jsx.Answer) (bool, error) {
		if a.Redirected || a.URL != rawURL {
			if o := share.Origin(a.URL); o != "" && o != share.Origin(rawURL) {
				if ok, err := jsx.HasOrigins(ctx, o); err != nil || !ok {
					return false, &msg.Error{Code: msg.ErrRedirectRefused, Detail: share.Host(a.URL)}
				}
			}
		}
		f := share.Fetched{URL: a.URL, ContentType: a.ContentType, ContentDisposition: a.ContentDisposition, Size: a.Size}
		if k, err := keep(f); err != nil || !k {
			return false, err
		}
		if a.Size > limit {
			tooBig = true
			return false, nil
		}
		total = a.Size
		progress(0, total)
		return true, nil
	}, jsx.Keep{
		Limit: limit,
		// The upload needs the MD5 before its first request: it is
		// computed as the file arrives.
		MD5:      true,
		Progress: func(done int64) { progress(done, total) },
		Kept: func(blob js.Value, sum [16]byte) {
			downloads.Store(id, blob)
			dl.MD5 = hex.EncodeToString(sum[:])
		},
	}, share.HeadBytes)
	dl.Fetched = share.Fetched{URL: a.URL, ContentType: a.ContentType, ContentDisposition: a.ContentDisposition, Size: size, Head: head}
	var he *jsx.HTTPError
	switch {
	case errors.As(err, &he):
		return dl, &msg.Error{Code: msg.ErrSourceRefused, Detail: strconv.Itoa(he.Status)}
	case errors.Is(err, jsx.ErrTooBig):
		return dl, &msg.Error{Code: msg.ErrOutboxFull}
	case errors.Is(err, jsx.ErrUnreachable):
		return dl, &msg.Error{Code: msg.ErrUnreachable}
	case err != nil:
		return dl, err
	case tooBig:
		return dl, &msg.Error{Code: msg.ErrOutboxFull}
	}
	if kept {
		dl.FileID = id
		progress(size, size)
	}
	return dl, nil
}

// newFileID is a fresh IndexedDB key for a downloaded file.
func newFileID() string {
	var b [16]byte
	randbytes.Read(b[:])
	return "dl-" + hex.EncodeToString(b[:])
}

func main() {
	env := browserEnv{id: jsx.ExtensionID(), host: jsx.ExtensionHost()}
	c := core.New(env)
	api := js.Global().Get("Object").New()
	// handle(requestJSON, senderJSON) → Promise<answerJSON>
	api.Set("handle", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 2 {
			return jsx.Promise(func() (any, error) { return nil, errors.New("handle needs a request and a sender") })
		}
		req, senderJSON := args[0].String(), args[1].String()
		return jsx.Promise(func() (any, error) {
			var from core.Sender
			if err := json.Unmarshal([]byte(senderJSON), &from); err != nil {
				return nil, err
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			return string(c.Handle(ctx, []byte(req), from)), nil
		})
	}))
	// event(name, arg) → Promise: a chrome.* event the worker script
	// heard (an alarm, the browser's start, a notification's click).
	api.Set("event", js.FuncOf(func(_ js.Value, args []js.Value) any {
		name, arg := "", ""
		if len(args) > 0 {
			name = args[0].String()
		}
		if len(args) > 1 && args[1].Type() == js.TypeString {
			arg = args[1].String()
		}
		return jsx.Promise(func() (any, error) {
			ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
			defer cancel()
			return nil, c.Event(ctx, name, arg)
		})
	}))
	js.Global().Set("wxdropCore", api)
	// Every wake: end what a stopped worker left, send what fell due.
	c.Start()
	if ready := js.Global().Get("wxdropCoreReady"); ready.Type() == js.TypeFunction {
		ready.Invoke(api)
	}
	select {}
}

// SaveFile saves a file of IndexedDB to the Downloads folder (jsx.SaveFile).
func (browserEnv) SaveFile(ctx context.Context, fileID, rel string) (string, error) {
	saved, err := jsx.SaveFile(ctx, msg.FileDB, msg.FileStore, fileID, rel)
	var se *jsx.SaveError
	switch {
	case err == nil:
		return saved, nil
	case errors.Is(err, jsx.ErrNoDownloads):
		return "", &msg.Error{Code: msg.ErrNoDownloads}
	case errors.As(err, &se):
		return "", &msg.Error{Code: msg.ErrSaveFailed, Detail: se.Reason}
	}
	return "", &msg.Error{Code: msg.ErrSaveFailed, Detail: err.Error()}
}

// KeptGet reads a JSON record of the kept messages' store (msg.KeptDB).
func (browserEnv) KeptGet(ctx context.Context, key string, v any) (bool, error) {
	r, err := jsx.IDBGet(ctx, msg.KeptDB, msg.KeptStore, key)
	if errors.Is(err, jsx.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if r.Type() != js.TypeString {
		return false, errors.New("kept record " + key + " is not JSON text")
	}
	return true, json.Unmarshal([]byte(r.String()), v)
}

// KeptSet stores v as JSON text in the kept messages' store.
func (browserEnv) KeptSet(ctx context.Context, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return jsx.IDBPut(ctx, msg.KeptDB, msg.KeptStore, key, js.ValueOf(string(b)))
}

func (browserEnv) KeptDelete(ctx context.Context, key string) error {
	return jsx.IDBDelete(ctx, msg.KeptDB, msg.KeptStore, key)
}

// KeptFile reads a kept media's Blob (the messages' export).
func (browserEnv) KeptFile(ctx context.Context, key string) ([]byte, bool, error) {
	v, err := jsx.IDBGet(ctx, msg.KeptDB, msg.KeptStore, key)
	if errors.Is(err, jsx.ErrNotFound) || (err == nil && (v.IsUndefined() || v.IsNull())) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	b := jsx.NewBlob(v)
	data := make([]byte, b.Size())
	if _, err := b.ReadAt(data, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, false, err
	}
	return data, true, nil
}

// KeepFile moves a download's Blob into the kept messages' store.
func (e browserEnv) KeepFile(ctx context.Context, fileID, key string) error {
	var blob js.Value
	if v, ok := downloads.Load(fileID); ok {
		blob = v.(js.Value)
	} else {
		v, err := jsx.IDBGet(ctx, msg.FileDB, msg.FileStore, fileID)
		if err != nil {
			return err
		}
		blob = v
	}
	if err := jsx.IDBPut(ctx, msg.KeptDB, msg.KeptStore, key, blob); err != nil {
		return err
	}
	return e.DeleteFile(ctx, fileID)
}
