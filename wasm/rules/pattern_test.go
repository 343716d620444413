package rules_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// TestPatternsCannotFreeze: patterns that take a backtracking engine
// (the browser's RegExp) exponential time are matched against 16 KB
// texts, the most an incoming text holds, and each match ends. The
// browser's RegExp took 3.5 s on `(\w+\s?)+$` and 26 "x" then "!"
// (Node 22 on the test machine), doubling with each character: on 16 KB
// it would never end. Go's regexp is linear in the text: here each
// match is at most maxProgram steps per character.
//
// The bound below is not a measurement: it only stops a test that would
// otherwise hang, and is a thousand times what a slow machine needs.
func TestPatternsCannotFreeze(t *testing.T) {
	t.Parallel()
	const size = 16 << 10
	cases := []struct {
		pattern, text string
		want          bool
	}{
		{`(\w+\s?)+$`, strings.Repeat("x", size-1) + "!", false},
		{`(\w+\s?)+$`, strings.Repeat("word ", size/5), true},
		{`(a+)+$`, strings.Repeat("a", size-1) + "!", false},
		{`(a|aa)+$`, strings.Repeat("a", size-1) + "b", false},
		{`(a|a?)+b`, strings.Repeat("a", size), false},
		{`(x+x+)+y`, strings.Repeat("x", size), false},
		{`^(([a-z])+.)+[A-Z]([a-z])+$`, strings.Repeat("a", size-1) + "!", false},
		{`(.*a){20}`, strings.Repeat("a", size), true},
		{`(.*,){12}P`, strings.Repeat("1,", size/2), false},
		{`^(\d+)*$`, strings.Repeat("1", size-1) + "x", false},
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, tc := range cases {
			ok, why := rules.MatchPattern(tc.pattern, tc.text)
			if why != "" || ok != tc.want {
				t.Errorf("%s on %d bytes: %v %q, want %v", tc.pattern, len(tc.text), ok, why, tc.want)
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Minute):
		t.Fatal("a match did not end")
	}
}

// TestPatternSyntax: what JavaScript has and a linear-time engine cannot
// do is refused in words of its own (pattern_unsupported), not as "not a
// regular expression"; the rest of the everyday syntax works.
func TestPatternSyntax(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern, text string
		match         bool
		why           string
	}{
		{`^订单\d+$`, "订单123", true, ""},
		{`几点|when`, "what time, when?", true, ""},
		{`(?<year>\d{4})-\d\d`, "2026-12", true, ""},
		{`\bping\b`, "a ping b", true, ""},
		{`\\1`, `a\1`, true, ""},
		{`[\u4e00-\u9fa5]+`, "中文", true, ""}, // JavaScript's \u, read as RE2's \x{…}
		{`\u{1F600}`, "😀", true, ""},
		{`\\u4e00`, `\u4e00`, true, ""},
		{`[\x{4e00}-\x{9fff}]+`, "中文", true, ""},
		{`foo(?=bar)`, "foobar", false, "pattern_unsupported"},
		{`foo(?!bar)`, "foobaz", false, "pattern_unsupported"},
		{`(?<=a)b`, "ab", false, "pattern_unsupported"},
		{`(?<!a)b`, "cb", false, "pattern_unsupported"},
		{`(a)\1`, "aa", false, "pattern_unsupported"},
		{`(?<x>a)\k<x>`, "aa", false, "pattern_unsupported"},
		// What the parser found wrong, in the refusal's word (each a
		// code with its sentence in both languages).
		{`(`, "", false, "pattern_unclosed_group"},
		{`a)`, "", false, "pattern_unopened_group"},
		{`[a-z`, "", false, "pattern_unclosed_class"},
		{`[a\`, "", false, "pattern_unclosed_class"},
		{`*a`, "", false, "pattern_nothing_to_repeat"},
		{`a|+`, "", false, "pattern_nothing_to_repeat"},
		{`a**`, "", false, "pattern_nothing_to_repeat"},
		{`a{2,1}`, "", false, "pattern_bad_repeat"},
		{`a{1001}`, "", false, "pattern_bad_repeat"},
		{`[z-a]`, "", false, "pattern_bad_range"},
		{`a\`, "", false, "pattern_bad_escape"},
		{`\q`, "", false, "pattern_bad_escape"},
		{`\x{110000}`, "", false, "pattern_bad_escape"},
		{`(?z)a`, "", false, "pattern_bad"},
		{strings.Repeat(`(ab|cd)`, 400), "", false, "pattern_long"},
	} {
		ok, why := rules.MatchPattern(tc.pattern, tc.text)
		require.Equal(t, tc.why, why, tc.pattern)
		require.Equal(t, tc.match, ok, tc.pattern)
		r := rules.Rule{Kind: rules.KindReply, Match: rules.MatchRegexp, Pattern: tc.pattern, Reply: "x"}
		require.Equal(t, tc.why, rules.Check(r), "Check agrees: %s", tc.pattern)
	}
}
