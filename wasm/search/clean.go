package search

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Clean turns a web WeChat name into plain text: the page writes emoji as
// <span class="emoji emoji1f604"></span> (docs/protocol.md §3.4); a span whose
// code is one code point becomes that character, every other tag goes,
// and the few HTML entities the server uses are decoded. The result is
// meant for textContent, never for innerHTML.
func Clean(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	// noGt: no '>' is left, and every '<' from here is text (a search for
	// '>' at every '<' made a name of many '<' quadratic: 5,000 names of
	// 10 KB took seconds).
	noGt := false
	for len(s) > 0 {
		switch s[0] {
		case '<':
			end := -1
			if !noGt && isTagStart(s[1:]) {
				end = strings.IndexByte(s, '>')
				noGt = end < 0
			}
			if end < 0 {
				// Not a tag ("a < b", "<>"): the '<' is text.
				b.WriteByte('<')
				s = s[1:]
				continue
			}
			if r, ok := emojiOf(s[:end]); ok {
				b.WriteRune(r)
			}
			s = s[end+1:]
		case '&':
			r, n := entity(s)
			b.WriteString(r)
			s = s[n:]
		default:
			i := strings.IndexAny(s, "<&")
			if i < 0 {
				i = len(s)
			}
			b.WriteString(s[:i])
			s = s[i:]
		}
	}
	return b.String()
}

// emojiOf reads the code point of an opening emoji span's class
// "emoji emoji1f604". Codes of several code points (flags, sequences)
// cannot be split reliably and are dropped.
func emojiOf(tag string) (rune, bool) {
	i := strings.Index(tag, "emoji emoji")
	if i < 0 {
		return 0, false
	}
	code := tag[i+len("emoji emoji"):]
	if j := strings.IndexAny(code, "\" '"); j >= 0 {
		code = code[:j]
	}
	if len(code) < 4 || len(code) > 5 {
		return 0, false
	}
	v, err := strconv.ParseUint(code, 16, 32)
	if err != nil || !utf8.ValidRune(rune(v)) || v < 0x20 {
		return 0, false
	}
	return rune(v), true
}

// entities are the ones a name can carry; the full table of package html
// would cost the popup's binary more than it is worth.
var entities = map[string]string{"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": `"`, "&#39;": "'", "&apos;": "'", "&nbsp;": " "}

// entity decodes the entity at the start of s, returning its text and the
// bytes it used; an unknown one is kept as written.
func entity(s string) (string, int) {
	end := strings.IndexByte(s[:min(len(s), 8)], ';') // an entity's ';' or none
	if end > 0 && end <= 7 {
		if r, ok := entities[s[:end+1]]; ok {
			return r, end + 1
		}
	}
	return "&", 1
}

// isTagStart reports whether s (after a '<') begins a tag: a letter or
// '/', as in <span and </span>.
func isTagStart(s string) bool {
	if s == "" {
		return false
	}
	c := s[0] | 0x20
	return s[0] == '/' || ('a' <= c && c <= 'z')
}
