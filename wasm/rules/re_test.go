package rules

import (
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"
)

// agree checks that the rules' engine answers as Go's regexp (RE2) on
// pattern and texts: the same match, or a refusal where regexp refuses.
// The engine may refuse more: a Unicode class it does not carry
// (pattern_unsupported) and a program regexp/syntax makes long too.
func agree(t *testing.T, pattern string, texts ...string) {
	t.Helper()
	if strings.Contains(pattern, `\u`) || jsOnly(pattern) {
		return // read differently on purpose (fromJS, jsOnly): TestPatternSyntax
	}
	re, reErr := regexp.Compile(pattern)
	p, why := compilePattern(pattern)
	switch {
	case reErr != nil && why == "":
		t.Fatalf("%q: regexp refuses it (%v), the engine does not", pattern, reErr)
	case reErr != nil:
		return
	case why == "pattern_unsupported" && (strings.Contains(pattern, `\p`) || strings.Contains(pattern, `\P`)):
		return
	case why == "pattern_long" && re2Size(pattern) > maxProgram/2:
		return
	case why != "":
		t.Fatalf("%q: refused (%s), regexp takes it", pattern, why)
	}
	for _, text := range texts {
		if got, want := p.match(text), re.MatchString(text); got != want {
			t.Fatalf("%q on %q: %v, regexp says %v", pattern, text, got, want)
		}
	}
}

func re2Size(pattern string) int {
	s, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return 0
	}
	prog, err := syntax.Compile(s.Simplify())
	if err != nil {
		return 0
	}
	return len(prog.Inst)
}

var agreeTexts = []string{"", "a", "ab", "abc", "aab", "ba", "a\nb", "\n", "A", "AB", "Ab",
	"x y", "foo bar", "123", "a1_b", "订单123", "中文", "ſ", "K", "k", "é", "É", " ", "\t", "a-b", "]", "[", "{", "}",
	"a{2}", "aaa", "aaaa", "abab", "\xff", "a\xffb", "ǅ", "Σσς", "%", "\x00", "\u212a"}

