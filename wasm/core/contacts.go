package core

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
)

// recentChat is a chat sent to from wxdrop, kept on disk by its names: a
// UserName changes at every login (§3.4) and is no use tomorrow.
type recentChat struct {
	NickName   string `json:"n"`
	RemarkName string `json:"r,omitempty"`
	Group      bool   `json:"g,omitempty"`
	// Account is the account that sent to it (a menu item's has none):
	// another account's chat of the same name is another person.
	Account string `json:"a,omitempty"`
}

// recentsOf are the recent chats of account acct on disk, without their
// account; those of other accounts, and those written before the
// account was kept, are not its own.
func (c *Core) recentsOf(ctx context.Context, acct string) ([]recentChat, error) {
	var all, out []recentChat
	if _, err := c.env.Storage.Get(ctx, browser.AreaLocal, msg.RecentKey, &all); err != nil {
		return nil, err
	}
	for _, r := range all {
		if acct != "" && r.Account == acct {
			r.Account = ""
			out = append(out, r)
		}
	}
	return out, nil
}

// maxRecent bounds the recent chats kept.
const maxRecent = 20

// accountContacts is one account's contact list in storage.session
// (msg.AccountContactsPrefix + its ID), with the login it was fetched in:
// a list of another login has only stale UserNames (§3.4).
type accountContacts struct {
	Login    string        `json:"login,omitempty"`
	Fetched  int64         `json:"fetched,omitempty"` // Unix ms
	Contacts []msg.Contact `json:"contacts,omitempty"`
	// Unlisted are UserNames of the page's chat list the fetch found no
	// chat to pick for (the account's own, official accounts): a chat
	// list that holds them needs no fetch.
	Unlisted []string `json:"unlisted,omitempty"`
	Loading  bool     `json:"loading,omitempty"`
}

// contactsMaxAge: an older list is fetched again when it is needed (a
// contact renamed, a new friend); a change of the chat order alone never
// fetches it.
const contactsMaxAge = 10 * time.Minute

// contactList answers GetContacts (the popup's account) from the cache in
// storage.session; an empty or old cache starts a refresh.
func (c *Core) contactList(ctx context.Context) (msg.Contacts, error) {
	var cs msg.Contacts
	found, err := c.env.Storage.Get(ctx, browser.AreaSession, msg.ContactsKey, &cs)
	if err != nil {
		return cs, err
	}
	id, ps, err := c.session(ctx)
	if err != nil {
		if s, err := c.state(ctx); err != nil || s.Status != msg.SessionReady {
			return msg.Contacts{}, nil
		}
		if id, ps, err = c.session(ctx); err != nil {
			return msg.Contacts{}, nil
		}
	}
	var ac accountContacts
	if _, err := c.env.Storage.Get(ctx, browser.AreaSession, msg.AccountContactsPrefix+id, &ac); err != nil {
		return cs, err
	}
	// An empty list of this login, fetched, is the answer too: an
	// account of no contacts (or official accounts only) was "loading"
	// at every ask, fetched again each time, and the popup said
	// "Loading chats…" for ever.
	current := ps.UserName != "" && !ac.Loading && ac.Login == ps.UserName && !c.old(ac)
	if found && !cs.Loading && cs.Login == ps.UserName && current {
		return cs, nil
	}
	if current {
		// The popup's copy is not this login's list: storage.session had
		// no room for it (writePopupList), or another account's is still
		// there. The account's own list answers (the popup sorts it).
		return msg.Contacts{Contacts: ac.Contacts, Login: ac.Login, Account: id}, nil
	}
	c.refreshContactsLater(id)
	if cs.Login != ps.UserName {
		// Another login's (or account's) chats are not this state's.
		return msg.Contacts{Loading: true}, nil
	}
	return msg.Contacts{Contacts: cs.Contacts, Login: cs.Login, Account: cs.Account, Loading: true}, nil
}

// old reports whether a list is older than contactsMaxAge.
func (c *Core) old(ac accountContacts) bool {
	return c.env.Clock.Now().Sub(time.UnixMilli(ac.Fetched)) > contactsMaxAge
}

// lockList locks the contact list of an account.
func (c *Core) lockList(id string) func() {
	c.mu.Lock()
	m := c.listMu[id]
	if m == nil {
		m = &sync.Mutex{}
		c.listMu[id] = m
	}
	c.mu.Unlock()
	m.Lock()
	return m.Unlock
}

