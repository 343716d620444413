//go:build js && wasm

package jsx

import (
	"crypto/md5"
	"fmt"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/md5wasm"
)

// jsBytes is b as a Uint8Array.
func jsBytes(b []byte) js.Value {
	u := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(u, b)
	return u
}

func TestMD5(t *testing.T) {
	const ds = md5wasm.DataSize
	tests := []struct {
		size  int
		chunk int // 0: one Write of Go bytes
	}{
		{0, 0}, {1, 0}, {3, 0}, {55, 0}, {56, 0}, {57, 0}, {63, 0}, {64, 0}, {65, 0},
		{119, 0}, {120, 0}, {127, 0}, {128, 0}, {1000, 0},
		{ds - 1, 0}, {ds, 0}, {ds + 1, 0},
		{1000, 1}, {1000, 7}, {1000, 64}, {1000, 65},
		{ds + 100, 65536}, {3*ds + 5, 1 << 20}, {3*ds + 5, ds + 3}, {2*ds + 63, 3 * ds},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%d by %d", tc.size, tc.chunk), func(t *testing.T) {
			data := testBody(tc.size)
			h, err := NewMD5()
			require.NoError(t, err)
			if tc.chunk == 0 {
				_, _ = h.Write(data)
			} else {
				for off := 0; off < len(data); off += tc.chunk {
					h.WriteJS(jsBytes(data[off:min(off+tc.chunk, len(data))]))
				}
			}
			assert.Equal(t, md5.Sum(data), h.Sum())
			assert.Equal(t, md5.Sum(data), h.Sum(), "a second Sum")
		})
	}
}

// TestMD5Known checks the RFC 1321 test suite.
func TestMD5Known(t *testing.T) {
	for in, want := range map[string]string{
		"":    "d41d8cd98f00b204e9800998ecf8427e",
		"abc": "900150983cd24fb0d6963f7d28e17f72",
		"12345678901234567890123456789012345678901234567890123456789012345678901234567890": "57edf4a22be3c955ac49da2e2107b67a",
	} {
		h, err := NewMD5()
		require.NoError(t, err)
		h.WriteJS(jsBytes([]byte(in)))
		sum := h.Sum()
		assert.Equal(t, want, fmt.Sprintf("%x", sum[:]), in)
	}
}

// BenchmarkMD5 compares the module with crypto/md5 compiled to
// WebAssembly, on 16 MiB in 512 KiB chunks (a download's) in JavaScript.
func BenchmarkMD5(b *testing.B) {
	data := testBody(16 << 20)
	const chunk = 512 << 10
	var chunks []js.Value
	for off := 0; off < len(data); off += chunk {
		chunks = append(chunks, jsBytes(data[off:off+chunk]))
	}
	b.Run("crypto-md5", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		buf := make([]byte, chunk)
		for b.Loop() {
			h := md5.New()
			for _, c := range chunks {
				js.CopyBytesToGo(buf, c)
				h.Write(buf)
			}
			h.Sum(nil)
		}
	})
	b.Run("md5wasm", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			h, _ := NewMD5()
			for _, c := range chunks {
				h.WriteJS(c)
			}
			h.Sum()
		}
	})
}
