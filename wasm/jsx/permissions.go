//go:build js && wasm

package jsx

import (
	"context"
	"syscall/js"
)

// chrome.permissions: host permissions (match patterns, "origins") and
// the manifest's optional API permissions ("permissions", such as
// "downloads").

// HasOrigins reports whether the extension has host permission for the
// match patterns.
func HasOrigins(ctx context.Context, origins ...string) (bool, error) {
	return contains(ctx, permissionsOf("origins", origins))
}

// HasPermission reports whether the extension holds an API permission.
func HasPermission(ctx context.Context, name string) (bool, error) {
	return contains(ctx, permissionsOf("permissions", []string{name}))
}

// AskOrigins asks the person for host permission for the match
// patterns (chrome.permissions.request). The browser allows it only
// within a user gesture, so it is called in a click's handler itself,
// and the answer is awaited after, outside the handler (a Go event
// handler must not block): wait reports whether they were granted.
func AskOrigins(origins ...string) (wait func(ctx context.Context) (bool, error)) {
	return ask(permissionsOf("origins", origins))
}

// AskPermissions asks the person for API permissions, as AskOrigins
// asks for hosts: in a click's handler, the answer awaited after.
func AskPermissions(names ...string) (wait func(ctx context.Context) (bool, error)) {
	return ask(permissionsOf("permissions", names))
}

// RemoveOrigins gives back host permission for the match patterns.
func RemoveOrigins(ctx context.Context, origins ...string) error {
	p := chrome().Get("permissions")
	if p.IsUndefined() {
		return ErrNoAPI
	}
	_, err := Await(ctx, p.Call("remove", permissionsOf("origins", origins)))
	return err
}

// permissionsOf is a chrome.permissions.Permissions: names under key.
func permissionsOf(key string, names []string) js.Value {
	list := js.Global().Get("Array").New()
	for _, n := range names {
		list.Call("push", n)
	}
	q := js.Global().Get("Object").New()
	q.Set(key, list)
	return q
}

func contains(ctx context.Context, q js.Value) (bool, error) {
	p := chrome().Get("permissions")
	if p.IsUndefined() {
		return false, ErrNoAPI
	}
	v, err := Await(ctx, p.Call("contains", q))
	if err != nil {
		return false, err
	}
	return v.Truthy(), nil
}

func ask(q js.Value) (wait func(ctx context.Context) (bool, error)) {
	p := chrome().Get("permissions")
	if p.IsUndefined() {
		return func(context.Context) (bool, error) { return false, ErrNoAPI }
	}
	promise := p.Call("request", q)
	return func(ctx context.Context) (bool, error) {
		v, err := Await(ctx, promise)
		if err != nil {
			return false, err
		}
		return v.Truthy(), nil
	}
}
