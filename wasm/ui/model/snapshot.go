package model

import (
	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// Snapshot is the list the popup showed last, as its first script
// (extension/pages/instant.js) puts it on screen before popup.wasm runs:
// each chat as a row shows it, with the text the script's prefix filter
// searches. It is stored as JSON under msg.SnapshotKey in storage.session
// only: the avatar URLs carry the skey.
type Snapshot struct {
	// User is the login it belongs to (State.UserName): the script shows
	// no other login's chats.
	User string `json:"user"`
	// Nick is the account's nick name, cleaned, for the state line.
	Nick string `json:"nick"`
	// Stamp is the stamp of the contact list the rows were made of
	// (msg.Contacts.Stamp; "" for a list without one): with a search list
	// of the same stamp, instant.js knows a hit's row by its position (Pos)
	// without reading the contact list, on the first keystroke's path.
	Stamp string         `json:"stamp,omitempty"`
	Chats []SnapshotChat `json:"chats"`
}

// SnapshotChat is one row: what picker.fill shows.
type SnapshotChat struct {
	User  string `json:"u"`
	Name  string `json:"n"`
	Nick  string `json:"k,omitempty"`
	Head  string `json:"h,omitempty"`
	Group bool   `json:"g,omitempty"`
	// Keys are the searchable names and pinyin, lower-cased, joined by
	// NUL (search.Index.Keys).
	Keys string `json:"s"`
	// Pos is the chat's position in the contact list of the snapshot's
	// Stamp (and in its search list: the two share their order).
	Pos int `json:"p"`
}

// NewSnapshot is the snapshot of the rows hits (positions in ix) shown
// to the account user, whose nick name is nick; ix indexes the contact
// list of stamp, in its order.
func NewSnapshot(user, nick, stamp string, ix *search.Index, hits []int) Snapshot {
	s := Snapshot{User: user, Nick: search.Clean(nick), Stamp: stamp, Chats: make([]SnapshotChat, 0, len(hits))}
	for _, i := range hits {
		c := ix.Contact(i)
		s.Chats = append(s.Chats, SnapshotChat{User: c.UserName, Name: ix.Display(i), Nick: ix.Nick(i), Head: c.HeadImgURL, Group: c.Group, Keys: ix.Keys(i), Pos: i})
	}
	return s
}

func (x *Snapshot) Fields(f *jsonlite.Fields) {
	jsonlite.Str(f, "user", &x.User, jsonlite.Keep)
	jsonlite.Str(f, "nick", &x.Nick, jsonlite.Keep)
	jsonlite.Str(f, "stamp", &x.Stamp, jsonlite.OmitEmpty)
	jsonlite.Slice(f, "chats", &x.Chats, jsonlite.Keep, jsonlite.ObjectValue[*SnapshotChat]())
}

func (x *SnapshotChat) Fields(f *jsonlite.Fields) {
	jsonlite.Str(f, "u", &x.User, jsonlite.Keep)
	jsonlite.Str(f, "n", &x.Name, jsonlite.Keep)
	jsonlite.Str(f, "k", &x.Nick, jsonlite.OmitEmpty)
	jsonlite.Str(f, "h", &x.Head, jsonlite.OmitEmpty)
	jsonlite.Bool(f, "g", &x.Group, jsonlite.OmitEmpty)
	jsonlite.Str(f, "s", &x.Keys, jsonlite.Keep)
	jsonlite.Int(f, "p", &x.Pos, jsonlite.Keep)
}
