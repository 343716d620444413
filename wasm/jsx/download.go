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
// reads the whole body into a Blob (see readBody), gives it to k.Kept
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
	blob, size, err := readBodyOf(ctx, resp.Get("body"), a.Size, a.ContentType, k.Limit, hash, k.Progress)
	if err != nil {
		ctrl.Call("abort")
		switch {
		case ctx.Err() != nil:
			return Downloaded{Answer: a}, ctx.Err()
		case errors.Is(err, ErrTooBig):
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

// partSize is about how many bytes of a body readBody gathers before it
// makes them a Blob: JavaScript holds at most this much of a download
// (and one chunk of the stream), whatever its size.
const partSize = 16 << 20

// readBody reads a ReadableStream of bytes (a response's body) to its
// end. Each chunk is hashed as it arrives (in JavaScript's memory, by
// the md5wasm module: no byte is copied into Go), and the chunks are
// kept as a Blob made of Blobs of about partSize bytes: one pass over
// the bytes, the hash of a chunk done while the network brings the next.
// Measured in Chromium 156's service worker on this project's test
// machine (2 cores), 64 MiB with its MD5: 0.45–0.55 s, against
// 0.57–0.60 s for Response.blob() then a second pass over the Blob in
// 4 MiB slices (0.18–0.21 s of it the download). Fewer, larger parts
// cost less: each Blob made costs about 3 ms, whatever its size.
//
// A byte stream (a fetch body in Chromium) is read into one buffer a
// part (a "byob" reader; partSize bytes, or what the answer said when
// less), not into a new ArrayBuffer of the browser's for each chunk, and
// each part's Blob is made of that buffer's one view instead of its
// chunks. Measured the same way, in JavaScript alone, 64 MiB with its
// MD5 on a loaded machine: medians 1,057 and 1,739 ms against 1,374
// and 1,986 ms with the default reader (8 and 10 alternating rounds).
// In the whole send (e2e/cmd/sharebench -ab against the default reader,
// four runs of 9–11 rounds), the time to the first chunk: 64 MiB 1.55 /
// 2.68 s, 0.49 / 0.62 s, 0.64 / 0.66 s, 256 MiB 2.01 / 2.54 s (medians);
// the send's ratio to its baseline moved within the machine's noise.
// Any other stream is read chunk by chunk.
//
// A body of more than limit bytes is ErrTooBig, found as soon as it is
// read; a null body (no content) is an empty Blob.
//
// The Blob has the type contentType, as Response.blob() gives it.
func readBody(ctx context.Context, body js.Value, contentType string, limit int64, hash *MD5, progress func(int64)) (js.Value, int64, error) {
	return readBodyOf(ctx, body, -1, contentType, limit, hash, progress)
}

// minPart is the least buffer readBodyOf reads a byte stream into.
const minPart = 64 << 10

// readBodyOf is readBody of a body the answer said is said bytes long
// (-1 when it did not): a byte stream's buffer is no larger than that,
// so that a small download does not take partSize bytes. (A compressed
// body is longer than its Content-Length: it is kept in more parts.)
func readBodyOf(ctx context.Context, body js.Value, said int64, contentType string, limit int64, hash *MD5, progress func(int64)) (js.Value, int64, error) {
	blobType := js.Global().Get("Blob")
	typed := js.Global().Get("Object").New()
	typed.Set("type", contentType)
	arr := js.Global().Get("Array")
	blobs := arr.New()
	if body.IsNull() || body.IsUndefined() {
		return blobType.New(blobs, typed), 0, nil
	}
	capacity := int64(partSize)
	if said >= 0 {
		capacity = min(max(said, minPart), partSize)
	}
	p := newParts(body, capacity)
	var size int64
	for {
		v, err := Await(ctx, p.read())
		if err != nil {
			return js.Undefined(), size, err
		}
		chunk := v.Get("value")
		if v.Get("done").Bool() {
			p.took(chunk, 0)
			break
		}
		n := int64(chunk.Get("byteLength").Int())
		if size+n > limit {
			p.r.Call("cancel")
			return js.Undefined(), size, ErrTooBig
		}
		if hash != nil {
			hash.WriteJS(chunk)
		}
		size += n
		if p.took(chunk, n) {
			blobs.Call("push", p.blob())
		}
		if progress != nil {
			progress(size)
		}
	}
	if p.inPart > 0 {
		blobs.Call("push", p.blob())
	}
	return blobType.New(blobs, typed), size, nil
}

// parts gathers a stream's chunks into parts of about capacity bytes: in
// one buffer of that size read into (byob), or as the stream's own chunks.
type parts struct {
	r        js.Value
	byob     bool
	capacity int64
	// buf is the part's buffer (byob): each read takes it and gives it
	// back with the chunk.
	buf    js.Value
	chunks js.Value // the part's chunks (not byob)
	inPart int64
}

func newParts(body js.Value, capacity int64) *parts {
	p := &parts{chunks: js.Global().Get("Array").New(), capacity: capacity}
	opts := js.Global().Get("Object").New()
	opts.Set("mode", "byob")
	// A stream that is not of bytes refuses a byob reader (TypeError).
	if err := catch(func() { p.r = body.Call("getReader", opts) }); err == nil {
		p.byob = true
		p.buf = js.Global().Get("ArrayBuffer").New(capacity)
		return p
	}
	p.r = body.Call("getReader")
	return p
}

// read asks for the next chunk: into the rest of the part's buffer
// (byob), or as the stream gives it.
func (p *parts) read() js.Value {
	if !p.byob {
		return p.r.Call("read")
	}
	view := js.Global().Get("Uint8Array").New(p.buf, p.inPart, p.capacity-p.inPart)
	return p.r.Call("read", view)
}

// took adds a chunk of n bytes that read gave (byob: the buffer comes
// back with it, also at the stream's end), and reports whether the part
// is full.
func (p *parts) took(chunk js.Value, n int64) bool {
	if p.byob {
		if !chunk.IsUndefined() {
			p.buf = chunk.Get("buffer")
		}
	} else if n > 0 {
		p.chunks.Call("push", chunk)
	}
	p.inPart += n
	return p.inPart >= p.capacity
}

// blob makes the part a Blob (which copies its bytes: the buffer is read
// into again) and starts the next part.
func (p *parts) blob() js.Value {
	var b js.Value
	if p.byob {
		view := js.Global().Get("Uint8Array").New(p.buf, 0, p.inPart)
		b = js.Global().Get("Blob").New([]any{view})
	} else {
		b = js.Global().Get("Blob").New(p.chunks)
		p.chunks = js.Global().Get("Array").New()
	}
	p.inPart = 0
	return b
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
