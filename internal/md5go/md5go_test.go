package md5go_test

import (
	"crypto/md5"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/internal/md5go"
)

// TestMatchesCryptoMD5: RFC 1321's examples, and every length around the
// block and padding boundaries written in pieces of every size, give
// crypto/md5's digest.
func TestMatchesCryptoMD5(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"", "d41d8cd98f00b204e9800998ecf8427e"},
		{"abc", "900150983cd24fb0d6963f7d28e17f72"},
		{"12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"},
	} {
		h := md5go.New()
		h.Write([]byte(tc.in))
		if got := hex.EncodeToString(h.Sum(nil)); got != tc.want {
			t.Errorf("%q: %s, want %s", tc.in, got, tc.want)
		}
	}
	data := []byte(strings.Repeat("wxdrop md5 0123456789", 20))
	for n := range 200 {
		for _, piece := range []int{1, 7, 63, 64, 65, 200} {
			h := md5go.New()
			for off := 0; off < n; off += piece {
				h.Write(data[off:min(off+piece, n)])
			}
			if got, want := h.Sum(nil), md5.Sum(data[:n]); string(got) != string(want[:]) {
				t.Fatalf("%d bytes in pieces of %d: %x, want %x", n, piece, got, want)
			}
		}
	}
}
