//go:build !(js && wasm)

package share

// urlHost: outside a browser there is no browser's URL parser; the Go
// check (browserHost) alone judges the host (the native tests).
func urlHost(string) (string, bool) { return "", false }
