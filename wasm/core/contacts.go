package core

import (
	"context"
	"strings"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// recentChat is a chat sent to from wxdrop, kept on disk by its names: a
// UserName changes at every login (§3.4) and is no use tomorrow.
type recentChat struct {
	NickName   string `json:"n"`
	RemarkName string `json:"r,omitempty"`
	Group      bool   `json:"g,omitempty"`
}

// maxRecent bounds the recent chats kept.
const maxRecent = 20

// contactList answers GetContacts from the cache in storage.session; an
// empty cache starts a refresh and says it is loading.
func (c *Core) contactList(ctx context.Context) (msg.Contacts, error) {
	var cs msg.Contacts
	found, err := c.env.Get(ctx, AreaSession, msg.ContactsKey, &cs)
	if err != nil {
		return cs, err
	}
	if found && len(cs.Contacts) > 0 && !cs.Loading {
		return cs, nil
	}
	var st msg.State
	if _, err := c.env.Get(ctx, AreaSession, msg.StateKey, &st); err != nil {
		return cs, err
	}
	if st.Status != msg.SessionReady {
		if s, err := c.state(ctx); err != nil || s.Status != msg.SessionReady {
			return msg.Contacts{}, nil
		}
	}
	c.refreshContactsLater(false)
	return msg.Contacts{Contacts: cs.Contacts, Loading: true}, nil
}

// refreshContactsLater fetches the contact list in the background; the
// pages follow msg.ContactsKey in storage.session.
func (c *Core) refreshContactsLater(force bool) {
	c.mu.Lock()
	if c.refreshing {
		c.mu.Unlock()
		return
	}
	c.refreshing = true
	c.mu.Unlock()
	c.bg.Add(1)
	go func() {
		defer c.bg.Done()
		defer func() { c.mu.Lock(); c.refreshing = false; c.mu.Unlock() }()
		ctx := context.Background()
		if err := c.refreshContacts(ctx); err != nil {
			if toMsgError(err).Code == msg.ErrLoggedOut {
				_ = c.markLoggedOut(ctx)
			}
			// A failed refresh (a logout meanwhile, say) keeps the chats
			// known: a message to one of them still finds it by name and
			// waits for the login, and the popup still lists them.
			var cs msg.Contacts
			_, _ = c.env.Get(ctx, AreaSession, msg.ContactsKey, &cs)
			_ = c.env.Set(ctx, AreaSession, msg.ContactsKey, msg.Contacts{Contacts: cs.Contacts})
		}
	}()
}

// refreshContacts fetches every contact (webwxgetcontact), adds the groups
// of the page's chat list that are not saved as contacts
// (webwxbatchgetcontact), ranks recent chats first and stores the list.
func (c *Core) refreshContacts(ctx context.Context) error {
	cl, ps, err := c.client(ctx)
	if err != nil {
		return err
	}
	all, err := cl.Contacts(ctx)
	if err != nil {
		return err
	}
	// Without the chat list's other groups the list is still of use.
	all, _ = withChatGroups(ctx, cl, all, ps.Chats)
	var recents []recentChat
	if _, err := c.env.Get(ctx, AreaLocal, msg.RecentKey, &recents); err != nil {
		return err
	}
	list := pickable(all, ps)
	rankRecent(list, ps.Chats, recents)
	if err := c.env.Set(ctx, AreaSession, msg.ContactsKey, msg.Contacts{Contacts: list}); err != nil {
		return err
	}
	// The menu is a convenience: a failure to make it leaves the list.
	_ = c.updateMenus(ctx)
	return nil
}

// withChatGroups adds to all the groups of the page's chat list that are
// not saved as contacts (webwxbatchgetcontact); on an error, all as it was.
func withChatGroups(ctx context.Context, cl *protocol.Client, all []protocol.Contact, chats []string) ([]protocol.Contact, error) {
	known := map[string]bool{}
	for _, p := range all {
		known[p.UserName] = true
	}
	var missing []protocol.ContactRef
	for _, u := range chats {
		if !known[u] && protocol.IsGroup(u) {
			missing = append(missing, protocol.ContactRef{UserName: u})
		}
	}
	if len(missing) == 0 {
		return all, nil
	}
	more, err := cl.BatchContacts(ctx, missing)
	if err != nil {
		return all, err
	}
	return append(all, more...), nil
}

// pickable turns protocol contacts into the chats a person can send to:
// people, groups and the file helper; not official accounts or the
// system's special accounts, and not the account itself.
func pickable(all []protocol.Contact, ps pageSession) []msg.Contact {
	out := make([]msg.Contact, 0, len(all))
	seen := map[string]bool{}
	for _, p := range all {
		if p.UserName == "" || seen[p.UserName] || p.UserName == ps.UserName || p.IsSpecial() || (p.IsOfficial() && !p.IsGroup()) {
			continue
		}
		seen[p.UserName] = true
		head := p.HeadImgURL
		if strings.HasPrefix(head, "/") {
			head = "https://" + ps.Host + head
		}
		out = append(out, msg.Contact{
			UserName: p.UserName, NickName: p.NickName, RemarkName: p.RemarkName,
			PYInitial: p.PYInitial, PYQuanPin: p.PYQuanPin, RemarkPYInitial: p.RemarkPYInitial, RemarkPYQuanPin: p.RemarkPYQuanPin,
			HeadImgURL: head, Group: p.IsGroup(),
			Alias: p.Alias, Sex: p.Sex, Province: p.Province, City: p.City,
		})
	}
	return out
}

// rankRecent numbers recent chats from 1: the page's chat list first (the
// order a person sees in web WeChat), then chats wxdrop sent to lately.
func rankRecent(list []msg.Contact, chats []string, recents []recentChat) {
	rank := 0
	byName := map[string]int{}
	for i := range list {
		byName[list[i].UserName] = i
	}
	for _, u := range chats {
		if i, ok := byName[u]; ok && list[i].Recent == 0 {
			rank++
			list[i].Recent = rank
		}
	}
	for _, r := range recents {
		for i := range list {
			if list[i].Recent == 0 && list[i].NickName == r.NickName && list[i].RemarkName == r.RemarkName && list[i].Group == r.Group {
				rank++
				list[i].Recent = rank
				break
			}
		}
	}
}

// noteRecent puts a chat at the head of the recent chats on disk, and
// the context menu follows.
func (c *Core) noteRecent(ctx context.Context, to msg.Recipient) {
	var recents []recentChat
	_, _ = c.env.Get(ctx, AreaLocal, msg.RecentKey, &recents)
	r := recentChat{NickName: to.NickName, RemarkName: to.RemarkName, Group: to.Group}
	if len(recents) > 0 && recents[0] == r {
		return
	}
	defer func() { _ = c.updateMenus(ctx) }()
	out := []recentChat{r}
	for _, x := range recents {
		if x != r && len(out) < maxRecent {
			out = append(out, x)
		}
	}
	_ = c.env.Set(ctx, AreaLocal, msg.RecentKey, out)
}
