//go:build js && wasm

package jsx

import (
	"context"
	"syscall/js"
	"time"
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
