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
// know, each once.
func newChats(b rules.Batch, login string, chats []msg.Contact) []string {
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
		if known[chat] || (m.Group == "" && (m.FromSelf || (login != "" && m.From == login))) {
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
	news := newChats(b, login, chats)
	if len(news) == 0 {
		return chats, nil
	}
	acct, _ := outbox.AccountOf(ctx)
	now := c.env.Clock.Now()
	if last, ok := c.newChatFetch[acct]; ok && now.Sub(last) < newChatsEvery && !now.Before(last) {
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
	return c.chats(context.WithValue(ctx, groupsToFetch{}, groups), true)
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
