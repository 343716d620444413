package rules

import (
	"errors"
	"strings"
	"sync"
)

// A reply rule's regular expression is matched by the rules' own engine
// (re_parse.go, re_match.go), whose time is linear in the text: every
// incoming text reaches the rules on the worker's only thread, and a
// backtracking engine (the browser's RegExp) takes seconds, doubling
// with each character, on `(\w+\s?)+$` and a text of thirty "x…!" that
// any contact can send.
//
// The syntax is RE2's (Go's regexp), the one a person who writes
// patterns for web pages knows, less what cannot be done in linear time:
// look-ahead and look-behind, and back-references. A pattern with those
// is refused when the rule is saved (pattern_unsupported), in words that
// say so; so is a Unicode class the engine does not carry (unicodeClass).

// maxProgram bounds a pattern's compiled size (instructions): the match
// takes at most about that many steps per character of the text, so a
// 16 KB text costs at most maxProgram × 16K steps (≈ 33M).
const maxProgram = 2000

// patterns caches the compiled patterns: each incoming text is matched
// against every regexp rule (at most MaxRules).
var patterns struct {
	sync.Mutex
	m map[string]*program
}

// compilePattern compiles a rule's pattern, or says why it is refused:
// pattern_unsupported (JavaScript-only syntax, or a Unicode class not
// carried), pattern_long (more than maxProgram), pattern_bad (not a
// regular expression) or pattern_<word> of what the parser found wrong
// (badPattern).
func compilePattern(pattern string) (*program, string) {
	patterns.Lock()
	defer patterns.Unlock()
	if p, ok := patterns.m[pattern]; ok {
		return p, ""
	}
	n, err := parse(fromJS(pattern))
	var p *program
	if err == nil {
		p, err = compile(n)
	}
	switch {
	case err != nil && jsOnly(pattern), errors.Is(err, errUnsupported):
		return nil, "pattern_unsupported"
	case errors.Is(err, errLong):
		return nil, "pattern_long"
	case err != nil:
		var why badPattern
		if !errors.As(err, &why) {
			why = errBad
		}
		return nil, "pattern_" + string(why)
	}
	if patterns.m == nil || len(patterns.m) >= 4*MaxRules {
		patterns.m = map[string]*program{}
	}
	patterns.m[pattern] = p
	return p, ""
}

// fromJS writes JavaScript's \uXXXX and \u{X…} escapes (how a person
// writes a range of Chinese characters, [\u4e00-\u9fa5]) as RE2's
// \x{…}; the rest is the same in both.
func fromJS(pattern string) string {
	if !strings.Contains(pattern, `\u`) {
		return pattern
	}
	var b strings.Builder
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		if c != '\\' || i+1 == len(pattern) {
			b.WriteByte(c)
			continue
		}
		if pattern[i+1] == 'u' {
			rest := pattern[i+2:]
			if len(rest) >= 4 && isHex(rest[:4]) {
				b.WriteString(`\x{` + rest[:4] + `}`)
				i += 5
				continue
			}
			if j := strings.IndexByte(rest, '}'); len(rest) > 2 && rest[0] == '{' && j > 1 && j <= 7 && isHex(rest[1:j]) {
				b.WriteString(`\x` + rest[:j+1])
				i += 1 + j + 1
				continue
			}
		}
		b.WriteByte(c)
		b.WriteByte(pattern[i+1])
		i++
	}
	return b.String()
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return s != ""
}

// jsOnly reports whether pattern uses syntax JavaScript has and RE2
// refuses: look-around ((?= (?! (?<= (?<!) and back-references (\1,
// \k<name>).
func jsOnly(pattern string) bool {
	for _, s := range []string{"(?=", "(?!", "(?<=", "(?<!", `\k<`} {
		if strings.Contains(pattern, s) {
			return true
		}
	}
	for i := 0; i+1 < len(pattern); i++ {
		if pattern[i] == '\\' {
			if c := pattern[i+1]; c >= '1' && c <= '9' {
				return true
			}
			i++ // an escaped backslash is not the start of one
		}
	}
	return false
}

// MatchPattern reports whether a rule's regular expression matches text,
// and says why a pattern is refused ("" when it is not): Check's reasons.
func MatchPattern(pattern, text string) (bool, string) {
	p, why := compilePattern(pattern)
	if why != "" {
		return false, why
	}
	return p.match(text), ""
}
