// Package core is the service worker's logic: it learns the session from
// the web WeChat tab, keeps the contact list, and runs the sends that the
// extension's pages ask for. It is plain Go over an Env, so it is tested
// natively against wxsim; wasm/worker supplies the browser's Env.
package core

import (
	"context"
	"time"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/schedule"
	"github.com/wxdrop/wxdrop/wasm/share"
)

// Env is what the core needs of the browser, one role a field, as the
// outbox's Config is: each role is one part of the browser, implemented
// over its chrome.* API by wasm/worker and in memory by the tests.
type Env struct {
	Storage       Storage
	Files         Files
	Kept          Kept
	Tabs          Tabs
	Notifications Notifications
	Menus         Menus
	Downloads     Downloads
	Network       Network
	Runtime       Runtime
	Clock         Clock
}

// Storage is chrome.storage: JSON values by key, in an area.
type Storage interface {
	// Get decodes the JSON under key; found is false when it is not set.
	Get(ctx context.Context, area browser.Area, key string, v any) (found bool, err error)
	Set(ctx context.Context, area browser.Area, key string, v any) error
	// GetText and SetText are the JSON text under key as it is (the
	// outbox's record: the outbox decodes it itself, only when it changed).
	GetText(ctx context.Context, area browser.Area, key string) (text string, found bool, err error)
	SetText(ctx context.Context, area browser.Area, key, text string) error
}

// Files are the Blobs of IndexedDB's file store (msg.FileDB): the files
// pages hand over, the outbox's, and the downloads'. The outbox takes
// them as they are (outbox.Files: Open, Delete, List, Persist).
type Files interface {
	outbox.Files
	// Stored stores a download Downloads.Fetch kept in memory in
	// IndexedDB, and waits until it is there (the outbox uploads a
	// download from memory, and it is stored only when something needs it
	// there: Persist starts the same without waiting).
	Stored(ctx context.Context, id string) error
}

// Kept is the kept messages' store in IndexedDB (msg.KeptDB): JSON
// records, never a secret, and the kept media.
type Kept interface {
	// Get decodes the record under key; found is false when key holds
	// nothing.
	Get(ctx context.Context, key string, v any) (found bool, err error)
	Set(ctx context.Context, key string, v any) error
	Delete(ctx context.Context, key string) error
	// Keep moves a download (Download's FileID) into the kept store under
	// key, out of the Files (whose sweep would take it).
	Keep(ctx context.Context, fileID, key string) error
	// File reads a kept media's bytes (the export puts them in its zip);
	// found is false when key holds nothing.
	File(ctx context.Context, key string) (data []byte, found bool, err error)
}

// Tabs are the browser's tabs and the toolbar popup.
type Tabs interface {
	// WeChat lists the open web WeChat tabs.
	WeChat(ctx context.Context) ([]browser.Tab, error)
	Focus(ctx context.Context, t browser.Tab) error
	// Open opens url in a new tab.
	Open(ctx context.Context, url string) error
	// Ask asks a web WeChat tab's content script for what the page knows
	// now (after a skey change, say).
	Ask(ctx context.Context, t browser.Tab) (msg.PageSessionBody, error)
	// Popup shows the popup on an outbox entry: the toolbar popup where
	// the browser allows it, else the popup page in a tab.
	Popup(ctx context.Context, entryID string) error
}

// Notifications are what the person sees of the worker outside its
// pages: chrome.notifications and the toolbar badge.
type Notifications interface {
	// Notify shows a notification under id, replacing one of the same id;
	// Clear removes it.
	Notify(ctx context.Context, id, title, body string) error
	Clear(ctx context.Context, id string) error
	// SetBadge sets the toolbar badge's text ("" clears it).
	SetBadge(ctx context.Context, text string) error
}

// Menus are the extension's context menu items.
type Menus interface {
	// Set replaces every item with items, in order (a parent before its
	// children).
	Set(ctx context.Context, items []browser.MenuItem) error
}

// Downloads bring files from the web into the Files, and take them from
// there to the person's Downloads folder.
type Downloads interface {
	// Fetch fetches url as a page load would (with the site's cookies,
	// unless cookies is false: share.WithCookies), when the extension has
	// access to the site (and to the site a
	// redirect led to). keep says, from the answer's headers and final
	// URL, whether its body is kept as a file (an error refuses it
	// unread) under a new id (FileID), at most limit bytes (in memory:
	// Files.Stored and Files.Persist put it in IndexedDB); else the
	// body's start is read into Head (share.HeadBytes) and the rest left.
	// Errors are *msg.Error: NO_SITE_ACCESS, SOURCE_UNREACHABLE,
	// SOURCE_REFUSED (Detail: the status), OUTBOX_FULL.
	Fetch(ctx context.Context, url string, cookies bool, limit int64, keep func(share.Fetched) (bool, error), progress func(done, total int64)) (Download, error)
	// Save saves a file of the Files to path under the Downloads folder
	// (chrome.downloads, from a blob: URL, never the file's own URL), and
	// returns the path the browser gave it (another when one is taken).
	// Errors are *msg.Error: NO_DOWNLOADS_ACCESS (the person has not
	// allowed it), SAVE_FAILED (Detail: the browser's reason).
	Save(ctx context.Context, fileID, path string) (string, error)
}

// Network is how the session reaches WeChat.
type Network interface {
	// Cookie is the value of a cookie that would be sent to url.
	Cookie(ctx context.Context, url, name string) (value string, found bool, err error)
	// Doer sends the protocol's requests (fetch with credentials).
	Doer() protocol.Doer
	// SetHeaderRules installs the declarativeNetRequest session rules.
	SetHeaderRules(ctx context.Context, rulesJSON string) error
}

// Runtime is the extension itself (chrome.runtime, chrome.i18n).
type Runtime interface {
	// ID is this extension's id (runtime.id: who may ask the core).
	ID() string
	// Host is the host of the extension's own URLs, which the browser
	// names as the initiator of its requests (the header rules'
	// initiatorDomains): the id in Chromium (chrome-extension://<id>/),
	// but in Firefox the add-on's UUID (moz-extension://<uuid>/), not its
	// id.
	Host() string
	// Message is the _locales string key with its substitutions, in the
	// browser's language.
	Message(key string, subs ...string) string
}

// Clock is the time: now, the person's time zone, and the alarm that
// wakes the worker.
type Clock interface {
	Now() time.Time
	// Zone is the person's time zone (the browser's), for repeats.
	Zone() schedule.Zone
	// SetAlarm sets the chrome.alarms alarm name to fire at t; a zero t
	// clears it.
	SetAlarm(ctx context.Context, name string, t time.Time) error
}

// Download is a fetched web resource, and where its body was kept.
type Download struct {
	share.Fetched
	// FileID is the body's id in IndexedDB ("" when not kept).
	FileID string
	// MD5 is the kept body's, computed as it downloaded ("" if not).
	MD5 string
}
