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
	// URL is the answer's, after redirects (Redirected: there were some).
	URL                             string
	Redirected                      bool
	ContentType, ContentDisposition string
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

// ErrTooBig: the body is longer than Keep.Limit (it was not kept).
var ErrTooBig = errors.New("jsx: the download is larger than its limit")

// Keep is what Download does with a body it keeps.
type Keep struct {
	// Limit is the most bytes kept: a longer body is ErrTooBig.
	Limit int64
	// MD5 hashes the body as it arrives (the upload needs the MD5 before
	// its first request; it is computed while the file downloads). The
	// hash is made only for a body that is kept.
	MD5 bool
	// Progress hears the bytes read so far. May be nil.
	Progress func(done int64)
	// Kept gets the whole Blob, and its MD5 when asked for. Storing it
	// (IndexedDB) is the caller's.
	Kept func(blob js.Value, md5 [16]byte)
}

// Downloaded is what Download got of an answer.
type Downloaded struct {
	// Answer is what the answer said of itself (set once it came).
	Answer Answer
	// Kept: the body was read whole and handed to Keep.Kept; Size is its
	// length.
	Kept bool
	Size int64
	// Head is the body's start when it was not kept.
	Head []byte
}

// Download fetches url with the site's cookies, as a page load would
// (credentials "include"), or without them when cookies is false. decide sees the answer's headers, and where
// redirects led (Answer.URL) before any byte of the body is read: keep
// keeps the whole body as a Blob (see keepBody), gives it to k.Kept
// and says its size; else up to head bytes of the body are returned
// and the rest is left unread; an error refuses the answer, unread.
//
// Redirects are followed by the browser: a service worker cannot step
// through them (redirect "manual" gives an opaque answer without its
// Location), so what a redirect reached is judged from the answer, and
// the request to it has been made.
//
// header, if not empty, is sent with the request (a media URL's Range).
func Download(ctx context.Context, url string, header map[string]string, cookies bool, decide func(Answer) (bool, error), k Keep, head int) (Downloaded, error) {
	// The browser must not take the download's waits for idleness.
	defer Busy()()
	ctrl := js.Global().Get("AbortController").New()
	stop := context.AfterFunc(ctx, func() { ctrl.Call("abort") })
	defer stop()
	init := js.Global().Get("Object").New()
	// Without cookies, a site's embedded media of another site, as the
	// page itself loaded it (share.WithCookies).
	if cookies {
		init.Set("credentials", "include")
	} else {
		init.Set("credentials", "omit")
	}
	// Past the browser's HTTP cache, neither read nor written: the cache
	// on disk keys an answer by its URL, and a message's media URL
	// carries the skey, or pass_ticket, webwx_data_ticket and the uin
	// (security.md row 92); a site's file is the person's, fetched once.
	init.Set("cache", "no-store")
	init.Set("signal", ctrl.Get("signal"))
	if len(header) > 0 {
		h := js.Global().Get("Object").New()
		for k, v := range header {
			h.Set(k, v)
		}
		init.Set("headers", h)
	}
	resp, err := Await(ctx, js.Global().Call("fetch", url, init))
	if err != nil {
		if ctx.Err() != nil {
			return Downloaded{}, ctx.Err()
		}
		return Downloaded{}, ErrUnreachable
	}
	h := resp.Get("headers")
	get := func(name string) string {
		v := h.Call("get", name)
		if v.IsNull() {
			return ""
		}
		return v.String()
	}
	a := Answer{URL: resp.Get("url").String(), Redirected: resp.Get("redirected").Truthy(), ContentType: get("content-type"), ContentDisposition: get("content-disposition"), Size: -1}
	if n, err := strconv.ParseInt(get("content-length"), 10, 64); err == nil {
		a.Size = n
	}
	st := resp.Get("status").Int()
	if st >= 400 && !a.Redirected {
		ctrl.Call("abort")
		return Downloaded{Answer: a}, &HTTPError{Status: st}
	}
	keep, err := decide(a)
	if st >= 400 && err == nil {
		// Where a redirect led is judged first: one decide refuses is
		// said as such, whatever its status.
		err = &HTTPError{Status: st}
	}
	if err != nil {
		ctrl.Call("abort")
		return Downloaded{Answer: a}, err
	}
	if !keep {
		start, err := readHead(ctx, resp, head)
		ctrl.Call("abort")
		return Downloaded{Answer: a, Head: start}, err
	}
	var hash *MD5
	if k.MD5 {
		if hash, err = NewMD5(); err != nil {
			ctrl.Call("abort")
			return Downloaded{Answer: a}, err
		}
	}
	blob, size, err := keepBody(ctx, resp, a.Size, k.Limit, hash, k.Progress)
	if err != nil {
		ctrl.Call("abort")
		switch {
		case ctx.Err() != nil:
			return Downloaded{Answer: a}, ctx.Err()
		case errors.Is(err, ErrTooBig), errors.Is(err, ErrTornBody):
			// A torn body is not a site that could not be reached:
			// the site answered whole, and the two reads disagree.
			return Downloaded{Answer: a}, err
		}
		return Downloaded{Answer: a}, ErrUnreachable
	}
	if k.Kept != nil {
		var sum [16]byte
		if hash != nil {
			sum = hash.Sum()
		}
		k.Kept(blob, sum)
	}
	return Downloaded{Answer: a, Kept: true, Size: size}, nil
}

