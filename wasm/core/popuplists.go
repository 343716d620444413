package core

import (
	"context"

	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// The popup's two lists in storage.session (its copy of its account's
// contact list and the search list of it), and what gives way when the
// area is full.

// lockPopupList makes the caller the one writer of the popup's lists
// (popupWrite) until it calls unlock; a caller waiting for it gives up
// with its context.
func (c *Core) lockPopupList(ctx context.Context) (unlock func(), err error) {
	select {
	case c.popupWrite <- struct{}{}:
		return func() { <-c.popupWrite }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// writePopupList writes the popup's copy of its account's list: the
// chats under msg.ContactsKey in the list's empty-query order, and under
// msg.SearchKey the text the popup's first script searches them by, of
// the same stamp (search.Sorted). The two are written one after the
// other, by the holder of lockPopupList: a popup that reads one of each
// list tells them apart by the stamp. The search list goes first, as
// instant.js reads them: a popup whose two reads fall between the writes
// has the new search list beside the old contact list, and the new
// contact list's change names the rows it made (instant.js's fill); the
// other way round, its rows of the old search list stayed without a
// UserName, their contact list gone.
// id is the account the list is of ("" for none).
//
// Either list may find storage.session full (two large accounts): the
// search list is then none (the first keystroke searches the chats shown,
// popup.wasm every contact), and a contact list without room is one that
// loads, so that the popup asks the worker, which answers from the
// account's own list (contactList). Neither fails the caller: the
// account's list is stored.
func (c *Core) writePopupList(ctx context.Context, id string, list []msg.Contact, login string, loading bool) error {
	c.popupListOf = ""
	sorted, sl := search.Sorted(list)
	sl.Login = login
	stamp := sl.Stamp
	searched := true
	if err := c.env.Storage.Set(ctx, browser.AreaSession, msg.SearchKey, sl); err != nil {
		if err := c.env.Storage.Set(ctx, browser.AreaSession, msg.SearchKey, msg.SearchList{}); err != nil {
			return err
		}
		stamp, searched = "", false
	}
	err := c.env.Storage.Set(ctx, browser.AreaSession, msg.ContactsKey, msg.Contacts{Contacts: sorted, Login: login, Account: id, Loading: loading, Stamp: stamp})
	if err != nil && searched {
		// The copy comes before the search list: it gives up its room.
		if err = c.env.Storage.Set(ctx, browser.AreaSession, msg.SearchKey, msg.SearchList{}); err == nil {
			err = c.env.Storage.Set(ctx, browser.AreaSession, msg.ContactsKey, msg.Contacts{Contacts: sorted, Login: login, Account: id, Loading: loading})
		}
	}
	if err != nil {
		// popupListOf stays "": the next publish tries again.
		return c.env.Storage.Set(ctx, browser.AreaSession, msg.ContactsKey, msg.Contacts{Login: login, Account: id, Loading: true})
	}
	c.popupListOf = id
	return nil
}

// makeRoomFor calls write again after giving up the popup's lists, one
// at a time, the search list first, while write fails (storage.session
// full); it returns write's last error.
func (c *Core) makeRoomFor(ctx context.Context, write func() error) error {
	unlock, err := c.lockPopupList(ctx)
	if err != nil {
		return err
	}
	c.popupListOf = ""
	// A search list of no login is searched by no popup (instant.js).
	err = c.env.Storage.Set(ctx, browser.AreaSession, msg.SearchKey, msg.SearchList{})
	unlock()
	if err == nil {
		if err = write(); err == nil {
			return nil
		}
	}
	if unlock, err = c.lockPopupList(ctx); err != nil {
		return err
	}
	c.popupListOf = ""
	err = c.env.Storage.Set(ctx, browser.AreaSession, msg.ContactsKey, msg.Contacts{Loading: true})
	unlock()
	if err != nil {
		return err
	}
	return write()
}
