package core

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/export"
	"github.com/wxdrop/wxdrop/wasm/friends"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// Friend requests (docs/protocol.md §3.6) reach the worker with the
// messages the web WeChat page's content script passes on (page.messages):
// a MsgType 37 message carries its RecommendInfo as "request". They are
// kept in storage.local (friends.Record, bounded), listed in the popup,
// and accepted by a person, a page API call or the optional rule, with
// webwxverifyuser in the session of the login they reached.

// pageRequest is what page.messages carries of a friend request.
type pageRequest struct {
	ID       string           `json:"id"`
	MsgType  int              `json:"msgType"`
	Time     int64            `json:"time"`
	Request  *friends.Request `json:"request"`
	FromSelf bool             `json:"fromSelf"`
}

func (c *Core) friendsConfig(ctx context.Context) (friends.Config, error) {
	var fc friends.Config
	_, err := c.env.Storage.Get(ctx, browser.AreaLocal, msg.FriendsConfigKey, &fc)
	return fc, err
}

func (c *Core) friendsRecord(ctx context.Context) (friends.Record, error) {
	var rec friends.Record
	_, err := c.env.Storage.Get(ctx, browser.AreaLocal, msg.FriendsKey, &rec)
	return rec, err
}

func (c *Core) getFriends(ctx context.Context, _ json.RawMessage, _ Sender) (any, error) {
	fc, err := c.friendsConfig(ctx)
	if err != nil {
		return nil, err
	}
	rec, err := c.friendsRecord(ctx)
	if err != nil {
		return nil, err
	}
	v := msg.FriendsView{Config: fc, Requests: rec.Requests}
	if v.Requests == nil {
		v.Requests = []friends.Request{}
	}
	// The pages need no ticket.
	for i := range v.Requests {
		v.Requests[i].Ticket = ""
	}
	return v, nil
}

// setFriends stores the settings after checking them.
func (c *Core) setFriends(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	fc, err := decode[friends.Config](body, msg.SetFriends)
	if err != nil {
		return nil, err
	}
	if why := fc.Check(); why != "" {
		return nil, &msg.Error{Code: msg.Code("FRIENDS_" + strings.ToUpper(why))}
	}
	return fc, c.env.Storage.Set(ctx, browser.AreaLocal, msg.FriendsConfigKey, fc)
}

// noteFriendRequests keeps the friend requests of a page.messages batch
// and starts the rule's accepts. A request that is not well made is
// dropped, never acted on.
func (c *Core) noteFriendRequests(ctx context.Context, body json.RawMessage) error {
	var b struct {
		Messages []pageRequest `json:"messages"`
	}
	if json.Unmarshal(body, &b) != nil {
		return nil // the rules say what is wrong with the batch
	}
	var got []friends.Request
	for _, m := range b.Messages {
		if m.MsgType != protocol.MsgFriendRequest || m.Request == nil || m.FromSelf {
			continue
		}
		r := friends.Clip(*m.Request)
		r.ID, r.Time = m.ID, m.Time
		if friends.WellMade(r) {
			got = append(got, r)
		}
		if len(got) == friends.MaxRequests {
			break
		}
	}
	if len(got) == 0 {
		return nil
	}
	fc, err := c.friendsConfig(ctx)
	if err != nil || fc.Off {
		return err
	}
	login, _, err := link{c}.Login(ctx)
	if err != nil {
		return err
	}
	id, host := c.requestAccount(ctx)
	c.friendsMu.Lock()
	defer c.friendsMu.Unlock()
	rec, err := c.friendsRecord(ctx)
	if err != nil {
		return err
	}
	var auto []string
	for _, r := range got {
		r.Account, r.AccountID, r.Host = login, id, host
		if !rec.Add(r) || !fc.Wants(r) {
			continue
		}
		if !rec.RoomThisHour(c.env.Clock.Now()) || len(auto)+len(rec.RuleTimes) >= friends.MaxPerHour {
			rec.Find(r.Account, r.ID).Held = true
			continue
		}
		auto = append(auto, r.ID)
	}
	if err := c.env.Storage.Set(ctx, browser.AreaLocal, msg.FriendsKey, rec); err != nil {
		return err
	}
	if len(auto) > 0 {
		c.bg.Add(1)
		// The accepts act in the account of the tab whose requests these
		// are (ctx's), not the popup's: with context.Background() a
		// request to the other account's tab stayed pending (row 86).
		ctx := context.WithoutCancel(ctx)
		go func() {
			defer c.bg.Done()
			for _, id := range auto {
				// A failure is kept on the request for the popup.
				_, _ = c.acceptFriend(ctx, msg.AcceptFriendBody{ID: id, Greeting: fc.Greeting}, true)
			}
		}()
	}
	return nil
}

