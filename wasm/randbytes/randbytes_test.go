package randbytes_test

import (
	"bytes"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/randbytes"
)

// TestRead: every byte of a slice is written, beyond getRandomValues'
// 65,536 at once, and two reads differ. A slice of n bytes left zero by
// a broken Read has n zero bytes; random ones have about n/256.
func TestRead(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1 << 10, 65536, 65536 + 1000, 3 * 65536} {
		a, b := make([]byte, n), make([]byte, n)
		randbytes.Read(a)
		randbytes.Read(b)
		if bytes.Equal(a, b) {
			t.Fatalf("%d bytes: two reads are equal", n)
		}
		for off := 0; off < n; off += 1024 {
			chunk := a[off:min(off+1024, n)]
			if zeros := bytes.Count(chunk, []byte{0}); zeros > len(chunk)/16 {
				t.Fatalf("%d bytes: %d zero bytes of %d at %d: not written", n, zeros, len(chunk), off)
			}
		}
	}
}
