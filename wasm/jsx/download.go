//go:build js && wasm

package jsx

import (
	"context"
	"errors"
	"strconv"
	"syscall/js"
)

// Answer is what a download's answer says of itself.
type Answer struct {
	URL, ContentType, ContentDisposition string
	// Size is Content-Length (-1 when not said).
	Size int64
}

// Errors of Download.
var (
	// ErrUnreachable: fetch failed (no connection, no access, a refused
	// certificate); nothing tells which.
	ErrUnreachable = errors.New("jsx: the site could not be reached")
)

// HTTPError is an answer with an error status.
type HTTPError struct{ Status int }

func (e *HTTPError) Error() string { return "jsx: HTTP " + strconv.Itoa(e.Status) }

// HasOrigins reports whether the extension has host permission for the
// match patterns (chrome.permissions.contains).
func HasOrigins(ctx context.Context, origins ...string) (bool, error) {
	p := chrome().Get("permissions")
	if p.IsUndefined() {
		return false, ErrNoAPI
	}
	v, err := Await(ctx, p.Call("contains", originsOf(origins)))
	if err != nil {
		return false, err
	}
	return v.Truthy(), nil
}

// Download fetches url with the site's cookies, as a page load would
// (credentials "include"). decide sees the answer's headers: keep stores
// the whole body as a Blob under key in IndexedDB (db, store) and
// returns its size; else up to head bytes of the body are returned and
// the rest is left unread. The body never passes through Go's memory:
// the browser keeps a large Blob on disk.
//
// kept, if not nil, gets the kept Blob at once, while IndexedDB still
// stores it; stored then hears how the store ended (Download does not
// wait for it: storing 64 MiB takes about half a second).
func Download(ctx context.Context, url string, decide func(Answer) bool, db, store, key string, head int, kept func(blob js.Value), stored func(error)) (a Answer, ok bool, size int64, start []byte, err error) {
	ctrl := js.Global().Get("AbortController").New()
	stop := context.AfterFunc(ctx, func() { ctrl.Call("abort") })
	defer stop()
	init := js.Global().Get("Object").New()
	init.Set("credentials", "include")
	init.Set("signal", ctrl.Get("signal"))
	resp, err := Await(ctx, js.Global().Call("fetch", url, init))
	if err != nil {
		if ctx.Err() != nil {
			return a, false, 0, nil, ctx.Err()
		}
		return a, false, 0, nil, ErrUnreachable
	}
	if st := resp.Get("status").Int(); st >= 400 {
		ctrl.Call("abort")
		return a, false, 0, nil, &HTTPError{Status: st}
	}
	h := resp.Get("headers")
	get := func(name string) string {
		v := h.Call("get", name)
		if v.IsNull() {
			return ""
		}
		return v.String()
	}
	a = Answer{URL: resp.Get("url").String(), ContentType: get("content-type"), ContentDisposition: get("content-disposition"), Size: -1}
	if n, err := strconv.ParseInt(get("content-length"), 10, 64); err == nil {
		a.Size = n
	}
	if !decide(a) {
		start, err = readHead(ctx, resp, head)
		ctrl.Call("abort")
		return a, false, 0, start, err
	}
	blob, err := Await(ctx, resp.Call("blob"))
	if err != nil {
		return a, false, 0, nil, ErrUnreachable
	}
	if kept != nil {
		kept(blob)
	}
	// The store outlives the request that asked for the download.
	go func() {
		err := IDBPut(context.Background(), db, store, key, blob)
		if stored != nil {
			stored(err)
		}
	}()
	return a, true, int64(blob.Get("size").Float()), nil, nil
}

// readHead reads up to n bytes of a response's body.
func readHead(ctx context.Context, resp js.Value, n int) ([]byte, error) {
	body := resp.Get("body")
	if body.IsNull() || body.IsUndefined() {
		return nil, nil
	}
	r := body.Call("getReader")
	var out []byte
	for len(out) < n {
		v, err := Await(ctx, r.Call("read"))
		if err != nil {
			return out, nil
		}
		if v.Get("done").Bool() {
			break
		}
		chunk := v.Get("value")
		b := make([]byte, chunk.Get("byteLength").Int())
		js.CopyBytesToGo(b, chunk)
		out = append(out, b...)
	}
	if len(out) > n {
		out = out[:n]
	}
	return out, nil
}

// originsOf is the chrome.permissions.Permissions of host patterns.
func originsOf(origins []string) js.Value {
	list := js.Global().Get("Array").New()
	for _, o := range origins {
		list.Call("push", o)
	}
	q := js.Global().Get("Object").New()
	q.Set("origins", list)
	return q
}
