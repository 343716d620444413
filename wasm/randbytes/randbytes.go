// Package randbytes fills byte slices with cryptographically secure random
// bytes: in the browser from crypto.getRandomValues, elsewhere from
// crypto/rand.
//
// Why not crypto/rand in the browser too: it links Go's FIPS 140 module
// (a DRBG over AES-CTR, SHA-2, SHA-3, HMAC) even where it only reads the
// same getRandomValues, and that is about 200 KB of core.wasm, whose size
// sets how long the service worker takes to wake (README, "Why").
package randbytes
