package search

import (
	"strconv"
	"strings"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// Sorted is contacts in their empty-query order, and what the popup's
// first script (extension/pages/search.js) searches them by: each
// chat's display name, nick name and searchable fields as this index
// has them, so that the script only matches, in this order, and finds
// what Search finds (TestSearchJSAgreesWithIndex). Both carry the same
// Stamp; the caller sets Login.
//
// The worker writes both when it writes the popup's list: the script's
// read is of the text it searches only, without the UserNames and avatar
// URLs (most of the list's bytes), and it neither cleans, lower-cases
// nor sorts.
func Sorted(contacts []msg.Contact) ([]msg.Contact, msg.SearchList) {
	ix := New(contacts)
	ix.Sort()
	n := len(ix.order)
	out := make([]msg.Contact, n)
	sl := msg.SearchList{Display: make([]string, n), Nick: make([]string, n), Keys: make([]string, n)}
	// The stamp is an FNV-1a hash of the UserNames in order, each after
	// its length in four bytes (a UserName is the server's text: with a
	// NUL after each, "a\x00b","c" and "a","b\x00c" hashed alike): two
	// lists of the same chats in the same order give a row the same
	// UserName.
	h := uint64(14695981039346656037)
	for k := range ix.order {
		e := &ix.order[k]
		c := contacts[e.i]
		out[k] = c
		sl.Display[k], sl.Nick[k], sl.Keys[k] = ix.display[e.i], ix.Nick(e.i), e.all
		if strings.Count(e.all, "\x00") != nFields-1 {
			if sl.Split == nil {
				sl.Split = map[string][]string{}
			}
			sl.Split[strconv.Itoa(k)] = e.fields[:]
		}
		if c.Group {
			sl.Groups = append(sl.Groups, k)
		}
		for s := 0; s < 32; s += 8 {
			h = (h ^ uint64(len(c.UserName)>>s&0xff)) * 1099511628211
		}
		for j := 0; j < len(c.UserName); j++ {
			h = (h ^ uint64(c.UserName[j])) * 1099511628211
		}
	}
	sl.Stamp = strconv.FormatUint(h, 36) + "." + strconv.Itoa(n)
	return out, sl
}