// refreshContactsLater brings an account's contact list up to date in
// the background; the pages follow msg.ContactsKey in storage.session.
func (c *Core) refreshContactsLater(id string) {
	c.mu.Lock()
	if c.refreshing[id] {
		c.mu.Unlock()
		return
	}
	c.refreshing[id] = true
	c.mu.Unlock()
	c.bg.Add(1)
	go func() {
		defer c.bg.Done()
		defer func() { c.mu.Lock(); delete(c.refreshing, id); c.mu.Unlock() }()
		ctx := outbox.WithAccount(context.Background(), id)
		if _, err := c.chats(ctx, false); err != nil {
			if toMsgError(err).Code == msg.ErrLoggedOut {
				_ = c.markLoggedOut(ctx)
			}
			// A failed refresh (a logout meanwhile, say) keeps the chats
			// known: a message to one of them still finds it by name and
			// waits for the login, and the popup still lists them.
			var ac accountContacts
			_, _ = c.env.Storage.Get(ctx, browser.AreaSession, msg.AccountContactsPrefix+id, &ac)
			_ = c.storeContacts(ctx, id, ac, false)
		}
	}()
}

// chats are the chats of ctx's account's current login. The list is
// fetched first when it is of another login (a new login: every UserName
// changed), when it is older than contactsMaxAge, or when fresh is set (a
// send was refused for a UserName not of this login).
func (c *Core) chats(ctx context.Context, fresh bool) ([]msg.Contact, error) {
	id, ps, err := c.session(ctx)
	if errors.Is(err, errNoSession) && id != "" && !fresh {
		// Logged out, the account's chats stay known: a message to one
		// of them is made, finds it by name and waits for the login.
		if ac, gerr := c.readList(ctx, id); gerr == nil && len(ac.Contacts) > 0 {
			return ac.Contacts, nil
		}
	}
	if err != nil {
		return nil, err
	}
	ctx = outbox.WithAccount(ctx, id)
	started := c.env.Clock.Now()
	defer c.lockList(id)()
	ac, err := c.readList(ctx, id)
	if err != nil {
		return nil, err
	}
	current := ac.Login == ps.UserName && ac.Fetched > 0 && !c.old(ac)
	// A fetch that began while this caller waited for the lock is as
	// fresh as one of its own.
	if current && (!fresh || !time.UnixMilli(ac.Fetched).Before(started)) {
		return ac.Contacts, nil
	}
	ac, err = c.fetchContacts(ctx, ps)
	if err != nil {
		return nil, err
	}
	return ac.Contacts, nil
}

// fetchContacts fetches every contact (webwxgetcontact), adds the groups
// of the page's chat list that are not saved as contacts
// (webwxbatchgetcontact), ranks recent chats first and stores the list.
// The list's lock is held.
func (c *Core) fetchContacts(ctx context.Context, ps pageSession) (accountContacts, error) {
	id, _ := outbox.AccountOf(ctx)
	cl, ps, err := c.client(ctx)
	if err != nil {
		return accountContacts{}, err
	}
	fetched := c.env.Clock.Now()
	all, err := cl.Contacts(ctx)
	if err != nil {
		return accountContacts{}, err
	}
	// webwxgetcontact lists the groups saved to the contacts only.
	saved := make(map[string]bool, len(all))
	for _, p := range all {
		saved[p.UserName] = true
	}
	// Without the chat list's other groups the list is still of use.
	all, _ = withChatGroups(ctx, cl, all, chatsToAsk(ctx, ps.Chats))
	recents, err := c.recentsOf(ctx, id)
	if err != nil {
		return accountContacts{}, err
	}
	list := pickable(all, ps)
	for i := range list {
		list[i].Unsaved = list[i].Group && !saved[list[i].UserName]
	}
	rankRecent(list, ps.Chats, recents)
	ac := accountContacts{Login: ps.UserName, Fetched: fetched.UnixMilli(), Contacts: list, Unlisted: unlisted(list, ps.Chats, all)}
	if err := c.storeContacts(ctx, id, ac, false); err != nil {
		return ac, err
	}
	// The menu is a convenience: a failure to make it leaves the list.
	_ = c.updateMenus(ctx)
	return ac, nil
}

