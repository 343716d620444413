package rules

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The rules' own regular-expression engine: RE2's syntax (Go's regexp,
// flags syntax.Perl) parsed here into a small program that re_match.go
// runs as a Thompson NFA, all states at once, so that a match costs at
// most the program's size per character of the text, whatever the
// pattern. It answers only whether a pattern matches: no submatches,
// no leftmost-longest, which is all a rule needs.
//
// Why not Go's regexp, which did the same: it and regexp/syntax, with
// the Unicode tables \p{…} brings in, were about 500 KB of core.wasm
// (tools/wasmsize), and the worker's wake time follows that size. What
// is left out of RE2: Unicode classes other than those in unicodeClass
// (refused as pattern_unsupported, like JavaScript-only syntax).
// FuzzMatchesRegexp checks it against Go's regexp.

var (
	errUnsupported = errors.New("unsupported")
	errLong        = errors.New("too long")
)

// badPattern is why a pattern is not a regular expression: the word of
// its refusal (pattern_<word>, RULE_PATTERN_<WORD>), so that the options
// page says what is wrong, as the parser knows it, and not only that
// something is.
type badPattern string

func (b badPattern) Error() string { return "not a regular expression: " + string(b) }

var (
	errBad             = badPattern("bad")
	errUnopenedGroup   = badPattern("unopened_group")    // a ")" closes no "("
	errUnclosedGroup   = badPattern("unclosed_group")    // a "(" has no ")"
	errUnclosedClass   = badPattern("unclosed_class")    // a "[" has no "]"
	errNothingToRepeat = badPattern("nothing_to_repeat") // * + ? {n} after nothing, or after another
	errBadRepeat       = badPattern("bad_repeat")        // {n,m} past 1000, or m < n
	errBadRange        = badPattern("bad_range")         // [z-a]
	errBadEscape       = badPattern("bad_escape")        // \ at the end, \q, \x{110000}
)

// maxRepeat is RE2's largest repeat count ({n,m}).
const maxRepeat = 1000

type nodeKind uint8

const (
	nClass  nodeKind = iota // one rune of class
	nEmpty                  // an assertion (or nothing, when empty is 0)
	nConcat                 // subs in sequence
	nAlt                    // one of subs
	nRepeat                 // sub min to max times (max -1: no limit)
)

type node struct {
	kind     nodeKind
	class    class
	empty    emptyOp
	subs     []*node
	min, max int
}

// class is a set of runes: sorted, merged [lo, hi] pairs, case folds
// already added under (?i) as RE2 adds them.
type class struct{ ranges []rune }

type emptyOp uint8

const (
	emptyBeginLine emptyOp = 1 << iota
	emptyEndLine
	emptyBeginText
	emptyEndText
	emptyWordBoundary
	emptyNoWordBoundary
)

type flags uint8

const (
	flagFold      flags = 1 << iota // i
	flagMultiLine                   // m
	flagDotNL                       // s
)

type parser struct {
	s     string
	flags flags
	depth int
	folds int // runes case-folded one by one so far (add), bounded by maxFolds
}

// maxFolds bounds the runes a pattern's (?i) classes fold one by one
// (RE2's way, a loop over the class): \p{L} alone is about 130,000, so
// a pattern of a thousand (?i)\pL would take the worker's thread for
// minutes before matching anything. Beyond it: pattern_long.
const maxFolds = 1 << 20

// parse reads an RE2 pattern.
func parse(s string) (*node, error) {
	if !utf8.ValidString(s) {
		return nil, errBad
	}
	p := &parser{s: s}
	n, err := p.alt()
	if err != nil {
		return nil, err
	}
	if p.s != "" { // an unopened ')'
		return nil, errUnopenedGroup
	}
	if p.folds > maxFolds {
		return nil, errLong
	}
	return n, nil
}

// alt reads alternatives up to the end of the pattern or a ')'.
func (p *parser) alt() (*node, error) {
	var alts []*node
	for {
		c, err := p.concat()
		if err != nil {
			return nil, err
		}
		alts = append(alts, c)
		if p.s == "" || p.s[0] != '|' {
			break
		}
		p.s = p.s[1:]
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	return &node{kind: nAlt, subs: alts}, nil
}

func (p *parser) concat() (*node, error) {
	seq := &node{kind: nConcat}
	for p.s != "" && p.s[0] != '|' && p.s[0] != ')' {
		if strings.HasPrefix(p.s, "(?") && !strings.HasPrefix(p.s, "(?P<") && !strings.HasPrefix(p.s, "(?<") {
			f, rest, colon, err := parseFlags(p.s[2:], p.flags)
			if err != nil {
				return nil, err
			}
			if !colon { // (?flags): for the rest of the group
				p.flags, p.s = f, rest
				if n := len(seq.subs); n > 0 && p.s != "" && (strings.IndexByte("*+?", p.s[0]) >= 0 || isRepeat(p.s)) {
					// RE2 repeats what came before the flags: a(?i)* is a*.
					if seq.subs[n-1], err = p.repeat(seq.subs[n-1]); err != nil {
						return nil, err
					}
				}
				continue
			}
		}
		if strings.HasPrefix(p.s, `\Q`) {
			lit, rest, _ := strings.Cut(p.s[2:], `\E`)
			p.s = rest
			for _, r := range lit {
				seq.subs = append(seq.subs, p.literal(r))
			}
			continue
		}
		atom, err := p.atom()
		if err != nil {
			return nil, err
		}
		if atom, err = p.repeat(atom); err != nil {
			return nil, err
		}
		seq.subs = append(seq.subs, atom)
	}
	return seq, nil
}

// parseFlags reads the flags of (?flags) or (?flags:re) after the "(?"
// (f: the flags before them), up to and past the ')' or ':'.
func parseFlags(s string, f flags) (_ flags, rest string, colon bool, err error) {
	neg, any := false, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case 'i', 'm', 's', 'U':
			bit := flags(0) // U (ungreedy) changes nothing for a yes/no answer
			switch c {
			case 'i':
				bit = flagFold
			case 'm':
				bit = flagMultiLine
			case 's':
				bit = flagDotNL
			}
			if neg {
				f &^= bit
			} else {
				f |= bit
			}
			any = true
		case '-':
			if neg {
				return 0, "", false, errBad
			}
			neg, any = true, false
		case ')', ':':
			if neg && !any {
				return 0, "", false, errBad
			}
			return f, s[i+1:], c == ':', nil
		default:
			return 0, "", false, errBad
		}
	}
	return 0, "", false, errBad
}

