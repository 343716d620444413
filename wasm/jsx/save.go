//go:build js && wasm

package jsx

import (
	"context"
	"errors"
	"path"
	"strings"
	"syscall/js"
	"time"
)

// Saving a file of IndexedDB to the Downloads folder: chrome.downloads
// from a blob: URL of the file. A service worker cannot make one
// (URL.createObjectURL is missing there), so in Chromium an offscreen
// document (extension/pages/offscreen.html) makes it; Firefox's
// background page makes it itself.

// Errors of SaveFile.
var (
	// ErrNoDownloads: the "downloads" permission is not granted.
	ErrNoDownloads = errors.New("jsx: no permission to save files")
)

// SaveError is a download the browser interrupted (Reason: its
// InterruptReason, e.g. FILE_NO_SPACE).
type SaveError struct{ Reason string }

func (e *SaveError) Error() string { return "jsx: the download was interrupted: " + e.Reason }

// offscreenPage is the offscreen document, as chrome.offscreen takes it.
const offscreenPage = "extension/pages/offscreen.html"

// SaveFile saves the Blob under key in IndexedDB (db, store) to rel, a
// path under the Downloads folder (another name when rel is taken), and
// waits for the browser to finish; it returns the path saved to, relative
// like rel.
func SaveFile(ctx context.Context, db, store, key, rel string) (string, error) {
	if ok, err := HasPermission(ctx, "downloads"); err != nil || !ok {
		return "", ErrNoDownloads
	}
	dls := chrome().Get("downloads")
	if dls.IsUndefined() {
		return "", ErrNoDownloads
	}
	url, release, err := blobURL(ctx, db, store, key)
	if err != nil {
		return "", err
	}
	defer release()
	return download(ctx, dls, url, rel)
}

// SaveBytes saves data as a file of type mime to rel under the Downloads
// folder, from a blob: URL made here (a page of the extension can make
// one), and waits for the browser to finish, as SaveFile does. The bytes
// go as they are: a Go string handed to JavaScript loses a leading byte
// order mark (wasm_exec.js decodes it with a TextDecoder), which a CSV
// for Excel needs.
func SaveBytes(ctx context.Context, data []byte, mime, rel string) (string, error) {
	if ok, err := HasPermission(ctx, "downloads"); err != nil || !ok {
		return "", ErrNoDownloads
	}
	dls := chrome().Get("downloads")
	u := js.Global().Get("URL")
	if dls.IsUndefined() || u.Get("createObjectURL").IsUndefined() {
		return "", ErrNoDownloads
	}
	o := js.Global().Get("Object").New()
	o.Set("type", mime)
	arr := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(arr, data)
	url := u.Call("createObjectURL", js.Global().Get("Blob").New(js.Global().Get("Array").New(arr), o)).String()
	defer u.Call("revokeObjectURL", url)
	return download(ctx, dls, url, rel)
}

// download saves url (a blob: URL) to rel and waits for the browser.
func download(ctx context.Context, dls js.Value, url, rel string) (string, error) {
	o := js.Global().Get("Object").New()
	o.Set("url", url)
	o.Set("filename", rel)
	o.Set("conflictAction", "uniquify")
	o.Set("saveAs", false)
	idv, err := Await(ctx, dls.Call("download", o))
	if err != nil {
		return "", err
	}
	q := js.Global().Get("Object").New()
	q.Set("id", idv)
	// Polled rather than heard (downloads.onChanged): a listener would be
	// a js.Func to release on every path out.
	for {
		items, err := Await(ctx, dls.Call("search", q))
		if err != nil {
			return "", err
		}
		if items.Length() == 0 {
			return "", &SaveError{Reason: "GONE"}
		}
		it := items.Index(0)
		switch it.Get("state").String() {
		case "complete":
			// filename is the absolute path; the person knows the folder.
			return path.Join(path.Dir(rel), baseName(it.Get("filename").String())), nil
		case "interrupted":
			return "", &SaveError{Reason: it.Get("error").String()}
		}
		select {
		case <-ctx.Done():
			_, _ = Await(context.Background(), dls.Call("cancel", idv))
			return "", ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// baseName is the last part of a path of any system.
func baseName(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' || p[i] == '\\' {
			return p[i+1:]
		}
	}
	return p
}

// blobURL is a blob: URL of the Blob under key, and what lets it go.
func blobURL(ctx context.Context, db, store, key string) (string, func(), error) {
	if u := js.Global().Get("URL"); !u.Get("createObjectURL").IsUndefined() {
		blob, err := IDBGet(ctx, db, store, key)
		if err != nil {
			return "", nil, err
		}
		if blob.IsUndefined() || blob.IsNull() {
			return "", nil, &SaveError{Reason: "FILE_GONE"}
		}
		url := u.Call("createObjectURL", asBytes(blob)).String()
		return url, func() { u.Call("revokeObjectURL", url) }, nil
	}
	off := chrome().Get("offscreen")
	if off.IsUndefined() {
		return "", nil, ErrNoAPI
	}
	o := js.Global().Get("Object").New()
	o.Set("url", offscreenPage)
	o.Set("reasons", js.Global().Get("Array").New("BLOBS"))
	o.Set("justification", "Save a received file to Downloads from the extension's storage.")
	if _, err := Await(ctx, off.Call("createDocument", o)); err != nil {
		// One is open already (an earlier save's): it serves this one too.
		var je *JSError
		if !errors.As(err, &je) || !strings.Contains(strings.ToLower(je.Message), "single offscreen") {
			return "", nil, err
		}
	}
	// The messages are made and read as JavaScript values, not with
	// jsonlite: the worker saves files too, and one dynamic call of a
	// codec there would keep every message type's codec in core.wasm.
	res, err := sendMessageJS(ctx, offscreenMessage("offscreen.url", "id", key))
	url := ""
	if err == nil && res.Type() == js.TypeObject {
		if ok := res.Get("ok"); ok.Type() == js.TypeObject && ok.Get("url").Type() == js.TypeString {
			url = ok.Get("url").String()
		}
	}
	if err != nil || url == "" {
		_, _ = Await(context.Background(), off.Call("closeDocument"))
		if err == nil {
			err = &SaveError{Reason: "FILE_GONE"}
		}
		return "", nil, err
	}
	return url, func() {
		bg := context.Background()
		_, _ = sendMessageJS(bg, offscreenMessage("offscreen.revoke", "url", url))
		_, _ = Await(bg, off.Call("closeDocument"))
	}, nil
}

// asBytes is blob as application/octet-stream: a browser saves such a
// file under the name it is given, where it would change the extension
// of a name that does not fit the Blob's own type (a .pdf of
// text/plain becomes .txt).
func asBytes(blob js.Value) js.Value {
	o := js.Global().Get("Object").New()
	o.Set("type", "application/octet-stream")
	return js.Global().Get("Blob").New(js.Global().Get("Array").New(blob), o)
}

// offscreenMessage is {name, body: {key: value}}.
func offscreenMessage(name, key, value string) js.Value {
	body := js.Global().Get("Object").New()
	body.Set(key, value)
	m := js.Global().Get("Object").New()
	m.Set("name", name)
	m.Set("body", body)
	return m
}
