package sum256_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/sum256"
)

// TestSum: the digest is crypto/sha256's for every length around the
// block (64) and padding (56) boundaries, and for FIPS 180-4's examples.
func TestSum(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	} {
		if got := sum256.Sum([]byte(tc.in)); hex.EncodeToString(got[:]) != tc.want {
			t.Errorf("%q: %x, want %s", tc.in, got, tc.want)
		}
	}
	for n := range 300 {
		in := []byte(strings.Repeat("0123456789abcdefghij", 16)[:n])
		if got, want := sum256.Sum(in), sha256.Sum256(in); got != want {
			t.Errorf("%d bytes: %x, want %x", n, got, want)
		}
	}
}

// FuzzSum: any input hashes as crypto/sha256 does.
func FuzzSum(f *testing.F) {
	f.Add([]byte("abc"))
	f.Fuzz(func(t *testing.T, in []byte) {
		if got, want := sum256.Sum(in), sha256.Sum256(in); got != want {
			t.Fatalf("%x: %x, want %x", in, got, want)
		}
	})
}