func (c *Core) acceptFriendMsg(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	b, err := decode[msg.AcceptFriendBody](body, msg.AcceptFriend)
	if err != nil {
		return nil, err
	}
	b.Request = nil // the pages name a kept request
	return c.acceptFriend(ctx, b, false)
}

// acceptFriend accepts a request (webwxverifyuser, Opcode 3 with its
// ticket) in the session of the login it reached, refreshes the contacts
// so that the new friend is a chat, and queues the greeting, if any. A
// request a page API call brings along (b.Request) is kept only once
// WeChat accepted it (docs/security.md row 104).
func (c *Core) acceptFriend(ctx context.Context, b msg.AcceptFriendBody, byRule bool) (msg.FriendAccepted, error) {
	c.friendsMu.Lock()
	defer c.friendsMu.Unlock()
	rec, err := c.friendsRecord(ctx)
	if err != nil {
		return msg.FriendAccepted{}, err
	}
	login, live, err := link{c}.Login(ctx)
	if err != nil {
		return msg.FriendAccepted{}, err
	}
	if !live {
		return msg.FriendAccepted{}, &msg.Error{Code: msg.ErrLoggedOut}
	}
	if b.Account != "" && b.Account != login {
		// The popup's row is of another login's request: this login's
		// request of the same id (each account numbers its messages
		// alike) is another person's.
		return msg.FriendAccepted{}, c.requestElsewhere(ctx, b.Account)
	}
	// The request of this login; one of an earlier login (or of another
	// account) has a UserName this login does not know.
	r := rec.Find(login, b.ID)
	// brought: the request is the call's own, kept only once WeChat
	// accepted it. Kept before, a page script's made-up requests (as
	// many as it liked, each refused by WeChat) pushed the person's real
	// ones, of every account, out of the record's newest MaxRequests
	// (docs/security.md row 104).
	brought := false
	if p := b.Request; p != nil && r == nil {
		nr := friends.Clip(*p)
		nr.ID, nr.Account = b.ID, login
		nr.State, nr.Error, nr.ByRule, nr.Held = friends.StatePending, "", false, false
		// Named as noteFriendRequests names those the page passes on:
		// without them, the popup and the options page, two accounts
		// logged in, said of this request alone nothing of whose it was.
		nr.AccountID, nr.Host = c.requestAccount(ctx)
		if !friends.WellMade(nr) {
			return msg.FriendAccepted{}, msg.BadUsageAcceptFriend.Err()
		}
		r, brought = &nr, true
	}
	switch {
	case r == nil && rec.Elsewhere(login, b.ID):
		return msg.FriendAccepted{}, &msg.Error{Code: msg.ErrRequestStale}
	case r == nil || r.State == friends.StateAccepted || r.Ticket == "":
		return msg.FriendAccepted{}, &msg.Error{Code: msg.ErrNoRequest, Detail: b.ID}
	}
	req := *r
	err = c.withClient(ctx, func(cl *protocol.Client) error {
		_, err := cl.VerifyUser(ctx, protocol.FriendRequest{UserName: req.UserName, Ticket: req.Ticket})
		return err
	})
	if err != nil {
		me := toMsgError(err)
		if brought {
			// The page still holds it, to call again.
			return msg.FriendAccepted{}, me
		}
		// A refusal makes the ticket no use; a logout or the network
		// leaves the request to be accepted again.
		again := me.Code == msg.ErrLoggedOut || me.Code == msg.ErrNetwork || me.Code == msg.ErrTooFrequent
		rec.Failed(login, req.ID, string(me.Code), again)
		if again {
			rec.Find(login, req.ID).State = friends.StatePending
		}
		if serr := c.env.Storage.Set(ctx, browser.AreaLocal, msg.FriendsKey, rec); serr != nil {
			return msg.FriendAccepted{}, serr
		}
		return msg.FriendAccepted{}, me
	}
	if brought {
		rec.Add(req)
	}
	rec.Accepted(login, req.ID, byRule, c.env.Clock.Now())
	if err := c.env.Storage.Set(ctx, browser.AreaLocal, msg.FriendsKey, rec); err != nil {
		return msg.FriendAccepted{}, err
	}
	out := msg.FriendAccepted{UserName: req.UserName, NickName: req.NickName}
	// The new friend is a chat once the contacts are fetched again.
	if _, err := c.chats(ctx, true); err != nil {
		return out, err
	}
	if g := strings.TrimSpace(b.Greeting); g != "" {
		// The name as a person reads it: web WeChat's carry emoji as
		// markup and entities (§2), which would reach the friend as tags.
		es, err := c.outbox.Add(ctx, msg.AddBody{To: req.UserName, Text: friends.Greeting(g, "", search.Clean(req.NickName))})
		if err != nil {
			return out, err
		}
		out.Greeting = es[0].ID
	}
	return out, nil
}

