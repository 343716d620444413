//go:build !js

package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestSearchJSAgreesWithIndex runs extension/pages/search.js (the popup's
// first keystroke, answered before popup.wasm runs) under Node beside
// this package's Index, over the same contacts as the worker stores them
// and the same queries, and requires the same hits in the same order and
// the same count. The contacts are the figures' generated 5,000 and odd
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

	stored := string(jsonlite.Append(nil, &msg.Contacts{Contacts: cs}))
	in, err := json.Marshal(map[string]any{"contacts": stored, "queries": queries, "limits": limits, "n": len(cs)})
	require.NoError(t, err)
	out := runSearchJS(t, runner, in)
	var res struct {
		Hits [][]struct {
			Hits  []int `json:"hits"`
			Total int   `json:"total"`
		} `json:"hits"`
		// Rows are each contact's Display, Nick and Keys: what
		// instant.js's rows show and filter by.
		Rows [][3]string `json:"rows"`
	}
	require.NoError(t, json.Unmarshal(out, &res))
	got := res.Hits
	require.Len(t, got, len(queries))
	require.Len(t, res.Rows, len(cs))
	ix := New(cs)
	for i, r := range res.Rows {
		require.Equal(t, [3]string{ix.Display(i), ix.Nick(i), ix.Keys(i)}, r, "contact %d %+v: display, nick, keys", i, cs[i])
	}

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
				require.Equal(t, names(cs, hits), names(cs, g.Hits), "query %q limit %d: hits", q, limit)
				require.Equal(t, total, g.Total, "query %q limit %d: count", q, limit)
			}
		}
	}
}

// TestSearchJSLowersEveryCodePoint holds search.js's lower-casing to Go's
// strings.ToLower for every code point, under Node's ICU: JavaScript's
// toLowerCase differs for İ, a final Σ, and the letters given a lower case
// after Go's Unicode tables (a Node or Go of another Unicode version
// shows here first). The code points go as names of 500, in order, so
// that each meets its neighbours too; search.js's keys are its lowered
// names.
func TestSearchJSLowersEveryCodePoint(t *testing.T) {
	var cs []msg.Contact
	var name []rune
	for r := rune(0x20); r <= 0x10FFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF || r == '<' || r == '&' {
			continue // no surrogates; markup has its own cases
		}
		if name = append(name, r); len(name) == 500 || r == 0x10FFFF {
			cs = append(cs, msg.Contact{UserName: fmt.Sprintf("@cp%d", len(cs)), NickName: string(name)})
			name = name[:0]
		}
	}
	out := runSearchJS(t, `
const cs = JSON.parse(input).contacts;
const ix = wxdropSearch.index(cs);
process.stdout.write(JSON.stringify(cs.map((c, i) => ix.keys(i))));`, jsonlite.Append(nil, &msg.Contacts{Contacts: cs}))
	var keys []string
	require.NoError(t, json.Unmarshal(out, &keys))
	require.Len(t, keys, len(cs))
	ix := New(cs)
	for i := range cs {
		want, got := []rune(ix.Keys(i)), []rune(keys[i])
		if !slices.Equal(want, got) {
			for j := range min(len(want), len(got)) {
				if want[j] != got[j] {
					t.Fatalf("name %d: at %U, search.js lowers to %U, Go to %U", i, []rune(cs[i].NickName)[j], got[j], want[j])
				}
			}
			t.Fatalf("name %d: search.js's keys are %d code points, Go's %d", i, len(got), len(want))
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
// every limit over the stored contacts' text.
const runner = `
const args = JSON.parse(input);
const ix = wxdropSearch.index(JSON.parse(args.contacts).contacts);
const rows = [];
for (let i = 0; i < args.n; i++) rows.push([ix.display(i), ix.nick(i), ix.keys(i)]);
process.stdout.write(JSON.stringify({ hits: args.queries.map((q) => args.limits.map((l) => ix.search(q, l))), rows }));
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

// oddContacts are names where a port of Clean, ToLower, TrimSpace or
// strings.Compare to JavaScript goes wrong if it is not exact.
func oddContacts() []msg.Contact {
	names := []struct{ nick, remark, pq string }{
		{`<span class="emoji emoji1f604"></span>笑`, "", "xiao"},
		{`<span class="emoji emoji1f1e8"></span>flag`, "", ""},
		{`<span class="emoji emojiD800"></span>bad`, "", ""},
		{`<span class="emoji emoji001f"></span>ctl`, "", ""},
		{`<span class="emoji emoji1F604'></span>caps`, "", ""},
		{"Tom &amp; Jerry", "", "tomjerry"},
		{"a &lt; b &gt; c &nbsp;&#39;&quot;&apos;", "", ""},
		{"&unknown; &amp", "", ""},
		{"a < b", "", ""},
		{"<>x", "", ""},
		{"<b>bold</b>", "", ""},
		{"<1>num", "", ""},
		{"İstanbul", "", ""},
		{"ΟΔΥΣΣΕΥΣ", "", ""},
		{"ΣΑΣ", "Σοφία", ""},
		{"😀smile", "", ""},
		{"\uE000private", "", ""},
		{"\uFFFDreplacement", "", ""},
		{"\U0001F600z", "", "z"},
		{"\uE000z", "", "z"},
		{"same", "", "same"},
		{"same", "", "same"},
		{"", "", ""},
		{"\u0085李", "", "li"},
		{"ǅungla", "", ""},
		{"ﬀ ligature", "", ""},
		{"Straße", "STRASSE", ""},
		{"张三", "老张", "zhangsan"},
		{"x y", "", "xy"},
		{"   ", "", ""},
		{"\u3164", "", ""},
		{"\u200b\u200f", "", "kong"},
		{"nick", " ", "nick"},
		{"", "\u2800", ""},
		{"\u0085", "", ""},
		{"\u00a0\u180e", "\ufeff", ""},
		{"nul\x00zz", "", ""},
	}
	out := make([]msg.Contact, len(names))
	for i, n := range names {
		out[i] = msg.Contact{UserName: "@odd" + strings.Repeat("x", i%3) + string(rune('a'+i)), NickName: n.nick, RemarkName: n.remark, PYQuanPin: n.pq, PYInitial: strings.ToUpper(n.pq)}
		if n.remark != "" {
			out[i].RemarkPYQuanPin = "r" + n.pq
		}
		if i%7 == 0 {
			out[i].Recent = 100 + i
		}
	}
	// Two chats of one UserName (a chat listed twice).
	out = append(out, out[len(out)-1])
	return out
}
