package msg_test

import (
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestTextDetailWithoutBidiControls: a detail that the words of its code
// do not place (a code this build does not know, or words without
// $DETAIL$) is added after them in parentheses, outside the
// substitutions that jsx.Message cleans: a chat's name there, with a
// right-to-left override left open, turned wxdrop's words around it.
func TestTextDetailWithoutBidiControls(t *testing.T) {
	words := func(key string, subs ...string) string { return "words of " + key } // places no detail
	for _, e := range []*msg.Error{
		{Code: msg.ErrNotFound, Detail: "王\u202E总"},
		{Code: "NOT_A_CODE", Detail: "\u2067王\u202B总\u200F"},
	} {
		got := msg.Text(words, e)
		if strings.ContainsAny(got, "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F") {
			t.Errorf("Text(%+q) = %+q: a bidirectional control", e.Detail, got)
		}
		if !strings.Contains(got, "王总") {
			t.Errorf("Text(%+q) = %+q, want the name 王总", e.Detail, got)
		}
	}
}
