package core

import (
	"context"
	"slices"

	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// The accounts' contact lists as last read, by account: a list is read
// from storage.session once a write, whoever asks. Every send of the page
// API looks its chat up in the whole list, and a send to a made-up name
// never becomes an entry, so the outbox's bound on pending messages does
// not bound them: a page script's sends to names no chat has, as many at
// once as it liked, each read and decoded the list (some 1 MB of JSON for
// 5,000 contacts) while every send and the popup waited (docs/security.md
// row 108). Only storeContacts writes a list; it forgets the memo first.

// listMemo is one account's list as read, and the writes it has seen.
type listMemo struct {
	gen uint64
	ac  accountContacts
}

// readList is account id's list in storage.session, read again only
// after a write. Its Contacts are shared: callers read them, never write
// into them (the slice is clipped, so an append copies).
func (c *Core) readList(ctx context.Context, id string) (accountContacts, error) {
	c.mu.Lock()
	gen := c.listGen[id]
	m, ok := c.listMemo[id]
	c.mu.Unlock()
	if ok && m.gen == gen {
		return m.ac, nil
	}
	var ac accountContacts
	if _, err := c.env.Storage.Get(ctx, browser.AreaSession, msg.AccountContactsPrefix+id, &ac); err != nil {
		return ac, err
	}
	ac.Contacts = slices.Clip(ac.Contacts)
	c.mu.Lock()
	if c.listGen[id] == gen {
		c.listMemo[id] = listMemo{gen: gen, ac: ac}
	}
	c.mu.Unlock()
	return ac, nil
}

// listWritten forgets account id's list as read: it is being written.
func (c *Core) listWritten(id string) {
	c.mu.Lock()
	c.listGen[id]++
	delete(c.listMemo, id)
	c.mu.Unlock()
}
