package share

import "strings"

// browserHost is host as a browser maps it before it reads it as an
// address or looks it up (the URL standard's domain to ASCII, UTS #46),
// for the forms a Chinese input method types: full-width letters, digits
// and signs (U+FF01–U+FF5E) are their ASCII ones, and the ideographic,
// full-width and half-width full stops (。 ． ｡) dots; then lower case. A
// link WeChat wraps (webwxcheckurl?requrl=…) comes as its sender wrote
// it: http://192.168.1.１/ was judged a name on the Internet, and the
// browser requested the router (docs/security.md row 110). Other
// mappings of UTS #46 (mathematical or circled digits, ligatures) are
// not made here: the core links no Unicode tables for them (README,
// goal 4); in the worker CheckTarget judges the host as the browser's
// own URL parser reads it too (urlHost, docs/security.md row 113).
// Non-ASCII letters that stay so (例子.测试) are left.
func browserHost(host string) string {
	ascii := true
	for i := 0; i < len(host); i++ {
		if host[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(host)
	}
	var b strings.Builder
	for _, r := range host {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFF01 - '!'
		case r == 0x3002 || r == 0xFF61:
			r = '.'
		}
		b.WriteRune(r)
	}
	return strings.ToLower(b.String())
}
