package search

import (
	"slices"
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

// FuzzSearchAfter: a query searched after another (among its matches
// when it contains it) finds what a full search of it finds.
func FuzzSearchAfter(f *testing.F) {
	for _, q := range [][2]string{{"z", "zh"}, {"zhang", "zhang wei"}, {"zh ", "zh a"}, {"li", "li"}, {"&am", "&amp;"}, {"<sp", "<span>"}, {"张", "张三"}, {"a b", "ab"}, {"Z", "zS"}} {
		f.Add(q[0], q[1], 12)
	}
	cs := append(append([]msg.Contact{}, people...), generated(300)...)
	ix, full := New(cs), New(cs)
	ix.Sort()
	full.Sort()
	f.Fuzz(func(t *testing.T, before, q string, limit int) {
		ix.Search(before, limit)
		got, total := ix.Search(q, limit)
		full.lastQ = "" // a full search
		want, wantTotal := full.Search(q, limit)
		if !slices.Equal(got, want) || total != wantTotal {
			t.Fatalf("Search(%q, %d) after Search(%q) = %v (%d), a full search = %v (%d)", q, limit, before, got, total, want, wantTotal)
		}
	})
}
