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

// TestReadBody: a streamed body's MD5 and kept bytes are exact, for sizes
// around the parts' boundaries and chunks smaller and larger than the
// MD5 module's buffer; the progress counts every byte.
func TestReadBody(t *testing.T) {
	if js.Global().Get("ReadableStream").IsUndefined() || js.Global().Get("Blob").IsUndefined() {
		t.Skip("no ReadableStream or Blob in this JavaScript")
	}
	tests := []struct {
		size, chunk int
	}{
		{0, 1024},
		{1, 1024},
		{65537, 4096},
		{partSize - 1, 1 << 20},
		{partSize, 1 << 20},
		{partSize + 1, 1 << 20},
		{partSize + 1, md5wasm.DataSize + md5wasm.DataSize/2},
		{2*partSize + 3, 65521},
		{3 * md5wasm.DataSize, 3 * md5wasm.DataSize},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d bytes in chunks of %d", tt.size, tt.chunk), func(t *testing.T) {
			body := testBody(tt.size)
			h, err := NewMD5()
			require.NoError(t, err)
			var last int64
			calls := 0
			blob, n, err := readBody(context.Background(), streamOf(body, tt.chunk), "application/pdf", int64(tt.size), h, func(done int64) {
				assert.Greater(t, done, last)
				last = done
				calls++
			})
			require.NoError(t, err)
			assert.Equal(t, int64(tt.size), n)
			want := md5.Sum(body)
			assert.Equal(t, want, h.Sum())
			assert.Equal(t, float64(tt.size), blob.Get("size").Float())
			assert.Equal(t, "application/pdf", blob.Get("type").String(), "the Blob keeps the answer's type")
			assert.True(t, bytes.Equal(body, blobBytes(t, blob)), "the Blob's bytes differ from the body's")
			assert.Equal(t, (tt.size+tt.chunk-1)/tt.chunk, calls)
			assert.Equal(t, int64(tt.size), last)
		})
	}
}

// TestReadBodyLimit: a body longer than the limit is ErrTooBig, one of
// exactly the limit is kept; a null body is an empty Blob.
func TestReadBodyLimit(t *testing.T) {
	if js.Global().Get("ReadableStream").IsUndefined() {
		t.Skip("no ReadableStream in this JavaScript")
	}
	body := testBody(100000)
	_, _, err := readBody(context.Background(), streamOf(body, 30000), "", 99999, nil, nil)
	assert.True(t, errors.Is(err, ErrTooBig), "%v", err)
	_, n, err := readBody(context.Background(), streamOf(body, 30000), "", 100000, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(100000), n)
	h, err := NewMD5()
	require.NoError(t, err)
	blob, n, err := readBody(context.Background(), js.Null(), "", 10, h, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(0), n)
	assert.Equal(t, 0, blob.Get("size").Int())
}

// TestReadBodyCancel: a cancelled context ends the read.
func TestReadBodyCancel(t *testing.T) {
	if js.Global().Get("ReadableStream").IsUndefined() {
		t.Skip("no ReadableStream in this JavaScript")
	}
	// A stream that never gives anything.
	never := js.Global().Get("ReadableStream").New(js.Global().Get("Object").New())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := readBody(ctx, never, "", 10, nil, nil)
	assert.ErrorIs(t, err, context.Canceled)
}
