//go:build !js

package search

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestSearchJSAgreesWithIndex runs extension/pages/search.js (the popup's
// first keystroke, answered before popup.wasm runs) under Node beside
// this package's Index, over the same contacts as the worker stores them
// (Sorted: the search list search.js reads, and the contact list whose
// chats its positions are) and the same queries, and requires the same
// hits in the same order and the same count. The contacts are the figures' generated 5,000 and odd
// ones: names with markup, emoji spans, entities, the case mappings where
// JavaScript's toLowerCase is not Go's (İ, a final Σ), code points past
// U+FFFF against ones from U+E000 (UTF-16 and UTF-8 order them
// differently), spaces Go trims and JavaScript does not, equal names.
func TestSearchJSAgreesWithIndex(t *testing.T) {
	cs := append(generated(5000), oddContacts()...)
	queries := []string{
		"", "z", "zh", "zhang", "zhang wei", "zw", "ZS", "张", "张三", " 张 ", "wei", "a", "e", "li",
		"ı", "i", "İ", "σ", "Σ", "ς", "😀", "\U0001F600", "\uE000", "&amp;", "&", "<", "<b>", "b", "x y",
		"\u0085张", "\uFEFF张", "\u3000李", "emoji", "1f604", "😄", "ab", "nbsp", " ", "王", "q", "qq",
		// Full-width, as an input method in 全角 mode types (fold.go).
		"ｚｗ", "ＺＨＡＮＧ　ＷＥＩ", "zhang　wei", "ａ", "＜ｂ＞",
	}
	r := rand.New(rand.NewPCG(7, 7))
	for range 60 {
		// Pieces of real names and pinyin, as a person types them.
		c := cs[r.IntN(len(cs))]
		for _, s := range []string{c.NickName, c.PYQuanPin, c.RemarkName, c.PYInitial} {
			if rs := []rune(s); len(rs) > 0 {
				a := r.IntN(len(rs))
				queries = append(queries, string(rs[a:a+1+r.IntN(len(rs)-a)]))
			}
		}
	}
	limits := []int{12, 50, 0}

	list, sl := Sorted(cs)
	in, err := json.Marshal(map[string]any{"list": string(jsonlite.Append(nil, &sl)), "queries": queries, "limits": limits})
	require.NoError(t, err)
	out := runSearchJS(t, runner, in)
	var got [][]struct {
		Hits  []int `json:"hits"`
		Total int   `json:"total"`
	}
	require.NoError(t, json.Unmarshal(out, &got))
	require.Len(t, got, len(queries))

	for qi, q := range queries {
		for li, limit := range limits {
			// A fresh index (the popup's first query, before the sort)
			// and a sorted one answer alike.
			for _, ix := range []*Index{New(cs), sorted(cs)} {
				hits, total := ix.Search(q, limit)
				if hits == nil {
					hits = []int{}
				}
				g := got[qi][li]
				require.Equal(t, names(cs, hits), names(list, g.Hits), "query %q limit %d: hits", q, limit)
				require.Equal(t, total, g.Total, "query %q limit %d: count", q, limit)
			}
		}
	}
}

// TestSearchJSLowersEveryCodePoint holds search.js's lower-casing of a
// query to Go's strings.ToLower (normalize) for every code point, under
// Node's ICU: JavaScript's toLowerCase differs for İ, a final Σ, and the
// letters given a lower case after Go's tables (a Node or Go of another
// Unicode version shows here first). The code points go as queries of
// 500, in order, so that each meets its neighbours too.
func TestSearchJSLowersEveryCodePoint(t *testing.T) {
	var queries []string
	var q []rune
	for r := rune(0x20); r <= 0x10FFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF || r == '<' || r == '&' {
			continue // no surrogates; markup has its own cases
		}
		if q = append(q, r); len(q) == 500 || r == 0x10FFFF {
			queries = append(queries, string(q))
			q = q[:0]
		}
	}
	in, err := json.Marshal(queries)
	require.NoError(t, err)
	out := runSearchJS(t, `
process.stdout.write(JSON.stringify(JSON.parse(input).map((q) => wxdropSearch.normalize(q)[0])));`, in)
	var lowered []string
	require.NoError(t, json.Unmarshal(out, &lowered))
	require.Len(t, lowered, len(queries))
	for i, query := range queries {
		want, _ := normalize(query)
		if got := lowered[i]; got != want {
			w, g := []rune(want), []rune(got)
			for j := range min(len(w), len(g)) {
				if w[j] != g[j] {
					t.Fatalf("query %d: at %U, search.js lowers to %U, Go to %U", i, []rune(query)[j], g[j], w[j])
				}
			}
			t.Fatalf("query %d: search.js's is %d code points, Go's %d", i, len(g), len(w))
		}
	}
}

// runSearchJS runs script under Node after extension/pages/search.js, as
// the popup loads it, with stdin's text as input; it returns what the
// script writes.
func runSearchJS(t *testing.T, script string, stdin []byte) []byte {
	t.Helper()
	node, err := exec.LookPath("node")
	require.NoError(t, err, "Node.js runs search.js (make test installs it)")
	js, err := filepath.Abs("../../extension/pages/search.js")
	require.NoError(t, err)
	cmd := exec.Command(node, "-e", `
const fs = require("fs"), vm = require("vm");
vm.runInThisContext(fs.readFileSync(process.argv[1], "utf8"));
const input = fs.readFileSync(0, "utf8");
`+script, js)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "node: %s", stderr.String())
	return out
}

// runner is the Node side of TestSearchJSAgreesWithIndex: every query at
// every limit over the stored search list's text.
const runner = `
const args = JSON.parse(input);
const ls = wxdropSearch.list(JSON.parse(args.list));
process.stdout.write(JSON.stringify(args.queries.map((q) => args.limits.map((l) => ls.search(q, l)))));
`

func sorted(cs []msg.Contact) *Index {
	ix := New(cs)
	ix.Sort()
	return ix
}

// names are the hits as display names and UserNames, so that a failure
// reads as the lists a person would see.
func names(cs []msg.Contact, hits []int) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = displayName(cs[h].UserName, Clean(cs[h].NickName), Clean(cs[h].RemarkName)) + " " + cs[h].UserName
	}
	return out
}
