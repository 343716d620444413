package jsonlite

// Strings: a literal checked as it is consumed, and its text unquoted as
// encoding/json unquotes it.

import (
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// rawString consumes a string and returns it with its quotes.
func (d *Decoder) rawString() (string, error) {
	start := d.i
	i := d.i + 1
	for i < len(d.s) {
		switch c := d.s[i]; {
		case c == '"':
			d.i = i + 1
			return d.s[start:d.i], nil
		case c == '\\':
			if i+1 >= len(d.s) {
				d.i = len(d.s)
				return "", d.syntax("unexpected end of JSON input")
			}
			switch d.s[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				for k := 2; k < 6; k++ {
					if i+k >= len(d.s) || !isHex(d.s[i+k]) {
						d.i = i + k
						return "", d.syntax("invalid character in \\u escape")
					}
				}
				i += 6
			default:
				d.i = i + 1
				return "", d.syntax("invalid escape")
			}
		case c < 0x20:
			d.i = i
			return "", d.syntax("invalid character in string literal")
		default:
			i++
		}
	}
	d.i = len(d.s)
	return "", d.syntax("unexpected end of JSON input")
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// StringAt reads the string literal at s[i] (a '"') as encoding/json
// decodes it, and returns it and the index after it.
func StringAt(s string, i int) (string, int, error) {
	d := Decoder{s: s, i: i}
	raw, err := d.rawString()
	if err != nil {
		return "", i, err
	}
	return unquote(raw), d.i, nil
}

// String reads a string; null leaves *p as it is.
func (d *Decoder) String(p *string) error {
	if d.Null() {
		return nil
	}
	if d.Peek() != '"' {
		return d.mismatch()
	}
	raw, err := d.rawString()
	if err != nil {
		return err
	}
	*p = unquote(raw)
	return nil
}

// unquote is a checked string literal's text: encoding/json's unquote,
// with a bad UTF-8 byte or a lone surrogate as U+FFFD. A literal without
// escapes that is valid UTF-8 is sliced, not copied.
func unquote(raw string) string {
	s := raw[1 : len(raw)-1]
	simple := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\\' || c >= utf8.RuneSelf {
			simple = false
			break
		}
	}
	if simple || (!containsByte(s, '\\') && utf8.ValidString(s)) {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			switch e := s[i+1]; e {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := hex4(s[i+2 : i+6])
				i += 6
				if utf16.IsSurrogate(r) {
					if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
						if r2 := utf16.DecodeRune(r, hex4(s[i+2:i+6])); r2 != unicode.ReplacementChar {
							b = utf8.AppendRune(b, r2)
							i += 6
							continue
						}
					}
					r = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, r)
				continue
			default: // '"', '\\', '/'
				b = append(b, e)
			}
			i += 2
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				b = append(b, "\uFFFD"...)
			} else {
				b = append(b, s[i:i+n]...)
			}
			i += n
		}
	}
	return string(b)
}

func containsByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}

func hex4(s string) rune {
	var r rune
	for i := 0; i < 4; i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		default:
			c = c - 'A' + 10
		}
		r = r<<4 | rune(c)
	}
	return r
}
