package search

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// FuzzSearch: no query panics, every hit is a distinct contact that
// matches, hits are at most the limit and at most the total, and Clean
// keeps valid text valid.
func FuzzSearch(f *testing.F) {
	for _, q := range []string{"", "li", "zhang san", "张", "<span", `<span class="emoji emoji1f604"></span>`, "&amp;", "ZS", " ", "\xff"} {
		f.Add(q, 5)
	}
	cs := append(append([]msg.Contact{}, people...), generated(300)...)
	ix := New(cs)
	f.Fuzz(func(t *testing.T, q string, limit int) {
		hits, total := ix.Search(q, limit)
		if total > len(cs) || len(hits) > total {
			t.Fatalf("Search(%q, %d): %d hits, total %d of %d", q, limit, len(hits), total, len(cs))
		}
		if limit > 0 && len(hits) > limit {
			t.Fatalf("Search(%q, %d): %d hits over the limit", q, limit, len(hits))
		}
		if limit <= 0 && len(hits) != total {
			t.Fatalf("Search(%q, %d): %d hits of total %d with no limit", q, limit, len(hits), total)
		}
		seen := map[int]bool{}
		nq, npy := normalize(q)
		for _, i := range hits {
			if i < 0 || i >= len(cs) || seen[i] {
				t.Fatalf("Search(%q): bad or repeated hit %d", q, i)
			}
			seen[i] = true
			if nq != "" && entryOf(ix, i).match(nq, npy) == NoMatch {
				t.Fatalf("Search(%q): hit %s does not match", q, cs[i].UserName)
			}
		}
		if utf8.ValidString(q) && !utf8.ValidString(Clean(q)) {
			t.Fatalf("Clean(%q) is not valid UTF-8", q)
		}
		if !strings.Contains(q, "<") && !strings.Contains(q, "&") && Clean(q) != q {
			t.Fatalf("Clean(%q) changed text without markup", q)
		}
	})
}
