package search

import "strings"

// fold turns the full-width forms of ASCII (U+FF01–U+FF5E) into ASCII
// and the ideographic space (U+3000) into a space: a Chinese input
// method in full-width mode (全角) types "ｚｓ" for zs, which found
// nothing, and a name may be written so. Queries and the searched
// fields are folded alike (search.js folds the query the same way).
func fold(s string) string {
	if strings.IndexByte(s, 0xef) < 0 && !strings.Contains(s, "\u3000") {
		return s // no code point of U+F000–U+FFFF, nor U+3000
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
}
