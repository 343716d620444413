//go:build js && wasm

package jsx

import (
	"bytes"
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/md5wasm"
)

// testBody is a deterministic body of n bytes.
func testBody(n int) []byte {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

// streamOf is a ReadableStream that gives b in chunks of chunk bytes, as
// a response's body does.
func streamOf(b []byte, chunk int) js.Value {
	u8 := js.Global().Get("Uint8Array")
	var start js.Func
	start = js.FuncOf(func(_ js.Value, args []js.Value) any {
		c := args[0]
		for off := 0; off < len(b); off += chunk {
			p := b[off:min(off+chunk, len(b))]
			v := u8.New(len(p))
			js.CopyBytesToJS(v, p)
			c.Call("enqueue", v)
		}
		c.Call("close")
		start.Release()
		return nil
	})
	src := js.Global().Get("Object").New()
	src.Set("start", start)
	return js.Global().Get("ReadableStream").New(src)
}

// byteStreamOf is a ReadableStream of bytes that gives b at most chunk
// bytes at a time, as a fetch body in Chromium does: into the reader's
// buffer when it gives one (byob), else as chunks of its own. The counts
// say how it was read.
func byteStreamOf(b []byte, chunk int) (js.Value, *streamReads) {
	reads := &streamReads{}
	u8 := js.Global().Get("Uint8Array")
	off := 0
	var pull js.Func
	pull = js.FuncOf(func(_ js.Value, args []js.Value) any {
		c := args[0]
		req := c.Get("byobRequest")
		if off >= len(b) {
			c.Call("close")
			if !req.IsNull() && !req.IsUndefined() {
				req.Call("respond", 0)
			}
			pull.Release()
			return nil
		}
		if req.IsNull() || req.IsUndefined() {
			p := b[off:min(off+chunk, len(b))]
			v := u8.New(len(p))
			js.CopyBytesToJS(v, p)
			c.Call("enqueue", v)
			off += len(p)
			reads.own++
			return nil
		}
		view := req.Get("view")
		reads.maxView = max(reads.maxView, view.Get("byteLength").Int())
		p := b[off:min(off+chunk, off+view.Get("byteLength").Int(), len(b))]
		js.CopyBytesToJS(view, p)
		req.Call("respond", len(p))
		off += len(p)
		reads.byob++
		return nil
	})
	src := js.Global().Get("Object").New()
	src.Set("type", "bytes")
	src.Set("pull", pull)
	return js.Global().Get("ReadableStream").New(src), reads
}

// streamReads counts the reads of a byteStreamOf: into the reader's
// buffer (byob), with the largest buffer given (maxView), or into the
// stream's own chunks (own).
type streamReads struct{ byob, maxView, own int }

// blobBytes reads a whole Blob.
func blobBytes(t *testing.T, blob js.Value) []byte {
	t.Helper()
	ab, err := Await(context.Background(), blob.Call("arrayBuffer"))
	require.NoError(t, err)
	u := js.Global().Get("Uint8Array").New(ab)
	out := make([]byte, u.Get("byteLength").Int())
	js.CopyBytesToGo(out, u)
	return out
}

// responseOf is a Response with the body stream (null: none) and the
// Content-Type contentType, as fetch gives one.
func responseOf(stream js.Value, contentType string) js.Value {
	init := js.Global().Get("Object").New()
	h := js.Global().Get("Object").New()
	if contentType != "" {
		h.Set("content-type", contentType)
	}
	init.Set("headers", h)
	return js.Global().Get("Response").New(stream, init)
}

// skipWithoutStreams skips a test where this JavaScript has no streams,
// Blobs or Responses (Node has them since 18).
func skipWithoutStreams(t *testing.T) {
	for _, name := range []string{"ReadableStream", "Blob", "Response"} {
		if js.Global().Get(name).IsUndefined() {
			t.Skip("no " + name + " in this JavaScript")
		}
	}
}

// TestKeepBody: a streamed body's MD5 and kept bytes are exact, for sizes
// around the scan buffer's and chunks smaller and larger than the MD5
// module's buffer; the progress counts every byte.
func TestKeepBody(t *testing.T) {
	skipWithoutStreams(t)
	tests := []struct {
		size, chunk int
	}{
		{0, 1024},
		{1, 1024},
		{65537, 4096},
		{scanBuffer - 1, 1 << 20},
		{scanBuffer, 1 << 20},
		{scanBuffer + 1, 1 << 20},
		{scanBuffer + 1, md5wasm.DataSize + md5wasm.DataSize/2},
		{9*scanBuffer + 3, 65521},
		{3 * md5wasm.DataSize, 3 * md5wasm.DataSize},
	}
	for _, tt := range tests {
		for _, bytesStream := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d bytes in chunks of %d, a byte stream %v", tt.size, tt.chunk, bytesStream), func(t *testing.T) {
				checkKeepBody(t, tt.size, tt.chunk, bytesStream)
			})
		}
	}
}

