// Package core is the service worker's logic: it learns the session from
// the web WeChat tab, keeps the contact list, and runs the sends that the
// extension's pages ask for. It is plain Go over an Env, so it is tested
// natively against wxsim; cmd/core supplies the browser's Env.
package core

import (
	"context"
	"io"
	"time"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/schedule"
	"github.com/wxdrop/wxdrop/wasm/share"
)

// Area is a chrome.storage area.
type Area string

const (
	// AreaSession is memory only: session secrets live here and nowhere else.
	AreaSession Area = "session"
	// AreaLocal is on disk: never a secret.
	AreaLocal Area = "local"
)

// File is a file a page handed over through IndexedDB.
type File interface {
	io.ReaderAt
	Size() int64
}

// Tab is a web WeChat tab.
type Tab struct {
	ID       int
	WindowID int
	URL      string
}

// Env is what the core needs of the browser.
type Env interface {
	// Get decodes the JSON under key; found is false when it is not set.
	Get(ctx context.Context, area Area, key string, v any) (found bool, err error)
	Set(ctx context.Context, area Area, key string, v any) error
	// Cookie is the value of a cookie that would be sent to url.
	Cookie(ctx context.Context, url, name string) (value string, found bool, err error)
	// Doer sends the protocol's requests (fetch with credentials).
	Doer() protocol.Doer
	OpenFile(ctx context.Context, id string) (File, error)
	DeleteFile(ctx context.Context, id string) error
	// ListFiles names every file in IndexedDB.
	ListFiles(ctx context.Context) ([]string, error)
	// WeChatTabs lists the open web WeChat tabs.
	WeChatTabs(ctx context.Context) ([]Tab, error)
	FocusTab(ctx context.Context, t Tab) error
	OpenTab(ctx context.Context, url string) error
	// AskTab asks a web WeChat tab's content script for what the page
	// knows now (after a skey change, say).
	AskTab(ctx context.Context, t Tab) (msg.PageSessionBody, error)
	// SetHeaderRules installs the declarativeNetRequest session rules.
	SetHeaderRules(ctx context.Context, rulesJSON string) error
	// ExtensionID is this extension's id (runtime.id: who may ask the
	// core).
	ExtensionID() string
	// ExtensionHost is the host of the extension's own URLs, which the
	// browser names as the initiator of its requests (the header rules'
	// initiatorDomains): the id in Chromium (chrome-extension://<id>/),
	// but in Firefox the add-on's UUID (moz-extension://<uuid>/), not its
	// id.
	ExtensionHost() string
	Now() time.Time
	// Zone is the person's time zone (the browser's), for repeats.
	Zone() schedule.Zone

	// SetAlarm sets the chrome.alarms alarm name to fire at t; a zero t
	// clears it.
	SetAlarm(ctx context.Context, name string, t time.Time) error
	// Notify shows a notification (chrome.notifications) under id,
	// replacing one of the same id; ClearNotification removes it.
	Notify(ctx context.Context, id, title, body string) error
	ClearNotification(ctx context.Context, id string) error
	// SetBadge sets the toolbar badge's text ("" clears it).
	SetBadge(ctx context.Context, text string) error
	// OpenPopup shows the popup on an outbox entry: the toolbar popup
	// where the browser allows it, else the popup page in a tab.
	OpenPopup(ctx context.Context, entryID string) error
	// SetMenus replaces the extension's context menu items.
	SetMenus(ctx context.Context, items []MenuItem) error
	// Message is the _locales string key with its substitutions, in the
	// browser's language.
	Message(key string, subs ...string) string

	// Download fetches url as a page load would (with the site's
	// cookies), when the extension has access to the site (and to the
	// site a redirect led to). keep says, from the answer's headers and
	// final URL, whether its body is kept as a file (an error refuses
	// it unread)
	// under a new id (FileID), at most limit bytes (in memory: Stored and
	// PersistFile put it in IndexedDB); else the body's start
	// is read into Head (HeadBytes) and the rest left. Errors are
	// *msg.Error: NO_SITE_ACCESS, SOURCE_UNREACHABLE, SOURCE_REFUSED
	// (Detail: the status), OUTBOX_FULL.
	Download(ctx context.Context, url string, limit int64, keep func(share.Fetched) (bool, error), progress func(done, total int64)) (Download, error)
	// Stored stores a download Download kept in memory in IndexedDB, and
	// waits until it is there (the outbox uploads a download from memory,
	// and it is stored only when something needs it there).
	Stored(ctx context.Context, fileID string) error
	// PersistFile starts storing a download kept in memory; it does not
	// wait.
	PersistFile(ctx context.Context, fileID string)
	// SaveFile saves a file of IndexedDB to path under the Downloads
	// folder (chrome.downloads, from a blob: URL, never the file's own
	// URL), and returns the path the browser gave it (another when one
	// is taken). Errors are *msg.Error: NO_DOWNLOADS_ACCESS (the person
	// has not allowed it), SAVE_FAILED (Detail: the browser's reason).
	SaveFile(ctx context.Context, fileID, path string) (string, error)

	// KeptGet, KeptSet and KeptDelete are the values of the kept
	// messages' store in IndexedDB (msg.KeptDB): JSON records, never a
	// secret; KeptGet's found is false when key holds nothing.
	KeptGet(ctx context.Context, key string, v any) (found bool, err error)
	KeptSet(ctx context.Context, key string, v any) error
	KeptDelete(ctx context.Context, key string) error
	// KeepFile moves a download (Download's FileID) into the kept store
	// under key, out of the outbox's files (whose sweep would take it).
	KeepFile(ctx context.Context, fileID, key string) error
	// KeptFile reads a kept media's bytes (the export puts them in its
	// zip); found is false when key holds nothing.
	KeptFile(ctx context.Context, key string) (data []byte, found bool, err error)
}

// Download is a fetched web resource, and where its body was kept.
type Download struct {
	share.Fetched
	// FileID is the body's id in IndexedDB ("" when not kept).
	FileID string
	// MD5 is the kept body's, computed as it downloaded ("" if not).
	MD5 string
}
