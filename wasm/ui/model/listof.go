package model

import "github.com/wxdrop/wxdrop/wasm/msg"

// ListOfState reports whether the popup may show cs beside st: a state
// that shows a login (ready, its UserName) takes the contacts of that
// login only, as instant.js does. The worker writes the state and the
// lists one after the other (a switch of account, a new login), and may
// find no room for the popup's copy of the list: the chats of another
// account showed under this one's name, and the snapshot the popup wrote
// of them carried this login's name, which instant.js then believed.
//
// A logged-out account's chats stay known (a message to one waits for
// the login), and are shown under its state: that account's own only
// (cs.Account), never another's, which a switch between two logged-out
// accounts left beside the new one's name until its list was written.
// A state of no account (none, not read yet) takes any list: there is
// no name beside it to mislead.
func ListOfState(cs msg.Contacts, st msg.State) bool {
	if st.Status == msg.SessionReady && st.UserName != "" {
		return cs.Login == st.UserName
	}
	return st.Account == "" || cs.Account == st.Account
}
