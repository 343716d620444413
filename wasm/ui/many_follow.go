//go:build js && wasm

package ui

import (
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// tickedChat is what a ticked chat was when it was ticked: enough to find
// it again in a new login's list (msg.Recipient.Is), and the account whose
// list it was (another account's chat of the same name is another person).
type tickedChat struct {
	c       msg.Contact
	account string
}

// tick ticks chat c, shown as name, of the list now shown.
func (v *manyView) tick(c msg.Contact, name string) {
	if v.ticked(c.UserName) {
		return
	}
	v.picked[c.UserName] = name
	v.order = append(v.order, c.UserName)
	v.as[c.UserName] = tickedChat{c: c, account: shownAccount}
}

// contactOf is the chat user of the list shown (false: not in it).
func (v *manyView) contactOf(user string) (msg.Contact, bool) {
	if v.k.ix != nil {
		for i := range v.k.ix.Len() {
			if c := v.k.ix.Contact(i); c.UserName == user {
				return c, true
			}
		}
	}
	return msg.Contact{}, false
}

// followLogin finds the ticked chats again in a new login's list, as the
// single pick is (picker.repick): a login renews every chat's UserName,
// and the ticks of the old one showed "Chats selected: 2" beside no ticked
// row, and the run was refused with "This chat is not in your web WeChat
// contacts any more". A chat found by none or several of the new list's
// chats, or ticked as another account, stays as it was (the run says so).
func (v *manyView) followLogin(now *search.Index) {
	if now == nil || len(v.order) == 0 {
		return
	}
	in := make(map[string]bool, now.Len())
	for i := range now.Len() {
		in[now.Contact(i).UserName] = true
	}
	moved := false
	for i, u := range v.order {
		t, ok := v.as[u]
		if in[u] || !ok || t.account != shownAccount {
			continue
		}
		r, found := t.c.Recipient(""), -1
		for j := range now.Len() {
			if r.Is(now.Contact(j)) {
				if found >= 0 {
					found = -1
					break
				}
				found = j
			}
		}
		if found < 0 || v.ticked(now.Contact(found).UserName) {
			continue
		}
		c := now.Contact(found)
		delete(v.picked, u)
		delete(v.as, u)
		v.order[i] = c.UserName
		v.picked[c.UserName] = now.Display(found)
		v.as[c.UserName] = tickedChat{c: c, account: t.account}
		moved = true
	}
	if moved {
		v.changed()
	}
}