// keepBody reads a response's body to its end for what must be known
// as it arrives (its length against limit, its MD5, the progress) while
// the browser keeps the bytes itself: a clone of the response made a
// Blob by Response.blob(), which the browser fills from the network
// without handing a byte to this thread. A body of more than limit bytes
// is ErrTooBig, found as soon as it is read (the caller's abort then
// ends the clone too); a null body (no content) is an empty Blob. The
// Blob has the answer's type, as Response.blob() gives it.
//
// Why a clone: the worker made the Blob itself before, of the parts it
// read (Blobs of 16 MiB of its buffer), and a Blob made of bytes in the
// worker is copied to the browser's blob storage on the worker's thread.
// Profiled in Chromium 156 (e2e/cmd/sharebench -profile -net, 64 MiB),
// that copy was 408 ms of the worker's thread in a download of 0.74 s,
// against 0.16 s for the baseline's Response.blob(); the reading was 64
// ms and the MD5 103 ms. The measurements of this way are in the README
// ("How it works", sending from a page).
func keepBody(ctx context.Context, resp js.Value, said, limit int64, hash *MD5, progress func(int64)) (js.Value, int64, error) {
	kept := resp.Call("clone").Call("blob")
	// Awaited below unless the read fails first; then the abort rejects
	// it, and that rejection is no one's to hear.
	kept.Call("catch", ignored())
	size, err := scanBody(ctx, resp.Get("body"), said, limit, hash, progress)
	if err != nil {
		return js.Undefined(), size, err
	}
	blob, err := Await(ctx, kept)
	if err != nil {
		return js.Undefined(), size, err
	}
	// One body, read twice: both ends must agree, or the MD5 is not the
	// kept bytes'.
	if int64(blob.Get("size").Float()) != size {
		return js.Undefined(), size, ErrTornBody
	}
	return blob, size, nil
}

// ErrTornBody: the Blob of a response's clone is not as long as the body
// read (never seen; said rather than send a file whose MD5 is another's).
// Its own error, not ErrUnreachable: the site answered, and a person
// told "the site did not answer, check the connection" would look in
// the wrong place.
var ErrTornBody = errors.New("jsx: the kept body's length differs from the body read")

var ignoredFunc js.Func

// ignored is a function that does nothing, made once: a promise's
// rejection handler when the rejection is expected and not needed.
func ignored() js.Func {
	if ignoredFunc.IsUndefined() {
		ignoredFunc = js.FuncOf(func(js.Value, []js.Value) any { return nil })
	}
	return ignoredFunc
}

// scanBuffer is the most bytes scanBody asks the stream for at a time;
// minScan the least buffer (a small body said its length).
const (
	scanBuffer = 1 << 20
	minScan    = 64 << 10
)

// scanBody reads a ReadableStream of bytes (a response's body) to its
// end without keeping it: each chunk is hashed as it arrives (in
// JavaScript's memory, by the md5wasm module: no byte is copied into Go)
// and counted against limit. A byte stream (a fetch body in Chromium) is
// read into one buffer again and again (a "byob" reader; scanBuffer
// bytes, or what the answer said when less), not into a new ArrayBuffer
// of the browser's for each chunk; any other stream chunk by chunk.
func scanBody(ctx context.Context, body js.Value, said, limit int64, hash *MD5, progress func(int64)) (int64, error) {
	if body.IsNull() || body.IsUndefined() {
		return 0, nil
	}
	capacity := int64(scanBuffer)
	if said >= 0 {
		capacity = min(max(said, minScan), scanBuffer)
	}
	var r, buf js.Value
	opts := js.Global().Get("Object").New()
	opts.Set("mode", "byob")
	// A stream that is not of bytes refuses a byob reader (TypeError).
	byob := catch(func() { r = body.Call("getReader", opts) }) == nil
	if byob {
		buf = js.Global().Get("ArrayBuffer").New(capacity)
	} else {
		r = body.Call("getReader")
	}
	u8 := js.Global().Get("Uint8Array")
	var size int64
	for {
		var next js.Value
		if byob {
			next = r.Call("read", u8.New(buf, 0, capacity))
		} else {
			next = r.Call("read")
		}
		v, err := Await(ctx, next)
		if err != nil {
			return size, err
		}
		if v.Get("done").Bool() {
			return size, nil
		}
		chunk := v.Get("value")
		if byob {
			// The buffer read into comes back with the chunk.
			buf = chunk.Get("buffer")
		}
		n := int64(chunk.Get("byteLength").Int())
		if size+n > limit {
			r.Call("cancel")
			return size, ErrTooBig
		}
		if hash != nil {
			hash.WriteJS(chunk)
		}
		size += n
		if progress != nil {
			progress(size)
		}
	}
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
