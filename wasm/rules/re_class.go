package rules

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Case folding bounds (RE2's): no rune outside folds to another.
const minFold, maxFold = 0x0041, 0x1e943

// add adds [lo, hi] to ranges, with its case folds under (?i).
func (p *parser) add(ranges []rune, lo, hi rune) []rune {
	if p.flags&flagFold == 0 || hi < minFold || lo > maxFold || lo <= minFold && hi >= maxFold {
		return appendRange(ranges, lo, hi)
	}
	if lo < minFold {
		ranges = appendRange(ranges, lo, minFold-1)
		lo = minFold
	}
	if hi > maxFold {
		ranges = appendRange(ranges, maxFold+1, hi)
		hi = maxFold
	}
	if p.folds += int(hi - lo + 1); p.folds > maxFolds {
		return ranges // parse refuses the pattern: no need to finish
	}
	for c := lo; c <= hi; c++ {
		ranges = appendRange(ranges, c, c)
		for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
			ranges = appendRange(ranges, f, f)
		}
	}
	return ranges
}

// addClass adds the ranges of another class (negated when neg), folded
// under (?i) before it is negated, as RE2 does.
func (p *parser) addClass(ranges, other []rune, neg bool) []rune {
	var folded []rune
	for i := 0; i < len(other); i += 2 {
		folded = p.add(folded, other[i], other[i+1])
	}
	folded = cleanRanges(folded)
	if neg {
		folded = negate(folded)
	}
	return append(ranges, folded...)
}

// appendRange appends [lo, hi], merged with the last pair when they touch
// (cleanRanges sorts and merges the rest).
func appendRange(r []rune, lo, hi rune) []rune {
	if n := len(r); n > 0 && r[n-2] <= lo && lo <= r[n-1]+1 {
		r[n-1] = max(r[n-1], hi)
		return r
	}
	return append(r, lo, hi)
}

// cleanRanges sorts the pairs and merges those that overlap or touch.
// Each pair is sorted as one int (lo above hi: a rune has 21 bits), so
// that the sort is slices.Sort of ints, which the worker links anyway,
// not one more copy of pdqsort for pairs (about 17 KB).
func cleanRanges(r []rune) []rune {
	pairs := make([]int, 0, len(r)/2)
	for i := 0; i < len(r); i += 2 {
		pairs = append(pairs, int(r[i])<<21|int(r[i+1]))
	}
	slices.Sort(pairs)
	out := r[:0]
	for _, pr := range pairs {
		out = appendRange(out, rune(pr>>21), rune(pr&(1<<21-1)))
	}
	return out
}

// negate is the complement of clean ranges in [0, MaxRune].
func negate(r []rune) []rune {
	var out []rune
	next := rune(0)
	for i := 0; i < len(r); i += 2 {
		if r[i] > next {
			out = append(out, next, r[i]-1)
		}
		next = r[i+1] + 1
	}
	if next <= unicode.MaxRune {
		out = append(out, next, unicode.MaxRune)
	}
	return out
}

