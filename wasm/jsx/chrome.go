//go:build js && wasm

package jsx

import (
	"context"
	"errors"
	"strings"
	"syscall/js"
	"time"

	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/safename"
)

// chrome returns the extension API namespace: chrome in Chromium, and in
// Firefox too (it provides chrome.* with promises in Manifest V3).
func chrome() js.Value { return js.Global().Get("chrome") }

// Session and Local are browser.Area's two areas, under the short names
// the pages use.
const (
	Session = browser.AreaSession // memory only; the session secrets live here
	Local   = browser.AreaLocal   // disk; never a secret
)

// StorageGet reads key and decodes its JSON into v with v's codec;
// found is false when the key is not set. Values are stored as JSON text
// so that every side reads them the same way.
func StorageGet(ctx context.Context, area browser.Area, key string, v jsonlite.Object) (found bool, err error) {
	text, found, err := StorageGetText(ctx, area, key)
	if err != nil || !found {
		return false, err
	}
	return true, jsonlite.Decode(text, v)
}

// StorageSet stores v as JSON text under key, as an encoding/json
// Encoder without HTML escapes writes it (see jsxjson.StorageSet).
func StorageSet(ctx context.Context, area browser.Area, key string, v jsonlite.Object) error {
	return StorageSetText(ctx, area, key, string(jsonlite.AppendStored(nil, v)))
}

// StorageSetText stores text (JSON) under key.
func StorageSetText(ctx context.Context, area browser.Area, key, text string) error {
	o := js.Global().Get("Object").New()
	o.Set(key, text)
	_, err := Await(ctx, chrome().Get("storage").Get(string(area)).Call("set", o))
	return err
}

// StorageRemove deletes key.
func StorageRemove(ctx context.Context, area browser.Area, key string) error {
	_, err := Await(ctx, chrome().Get("storage").Get(string(area)).Call("remove", key))
	return err
}

// OnStorageChanged calls each handler with the new JSON text ("" for
// none) of its key's changes in area. It returns a function that removes
// the listener.
//
// Only the keys handled are copied into Go: every page hears every write
// of the area, and the worker's include the contact list (0.8-1.1 MB for
// 5,000 contacts) and the search list (0.36 MB) in storage.session and
// the outbox record (up to 8 MiB) in storage.local, which a listener of
// every key copied into a Go string each time, three listeners in the
// popup's storage.local.
func OnStorageChanged(area browser.Area, handlers map[string]func(newJSON string)) (remove func()) {
	fn := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 2 || args[1].String() != string(area) {
			return nil
		}
		changes := args[0]
		keys := js.Global().Get("Object").Call("keys", changes)
		for i := 0; i < keys.Length(); i++ {
			k := keys.Index(i).String()
			h, ok := handlers[k]
			if !ok {
				continue
			}
			nv := changes.Get(k).Get("newValue")
			if nv.Type() == js.TypeString {
				h(nv.String())
			} else {
				h("")
			}
		}
		return nil
	})
	ev := chrome().Get("storage").Get("onChanged")
	ev.Call("addListener", fn)
	return func() { ev.Call("removeListener", fn); fn.Release() }
}

// Cookie returns the value of the cookie name that url would be sent.
func Cookie(ctx context.Context, url, name string) (string, bool, error) {
	o := js.Global().Get("Object").New()
	o.Set("url", url)
	o.Set("name", name)
	c, err := Await(ctx, chrome().Get("cookies").Call("get", o))
	if err != nil {
		return "", false, err
	}
	if c.IsNull() || c.IsUndefined() {
		return "", false, nil
	}
	return c.Get("value").String(), true, nil
}

// QueryTabs returns the tabs whose URL matches one of the patterns.
func QueryTabs(ctx context.Context, patterns []string) ([]browser.Tab, error) {
	o := js.Global().Get("Object").New()
	arr := js.Global().Get("Array").New()
	for _, p := range patterns {
		arr.Call("push", p)
	}
	o.Set("url", arr)
	res, err := Await(ctx, chrome().Get("tabs").Call("query", o))
	if err != nil {
		return nil, err
	}
	var out []browser.Tab
	for i := 0; i < res.Length(); i++ {
		t := res.Index(i)
		u := t.Get("url")
		tab := browser.Tab{ID: t.Get("id").Int(), WindowID: t.Get("windowId").Int()}
		if u.Type() == js.TypeString {
			tab.URL = u.String()
		}
		out = append(out, tab)
	}
	return out, nil
}

// FocusTab makes a tab the active one of its focused window.
func FocusTab(ctx context.Context, t browser.Tab) error {
	o := js.Global().Get("Object").New()
	o.Set("active", true)
	if _, err := Await(ctx, chrome().Get("tabs").Call("update", t.ID, o)); err != nil {
		return err
	}
	w := js.Global().Get("Object").New()
	w.Set("focused", true)
	_, err := Await(ctx, chrome().Get("windows").Call("update", t.WindowID, w))
	return err
}

// OpenTab opens url in a new tab.
func OpenTab(ctx context.Context, url string) error {
	o := js.Global().Get("Object").New()
	o.Set("url", url)
	_, err := Await(ctx, chrome().Get("tabs").Call("create", o))
	return err
}

