//go:build js && wasm

package jsx

import (
	"context"
	"syscall/js"
	"time"

	"github.com/wxdrop/wxdrop/wasm/browser"
)

// The chrome.* APIs only the service worker uses: alarms, notifications
// and the action's popup.

// alarmRepeatMinutes is the period of the alarm SetAlarm sets.
const alarmRepeatMinutes = 0.5

// SetAlarm sets alarm name to fire at t, and every alarmRepeatMinutes
// after (chrome.alarms.create replaces an alarm of the same name); a
// zero t clears it.
func SetAlarm(ctx context.Context, name string, t time.Time) error {
	alarms := chrome().Get("alarms")
	if alarms.IsUndefined() {
		return ErrNoAPI
	}
	if t.IsZero() {
		_, err := Await(ctx, alarms.Call("clear", name))
		return err
	}
	o := js.Global().Get("Object").New()
	o.Set("when", float64(t.UnixMilli()))
	// It repeats until it is set again or cleared: a worker stopped right
	// after an alarm woke it, before it set the next, is woken again
	// (30 s is the shortest period Chrome gives a packed extension).
	o.Set("periodInMinutes", alarmRepeatMinutes)
	_, err := Await(ctx, alarms.Call("create", name, o))
	return err
}

// Notify shows a basic notification with the extension's icon under id.
func Notify(ctx context.Context, id, title, body string) error {
	n := chrome().Get("notifications")
	if n.IsUndefined() {
		return ErrNoAPI
	}
	o := js.Global().Get("Object").New()
	o.Set("type", "basic")
	o.Set("iconUrl", chrome().Get("runtime").Call("getURL", "extension/icons/128.png"))
	o.Set("title", title)
	o.Set("message", body)
	o.Set("priority", 1)
	_, err := Await(ctx, n.Call("create", id, o))
	return err
}

// ClearNotification removes notification id.
func ClearNotification(ctx context.Context, id string) error {
	n := chrome().Get("notifications")
	if n.IsUndefined() {
		return ErrNoAPI
	}
	_, err := Await(ctx, n.Call("clear", id))
	return err
}

// OpenPopup opens the toolbar popup (chrome.action.openPopup, which needs
// a focused browser window).
func OpenPopup(ctx context.Context) error {
	a := chrome().Get("action")
	if a.IsUndefined() || a.Get("openPopup").IsUndefined() {
		return ErrNoAPI
	}
	_, err := Await(ctx, a.Call("openPopup"))
	return err
}

// SetMenus replaces every context menu item of the extension with items,
// in order (a parent before its children).
func SetMenus(ctx context.Context, items []browser.MenuItem) error {
	m := chrome().Get("contextMenus")
	if m.IsUndefined() {
		return ErrNoAPI
	}
	if _, err := Await(ctx, m.Call("removeAll")); err != nil {
		return err
	}
	for _, it := range items {
		o := js.Global().Get("Object").New()
		o.Set("id", it.ID)
		if it.Parent != "" {
			o.Set("parentId", it.Parent)
		}
		if it.Separator {
			o.Set("type", "separator")
		} else {
			o.Set("title", it.Title)
		}
		contexts := js.Global().Get("Array").New()
		for _, c := range it.Contexts {
			contexts.Call("push", c)
		}
		o.Set("contexts", contexts)
		// create answers through a callback, not a promise; an error
		// (a duplicate id) is read there so it is not reported unchecked.
		done := make(chan error, 1)
		var cb js.Func
		cb = js.FuncOf(func(js.Value, []js.Value) any {
			cb.Release()
			if le := chrome().Get("runtime").Get("lastError"); !le.IsUndefined() && !le.IsNull() {
				done <- errorOf(le)
			} else {
				done <- nil
			}
			return nil
		})
		m.Call("create", o, cb)
		select {
		case err := <-done:
			if err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
