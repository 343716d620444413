//go:build !(js && wasm)

package randbytes

import "crypto/rand"

// Read fills b with random bytes from crypto/rand.
func Read(b []byte) {
	_, _ = rand.Read(b) // crypto/rand.Read never returns an error (Go 1.24+)
}
