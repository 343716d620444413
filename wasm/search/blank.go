package search

import "unicode"

// Blank reports whether a name shows nothing: only spaces, or the
// invisible characters people pick for a name that looks empty (the
// Hangul fillers, the blank Braille pattern, the zero-width characters). An empty name is blank too.
func Blank(s string) bool {
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
		case r == '\u3164', r == '\u115f', r == '\u1160', r == '\uffa0', r == '\u2800':
		// The format characters seen in names (listed rather than
		// unicode.Cf, whose table costs the programs 4 KB).
		case r >= '\u200b' && r <= '\u200f', r >= '\u2060' && r <= '\u2064', r == '\ufeff', r == '\u00ad', r == '\u180e':
		default:
			return false
		}
	}
	return true
}

// Shown is a name as a list or a "To:" line shows it: a blank name that
// is not empty in quotes, so that the chat is seen as there (a row and a
// "To:" of nothing read as no chat at all), as it is otherwise.
func Shown(name string) string {
	if name != "" && Blank(name) {
		return "“" + name + "”"
	}
	return name
}
