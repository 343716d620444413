//go:build js && wasm

package worker

import (
	"context"
	"net/url"
	"slices"
	"sync"
	"syscall/js"
	"time"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/jsfetch"
	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/jsx/jsxjson"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/schedule"
)

// The roles of core.Env that keep nothing between calls but the menus,
// each over its chrome.* API.

// storage is core.Storage over chrome.storage.
type storage struct{}

func (storage) Get(ctx context.Context, a browser.Area, key string, v any) (bool, error) {
	return jsxjson.StorageGet(ctx, a, key, v)
}

// Set's quota error is STORAGE_FULL (msg.StorageErr).
func (storage) Set(ctx context.Context, a browser.Area, key string, v any) error {
	return msg.StorageErr(jsxjson.StorageSet(ctx, a, key, v))
}

func (storage) GetText(ctx context.Context, a browser.Area, key string) (string, bool, error) {
	return jsx.StorageGetText(ctx, a, key)
}

func (storage) SetText(ctx context.Context, a browser.Area, key, text string) error {
	return msg.StorageErr(jsx.StorageSetText(ctx, a, key, text))
}

// tabs is core.Tabs over chrome.tabs and chrome.action.
type tabs struct{}

// weChatPages are the tab URL patterns of the web WeChat main hosts.
func weChatPages() []string {
	var p []string
	for _, h := range protocol.MainHosts {
		p = append(p, "https://"+h+"/*")
	}
	return p
}

func (tabs) WeChat(ctx context.Context) ([]browser.Tab, error) {
	return jsx.QueryTabs(ctx, weChatPages())
}

func (tabs) Focus(ctx context.Context, t browser.Tab) error { return jsx.FocusTab(ctx, t) }

func (tabs) Open(ctx context.Context, url string) error { return jsx.OpenTab(ctx, url) }

// askTabName is what the content script answers with the page's session.
const askTabName = "session.ask"

func (tabs) Ask(ctx context.Context, t browser.Tab) (msg.PageSessionBody, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	var b msg.PageSessionBody
	err := jsxjson.SendToTab(ctx, t.ID, msg.Request{Name: askTabName}, &b)
	return b, err
}

// Popup opens the toolbar popup, which shows the entry the core put under
// msg.FocusKey; where the browser refuses (no focused window, an older
// browser), the popup page opens in a tab on the entry.
func (tabs) Popup(ctx context.Context, entryID string) error {
	if err := jsx.OpenPopup(ctx); err == nil {
		return nil
	}
	return jsx.OpenTab(ctx, js.Global().Get("chrome").Get("runtime").Call("getURL", "extension/pages/popup.html?entry="+url.QueryEscape(entryID)).String())
}

// notifications is core.Notifications over chrome.notifications and the
// action's badge.
type notifications struct{}

func (notifications) Notify(ctx context.Context, id, title, body string) error {
	return jsx.Notify(ctx, id, title, body)
}

func (notifications) Clear(ctx context.Context, id string) error {
	return jsx.ClearNotification(ctx, id)
}

func (notifications) SetBadge(ctx context.Context, text string) error {
	return jsx.SetBadge(ctx, text)
}

// menus is core.Menus over chrome.contextMenus. mu serializes Set (two
// remakes interleaved would create an item twice); last are the items
// set in this wake, which a Set of the same items leaves alone.
type menus struct {
	mu   sync.Mutex
	last []browser.MenuItem
}

func (m *menus) Set(ctx context.Context, items []browser.MenuItem) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if slices.EqualFunc(items, m.last, func(a, b browser.MenuItem) bool {
		return a.ID == b.ID && a.Parent == b.Parent && a.Title == b.Title && a.Separator == b.Separator && slices.Equal(a.Contexts, b.Contexts)
	}) {
		return nil
	}
	m.last = nil
	if err := jsx.SetMenus(ctx, items); err != nil {
		return err
	}
	m.last = items
	return nil
}

// network is core.Network: the tab's cookies, fetch, and the
// declarativeNetRequest session rules.
type network struct{}

func (network) Cookie(ctx context.Context, url, name string) (string, bool, error) {
	return jsx.Cookie(ctx, url, name)
}

func (network) Doer() protocol.Doer { return jsfetch.Fetch{} }

func (network) SetHeaderRules(ctx context.Context, rules string) error {
	ids, err := jsx.SessionRuleIDs(ctx)
	if err != nil {
		return err
	}
	return jsx.UpdateSessionRules(ctx, ids, rules)
}

// extension is core.Runtime: the extension's id and host, read once, and
// chrome.i18n.
type extension struct{ id, host string }

func (e extension) ID() string                              { return e.id }
func (e extension) Host() string                            { return e.host }
func (extension) Message(key string, subs ...string) string { return jsx.Message(key, subs...) }

// clock is core.Clock: the browser's time and zone, and chrome.alarms.
type clock struct{}

func (clock) Now() time.Time      { return time.Now() }
func (clock) Zone() schedule.Zone { return jsx.LocalZone{} }

func (clock) SetAlarm(ctx context.Context, name string, t time.Time) error {
	return jsx.SetAlarm(ctx, name, t)
}