var (
	perlDigit = []rune{'0', '9'}
	perlSpace = []rune{'\t', '\n', '\f', '\r', ' ', ' '}
	perlWord  = []rune{'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}
)

// perlClass is \d \s \w (negated when upper case), or nil.
func perlClass(c byte) (ranges []rune, neg bool) {
	switch c | 0x20 {
	case 'd':
		ranges = perlDigit
	case 's':
		ranges = perlSpace
	case 'w':
		ranges = perlWord
	default:
		return nil, false
	}
	return ranges, c < 'a'
}

// posixClass is RE2's [:name:] class (ASCII), or nil: a switch, not a
// map, so that nothing is built when the worker starts.
func posixClass(name string) []rune {
	switch name {
	case "alnum":
		return []rune{'0', '9', 'A', 'Z', 'a', 'z'}
	case "alpha":
		return []rune{'A', 'Z', 'a', 'z'}
	case "ascii":
		return []rune{0, 0x7f}
	case "blank":
		return []rune{'\t', '\t', ' ', ' '}
	case "cntrl":
		return []rune{0, 0x1f, 0x7f, 0x7f}
	case "digit":
		return []rune{'0', '9'}
	case "graph":
		return []rune{'!', '~'}
	case "lower":
		return []rune{'a', 'z'}
	case "print":
		return []rune{' ', '~'}
	case "punct":
		return []rune{'!', '/', ':', '@', '[', '`', '{', '~'}
	case "space":
		return []rune{'\t', '\r', ' ', ' '}
	case "upper":
		return []rune{'A', 'Z'}
	case "word":
		return []rune{'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}
	case "xdigit":
		return []rune{'0', '9', 'A', 'F', 'a', 'f'}
	}
	return nil
}

// unicodeClass is the \p{name} classes this engine knows: the general
// categories and the scripts a person writing Chinese, Japanese, Korean
// or European text reaches for. Each table named here is linked into
// core.wasm; RE2's whole list would bring every table back.
func unicodeClass(name string) []rune {
	var t *unicode.RangeTable
	switch name {
	case "Any":
		return []rune{0, unicode.MaxRune}
	case "L":
		t = unicode.L
	case "Lu":
		t = unicode.Lu
	case "Ll":
		t = unicode.Ll
	case "N":
		t = unicode.N
	case "Nd":
		t = unicode.Nd
	case "P":
		t = unicode.P
	case "S":
		t = unicode.S
	case "Z":
		t = unicode.Z
	case "Han":
		t = unicode.Han
	case "Hiragana":
		t = unicode.Hiragana
	case "Katakana":
		t = unicode.Katakana
	case "Hangul":
		t = unicode.Hangul
	case "Latin":
		t = unicode.Latin
	case "Greek":
		t = unicode.Greek
	case "Cyrillic":
		t = unicode.Cyrillic
	default:
		return nil
	}
	var r []rune
	for _, x := range t.R16 {
		r = appendStride(r, rune(x.Lo), rune(x.Hi), rune(x.Stride))
	}
	for _, x := range t.R32 {
		r = appendStride(r, rune(x.Lo), rune(x.Hi), rune(x.Stride))
	}
	return cleanRanges(r)
}

func appendStride(r []rune, lo, hi, stride rune) []rune {
	if stride == 1 {
		return appendRange(r, lo, hi)
	}
	for c := lo; c <= hi; c += stride {
		r = appendRange(r, c, c)
	}
	return r
}

// unicodeEscape reads \pN, \p{Name}, \p{^Name} or \P… at the start of s.
func unicodeEscape(s string) (ranges []rune, neg bool, rest string, err error) {
	neg = s[1] == 'P'
	s = s[2:]
	var name string
	if strings.HasPrefix(s, "{") {
		var ok bool
		if name, rest, ok = strings.Cut(s[1:], "}"); !ok {
			return nil, false, "", errBad
		}
	} else {
		c, size := utf8.DecodeRuneInString(s)
		if size == 0 {
			return nil, false, "", errBad
		}
		name, rest = string(c), s[size:]
	}
	if strings.HasPrefix(name, "^") {
		neg, name = !neg, name[1:]
	}
	if ranges = unicodeClass(name); ranges == nil {
		return nil, false, "", errUnsupported
	}
	return ranges, neg, rest, nil
}

// escape reads an escape outside brackets.
func (p *parser) escape() (*node, error) {
	if len(p.s) < 2 {
		return nil, errBadEscape // a trailing backslash
	}
	switch c := p.s[1]; c {
	case 'A', 'z', 'b', 'B':
		p.s = p.s[2:]
		op := emptyBeginText
		switch c {
		case 'z':
			op = emptyEndText
		case 'b':
			op = emptyWordBoundary
		case 'B':
			op = emptyNoWordBoundary
		}
		return &node{kind: nEmpty, empty: op}, nil
	case 'p', 'P':
		ranges, neg, rest, err := unicodeEscape(p.s)
		if err != nil {
			return nil, err
		}
		p.s = rest
		return &node{kind: nClass, class: class{ranges: cleanRanges(p.addClass(nil, ranges, neg))}}, nil
	}
	if ranges, neg := perlClass(p.s[1]); ranges != nil {
		p.s = p.s[2:]
		return &node{kind: nClass, class: class{ranges: cleanRanges(p.addClass(nil, ranges, neg))}}, nil
	}
	r, rest, err := escapedRune(p.s)
	if err != nil {
		return nil, err
	}
	p.s = rest
	return p.literal(r), nil
}

// escapedRune reads an escape that stands for one rune: \x41, \x{4e00},
// \0, \n and its kin, or an escaped punctuation character.
func escapedRune(s string) (r rune, rest string, err error) {
	c, t := s[1], s[2:]
	switch c {
	case 'x':
		if strings.HasPrefix(t, "{") {
			hex, after, ok := strings.Cut(t[1:], "}")
			v, err := strconv.ParseUint(hex, 16, 32)
			if !ok || hex == "" || err != nil || v > unicode.MaxRune {
				return 0, "", errBadEscape
			}
			return rune(v), after, nil
		}
		if len(t) < 2 {
			return 0, "", errBadEscape
		}
		v, err := strconv.ParseUint(t[:2], 16, 8)
		if err != nil || t[0] == '+' || t[0] == '-' {
			return 0, "", errBadEscape
		}
		return rune(v), t[2:], nil
	case '0': // octal, up to two more digits
		r := rune(0)
		for i := 0; i < 2 && t != "" && '0' <= t[0] && t[0] <= '7'; i++ {
			r, t = r*8+rune(t[0]-'0'), t[1:]
		}
		return r, t, nil
	case 'a':
		return '\a', t, nil
	case 'f':
		return '\f', t, nil
	case 'n':
		return '\n', t, nil
	case 'r':
		return '\r', t, nil
	case 't':
		return '\t', t, nil
	case 'v':
		return '\v', t, nil
	}
	if c < utf8.RuneSelf && !('0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z') {
		return rune(c), t, nil
	}
	return 0, "", errBadEscape
}

// bracket reads a bracketed class: [a-z\d[:alpha:]\p{Han}] or [^…].
func (p *parser) bracket() (*node, error) {
	t := p.s[1:]
	neg := strings.HasPrefix(t, "^")
	if neg {
		t = t[1:]
	}
	var ranges []rune
	for first := true; t == "" || t[0] != ']' || first; first = false {
		if t == "" {
			return nil, errUnclosedClass
		}
		if strings.HasPrefix(t, "[:") {
			if name, rest, ok := strings.Cut(t[2:], ":]"); ok {
				not := strings.HasPrefix(name, "^")
				cl := posixClass(strings.TrimPrefix(name, "^"))
				if cl == nil {
					return nil, errBad
				}
				ranges, t = p.addClass(ranges, cl, not), rest
				continue
			}
		}
		if len(t) >= 2 && t[0] == '\\' {
			if t[1] == 'p' || t[1] == 'P' {
				cl, not, rest, err := unicodeEscape(t)
				if err != nil {
					return nil, err
				}
				ranges, t = p.addClass(ranges, cl, not), rest
				continue
			}
			if cl, not := perlClass(t[1]); cl != nil {
				ranges, t = p.addClass(ranges, cl, not), t[2:]
				continue
			}
		}
		lo, rest, err := classChar(t)
		if err != nil {
			return nil, err
		}
		hi := lo
		if len(rest) >= 2 && rest[0] == '-' && rest[1] != ']' {
			if hi, rest, err = classChar(rest[1:]); err != nil {
				return nil, err
			}
			if hi < lo {
				return nil, errBadRange
			}
		}
		ranges, t = p.add(ranges, lo, hi), rest
	}
	p.s = t[1:]
	ranges = cleanRanges(ranges)
	if neg {
		ranges = negate(ranges)
	}
	return &node{kind: nClass, class: class{ranges: ranges}}, nil
}

// classChar reads one rune of a bracketed class, escaped or not.
func classChar(t string) (rune, string, error) {
	if t == "" {
		return 0, "", errBad
	}
	if t[0] == '\\' {
		if len(t) < 2 {
			return 0, "", errUnclosedClass // [\ at the end
		}
		return escapedRune(t)
	}
	r, size := utf8.DecodeRuneInString(t)
	return r, t[size:], nil
}
