//go:build js && wasm

package ui

import (
	"slices"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/search"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

// picker is the chat picker: #search over #chats. It lists at most
// model.MaxRows chats, of which a keystroke puts the first model.ViewRows
// in the page and a spacer in place of the others; scrolling the list or
// moving the cursor past them adds them. Each chat has a row of its own,
// made the first time the chat is shown and kept (up to maxRows), drawn
// by extension/pages/rows.js (picker_rows.go): a keystroke then moves the
// rows it needs into place and takes out the others, and a row shown
// again is neither written nor its avatar loaded again. (Rows reused by
// position instead got a new avatar URL at almost every keystroke; the
// browser's work for those took the keystroke from about 9 to about 20
// ms at the median and to 55–70 ms at the 95th percentile over 5,000
// contacts: e2e/cmd/figures.)
type picker struct {
	p      *page
	search js.Value
	list   js.Value
	// status is the last line of the list: loading, empty, no match, or
	// "N more — keep typing".
	status js.Value
	// spacer stands for the rows listed but not in the page (window),
	// spacerPx is its height.
	spacer   js.Value
	spacerPx int
	// rowsJS is extension/pages/rows.js's wxdropRows, which draws the
	// rows; ops are the changes it is to make (picker_rows.go).
	rowsJS js.Value
	ops    rowOps
	// rows are the chats' rows by UserName; shownRows are those in the
	// page, in its order (k.hits[i] is shownRows[i]'s chat): the first
	// window of the hits.
	rows      map[string]*chatRow
	shownRows []*chatRow
	window    int
	// scrolled is set while the list is scrolled down.
	scrolled bool
	// seen finds a chat listed twice (kept to save its allocation).
	seen map[string]bool
	// used counts the renders; a row remembers the last that showed it,
	// and the least recently shown go when there are too many.
	used int

	ix      *search.Index
	loading bool
	stamp   string // of the contact list ix indexes, for the snapshot
	hits    []int  // the chats listed, by position in ix
	cursor  int    // row under the arrow keys, -1 for none
	// activeRow is the number of the row #search's aria-activedescendant
	// names, -1 for none.
	activeRow int
	// rowSeq numbers the rows.
	rowSeq int

	picked     string // UserName of the picked chat
	onPick     func(user, name string)
	lastSearch string

	// pickedAs is the picked chat as listed when it was picked; onRepick
	// hears its UserName of a new login (repick) after the old one.
	pickedAs msg.Contact
	onRepick func(old, user, name string)

	// instant is extension/pages/instant.js's wxdropInstant, which lists
	// the chats before this program runs; undefined once taken over.
	instant js.Value
	// handed is what the script saw picked and under the cursor, applied
	// once the rows are searched.
	handed struct{ picked, cursor string }
	// snapshot is the JSON stored under msg.SnapshotKey as last read or
	// written; me says whose list it is.
	snapshot string
	me       func() (user, nick string, ok bool)
	// answered is set once a query was searched (wxdrop-go-answer).
	answered bool
	// sorted is set once the index is sorted: the snapshot waits for it.
	sorted bool
	login  string // the login the list is of ("": none, logged out)
	// many, when set, is the chats ticked for a run to many chats: a
	// click ticks a chat instead of picking it (many.go).
	many *manyView
	// statusText is what status shows.
	statusText string
	// more is the message "N more — keep typing" with moreMark for N.
	more string
}

// moreMark stands for the count in picker.more.
const moreMark = "\uE000"

// moreText is the status line for n chats not listed: the message is
// looked up once (each lookup was some ten calls into JavaScript at
// every keystroke).
func (k *picker) moreText(n int) string {
	if k.more == "" {
		k.more = tr("chats_more", moreMark)
	}
	return strings.Replace(k.more, moreMark, strconv.Itoa(n), 1)
}

// maxRows is the most chat rows kept (about 6 DOM nodes each); beyond
// it, the least recently shown go. 400 let the rows of the figures'
// 14 queries push each other out, and the p95 stayed near 40–60 ms;
// with 1,000 it was 25–32 ms.
const maxRows = 1000

func newPicker(p *page, onPick func(user, name string)) *picker {
	k := &picker{p: p, search: p.byID("search"), list: p.byID("chats"), cursor: -1, activeRow: -1, onPick: onPick, rows: map[string]*chatRow{}, seen: map[string]bool{}, window: model.ViewRows}
	k.instant = js.Global().Get("wxdropInstant")
	if k.instant.Type() != js.TypeObject {
		k.instant = js.Undefined()
	}
	k.rowsJS = js.Global().Get("wxdropRows")
	if k.rowsJS.Type() != js.TypeObject {
		// popup.html loads it before this program: a page without it is
		// a broken build, said on the page by boot.js.
		panic("wxdrop: extension/pages/rows.js is not loaded")
	}
	k.status = p.create("li", "status")
	k.status.Set("hidden", true) // as statusText "" says
	// The spacer is no option of the listbox: the options not in the
	// page are counted by the others' aria-setsize.
	k.spacer = p.create("li", "spacer")
	k.spacer.Call("setAttribute", "role", "none")
	k.spacer.Call("setAttribute", "aria-hidden", "true")
	k.spacer.Set("hidden", true)
	k.list.Call("append", k.spacer, k.status)
	k.rowsJS.Call("init", k.search, k.spacer, k.status)
	k.renderN(0)
	// A keystroke renders every row it changes in the same task: rows
	// drawn after the next paint made the list complete a frame later.
	k.onTyped()
	keys := k.keys()
	names := make([]any, 0, len(keys))
	for name := range keys {
		names = append(names, name)
	}
	k.rowsJS.Call("onKeys", names, listener(func(e js.Value) {
		if do := keys[e.Get("key").String()]; do != nil {
			do(e)
		}
	}))
	// Scrolled down, the list gets the rest of its rows: they are drawn
	// before the frame that shows the scroll. (Scrolled back to the top
	// by a new query, it does not.)
	on(k.list, "scroll", func(js.Value) {
		k.scrolled = k.list.Get("scrollTop").Float() > 0
		if k.scrolled && len(k.shownRows) < len(k.hits) {
			k.window = model.MaxRows
			k.draw()
			k.flush()
		}
	})
	// A missing avatar (logged out, an expired skey) shows the
	// placeholder instead of a broken image. error does not bubble: one
	// capturing listener serves every row.
	onCapture(p.byID("chats"), "error", func(e js.Value) {
		if t := e.Get("target"); t.Get("tagName").String() == "IMG" {
			t.Get("classList").Call("add", "broken")
		}
	})
	on(p.byID("chats"), "click", func(e js.Value) {
		n := k.rowsJS.Call("number", e.Get("target")).Int()
		if n < 0 {
			return
		}
		for i, r := range k.shownRows {
			if r.n == n && k.many != nil && k.many.on && i < len(k.hits) {
				// A click on the checkbox itself keeps its default: a
				// cancelled click puts the box back as it was after this
				// handler ticked it ("1 chats selected" beside an empty box).
				if !e.Get("target").Get("classList").Call("contains", "check").Bool() {
					e.Call("preventDefault")
				}
				k.many.toggle(k.ix.Contact(k.hits[i]).UserName, k.ix.Display(k.hits[i]))
				return
			}
			if r.n == n {
				k.pick(i)
				return
			}
		}
	})
	return k
}

// setContacts replaces the list; the query and the picked chat stay.
// Only what the first screen needs happens at once: the rows in view
// (the first render makes them) and the top of the list, found without
// sorting. Sorting the index and the remaining rows follow right after,
// before a person can type.
func (k *picker) setContacts(cs msg.Contacts) {
	ix := search.New(cs.Contacts)
	if k.picked != "" {
		k.repick(ix)
	}
	k.ix = ix
	k.sorted = false
	k.loading, k.login, k.stamp = cs.Loading, cs.Login, cs.Stamp
	k.takeOver()
	first := len(k.rows) == 0
	if first {
		k.renderN(model.FirstRows)
	} else {
		k.render()
	}
	k.applyHanded()
	if len(k.shownRows) > 0 && !hasMark("wxdrop-list-shown") {
		layout()
		perfMark("wxdrop-list-shown")
	}
	time.AfterFunc(0, func() {
		ix.Sort()
		if first && k.ix == ix {
			k.render()
		}
		if k.ix == ix {
			k.sorted = true
			k.saveSnapshot()
		}
	})
}

// repick finds the picked chat again in a new login's list: a login
// renews every chat's UserName, and the pick of the old one was refused
// at Send ("not in your contacts any more") while the list and "To:"
// showed the chat. It is found as a schedule's chat is (msg.Recipient.Is);
// none or several leave the pick as it was, and Send says so.
func (k *picker) repick(now *search.Index) {
	r := k.pickedAs.Recipient("")
	found := -1
	for j := range now.Len() {
		c := now.Contact(j)
		if c.UserName == k.picked {
			return // the same login
		}
		if r.Is(c) {
			if found >= 0 {
				return // several
			}
			found = j
		}
	}
	if found < 0 {
		return // none: the list of no login, or the chat is gone
	}
	was := k.picked
	k.pickedAs = now.Contact(found)
	k.picked = k.pickedAs.UserName
	if k.onRepick != nil {
		k.onRepick(was, k.picked, now.Display(found))
	}
}

// render searches and shows the best rows.
func (k *picker) render() { k.renderN(model.MaxRows) }

// renderN searches and shows up to limit rows.
func (k *picker) renderN(limit int) {
	defer k.flush()
	q := value(k.search)
	if k.ix == nil {
		// Until the contacts are read, instant.js's rows (if any) answer.
		if k.instant.IsUndefined() || k.instant.Get("rows").Length() == 0 {
			k.setStatus(tr("chats_loading"))
		} else {
			k.setStatus("")
		}
		return
	}
	found, total := k.ix.Search(q, limit)
	// A chat listed twice is shown once.
	clear(k.seen)
	hits := make([]int, 0, len(found))
	for _, ci := range found {
		if user := k.ix.Contact(ci).UserName; !k.seen[user] {
			k.seen[user] = true
			hits = append(hits, ci)
		}
	}
	k.hits = hits
	if q != k.lastSearch || k.cursor >= len(hits) || k.cursor < 0 {
		k.cursor = model.Move(-1, 1, len(hits))
		k.lastSearch = q
		// A new query shows the top of its list, where the cursor is.
		k.window = model.ViewRows
		if k.scrolled {
			k.scrolled = false
			k.list.Set("scrollTop", 0)
		}
	}
	k.draw()
	if q != "" && !k.answered {
		// The first query searched over every contact: the figures time
		// a keystroke typed at once by wxdrop-first-answer (laid out),
		// set by instant.js's search of every contact when it answered
		// first, and this program's own answer by wxdrop-go-answer.
		k.answered = true
		k.flush()
		layout()
		perfMark("wxdrop-go-answer")
		if !hasMark("wxdrop-first-answer") {
			perfMark("wxdrop-first-answer")
		}
	}
	switch {
	case k.ix.Len() == 0 && k.loading:
		k.setStatus(tr("chats_loading"))
	case k.ix.Len() == 0 && k.login != "":
		k.setStatus(tr("chats_none")) // logged in: "log in first" misled
	case k.ix.Len() == 0:
		k.setStatus(tr("chats_empty"))
	case total == 0:
		k.setStatus(tr("chats_no_match"))
	case model.More(total, len(hits)) > 0:
		k.setStatus(k.moreText(model.More(total, len(hits))))
	default:
		k.setStatus("")
	}
}

// draw puts the first window of the hits in the page, in order, with the
// cursor on its row, and the spacer in place of the others.
func (k *picker) draw() {
	n := min(len(k.hits), k.window)
	k.used++
	next := make([]*chatRow, 0, n)
	nextKeys := make([]string, 0, n)
	for i, ci := range k.hits[:n] {
		user := k.ix.Contact(ci).UserName
		r := k.rows[user]
		if r == nil {
			r = k.newRow()
			k.rows[user] = r
		}
		r.used = k.used
		k.fill(r, ci)
		k.place(r, i+1, len(k.hits))
		next, nextKeys = append(next, r), append(nextKeys, user)
	}
	curKeys := make([]string, len(k.shownRows))
	for i, r := range k.shownRows {
		curKeys[i] = r.user
	}
	// Rows not needed leave the list, so that li.chat is exactly what is
	// in the page; the others are moved, where they are not in place
	// already.
	removed, moves := model.Arrange(curKeys, nextKeys)
	for _, user := range removed {
		k.ops.op("remove", k.rows[user].n)
	}
	for _, m := range moves {
		before := -1 // the spacer, after the rows
		if m.Before != "" {
			before = k.rows[m.Before].n
		}
		k.ops.ints("before", k.rows[m.Key].n, before)
	}
	k.shownRows = next
	if px := (len(k.hits) - n) * model.RowHeight; px != k.spacerPx {
		k.spacerPx = px
		k.ops.op("spacer", px)
	}
	k.forget()
	k.markCursor()
}

// forget lets the least recently shown rows go when there are more than
// maxRows.
func (k *picker) forget() {
	if len(k.rows) <= maxRows {
		return
	}
	// The rows shown longest ago go, down to three quarters of maxRows.
	ages := make([]int, 0, len(k.rows))
	for _, r := range k.rows {
		ages = append(ages, r.used)
	}
	slices.Sort(ages)
	cut := ages[len(ages)-maxRows*3/4]
	for user, r := range k.rows {
		if r.used < cut && r.used != k.used {
			delete(k.rows, user)
			k.ops.op("forget", r.n)
		}
	}
}

// setStatus writes the status line when it changes: reading it back
// from the page cost two values with finalizers a keystroke.
func (k *picker) setStatus(s string) {
	if s == k.statusText {
		return
	}
	k.statusText = s
	k.ops.text("status", 0, s)
}

// markCursor puts the class active (and aria-selected) on the cursor
// row, and names it in #search's aria-activedescendant (the caller
// flushes).
func (k *picker) markCursor() {
	active := -1
	for i, r := range k.shownRows {
		on := i == k.cursor
		if on {
			active = r.n
		}
		if r.active != on {
			r.active = on
			k.ops.flag("on", r.n, on)
		}
	}
	if active != k.activeRow {
		k.activeRow = active
		k.ops.op("cursor", active)
	}
}

// pick makes row i the chat to send to.
func (k *picker) pick(i int) {
	if i >= len(k.hits) {
		return // a row instant.js showed, before the search
	}
	ci := k.hits[i]
	c := k.ix.Contact(ci)
	k.picked, k.pickedAs = c.UserName, c
	k.cursor = i
	for j, r := range k.shownRows {
		k.class(r, "selected", j == i, &r.selected)
	}
	k.markCursor()
	k.flush()
	k.onPick(c.UserName, k.ix.Display(ci))
}
