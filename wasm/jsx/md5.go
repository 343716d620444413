//go:build js && wasm

package jsx

import (
	"encoding/binary"
	"errors"
	"sync"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/md5wasm"
)

// MD5 hashes bytes that are in JavaScript (a download's chunks) with the
// md5wasm module: each chunk is copied into the module's memory by
// JavaScript and hashed there, and never enters Go's memory: about 1.3
// times as fast as crypto/md5 compiled to WebAssembly (BenchmarkMD5;
// md5wasm says more).
type MD5 struct {
	mem    js.Value // a Uint8Array over the module's memory (which never grows)
	blocks js.Value
	// pending is how many bytes at DataOffset wait for a whole block.
	pending int
	size    int64
	done    bool
}

var md5Module struct {
	once sync.Once
	mod  js.Value
	err  error
}

// NewMD5 is a new hash. The module is compiled once per start of the
// worker (about 2 KB: well under a millisecond).
func NewMD5() (*MD5, error) {
	md5Module.once.Do(func() {
		b := md5wasm.Module()
		u := js.Global().Get("Uint8Array").New(len(b))
		js.CopyBytesToJS(u, b)
		md5Module.err = catch(func() { md5Module.mod = js.Global().Get("WebAssembly").Get("Module").New(u) })
	})
	if md5Module.err != nil {
		return nil, md5Module.err
	}
	var inst js.Value
	if err := catch(func() { inst = js.Global().Get("WebAssembly").Get("Instance").New(md5Module.mod) }); err != nil {
		return nil, err
	}
	ex := inst.Get("exports")
	h := &MD5{mem: js.Global().Get("Uint8Array").New(ex.Get("mem").Get("buffer")), blocks: ex.Get("blocks")}
	var st [16]byte
	for i, w := range md5wasm.Init {
		binary.LittleEndian.PutUint32(st[4*i:], w)
	}
	js.CopyBytesToJS(h.mem.Call("subarray", md5wasm.StateOffset, md5wasm.StateOffset+16), st[:])
	return h, nil
}

// catch runs f and turns a JavaScript exception into an error.
func catch(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(js.Error); ok {
				err = e
				return
			}
			err = errors.New("jsx: WebAssembly refused the MD5 module")
		}
	}()
	f()
	return nil
}

// WriteJS hashes a Uint8Array.
func (h *MD5) WriteJS(u js.Value) {
	n := u.Get("byteLength").Int()
	for off := 0; off < n; {
		take := min(n-off, md5wasm.DataSize-h.pending)
		piece := u
		if off > 0 || take < n {
			piece = u.Call("subarray", off, off+take)
		}
		h.mem.Call("set", piece, md5wasm.DataOffset+h.pending)
		h.hashPending(h.pending + take)
		off += take
	}
	h.size += int64(n)
}

// hashPending hashes the whole blocks of the total bytes at DataOffset and
// moves what is left of the last one to the start.
func (h *MD5) hashPending(total int) {
	whole := total / 64
	if whole > 0 {
		h.blocks.Invoke(md5wasm.DataOffset, whole)
	}
	rest := total - whole*64
	if rest > 0 && whole > 0 {
		h.mem.Call("copyWithin", md5wasm.DataOffset, md5wasm.DataOffset+whole*64, md5wasm.DataOffset+total)
	}
	h.pending = rest
}

// Write hashes Go bytes (io.Writer).
func (h *MD5) Write(p []byte) (int, error) {
	for off := 0; off < len(p); {
		take := min(len(p)-off, md5wasm.DataSize-h.pending)
		js.CopyBytesToJS(h.mem.Call("subarray", md5wasm.DataOffset+h.pending, md5wasm.DataOffset+h.pending+take), p[off:off+take])
		h.hashPending(h.pending + take)
		off += take
	}
	h.size += int64(len(p))
	return len(p), nil
}

// Sum ends the hash (RFC 1321's padding and length) and returns it; the
// hash takes no more bytes after.
func (h *MD5) Sum() [16]byte {
	if !h.done {
		h.done = true
		bits := uint64(h.size) << 3
		pad := make([]byte, 0, 72)
		pad = append(pad, 0x80)
		for (h.pending+len(pad))%64 != 56 {
			pad = append(pad, 0)
		}
		pad = binary.LittleEndian.AppendUint64(pad, bits)
		h.Write(pad)
	}
	var out [16]byte
	js.CopyBytesToGo(out[:], h.mem.Call("subarray", md5wasm.StateOffset, md5wasm.StateOffset+16))
	return out
}
