//go:build js && wasm

package jsx

import (
	"context"
	"io"
	"syscall/js"
)

// Blob reads a JavaScript Blob (or File) as an io.ReaderAt, one slice at a
// time: neither Go nor JavaScript ever holds the whole file.
type Blob struct {
	v    js.Value
	size int64
}

// NewBlob wraps a Blob.
func NewBlob(v js.Value) *Blob { return &Blob{v: v, size: int64(v.Get("size").Float())} }

// Size is the Blob's length in bytes.
func (b *Blob) Size() int64 { return b.size }

// Value is the Blob itself.
func (b *Blob) Value() js.Value { return b.v }

// Slice is the Blob's part [off, off+n) as a Blob (protocol.Slicer): an
// upload sends it without reading it.
func (b *Blob) Slice(off, n int64) any {
	return b.v.Call("slice", float64(off), float64(min(off+n, b.size)))
}

// ReadAt reads len(p) bytes at off through Blob.slice().arrayBuffer().
func (b *Blob) ReadAt(p []byte, off int64) (int, error) {
	if off >= b.size {
		return 0, io.EOF
	}
	end := min(off+int64(len(p)), b.size)
	ab, err := Await(context.Background(), b.v.Call("slice", float64(off), float64(end)).Call("arrayBuffer"))
	if err != nil {
		return 0, err
	}
	n := js.CopyBytesToGo(p, js.Global().Get("Uint8Array").New(ab))
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// md5Slice is how much of a Blob MD5 reads at once: each read is a round
// trip to the browser, and protocol.FileMD5 found 4 MiB reads some 2.7
// times as fast as 512 KiB ones in Chromium's service worker.
const md5Slice = 4 << 20

// MD5 is the Blob's MD5 in lowercase hex (protocol.MD5er): each slice is
// read as an ArrayBuffer and hashed where it is, in JavaScript's memory,
// by the md5wasm module (MD5.WriteJS), the next slice read while one is
// hashed. protocol.FileMD5 copied each slice into Go's memory and hashed
// it with MD5 in plain Go: BenchmarkBlobMD5 says how much slower. At most
// two slices are held, whatever the Blob's size.
func (b *Blob) MD5(ctx context.Context) (string, error) {
	h, err := NewMD5()
	if err != nil {
		return "", err
	}
	read := func(off int64) js.Value {
		return b.v.Call("slice", float64(off), float64(min(off+md5Slice, b.size))).Call("arrayBuffer")
	}
	var next js.Value
	if b.size > 0 {
		next = read(0)
	}
	for off := int64(0); off < b.size; off += md5Slice {
		ab, err := Await(ctx, next)
		if err != nil {
			return "", err
		}
		if off+md5Slice < b.size {
			next = read(off + md5Slice)
		}
		h.WriteJS(js.Global().Get("Uint8Array").New(ab))
	}
	sum := h.Sum()
	return lowerHex(sum[:]), nil
}

// lowerHex is encoding/hex's EncodeToString, which this package does not
// import: it brings fmt into the pages' programs (TestPagesImportNoEncodingJSON).
func lowerHex(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&15]
	}
	return string(out)
}
