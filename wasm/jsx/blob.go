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