// unlisted are the chats of the page's list, and of the fetched contacts
// (all), that are not in list: the account's own, official accounts,
// special ones. An incoming message of one of them fetches no list
// (withNewChats), nor does the page's chat list holding one (rerank).
func unlisted(list []msg.Contact, chats []string, all []protocol.Contact) []string {
	in := map[string]bool{}
	for _, ct := range list {
		in[ct.UserName] = true
	}
	var out []string
	add := func(u string) {
		if u != "" && !in[u] {
			in[u] = true
			out = append(out, u)
		}
	}
	for _, u := range chats {
		add(u)
	}
	for _, p := range all {
		add(p.UserName)
	}
	return out
}

// storeContacts writes an account's list (loading: a fetch is under
// way), and the popup's copy when it is the popup's account.
func (c *Core) storeContacts(ctx context.Context, id string, ac accountContacts, loading bool) error {
	ac.Loading = loading
	c.listWritten(id)
	// And again once written: a read between the two (a write that
	// waited for room) kept the value before it.
	defer c.listWritten(id)
	if err := c.env.Storage.Set(ctx, browser.AreaSession, msg.AccountContactsPrefix+id, ac); err != nil {
		// storage.session is full (its 10 MB hold two accounts of 10,000
		// contacts, the popup's copy of one and not its search list:
		// README "Accounts and sessions"). The account's list is what
		// sends and rules need; the popup's lists are copies, the search
		// list going first: without them the popup asks the worker.
		if err = c.makeRoomFor(ctx, func() error {
			return c.env.Storage.Set(ctx, browser.AreaSession, msg.AccountContactsPrefix+id, ac)
		}); err != nil {
			return err
		}
	}
	// The popup's account is read under the lock of the popup's lists: a
	// choice of another account made meanwhile is published (publish
	// holds it too) after this write, not undone by it.
	unlock, err := c.lockPopupList(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	var current string
	if _, err := c.env.Storage.Get(ctx, browser.AreaSession, msg.AccountKey, &current); err != nil {
		return err
	}
	if current != id {
		if c.popupListOf == id {
			c.popupListOf = "" // its lists are not this list any more
		}
		return nil
	}
	return c.writePopupList(ctx, id, ac.Contacts, ac.Login, loading)
}

// rerank ranks ctx's account's chats again after the page's chat order
// changed, without fetching them: only a chat the list does not know (a
// new friend, a new group) makes it fetch the list again.
func (c *Core) rerank(ctx context.Context) {
	id, ps, err := c.session(ctx)
	if err != nil {
		return
	}
	unlock := c.lockList(id)
	var ac accountContacts
	if _, err := c.env.Storage.Get(ctx, browser.AreaSession, msg.AccountContactsPrefix+id, &ac); err != nil || ac.Login != ps.UserName || ac.Loading {
		// No list of this login yet: the fetch under way ranks it.
		unlock()
		return
	}
	known := map[string]bool{}
	for _, u := range ac.Unlisted {
		known[u] = true
	}
	for _, ct := range ac.Contacts {
		known[ct.UserName] = true
	}
	for _, u := range ps.Chats {
		if !known[u] {
			unlock()
			c.refreshContactsLater(id)
			return
		}
	}
	defer unlock()
	recents, err := c.recentsOf(ctx, id)
	if err != nil {
		return
	}
	list := slices.Clone(ac.Contacts)
	for i := range list {
		list[i].Recent = 0
	}
	rankRecent(list, ps.Chats, recents)
	ac.Contacts = list
	if c.storeContacts(ctx, id, ac, false) == nil {
		_ = c.updateMenus(ctx)
	}
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
func (c *Core) noteRecent(ctx context.Context, acct string, to msg.Recipient) {
	if to.Unsaved {
		// Not found again by its names (security.md row 77).
		return
	}
	var recents []recentChat
	_, _ = c.env.Storage.Get(ctx, browser.AreaLocal, msg.RecentKey, &recents)
	r := recentChat{NickName: to.NickName, RemarkName: to.RemarkName, Group: to.Group, Account: acct}
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
	_ = c.env.Storage.Set(ctx, browser.AreaLocal, msg.RecentKey, out)
}
