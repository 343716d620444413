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

// takeOver adopts the rows instant.js shows (rows.js numbers them and
// reads back what they show, in one call: reading each row from here was
// some 24 values with finalizers a row on the way to the first answer):
// the visible ones stay where they are, as shown; those its filter hid
// leave the list but are kept, avatar loaded, for a later search. From
// here on this program alone handles the search box.
func (k *picker) takeOver() {
	if k.instant.IsUndefined() {
		return
	}
	in := k.instant
	k.instant = js.Undefined()
	ans := in.Call("takeOver")
	k.handed.picked, k.handed.cursor = ans.Get("picked").String(), ans.Get("cursor").String()
	k.snapshot = in.Get("snapshot").String()
	rows, err := k.adoptRows(in.Get("rows"))
	if err != nil {
		// rows.js wrote it: a bug, not a state to recover from.
		panic("wxdrop: reading rows.js's adopted rows: " + err.Error())
	}
	for _, a := range rows {
		r := &chatRow{n: a.N, user: a.User, src: a.Src, nameText: a.Name, nickText: a.Nick, group: a.Group, selected: a.Sel, active: a.On}
		if k.rows[r.user] != nil {
			k.ops.op("remove", r.n) // a chat listed twice
			k.ops.op("forget", r.n)
			continue
		}
		k.rows[r.user] = r
		if !a.Hidden {
			k.shownRows = append(k.shownRows, r)
		}
	}
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
	k.flush()
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
	snap := model.NewSnapshot(user, nick, k.stamp, k.ix, hits)
	text := string(jsonlite.Append(nil, &snap))
	if text == k.snapshot {
		return
	}
	k.snapshot = text
	// Best effort: without it the next popup lists the cached contacts.
	go func() { _ = jsx.StorageSetText(context.Background(), jsx.Session, msg.SnapshotKey, text) }()
}
