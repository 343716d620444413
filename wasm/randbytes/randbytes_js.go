//go:build js && wasm

package randbytes

import "syscall/js"

// maxRead is the most getRandomValues fills at once (65,536 bytes: more
// throws a QuotaExceededError).
const maxRead = 65536

// Read fills b with random bytes from the browser's crypto.getRandomValues.
func Read(b []byte) {
	crypto := js.Global().Get("crypto")
	for len(b) > 0 {
		n := min(len(b), maxRead)
		a := js.Global().Get("Uint8Array").New(n)
		crypto.Call("getRandomValues", a)
		js.CopyBytesToGo(b[:n], a)
		b = b[n:]
	}
}
