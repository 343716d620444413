package search

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// generated converts the simulator's generated people into the popup's
// contacts; every 50th is a recent chat, as a page's chat list would be.
func generated(n int) []msg.Contact {
	ps := wxsim.GeneratedPeople(n, 42)
	out := make([]msg.Contact, len(ps))
	for i, p := range ps {
		out[i] = msg.Contact{
			UserName: "@" + p.Key, NickName: p.NickName, RemarkName: p.RemarkName,
			PYInitial: p.PYInitial, PYQuanPin: p.PYQuanPin,
			RemarkPYInitial: p.RemarkPYInitial, RemarkPYQuanPin: p.RemarkPYQuanPin,
			HeadImgURL: "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgeticon?seq=0&username=@" + p.Key,
			Group:      p.Group,
		}
		if i%50 == 0 {
			out[i].Recent = i/50 + 1
		}
	}
	return out
}

// BenchmarkFirstRows5000 is the popup's first render: build the index
// and find the first rows of the empty query.
func BenchmarkFirstRows5000(b *testing.B) {
	cs := generated(5000)
	b.ReportAllocs()
	for b.Loop() {
		New(cs).Search("", 12)
	}
}

func BenchmarkNewSorted5000(b *testing.B) {
	cs := generated(5000)
	b.ReportAllocs()
	for b.Loop() {
		New(cs).Sort()
	}
}

// BenchmarkKeystroke5000 types "zhang wei" one key at a time, as the
// popup searches on every input event, and reports the cost per key:
// the first key searches every contact, the others the matches of the
// query before.
func BenchmarkKeystroke5000(b *testing.B) {
	ix := New(generated(5000))
	ix.Sort()
	query := "zhang wei"
	b.ReportAllocs()
	for b.Loop() {
		for k := 1; k <= len(query); k++ {
			ix.Search(query[:k], 50)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(query)), "ns/key")
}

func BenchmarkHan5000(b *testing.B) {
	ix := New(generated(5000))
	ix.Sort()
	b.ReportAllocs()
	for b.Loop() {
		ix.lastQ = "" // every contact, not the matches of the search before
		ix.Search("张", 50)
	}
}

func TestGenerated(t *testing.T) {
	t.Parallel()
	ix := New(generated(5000))
	hits, total := ix.Search("zhang", 50)
	if len(hits) != 50 || total <= 50 {
		t.Fatalf("Search(zhang) over 5,000 = %d hits, %d total", len(hits), total)
	}
	// Prefix matches come before substring ones: among 5,000 generated
	// people many names start with "zhang", so the first hit is at least a
	// prefix match, and no hit is better than the one before it.
	if m := entryOf(ix, hits[0]).match("zhang", "zhang"); m < Prefix {
		t.Fatalf("first hit %+v matches with quality %d, want a prefix match (%d) or better", ix.Contact(hits[0]), m, Prefix)
	}
	last := NoMatch + Exact
	for _, i := range hits {
		e := entryOf(ix, i)
		if e == nil {
			t.Fatalf("no entry for %d", i)
		}
		m := e.match("zhang", "zhang")
		if m == NoMatch {
			t.Fatalf("hit %s does not match", ix.Contact(i).UserName)
		}
		if m > last {
			t.Fatalf("hit %s (quality %d) after one of quality %d", ix.Contact(i).UserName, m, last)
		}
		last = m
	}
}

func entryOf(ix *Index, i int) *entry {
	ix.Sort()
	for k := range ix.order {
		if ix.order[k].i == i {
			return &ix.order[k]
		}
	}
	return nil
}

// BenchmarkFirstQuery5000 is the popup's first keystroke over a fresh
// index: "z" searched before any sort, as the first answer is.
func BenchmarkFirstQuery5000(b *testing.B) {
	cs := generated(5000)
	b.ReportAllocs()
	for b.Loop() {
		New(cs).Search("z", 12)
	}
}

// BenchmarkSorted5000 is what the worker adds to each write of the popup's
// list (the list's order and its search list): the index built and
// sorted, and the search list made.
func BenchmarkSorted5000(b *testing.B) {
	cs := generated(5000)
	b.ReportAllocs()
	for b.Loop() {
		Sorted(cs)
	}
}

// BenchmarkPopupWrite5000 is the worker's work at each write of the
// popup's list but the storage's own: "list" the contact list's JSON
// alone (a write before the search list), "lists" Sorted and both lists'
// JSON, as jsxjson.StorageSet encodes them (encoding/json, no HTML
// escapes). It reports both texts' sizes.
func BenchmarkPopupWrite5000(b *testing.B) {
	cs := generated(5000)
	encode := func(v any) int {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			b.Fatal(err)
		}
		return buf.Len()
	}
	b.Run("list", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			encode(msg.Contacts{Contacts: cs, Login: "@me"})
		}
	})
	b.Run("lists", func(b *testing.B) {
		b.ReportAllocs()
		var list, search int
		for b.Loop() {
			sorted, sl := Sorted(cs)
			sl.Login = "@me"
			list = encode(msg.Contacts{Contacts: sorted, Login: "@me", Stamp: sl.Stamp})
			search = encode(sl)
		}
		b.ReportMetric(float64(list), "list-B")
		b.ReportMetric(float64(search), "search-B")
	})
}
