//go:build js && wasm

// Package jsfetch is the fetch bridge: the protocol client's Doer in the
// browser. It is a package of its own so that the pages, which send no
// protocol request, do not link it.
package jsfetch

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"syscall/js"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/jsx"
)

// Fetch is a protocol.Request → fetch() → protocol.Response bridge, the
// Doer of the protocol client in the browser. It is written after net/http's
// roundtrip_js.go, with what that one does not do for us: credentials
// "include" (the web WeChat cookies must travel), no fallback to a fake
// network, and the body sent as one Uint8Array (Chrome and Firefox refuse a
// streamed request body without the duplex option).
type Fetch struct{}

// Do sends the request with the browser's fetch. Headers a browser forbids
// (Origin, Referer, Sec-Fetch-*) are dropped by fetch itself; the
// extension's declarativeNetRequest rules set them.
func (Fetch) Do(req *protocol.Request) (*protocol.Response, error) {
	ctx := req.Ctx
	var body js.Value = js.Undefined()
	if pb, ok := req.Body.(protocol.PartsBody); ok {
		// An upload chunk: its form fields are copied, its bytes are a
		// Blob's slice that never enters Go's memory.
		parts := js.Global().Get("Array").New()
		for _, p := range pb.BodyParts() {
			switch p := p.(type) {
			case []byte:
				u := js.Global().Get("Uint8Array").New(len(p))
				js.CopyBytesToJS(u, p)
				parts.Call("push", u)
			case js.Value:
				parts.Call("push", p)
			default:
				pb.Close()
				return nil, fmt.Errorf("jsfetch: a body part of type %T", p)
			}
		}
		pb.Close()
		body = js.Global().Get("Blob").New(parts)
	} else if req.Body != nil {
		// A known length is read into one allocation (io.ReadAll would
		// grow and copy a 512 KiB chunk a dozen times).
		var b []byte
		var err error
		if n := req.ContentLength; n > 0 {
			b = make([]byte, n)
			_, err = io.ReadFull(req.Body, b)
		} else {
			b, err = io.ReadAll(req.Body)
		}
		if c, ok := req.Body.(io.Closer); ok {
			c.Close()
		}
		if err != nil {
			return nil, fmt.Errorf("reading the request body: %w", err)
		}
		if len(b) > 0 {
			// As a Blob: Chromium sends a Blob's bytes to the network far
			// faster than a Uint8Array's (measured: a 512 KiB chunk took
			// some 90 ms as a Uint8Array, about 25 ms as a Blob).
			u := js.Global().Get("Uint8Array").New(len(b))
			js.CopyBytesToJS(u, b)
			body = js.Global().Get("Blob").New([]any{u})
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	headers := js.Global().Get("Headers").New()
	for k, v := range req.Header {
		headers.Call("append", k, v)
	}
	ac := js.Global().Get("AbortController").New()
	opt := js.Global().Get("Object").New()
	opt.Set("method", req.Method)
	opt.Set("headers", headers)
	opt.Set("credentials", "include")
	opt.Set("cache", "no-store")
	opt.Set("signal", ac.Get("signal"))
	if !body.IsUndefined() {
		opt.Set("body", body)
	}
	// The browser must not take the wait for idleness (jsx.Busy).
	idle := jsx.Busy()
	p := js.Global().Call("fetch", req.URL.String(), opt)

	// A cancelled context aborts the fetch; Await returns at once, and the
	// abort settles the promise so its callbacks are released.
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case <-ctx.Done():
			ac.Call("abort")
		case <-stop:
		}
	}()
	resp, err := jsx.Await(ctx, p)
	idle()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("fetch failed: %w", err)
	}
	out := &protocol.Response{StatusCode: resp.Get("status").Int(), Header: protocol.Header{}}
	each := js.FuncOf(func(_ js.Value, args []js.Value) any {
		// fetch joins repeated fields with ", ", as one value.
		out.Header.Set(args[1].String(), args[0].String())
		return nil
	})
	resp.Get("headers").Call("forEach", each)
	each.Release()
	out.ContentLength = -1
	if cl, err := strconv.ParseInt(out.Header.Get("Content-Length"), 10, 64); err == nil {
		out.ContentLength = cl
	}
	rb := resp.Get("body")
	if rb.IsNull() || rb.IsUndefined() {
		out.Body = io.NopCloser(&emptyReader{})
		return out, nil
	}
	if out.ContentLength >= 0 && out.ContentLength <= smallAnswer {
		// A JSON answer (every upload chunk has one): one await for the
		// whole of it, where a stream takes one per piece and one more
		// for its end.
		out.Body = &wholeReader{resp: resp, req: req}
		return out, nil
	}
	out.Body = &streamReader{r: rb.Call("getReader"), req: req}
	return out, nil
}

// smallAnswer is the largest answer read whole.
const smallAnswer = 64 << 10

// wholeReader reads a small answer with one arrayBuffer().
type wholeReader struct {
	resp js.Value
	req  *protocol.Request
	buf  []byte
	read bool
	err  error
}

func (w *wholeReader) Read(p []byte) (int, error) {
	if !w.read {
		w.read = true
		idle := jsx.Busy()
		ab, err := jsx.Await(w.req.Ctx, w.resp.Call("arrayBuffer"))
		idle()
		if err != nil {
			w.err = fmt.Errorf("reading the response: %w", err)
			return 0, w.err
		}
		u := js.Global().Get("Uint8Array").New(ab)
		w.buf = make([]byte, u.Get("byteLength").Int())
		js.CopyBytesToGo(w.buf, u)
	}
	if w.err != nil {
		return 0, w.err
	}
	if len(w.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, w.buf)
	w.buf = w.buf[n:]
	return n, nil
}

// Close lets the answer go unread.
func (w *wholeReader) Close() error {
	if !w.read {
		w.read = true
		w.err = errors.New("jsfetch: body closed")
		if b := w.resp.Get("body"); !b.IsNull() && !b.IsUndefined() {
			b.Call("cancel")
		}
	}
	return nil
}

type emptyReader struct{}

func (emptyReader) Read([]byte) (int, error) { return 0, io.EOF }

// streamReader reads a ReadableStream chunk by chunk, so a large download
// is never whole in memory.
type streamReader struct {
	r      js.Value
	req    *protocol.Request
	buf    []byte
	err    error
	closed bool
}

func (s *streamReader) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if len(s.buf) == 0 {
		idle := jsx.Busy()
		res, err := jsx.Await(s.req.Ctx, s.r.Call("read"))
		idle()
		if err != nil {
			s.err = fmt.Errorf("reading the response: %w", err)
			return 0, s.err
		}
		if res.Get("done").Bool() {
			s.err = io.EOF
			return 0, io.EOF
		}
		v := res.Get("value")
		s.buf = make([]byte, v.Get("byteLength").Int())
		js.CopyBytesToGo(s.buf, v)
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

func (s *streamReader) Close() error {
	if !s.closed {
		s.closed = true
		s.r.Call("cancel").Call("catch", js.FuncOf(func(js.Value, []js.Value) any { return nil }))
	}
	if s.err == nil {
		s.err = errors.New("read after close")
	}
	return nil
}