// TestAgreesWithRegexp: hand-picked patterns of every construct the
// engine reads, and the corner cases of RE2's syntax.
func TestAgreesWithRegexp(t *testing.T) {
	t.Parallel()
	for _, pattern := range []string{
		`a`, `^a`, `a$`, `^$`, `^`, `$`, `a|b`, `a|`, `|a`, `|`, `()`, `(a)`, `(?:a|b)c`, `a*`, `a+`, `a?`,
		`a*?`, `a+?`, `a??`, `a{2}`, `a{2,}`, `a{1,2}`, `a{,2}`, `a{`, `a{1`, `a{1,`, `{`, `{1}`, `a{2}{3}`, `a**`, `a*+`,
		`a{1001}`, `a{2,1}`, `x{0}`, `(a*)*`, `(a*)+b`, `(|a)*`, `.`, `(?s).`, `a.b`, `(?s)a.b`, `[a-c]`, `[^a-c]`,
		`[]a]`, `[^]a]`, `[a-]`, `[-a]`, `[a\-z]`, `[\d]`, `[^\d]`, `[\D]`, `[\w\s]`, `[^\W]`, `[[:alpha:]]`,
		`[[:^alpha:]]`, `[[:word:]]`, `[[:foo:]]`, `[a`, `[]`, `[z-a]`, `\d`, `\D`, `\w`, `\W`, `\s`, `\S`, `\b`, `\B`,
		`\bab\b`, `\Bb`, `\Aa`, `a\z`, `\Z`, `\x41`, `\x{41}`, `\x{10FFFF}`, `\x{110000}`, `\x4`, `\xZZ`, `\0`, `\012`,
		`\n`, `\t`, `\.`, `\*`, `\\`, `\`, `\y`, `\Qa.b\E`, `\Qa.b`, `(?i)a`, `(?i)k`, `(?i)[a-z]`, `(?i)[^k]`,
		`(?i)\w`, `(?i)\W`, `(?i)σ`, `(?i:a)b`, `(?i)a(?-i)b`, `(?m)^b`, `(?m)a$`, `(?ms)a.^b`, `(?U)a+`, `(?)`,
		`(?-)`, `(?i-)`, `(?x)`, `(?P<n>a)`, `(?<n>a)`, `(?P<中>a)`, `(?P<a1_>a)`, `(?P<>a)`, `(?P<n!>a)`, `(?P=n)`, `(a`, `a)`, `*`, `+a`,
		`^*`, `$+`, `(?i)Σ`, `[\p{Han}]+`, `\p{Han}`, `\pL`, `\p{^L}`, `\P{L}`, `\PL`, `\p{Lu}`, `(?i)\p{Lu}`,
		`\p{Greek}`, `\p{Foo}`, `\p{`, `[\p{Latin}\d]`, `[^\p{Han}a]`, `\p{Any}`, `a\x00`, `\C`, `(a|ab)(c|bcd)(d*)`,
		`(\w+\s?)+$`, `^(([a-z])+.)+[A-Z]([a-z])+$`, `[\x{4e00}-\x{9fff}]+`, `\p{Hiragana}|\p{Katakana}`,
	} {
		agree(t, pattern, agreeTexts...)
	}
}

// TestAgreesWithRegexpGenerated: patterns put together at random from
// the pieces of the syntax, and texts from their characters.
func TestAgreesWithRegexpGenerated(t *testing.T) {
	t.Parallel()
	pieces := []string{"a", "b", "k", "K", "σ", "中", ".", "^", "$", "|", "(", ")", "(?:", "(?i)", "(?i:", "(?m)",
		"(?s)", "*", "+", "?", "{2}", "{1,3}", "{0,}", "[ab]", "[^a]", "[a-z]", "[[:upper:]]", "\\d", "\\w", "\\s",
		"\\W", "\\b", "\\B", "\\A", "\\z", "\n", " ", "x", "\\p{Han}", "[\\w中]", "\\.", "-", "]", "{"}
	letters := []string{"a", "b", "k", "K", "σ", "Σ", "中", "文", " ", "\n", "1", "_", ".", "\u212a", "x"}
	rnd := rand.New(rand.NewPCG(15, 2026))
	for range 20000 {
		var p strings.Builder
		for range 1 + rnd.IntN(8) {
			p.WriteString(pieces[rnd.IntN(len(pieces))])
		}
		texts := make([]string, 8)
		for i := range texts {
			var s strings.Builder
			for range rnd.IntN(7) {
				s.WriteString(letters[rnd.IntN(len(letters))])
			}
			texts[i] = s.String()
		}
		agree(t, p.String(), texts...)
	}
}

// TestFoldBound: a pattern whose (?i) classes would fold more than
// maxFolds runes one by one is refused as long, before the work is done;
// a few folded Unicode classes are not.
func TestFoldBound(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern, why string
	}{
		{strings.Repeat(`(?i)\pL`, 1000), "pattern_long"},
		{strings.Repeat(`(?i)[\x{42}-\x{1e942}]`, 10), "pattern_long"},
		{`(?i)\pL+ \p{Lu}\d`, ""},
		{strings.Repeat(`(?i)[a-z]`, 300), ""},
	} {
		if _, why := compilePattern(tc.pattern); why != tc.why {
			t.Errorf("%.40s…: %q, want %q", tc.pattern, why, tc.why)
		}
	}
}

// FuzzMatchesRegexp: any pattern and text, against Go's regexp.
func FuzzMatchesRegexp(f *testing.F) {
	f.Add(`(\w+\s?)+$`, "word word!")
	f.Add(`(?i)[^k]\b`, "K k")
	f.Add(`^订单\d+$`, "订单123")
	f.Fuzz(func(t *testing.T, pattern, text string) {
		if len(pattern) > 200 || len(text) > 200 {
			return
		}
		agree(t, pattern, text)
	})
}
