package outbox

import (
	"strings"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// RecipientOf describes chat c of the login whose own UserName is login.
func RecipientOf(c msg.Contact, login string) msg.Recipient { return c.Recipient(login) }

// stableUserName reports whether a UserName is the same in every login:
// the special chats (filehelper, …) have no "@".
func stableUserName(u string) bool { return u != "" && !strings.HasPrefix(u, "@") }

// Match finds r among the chats of the login whose own UserName is login.
//
// In the login r was made in, its UserName is the chat. In another, a UserName
// means nothing (§3.4) and the chat is found by what the person knows it
// by: its remark name if r had one (a nick name changes at the other
// person's whim, a remark only at the account's), else its nick name; it
// must be a group exactly when r is, and every other detail r recorded
// (alias, sex, province, city) must still be the same. No match is
// NOT_FOUND and more than one is AMBIGUOUS: nothing is sent to a guess.
func Match(r msg.Recipient, login string, chats []msg.Contact) (msg.Contact, error) {
	if stableUserName(r.UserName) || (r.Login != "" && r.Login == login) {
		// In its own login a UserName is the chat, and only that chat.
		for _, c := range chats {
			if c.UserName == r.UserName {
				return c, nil
			}
		}
		return msg.Contact{}, refuse(msg.ErrNotFound, r.Name())
	}
	var found []msg.Contact
	for _, c := range chats {
		if r.Is(c) {
			found = append(found, c)
		}
	}
	switch {
	case len(found) == 0 && r.Group && r.Unsaved:
		// Never found by its name in another login (Recipient.Is).
		return msg.Contact{}, refuse(msg.ErrGroupUnsaved, r.Name())
	case len(found) == 0:
		return msg.Contact{}, refuse(msg.ErrNotFound, r.Name())
	case len(found) == 1:
		return found[0], nil
	}
	return msg.Contact{}, refuse(msg.ErrAmbiguous, r.Name())
}