// checkKeepBody keeps a body of size bytes given in chunks of chunk
// bytes, by a byte stream or another, and checks what keepBody kept and
// hashed.
func checkKeepBody(t *testing.T, size, chunk int, bytesStream bool) {
	body := testBody(size)
	stream := streamOf(body, chunk)
	if bytesStream {
		stream, _ = byteStreamOf(body, chunk)
	}
	h, err := NewMD5()
	require.NoError(t, err)
	var last int64
	calls := 0
	blob, n, err := keepBody(context.Background(), responseOf(stream, "application/pdf"), -1, int64(size), h, func(done int64) {
		assert.Greater(t, done, last)
		last = done
		calls++
	})
	require.NoError(t, err)
	assert.Equal(t, int64(size), n)
	assert.Equal(t, md5.Sum(body), h.Sum())
	assert.Equal(t, float64(size), blob.Get("size").Float())
	assert.Equal(t, "application/pdf", blob.Get("type").String(), "the Blob keeps the answer's type")
	assert.True(t, bytes.Equal(body, blobBytes(t, blob)), "the Blob's bytes differ from the body's")
	// A clone's branch may join chunks or split them: each read counts,
	// the last says all.
	if size > 0 {
		assert.Positive(t, calls)
	}
	assert.Equal(t, int64(size), last)
}

// TestScanBodyReadsBytesIntoItsBuffer: a byte stream (a fetch body in
// Chromium) is read into scanBody's own buffer, not into an ArrayBuffer
// the stream makes for each chunk; one that said its length into a
// buffer of that length (at least minScan, at most scanBuffer); one
// longer than it said (a compressed body) is read whole.
func TestScanBodyReadsBytesIntoItsBuffer(t *testing.T) {
	skipWithoutStreams(t)
	tests := []struct {
		size  int
		said  int64
		chunk int
	}{
		{2*scanBuffer + 12345, -1, 1 << 20},
		{2*scanBuffer + 12345, 2*scanBuffer + 12345, 3 << 20},
		{100000, 100000, 30000},
		{300000, 100, 70000},
		{10, 10, 1024},
		{3*minScan + 7, 2 * minScan, minScan / 3},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d bytes said %d", tt.size, tt.said), func(t *testing.T) {
			body := testBody(tt.size)
			stream, reads := byteStreamOf(body, tt.chunk)
			h, err := NewMD5()
			require.NoError(t, err)
			n, err := scanBody(context.Background(), stream, tt.said, int64(tt.size), h, nil)
			require.NoError(t, err)
			assert.Equal(t, int64(tt.size), n)
			assert.Equal(t, md5.Sum(body), h.Sum())
			assert.Equal(t, 0, reads.own, "reads the stream made its own chunk for")
			assert.Greater(t, reads.byob, 0)
			want := int64(scanBuffer)
			if tt.said >= 0 {
				want = min(max(tt.said, minScan), scanBuffer)
			}
			assert.Equal(t, int(want), reads.maxView, "the buffer read into")
		})
	}
}