func (p *parser) literal(r rune) *node {
	return &node{kind: nClass, class: class{ranges: cleanRanges(p.add(nil, r, r))}}
}

func (p *parser) atom() (*node, error) {
	c, size := utf8.DecodeRuneInString(p.s)
	switch c {
	case '(':
		return p.group()
	case '[':
		return p.bracket()
	case '.':
		p.s = p.s[1:]
		if p.flags&flagDotNL != 0 {
			return &node{kind: nClass, class: class{ranges: []rune{0, unicode.MaxRune}}}, nil
		}
		return &node{kind: nClass, class: class{ranges: []rune{0, '\n' - 1, '\n' + 1, unicode.MaxRune}}}, nil
	case '^':
		p.s = p.s[1:]
		if p.flags&flagMultiLine != 0 {
			return &node{kind: nEmpty, empty: emptyBeginLine}, nil
		}
		return &node{kind: nEmpty, empty: emptyBeginText}, nil
	case '$':
		p.s = p.s[1:]
		if p.flags&flagMultiLine != 0 {
			return &node{kind: nEmpty, empty: emptyEndLine}, nil
		}
		return &node{kind: nEmpty, empty: emptyEndText}, nil
	case '*', '+', '?':
		return nil, errNothingToRepeat
	case '{':
		if isRepeat(p.s) {
			return nil, errNothingToRepeat
		}
	case '\\':
		return p.escape()
	}
	p.s = p.s[size:]
	return p.literal(c), nil
}

// isRepeat reports whether s starts with a well-formed {n}, {n,} or {n,m}.
func isRepeat(s string) bool {
	_, _, rest := repeatCount(s)
	return rest != s
}

// repeatCount reads {n}, {n,} or {n,m} at the start of s (max -1: no
// limit); rest is s itself when there is none (then { is a literal).
func repeatCount(s string) (min, max int, rest string) {
	body, after, ok := strings.Cut(s, "}")
	if !ok || !strings.HasPrefix(body, "{") {
		return 0, 0, s
	}
	lo, hi, comma := strings.Cut(body[1:], ",")
	min, ok1 := count(lo)
	max = min
	if comma {
		max, ok = -1, true
		if hi != "" {
			max, ok = count(hi)
		}
	}
	if !ok1 || !ok {
		return 0, 0, s
	}
	return min, max, after
}

// count reads a repeat count of decimal digits (RE2 reads at most 8).
func count(s string) (int, bool) {
	if s == "" || len(s) > 8 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

func (p *parser) repeat(atom *node) (*node, error) {
	for p.s != "" {
		min, max := 0, -1
		switch p.s[0] {
		case '*':
			p.s = p.s[1:]
		case '+':
			min = 1
			p.s = p.s[1:]
		case '?':
			max = 1
			p.s = p.s[1:]
		case '{':
			var rest string
			if min, max, rest = repeatCount(p.s); rest == p.s {
				return atom, nil
			}
			if min > maxRepeat || max > maxRepeat || max >= 0 && max < min {
				return nil, errBadRepeat
			}
			p.s = rest
		default:
			return atom, nil
		}
		if p.s != "" && p.s[0] == '?' { // non-greedy: the same for a yes/no answer
			p.s = p.s[1:]
		}
		atom = &node{kind: nRepeat, subs: []*node{atom}, min: min, max: max}
		if p.s != "" && strings.IndexByte("*+?", p.s[0]) >= 0 || isRepeat(p.s) {
			return nil, errNothingToRepeat // RE2 refuses a repeat of a repeat: a** a+? {2}{3}
		}
	}
	return atom, nil
}

func (p *parser) group() (*node, error) {
	saved := p.flags
	p.depth++
	if p.depth > maxRepeat {
		return nil, errBad // RE2's nesting limit
	}
	switch {
	case strings.HasPrefix(p.s, "(?P<"), strings.HasPrefix(p.s, "(?<"):
		name, rest, ok := strings.Cut(p.s[strings.IndexByte(p.s, '<')+1:], ">")
		if !ok || !isGroupName(name) {
			return nil, errBad
		}
		p.s = rest
	case strings.HasPrefix(p.s, "(?"): // (?flags:re): the flags hold inside the group only
		f, rest, _, err := parseFlags(p.s[2:], p.flags)
		if err != nil {
			return nil, err
		}
		p.flags, p.s = f, rest
	default:
		p.s = p.s[1:]
	}
	n, err := p.alt()
	if err != nil {
		return nil, err
	}
	if p.s == "" || p.s[0] != ')' {
		return nil, errUnclosedGroup
	}
	p.s = p.s[1:]
	p.flags = saved
	p.depth--
	return n, nil
}

// isGroupName is RE2's rule for a group's name: ASCII letters, digits, '_'.
func isGroupName(s string) bool {
	for _, c := range s {
		if c != '_' && !isWordRune(c) {
			return false
		}
	}
	return s != ""
}
