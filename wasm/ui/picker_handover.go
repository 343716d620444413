//go:build js && wasm

package ui

// The handover from instant.js: the rows the page's first script put on
// screen before this program ran, adopted as they are, and the snapshot
// of the list this program leaves for the next popup's first frame.

import (
	"context"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

// takeOver adopts the rows instant.js shows: the visible ones stay where
// they are, as shown; those its filter hid leave the list but are kept,
// avatar loaded, for a later search. From here on this program alone
// handles the search box.
func (k *picker) takeOver() {
	if k.instant.IsUndefined() {
		return
	}
	in := k.instant
	k.instant = js.Undefined()
	ans := in.Call("takeOver")
	k.handed.picked, k.handed.cursor = ans.Get("picked").String(), ans.Get("cursor").String()
	k.snapshot = in.Get("snapshot").String()
	rows := in.Get("rows")
	for i, n := 0, rows.Length(); i < n; i++ {
		r := k.adopt(rows.Index(i))
		if k.rows[r.user] != nil {
			r.li.Call("remove")
			continue
		}
		k.rows[r.user] = r
		if r.li.Get("hidden").Bool() {
			r.li.Call("remove")
			r.li.Set("hidden", false)
			continue
		}
		k.shownRows = append(k.shownRows, r)
	}
}

// adopt is the chatRow of a li.chat instant.js made as newRow does
// (parts), with what it shows read back, so that fill writes only what
// differs. It walks the row rather than querying it: each selector and
// each result was a value with a finalizer, some 24 a row, on the way to
// the first answer.
func (k *picker) adopt(li js.Value) *chatRow {
	r := &chatRow{li: li, cls: li.Get("classList")}
	r.parts(li.Get("firstElementChild"))
	r.user = li.Call("getAttribute", jsText.dataUser).String()
	if src := r.img.Call("getAttribute", jsText.src); src.Type() == js.TypeString {
		r.src = src.String()
	}
	r.nameText = r.name.Get("textContent").String()
	r.nickText = r.nick.Get("textContent").String()
	has := func(c js.Value) bool { return r.cls.Call("contains", c).Bool() }
	r.group, r.selected, r.active = has(jsText.group), has(jsText.selected), has(jsText.active)
	// instant.js's rows have no checkbox (many.go): one is added, a
	// copy of the empty row's.
	r.check = k.emptyRow().Get("firstElementChild").Call("cloneNode")
	li.Call("prepend", r.check)
	return r
}

// applyHanded puts the cursor and the pick instant.js had on their rows,
// when the search shows them.
func (k *picker) applyHanded() {
	h := k.handed
	k.handed.picked, k.handed.cursor = "", ""
	for i, r := range k.shownRows {
		if h.cursor != "" && r.user == h.cursor {
			k.cursor = i
			k.markCursor()
		}
		if h.picked != "" && r.user == h.picked {
			k.pick(i)
		}
	}
}

// saveSnapshot stores the empty query's first rows under msg.SnapshotKey
// (storage.session, memory only: the avatar URLs carry the skey) for
// instant.js, only when they differ from the stored ones: every page
// listening to storage.session hears a write. It waits for the sorted
// index and for the state (popup.stateChanged calls it again).
func (k *picker) saveSnapshot() {
	if k.me == nil || !k.sorted {
		return
	}
	user, nick, ok := k.me()
	if !ok {
		return
	}
	hits, _ := k.ix.Search("", model.MaxRows)
	snap := model.NewSnapshot(user, nick, k.ix, hits)
	text := string(jsonlite.Append(nil, &snap))
	if text == k.snapshot {
		return
	}
	k.snapshot = text
	// Best effort: without it the next popup lists the cached contacts.
	go func() { _ = jsx.StorageSetText(context.Background(), jsx.Session, msg.SnapshotKey, text) }()
}
