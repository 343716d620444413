//go:build js && wasm

package share

import "syscall/js"

// urlHost is the host the browser itself reads in raw, by its own URL
// parser (the WHATWG URL standard's, with the whole of UTS #46's mapping:
// 𝟏𝟗𝟐.𝟏𝟔𝟖.𝟏.𝟏 is 192.168.1.1 to it, 𝐥𝐨𝐜𝐚𝐥𝐡𝐨𝐬𝐭 localhost, a soft hyphen
// or a zero-width space is dropped), without an IPv6 address's
// brackets. ok is false when the browser cannot parse raw (then it
// cannot fetch it either). The worker's fetch goes where this host
// says, so CheckTarget judges it too (docs/security.md row 113).
func urlHost(raw string) (host string, ok bool) {
	defer func() {
		if recover() != nil {
			host, ok = "", false
		}
	}()
	u := js.Global().Get("URL").New(raw) // throws for what no browser parses
	host = u.Get("hostname").String()
	if len(host) > 1 && host[0] == '[' && host[len(host)-1] == ']' {
		host = host[1 : len(host)-1]
	}
	return host, true
}
