package search

import (
	"cmp"
	"slices"
	"strings"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// Quality is how well a contact matches a query; higher is better.
type Quality uint8

const (
	NoMatch Quality = iota
	Substring
	Prefix
	Exact
)

// The searchable fields of an entry, by position in entry.fields.
const (
	fNick = iota
	fRemark
	fPYInitial
	fPYQuanPin
	fRemarkPYInitial
	fRemarkPYQuanPin
	nFields
)

// entry is a contact with everything a keystroke needs precomputed.
type entry struct {
	i      int             // position in the list given to New
	fields [nFields]string // cleaned, lower-cased
	// all is the fields joined by NUL, set by Sort: a query it does not
	// contain matches no field, which one search finds out instead of six.
	all string
}

// Index searches one contact list. It sorts the list into its
// empty-query order only when a search needs it (or on Sort): the popup's
// first render needs only the top rows of that order, and its first
// query only the best few hits of each quality, which a single pass
// finds either way; the sort (most of the cost in the browser) waits
// until the popup has answered. An Index is not
// safe for concurrent use.
type Index struct {
	contacts []msg.Contact
	display  []string   // by position in contacts
	keys     []sortable // by position in contacts until sorted
	order    []entry    // the empty-query order; nil until sorted
	// entries are the searchable fields by position in contacts, made
	// by a search before the sort (firstSearch) and moved into order by
	// Sort.
	entries []entry
	// every is each position in order (0, 1, 2, …): what a query is
	// searched among when matches (below) cannot narrow it.
	every []int32
	// matches are every match of the query lastQ (lastQpy for the
	// pinyin fields), by position in order: a query containing lastQ
	// and lastQpy, as typing on makes it, can only match among them.
	// spare is the buffer the next matches are written to.
	lastQ, lastQpy string
	matches, spare []int32
	// shared are the display names of more than one contact, made at
	// the first Nick (samename.go).
	shared map[string]bool
}

// New builds the index of contacts. The slice is kept, not copied: the
// caller must not change it afterwards.
func New(contacts []msg.Contact) *Index {
	ix := &Index{contacts: contacts, display: make([]string, len(contacts)), keys: make([]sortable, len(contacts))}
	for i := range contacts {
		c := &contacts[i]
		nick, remark := Clean(c.NickName), Clean(c.RemarkName)
		ix.display[i] = displayName(c.UserName, nick, remark)
		name := sortKey(c, nick, remark)
		ix.keys[i] = sortable{recent: c.Recent, prefix: prefix8(name), name: name, i: i}
	}
	return ix
}

// entryOf is contact i's searchable fields. Sort makes them: the popup's
// first screen needs only the sort keys, and half the work of New was
// here.
func (ix *Index) entryOf(i int) entry {
	c := &ix.contacts[i]
	e := entry{i: i, fields: [nFields]string{
		strings.ToLower(fold(Clean(c.NickName))), strings.ToLower(fold(Clean(c.RemarkName))),
		strings.ToLower(c.PYInitial), strings.ToLower(c.PYQuanPin),
		strings.ToLower(c.RemarkPYInitial), strings.ToLower(c.RemarkPYQuanPin),
	}}
	e.all = strings.Join(e.fields[:], "\x00")
	return e
}

// Sort puts the list in its empty-query order now rather than at the
// first search that needs it.
func (ix *Index) Sort() {
	if ix.order != nil {
		return
	}
	// Sort small keys, not the entries: moving 120-byte entries made it
	// several times slower.
	slices.SortFunc(ix.keys, ix.compare)
	ix.order = make([]entry, len(ix.keys))
	ix.every = make([]int32, len(ix.keys))
	for k, key := range ix.keys {
		ix.every[k] = int32(k)
		if ix.entries != nil {
			ix.order[k] = ix.entries[key.i]
		} else {
			ix.order[k] = ix.entryOf(key.i)
		}
	}
	ix.entries = nil
}

// compare is the empty-query order: recent chats by rank, then everyone
// by name; the UserName and the position make it total.
func (ix *Index) compare(a, b sortable) int {
	if (a.recent > 0) != (b.recent > 0) {
		if a.recent > 0 {
			return -1
		}
		return 1
	}
	// One comparison after the other, not cmp.Or: its arguments are all
	// computed, four string comparisons a call where the first two
	// numbers nearly always decide. The popup's first query sorts
	// (BenchmarkNewSorted5000 as WebAssembly under Node, alternating
	// runs: 135–154 ms with cmp.Or, 63–84 ms without).
	if c := cmp.Compare(a.recent, b.recent); c != 0 {
		return c
	}
	if c := cmp.Compare(a.prefix, b.prefix); c != 0 {
		return c
	}
	if c := strings.Compare(a.name, b.name); c != 0 {
		return c
	}
	if c := strings.Compare(ix.display[a.i], ix.display[b.i]); c != 0 {
		return c
	}
	if c := strings.Compare(ix.contacts[a.i].UserName, ix.contacts[b.i].UserName); c != 0 {
		return c
	}
	return cmp.Compare(a.i, b.i)
}

// top is the first limit positions of the empty-query order without
// sorting: one pass keeping the best few in order.
func (ix *Index) top(limit int) []int {
	best := make([]sortable, 0, limit+1)
	for _, k := range ix.keys {
		best = ix.keep(best, k, limit)
	}
	out := make([]int, len(best))
	for j, k := range best {
		out[j] = k.i
	}
	return out
}

// displayName is what a person calls the chat: the remark they gave it,
// else its own name, else (never seen, but not blank) its UserName. A
// name of only spaces is shown in quotes (Shown): the row and "To:" of
// such a chat showed nothing.
func displayName(user, nick, remark string) string {
	if !Blank(remark) {
		return remark
	}
	if !Blank(nick) {
		return nick
	}
	if n := cmp.Or(remark, nick); n != "" {
		return Shown(n)
	}
	return user
}

// sortKey orders names the way web WeChat lists them: by the pinyin of
// the name shown, so 张三 sorts under z next to "zoe".
// nick and remark are the contact's names, cleaned.
func sortKey(c *msg.Contact, nick, remark string) string {
	if c.RemarkName != "" {
		return strings.ToLower(cmp.Or(c.RemarkPYQuanPin, remark))
	}
	return strings.ToLower(cmp.Or(c.PYQuanPin, nick, c.UserName))
}

// Len is the number of contacts.
func (ix *Index) Len() int { return len(ix.contacts) }

// Contact is the contact at position i of the list given to New.
func (ix *Index) Contact(i int) msg.Contact { return ix.contacts[i] }

// Display is the display name of contact i: the remark name if set, else
// the nick name, markup removed.
func (ix *Index) Display(i int) string { return ix.display[i] }

// Nick is the small second line of contact i's row: its nick name,
// markup removed, when the display name is a remark, and what tells it
// apart from another chat of the same display name (samename.go).
func (ix *Index) Nick(i int) string {
	nick := ""
	if !Blank(ix.contacts[i].RemarkName) {
		nick = Clean(ix.contacts[i].NickName)
	}
	return ix.apart(i, nick)
}

// Search returns the positions (in the list given to New) of the contacts
// matching query, best first: exact, then prefix, then substring matches;
// within a quality, recent chats first, then everyone by name. An empty
// query matches everyone in that order. At most limit positions are
// returned (limit <= 0: all); total counts every match. A query that
// contains the one searched before (the next keystroke of a word) is
// searched among that one's matches only.
func (ix *Index) Search(query string, limit int) (hits []int, total int) {
	q, qpy := normalize(query)
	n := len(ix.contacts)
	if limit <= 0 || limit > n {
		limit = n
	}
	if q == "" && ix.order == nil && limit <= n/16 {
		return ix.top(limit), len(ix.keys)
	}
	if q != "" && ix.order == nil && limit <= n/16 {
		return ix.firstSearch(q, qpy, limit)
	}
	ix.Sort()
	if q == "" {
		hits = make([]int, 0, limit)
		for _, e := range ix.order[:limit] {
			hits = append(hits, e.i)
		}
		return hits, len(ix.order)
	}
	// Buckets by quality; each keeps the index order. Only the first
	// limit of each are kept: no bucket can contribute more.
	var buckets [Exact + 1][]int
	among := ix.every
	if ix.lastQ != "" && strings.Contains(q, ix.lastQ) && strings.Contains(qpy, ix.lastQpy) {
		// A field containing q contains lastQ (and one containing qpy
		// lastQpy): the matches of q are among lastQ's, in the same
		// order. A keystroke that adds to the query searches a few
		// hundred entries rather than every contact.
		among = ix.matches
	}
	next := ix.spare[:0]
	for _, k := range among {
		e := &ix.order[k]
		m := e.match(q, qpy)
		if m == NoMatch {
			continue
		}
		next = append(next, k)
		total++
		if len(buckets[m]) < limit {
			buckets[m] = append(buckets[m], e.i)
		}
	}
	ix.lastQ, ix.lastQpy = q, qpy
	ix.matches, ix.spare = next, ix.matches
	hits = make([]int, 0, min(total, limit))
	for m := Exact; m > NoMatch && len(hits) < limit; m-- {
		hits = append(hits, buckets[m][:min(len(buckets[m]), limit-len(hits))]...)
	}
	return hits, total
}

// firstSearch is Search of a query before the index is sorted, as the
// popup's first keystroke is: the hits of each quality are kept in the
// empty-query order by one pass that holds only the best limit of each,
// and the sort waits. In the browser the sort was half of the first
// answer's work in Go (5,000 contacts, a profile of the popup's start:
// some 45 ms of about 90).
func (ix *Index) firstSearch(q, qpy string, limit int) (hits []int, total int) {
	if ix.entries == nil {
		ix.entries = make([]entry, len(ix.contacts))
		for i := range ix.entries {
			ix.entries[i] = ix.entryOf(i)
		}
	}
	var best [Exact + 1][]sortable
	for i := range ix.entries {
		m := ix.entries[i].match(q, qpy)
		if m == NoMatch {
			continue
		}
		total++
		best[m] = ix.keep(best[m], ix.keys[i], limit)
	}
	hits = make([]int, 0, min(total, limit))
	for m := Exact; m > NoMatch && len(hits) < limit; m-- {
		for _, k := range best[m][:min(len(best[m]), limit-len(hits))] {
			hits = append(hits, k.i)
		}
	}
	return hits, total
}

// keep puts k into best, which holds at most limit keys in the
// empty-query order, when it is among the first limit.
func (ix *Index) keep(best []sortable, k sortable, limit int) []sortable {
	if len(best) == limit && ix.compare(k, best[limit-1]) >= 0 {
		return best
	}
	at, _ := slices.BinarySearchFunc(best, k, ix.compare)
	best = slices.Insert(best, at, k)
	if len(best) > limit {
		best = best[:limit]
	}
	return best
}

// normalize lower-cases the query and trims it; qpy is the query for
// pinyin fields, which have no spaces ("zhang san" finds zhangsan).
func normalize(query string) (q, qpy string) {
	q = strings.ToLower(strings.TrimSpace(fold(Clean(query))))
	if strings.Contains(q, " ") {
		return q, strings.ReplaceAll(q, " ", "")
	}
	return q, q
}

// match is the best quality of any field of e.
func (e *entry) match(q, qpy string) Quality {
	if q == qpy && !strings.Contains(e.all, q) {
		return NoMatch
	}
	best := NoMatch
	for f, s := range e.fields {
		if len(s) == 0 {
			continue
		}
		t := q
		if f >= fPYInitial {
			t = qpy
		}
		if m := quality(s, t); m > best {
			best = m
			if best == Exact {
				break
			}
		}
	}
	return best
}

// quality of query t in field s.
func quality(s, t string) Quality {
	switch {
	case len(t) > len(s):
		return NoMatch
	case s == t:
		return Exact
	case strings.HasPrefix(s, t):
		return Prefix
	case strings.Contains(s, t):
		return Substring
	}
	return NoMatch
}

// sortable is what the empty-query order compares. prefix holds the
// name's first eight bytes, so that most comparisons are one integer
// comparison.
type sortable struct {
	recent int
	prefix uint64
	name   string
	i      int
}

// prefix8 packs the first eight bytes of s big-endian, zero-padded: it
// orders as the strings do, up to ties.
func prefix8(s string) uint64 {
	var p uint64
	for k := 0; k < 8; k++ {
		p <<= 8
		if k < len(s) {
			p |= uint64(s[k])
		}
	}
	return p
}

// Keys is contact i's searchable text: its names and pinyin, cleaned and
// lower-cased, joined by NUL. The popup's first script filters its
// snapshot of the list by them before the index exists (model.Snapshot).
func (ix *Index) Keys(i int) string { return ix.entryOf(i).all }