// SendToTabText sends a message (JSON text) to the content scripts of a
// tab and returns the answer as JSON text ("" when there is none).
func SendToTabText(ctx context.Context, tabID int, msgJSON string) (string, error) {
	res, err := Await(ctx, chrome().Get("tabs").Call("sendMessage", tabID, js.Global().Get("JSON").Call("parse", msgJSON)))
	if err != nil || res.IsUndefined() || res.IsNull() {
		return "", err
	}
	return js.Global().Get("JSON").Call("stringify", res).String(), nil
}

// SendMessage sends a runtime message (a msg.Request whose Body is a
// jsonlite.Object or nil) to the extension (from a page to the service
// worker) and returns the answer as JSON text.
func SendMessage(ctx context.Context, req *msg.Request) (string, error) {
	b := jsonlite.Append(nil, req)
	res, err := sendMessageJS(ctx, js.Global().Get("JSON").Call("parse", string(b)))
	if err != nil {
		return "", err
	}
	if res.IsUndefined() {
		return "", nil
	}
	return js.Global().Get("JSON").Call("stringify", res).String(), nil
}

// sendMessageJS sends a runtime message and returns the answer.
//
// A message sent while the worker (Chromium) or the background page
// (Firefox) is being started or suspended can be refused with "Could not
// establish connection. Receiving end does not exist." (seen in Firefox
// 153's e2e at a load of 35: the popup's message as the event page was
// suspended). No listener received it, so sending it again cannot do
// anything twice: it is sent again, every 100 ms for up to 2 s.
func sendMessageJS(ctx context.Context, m js.Value) (js.Value, error) {
	for try := 1; ; try++ {
		v, err := Await(ctx, chrome().Get("runtime").Call("sendMessage", m))
		if err == nil || try >= sendTries || !notReceived(err) {
			return v, err
		}
		t := time.NewTimer(sendRetry)
		select {
		case <-ctx.Done():
			t.Stop()
			return js.Undefined(), err
		case <-t.C:
		}
	}
}

// sendTries and sendRetry: how often and how far apart a message no
// listener received is sent.
const (
	sendTries = 20
	sendRetry = 100 * time.Millisecond
)

// notReceived says the browser found no listener for a runtime message
// (the same words in Chromium and Firefox).
func notReceived(err error) bool {
	var je *JSError
	return errors.As(err, &je) && strings.Contains(je.Message, "Receiving end does not exist")
}

// ExtensionID is this extension's id.
func ExtensionID() string { return chrome().Get("runtime").Get("id").String() }

// ExtensionHost is the host of the extension's own URLs: the id in
// Chromium, the add-on's UUID in Firefox (moz-extension://<uuid>/).
func ExtensionHost() string {
	return js.Global().Get("URL").New(chrome().Get("runtime").Call("getURL", "")).Get("hostname").String()
}

// UpdateSessionRules replaces declarativeNetRequest session rules: the
// rules with removeIDs go, rulesJSON (an array of rules) comes in.
func UpdateSessionRules(ctx context.Context, removeIDs []int, rulesJSON string) error {
	o := js.Global().Get("Object").New()
	ids := js.Global().Get("Array").New()
	for _, id := range removeIDs {
		ids.Call("push", id)
	}
	o.Set("removeRuleIds", ids)
	o.Set("addRules", js.Global().Get("JSON").Call("parse", rulesJSON))
	_, err := AwaitCall(ctx, chrome().Get("declarativeNetRequest"), "updateSessionRules", o)
	return err
}

// SessionRuleIDs lists the ids of the current session rules.
func SessionRuleIDs(ctx context.Context) ([]int, error) {
	res, err := Await(ctx, chrome().Get("declarativeNetRequest").Call("getSessionRules"))
	if err != nil {
		return nil, err
	}
	var ids []int
	for i := 0; i < res.Length(); i++ {
		ids = append(ids, res.Index(i).Get("id").Int())
	}
	return ids, nil
}

// SetBadge sets the toolbar badge text ("" clears it).
func SetBadge(ctx context.Context, text string) error {
	o := js.Global().Get("Object").New()
	o.Set("text", text)
	_, err := Await(ctx, chrome().Get("action").Call("setBadgeText", o))
	return err
}

// Message is the localized string of _locales for key, with substitutions.
// Every sentence of wxdrop's own words that names a chat, a person or an
// account goes through here (the pages' tr, the worker's notifications):
// a substitution loses the characters that change how text reads
// (safename.Hidden: a right-to-left override left open in a name turned
// the rest of the sentence around, docs/security.md rows 78 and 85), so
// that no name chosen by its people reorders wxdrop's words around it.
func Message(key string, subs ...string) string {
	i18n := chrome().Get("i18n")
	if i18n.IsUndefined() {
		return key
	}
	arr := js.Global().Get("Array").New()
	for _, s := range subs {
		arr.Call("push", safename.Visible(s))
	}
	m := i18n.Call("getMessage", key, arr).String()
	if m == "" {
		return key
	}
	return m
}

// UILanguage is the browser's UI language, e.g. "zh-CN".
func UILanguage() string {
	i18n := chrome().Get("i18n")
	if i18n.IsUndefined() {
		return "en"
	}
	return i18n.Call("getUILanguage").String()
}
