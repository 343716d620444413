package core

import (
	"context"
	"time"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// A message of a chat the cached contact list does not know (a friend
// accepted on the phone, a group someone just made with the person) was
// dropped before any rule saw it, and the list was fetched again only
// afterwards, in the background: an auto-reply to everyone never answered
// a new chat's first message. Now the batch waits for the list, fetched
// once, and is checked against it. Messages come from the page and from
// whoever writes to the person, both untrusted: a made-up chat in every
// batch must not make the worker fetch the list each time, so a fetch for
// new chats happens at most once a newChatsEvery per account; within
// that, an unknown chat is dropped as before.

// newChatsEvery is how often the unknown chats of incoming messages may
// fetch an account's contact list.
const newChatsEvery = 30 * time.Second

// newChats are the chats of b's well-made messages that chats do not
// know, each once. Not new: the special accounts (fmessage's friend
// requests, 微信团队, @qqim), and the chats of skip, which a fetch of the
// list found and left out (official accounts: the list holds no chat to
// pick for them, and their posts come every day) or was asked for and did
// not find: fetching the list again would not list them either.
func newChats(b rules.Batch, login string, chats []msg.Contact, skip map[string]bool) []string {
	known := make(map[string]bool, len(chats))
	for _, ct := range chats {
		known[ct.UserName] = true
	}
	var out []string
	for i, m := range b.Messages {
		if i >= MaxIncomingBatch || !wellMade(m) {
			continue
		}
		chat := m.Chat()
		if known[chat] || skip[chat] || (protocol.Contact{UserName: chat}).IsSpecial() || (m.Group == "" && (m.FromSelf || (login != "" && m.From == login))) {
			continue
		}
		known[chat] = true
		out = append(out, chat)
	}
	return out
}

// withNewChats is chats, fetched again first when b has a message of a
// chat they do not know and the account's last such fetch is
// newChatsEvery ago. The groups among the new chats are asked for by
// name too (webwxbatchgetcontact): webwxgetcontact lists the groups saved
// to the contacts only, and a new group is not. rulesMu is held.
func (c *Core) withNewChats(ctx context.Context, b rules.Batch, login string, chats []msg.Contact) ([]msg.Contact, error) {
	// Most batches are of known chats: what no fetch would add is looked
	// up only when a chat is not.
	if len(newChats(b, login, chats, nil)) == 0 {
		return chats, nil
	}
	acct, _ := outbox.AccountOf(ctx)
	news := newChats(b, login, chats, c.notNewChats(ctx, acct, login))
	if len(news) == 0 {
		return chats, nil
	}
	now := c.env.Clock.Now()
	last, fetched := c.newChatFetch[acct]
	if fetched && now.Sub(last) < newChatsEvery && !now.Before(last) {
		return chats, nil
	}
	if c.newChatFetch == nil {
		c.newChatFetch = map[string]time.Time{}
	}
	c.newChatFetch[acct] = now
	var groups []string
	for _, u := range news {
		if protocol.IsGroup(u) {
			groups = append(groups, u)
		}
	}
	got, err := c.chats(context.WithValue(ctx, groupsToFetch{}, groups), true)
	if err != nil {
		// A fetch that failed found nothing: the batch is asked again,
		// and the next try may fetch at once.
		if fetched {
			c.newChatFetch[acct] = last
		} else {
			delete(c.newChatFetch, acct)
		}
		return nil, err
	}
	c.missedNewChats(acct, login, news, got)
	return got, nil
}

// maxMissedChats bounds the chats of one login a fetch was asked for and
// did not find (missedChats): made-up ones come from untrusted messages.
const maxMissedChats = 1000

// missedChats are the chats of incoming messages a fetch of the list did
// not find, of one account's login (rulesMu).
type missedChats struct {
	login string
	chats map[string]bool
}

// missedNewChats keeps the chats of news that the fetched list got does
// not hold, for login: a message of theirs fetches the list no more.
func (c *Core) missedNewChats(acct, login string, news []string, got []msg.Contact) {
	in := make(map[string]bool, len(got))
	for _, ct := range got {
		in[ct.UserName] = true
	}
	if c.newChatMissed == nil {
		c.newChatMissed = map[string]*missedChats{}
	}
	m := c.newChatMissed[acct]
	if m == nil || m.login != login {
		m = &missedChats{login: login, chats: map[string]bool{}}
		c.newChatMissed[acct] = m
	}
	for _, u := range news {
		if !in[u] && len(m.chats) < maxMissedChats {
			m.chats[u] = true
		}
	}
}

// notNewChats are the chats no fetch of acct's list would add, for login:
// those the last fetch found and left out (accountContacts.Unlisted) and
// those a fetch for new chats did not find.
func (c *Core) notNewChats(ctx context.Context, acct, login string) map[string]bool {
	skip := map[string]bool{}
	if m := c.newChatMissed[acct]; m != nil && m.login == login {
		for u := range m.chats {
			skip[u] = true
		}
	}
	if ac, err := c.readList(ctx, acct); err == nil && ac.Login == login {
		for _, u := range ac.Unlisted {
			skip[u] = true
		}
	}
	return skip
}

// groupsToFetch is the context key of the groups a fetch of the contacts
// asks for by name besides the page's chat list's (withNewChats).
type groupsToFetch struct{}

// chatsToAsk are the page's chats and the groups ctx asks for.
func chatsToAsk(ctx context.Context, chats []string) []string {
	groups, _ := ctx.Value(groupsToFetch{}).([]string)
	if len(groups) == 0 {
		return chats
	}
	return append(append([]string(nil), chats...), groups...)
}
