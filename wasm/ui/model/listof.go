package model

import "github.com/wxdrop/wxdrop/wasm/msg"

// ListOfState reports whether the popup may show cs beside st: a state
// that shows a login (ready, its UserName) takes the contacts of that
// login only, as instant.js does. The worker writes the state and the
// lists one after the other (a switch of account, a new login), and may
// find no room for the popup's copy of the list: the chats of another
// account showed under this one's name, and the snapshot the popup wrote
// of them carried this login's name, which instant.js then believed. A
// state that shows no login (logged out, none, not read yet) takes any
// list: a logged-out account's chats stay known (a message to one waits
// for the login).
func ListOfState(cs msg.Contacts, st msg.State) bool {
	if st.Status != msg.SessionReady || st.UserName == "" {
		return true
	}
	return cs.Login == st.UserName
}