// TestKeepBodyLimit: a body longer than the limit is ErrTooBig, one of
// exactly the limit is kept; a null body is an empty Blob.
func TestKeepBodyLimit(t *testing.T) {
	skipWithoutStreams(t)
	body := testBody(100000)
	keep := func(stream js.Value, limit int64) (js.Value, int64, error) {
		return keepBody(context.Background(), responseOf(stream, ""), -1, limit, nil, nil)
	}
	_, _, err := keep(streamOf(body, 30000), 99999)
	assert.True(t, errors.Is(err, ErrTooBig), "%v", err)
	_, n, err := keep(streamOf(body, 30000), 100000)
	require.NoError(t, err)
	assert.Equal(t, int64(100000), n)
	bs, _ := byteStreamOf(body, 30000)
	_, _, err = keep(bs, 99999)
	assert.True(t, errors.Is(err, ErrTooBig), "a byte stream: %v", err)
	h, err := NewMD5()
	require.NoError(t, err)
	blob, n, err := keepBody(context.Background(), responseOf(js.Null(), ""), -1, 10, h, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(0), n)
	assert.Equal(t, 0, blob.Get("size").Int())
}

// TestKeepBodyCancel: a cancelled context ends the read.
func TestKeepBodyCancel(t *testing.T) {
	skipWithoutStreams(t)
	// A stream that never gives anything.
	never := js.Global().Get("ReadableStream").New(js.Global().Get("Object").New())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := keepBody(ctx, responseOf(never, ""), -1, 10, nil, nil)
	assert.ErrorIs(t, err, context.Canceled)
}

// TestKeepBodyTornBody: a kept Blob not as long as the body read is an
// error, not a file whose MD5 is another's.
func TestKeepBodyTornBody(t *testing.T) {
	skipWithoutStreams(t)
	body := testBody(1000)
	short := responseOf(streamOf(body[:999], 100), "")
	resp := responseOf(streamOf(body, 100), "")
	clone := js.FuncOf(func(js.Value, []js.Value) any { return short })
	defer clone.Release()
	resp.Set("clone", clone)
	_, _, err := keepBody(context.Background(), resp, -1, 1000, nil, nil)
	assert.ErrorIs(t, err, ErrTornBody)
}

// TestDownloadTornBodyIsSaid: Download says a torn body as ErrTornBody,
// not as ErrUnreachable ("the site did not answer, check the
// connection", which sent a person to look at a connection that
// worked). fetch is this test's own for its length: the answer's clone
// keeps one byte less than the body read.
func TestDownloadTornBodyIsSaid(t *testing.T) {
	skipWithoutStreams(t)
	body := testBody(1000)
	var funcs []js.Func
	defer func() {
		for _, f := range funcs {
			f.Release()
		}
	}()
	clone := func(v js.Value) js.Func {
		f := js.FuncOf(func(js.Value, []js.Value) any { return v })
		funcs = append(funcs, f)
		return f
	}
	fetch := js.FuncOf(func(js.Value, []js.Value) any {
		resp := responseOf(streamOf(body, 100), "application/octet-stream")
		short := responseOf(streamOf(body[:999], 100), "application/octet-stream")
		resp.Set("clone", clone(short))
		return js.Global().Get("Promise").Call("resolve", resp)
	})
	defer fetch.Release()
	old := js.Global().Get("fetch")
	js.Global().Set("fetch", fetch)
	defer js.Global().Set("fetch", old)
	keep := func(Answer) (bool, error) { return true, nil }
	kept := false
	got, err := Download(context.Background(), "https://example.com/f", nil, false, keep, Keep{Limit: 1 << 20, Kept: func(js.Value, [16]byte) { kept = true }}, 0)
	assert.ErrorIs(t, err, ErrTornBody)
	assert.False(t, errors.Is(err, ErrUnreachable), "%v", err)
	assert.False(t, kept || got.Kept, "a torn body was kept")
}
