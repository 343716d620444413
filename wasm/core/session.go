package core

import (
	"context"
	"slices"
	"strconv"

	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
)

// Sessions. A session has an identity: the host it lives on, the account's
// Uin (the host's wxuin cookie) and the login's own UserName. The core
// keeps one session per account, side by side in storage.session under
// msg.SessionsKey, keyed by the account's ID (a salted hash of the Uin):
// two accounts on two hosts (wx.qq.com and web.wechat.com keep separate
// cookies) never overwrite each other. Each web WeChat tab is mapped to
// the account it showed last (msg.TabsKey), and the popup acts as one
// account (msg.AccountKey), which the person can switch.
//
// A call from a tab (the page API, the page's messages for the rules)
// carries the page's session at that moment; the core takes it before it
// acts, so nothing leaves with a previous session's skey, pass_ticket or
// UserNames, and it acts in that tab's account only.

// pageSession is what the core keeps of one account's page memory. The
// cookies (wxsid, webwx_data_ticket) are read from the cookie store at
// every use instead, so they are never copied anywhere; the Uin is kept to
// check that the host's cookies are still this account's.
type pageSession struct {
	Host       string   `json:"host"`
	Uin        int64    `json:"uin"`
	Skey       string   `json:"skey"`
	PassTicket string   `json:"passTicket,omitempty"`
	UserName   string   `json:"userName"`
	NickName   string   `json:"nickName,omitempty"`
	Chats      []string `json:"chats,omitempty"`
	// LoggedOut is set when the server said the session ended, or the
	// tab showed its login screen; a page that shows a new login clears it.
	LoggedOut bool `json:"loggedOut,omitempty"`
}

// errNoSession: nothing to send with; the person must log in.
var errNoSession = &msg.Error{Code: msg.ErrLoggedOut}

// sessionStore is what storage.session holds of the sessions.
type sessionStore struct {
	all     map[string]pageSession
	tabs    map[string]string
	current string
}

func (c *Core) loadSessions(ctx context.Context) (sessionStore, error) {
	s := sessionStore{all: map[string]pageSession{}, tabs: map[string]string{}}
	if _, err := c.env.Storage.Get(ctx, browser.AreaSession, msg.SessionsKey, &s.all); err != nil {
		return s, err
	}
	if _, err := c.env.Storage.Get(ctx, browser.AreaSession, msg.TabsKey, &s.tabs); err != nil {
		return s, err
	}
	if _, err := c.env.Storage.Get(ctx, browser.AreaSession, msg.AccountKey, &s.current); err != nil {
		return s, err
	}
	if s.all == nil {
		s.all = map[string]pageSession{}
	}
	if s.tabs == nil {
		s.tabs = map[string]string{}
	}
	return s, nil
}

func (c *Core) saveSessions(ctx context.Context, s sessionStore) error {
	if err := c.env.Storage.Set(ctx, browser.AreaSession, msg.SessionsKey, s.all); err != nil {
		return err
	}
	if err := c.env.Storage.Set(ctx, browser.AreaSession, msg.TabsKey, s.tabs); err != nil {
		return err
	}
	return c.env.Storage.Set(ctx, browser.AreaSession, msg.AccountKey, s.current)
}

// live reports whether an account's session can send (as far as the
// stored session knows; the cookies are checked at use).
func (ps pageSession) live() bool { return ps.Skey != "" && !ps.LoggedOut }

// pickCurrent keeps the popup's account while it is logged in, else takes
// one that is (the one of prefer first).
func (s *sessionStore) pickCurrent(prefer string) {
	if ps, ok := s.all[s.current]; ok && ps.live() {
		return
	}
	if ps, ok := s.all[prefer]; ok && ps.live() {
		s.current = prefer
		return
	}
	ids := make([]string, 0, len(s.all))
	for id, ps := range s.all {
		if ps.live() {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	if len(ids) > 0 {
		s.current = ids[0]
	} else if _, ok := s.all[s.current]; !ok {
		s.current = prefer
	}
}

// session is the session of the account ctx acts for (outbox.WithAccount;
// without one, the popup's account). A tab without a session (an account
// of "") has none: it never borrows another account's.
func (c *Core) session(ctx context.Context) (string, pageSession, error) {
	s, err := c.loadSessions(ctx)
	if err != nil {
		return "", pageSession{}, err
	}
	id, set := outbox.AccountOf(ctx)
	if !set {
		id = s.current
	}
	ps, ok := s.all[id]
	if id == "" || !ok {
		return id, ps, errNoSession
	}
	if !ps.live() {
		return id, ps, errNoSession
	}
	return id, ps, nil
}

// tabKey is a tab's key in msg.TabsKey.
func tabKey(tab int) string { return strconv.Itoa(tab) }

// accountName is the nick name and host of account id when more than one
// account is logged in (a notification then says which one it is about),
// else "". The nick name is what the account's page says (a script of the
// page can give it another account's); the host is the tab's, and comes
// first (security.md row 97).
func (c *Core) accountName(ctx context.Context, id string) string {
	if id == "" {
		return ""
	}
	s, err := c.loadSessions(ctx)
	if err != nil {
		return ""
	}
	live := 0
	for _, ps := range s.all {
		if ps.live() {
			live++
		}
	}
	if live < 2 {
		return ""
	}
	// The host first: the name cannot push it out of the title.
	return s.all[id].Host + " · " + shownName(shownNick(s.all[id].NickName))
}