// requestElsewhere is the refusal of a request that reached login, not
// the acting one: REQUEST_ELSEWHERE when login is another account's
// logged in here (the popup can switch to it), else REQUEST_STALE (an
// earlier login: accept it on the phone).
func (c *Core) requestElsewhere(ctx context.Context, login string) error {
	if s, err := c.loadSessions(ctx); err == nil {
		for _, ps := range s.all {
			if ps.UserName == login && ps.live() {
				return &msg.Error{Code: msg.ErrRequestElsewhere}
			}
		}
	}
	return &msg.Error{Code: msg.ErrRequestStale}
}

// requestAccount is the account of ctx as the popup names a request's
// (its id and host): friends.Request's AccountID and Host.
func (c *Core) requestAccount(ctx context.Context) (id, host string) {
	id, ps, _ := c.session(ctx)
	return id, ps.Host
}

// apiAcceptFriend is wxdrop.acceptFriend(request, {greeting}).
func (c *Core) apiAcceptFriend(ctx context.Context, a *msg.APIAcceptFriendArgs, _ apiSendCall) (*msg.FriendAccepted, error) {
	if a.Request == nil || a.Request.ID == "" {
		return nil, msg.BadUsageAcceptFriend.Err()
	}
	f, err := c.acceptFriend(ctx, msg.AcceptFriendBody{ID: a.Request.ID, Greeting: a.Greeting, Request: a.Request}, false)
	return &f, err
}

// exportContactsMsg answers the options page's export.
func (c *Core) exportContactsMsg(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	b, err := decode[msg.ExportBody](body, msg.ExportContacts)
	if err != nil {
		return nil, err
	}
	return c.exportContacts(ctx, b.Format)
}

// exportContacts writes every contact of the login — friends, groups
// (with the page's chat-list groups not saved as contacts) and official
// accounts — as CSV or JSON, fetched anew (webwxgetcontact).
func (c *Core) exportContacts(ctx context.Context, format string) (msg.Export, error) {
	if format != export.FormatCSV && format != export.FormatJSON {
		return msg.Export{}, &msg.Error{Code: msg.ErrBadFormat, Detail: format}
	}
	var all []protocol.Contact
	var self string
	err := c.withClient(ctx, func(cl *protocol.Client) error {
		self = cl.Session().UserName
		var err error
		if all, err = cl.Contacts(ctx); err != nil {
			return err
		}
		_, ps, err := c.session(ctx)
		if err != nil {
			return err
		}
		all, err = withChatGroups(ctx, cl, all, ps.Chats)
		return err
	})
	if err != nil {
		return msg.Export{}, err
	}
	rows := export.Rows(all, self)
	name := "wxdrop-contacts-" + c.env.Clock.Now().Format("2006-01-02") + "." + format
	if format == export.FormatJSON {
		return msg.Export{Name: name, Type: "application/json", Text: string(export.JSON(rows))}, nil
	}
	m := c.env.Runtime.Message
	l := export.Labels{
		Header: [9]string{m("export_col_remark"), m("export_col_nick"), m("export_col_alias"), m("export_col_sex"), m("export_col_province"),
			m("export_col_city"), m("export_col_signature"), m("export_col_kind"), m("export_col_members")},
		Male: m("export_sex_male"), Female: m("export_sex_female"),
		Friend: m("export_kind_friend"), Group: m("export_kind_group"), Official: m("export_kind_official"),
	}
	return msg.Export{Name: name, Type: "text/csv;charset=utf-8", Text: string(export.CSV(rows, l))}, nil
}
