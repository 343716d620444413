package core

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"slices"
	"strconv"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/search"
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

// cookies reads the session cookies the tab's browser holds for host.
func (c *Core) cookies(ctx context.Context, host string) (uin int64, sid, dataTicket string, ok bool, err error) {
	u := "https://" + host + "/"
	get := func(name string) (string, bool) {
		if err != nil {
			return "", false
		}
		var v string
		var found bool
		v, found, err = c.env.Cookie(ctx, u, name)
		return v, found && v != ""
	}
	uinS, ok1 := get("wxuin")
	sid, ok2 := get("wxsid")
	dataTicket, ok3 := get("webwx_data_ticket")
	if err != nil {
		return 0, "", "", false, err
	}
	uin, perr := strconv.ParseInt(uinS, 10, 64)
	return uin, sid, dataTicket, ok1 && ok2 && ok3 && perr == nil, nil
}

// accountID is the ID of the account of uin: a hash of the Uin with a
// random salt of this install, so that an outbox entry in storage.local
// names its account without the Uin.
func (c *Core) accountID(ctx context.Context, uin int64) (string, error) {
	c.mu.Lock()
	salt := c.salt
	c.mu.Unlock()
	if salt == "" {
		found, err := c.env.Get(ctx, AreaLocal, msg.AccountSaltKey, &salt)
		if err != nil {
			return "", err
		}
		if !found || salt == "" {
			b := make([]byte, 16)
			_, _ = rand.Read(b)
			salt = hex.EncodeToString(b)
			if err := c.env.Set(ctx, AreaLocal, msg.AccountSaltKey, salt); err != nil {
				return "", err
			}
		}
		c.mu.Lock()
		c.salt = salt
		c.mu.Unlock()
	}
	c.mu.Lock()
	id, ok := c.ids[uin]
	c.mu.Unlock()
	if ok {
		return id, nil
	}
	// Stretched: the salt is on the same disk, and a Uin is a 32-bit
	// number, so one hash would be undone by trying them all.
	sum := sha256.Sum256([]byte(salt + ":" + strconv.FormatInt(uin, 10)))
	for range accountIDRounds {
		sum = sha256.Sum256(append(sum[:], salt...))
	}
	id = hex.EncodeToString(sum[:8])
	c.mu.Lock()
	c.ids[uin] = id
	c.mu.Unlock()
	return id, nil
}

// accountIDRounds is how many times the account IDs are hashed again:
// done once per account and wake of the worker (about 60 ms in the
// worker; trying every Uin then takes 2^32 times as many).
const accountIDRounds = 20000

// sessionStore is what storage.session holds of the sessions.
type sessionStore struct {
	all     map[string]pageSession
	tabs    map[string]string
	current string
}

func (c *Core) loadSessions(ctx context.Context) (sessionStore, error) {
	s := sessionStore{all: map[string]pageSession{}, tabs: map[string]string{}}
	if _, err := c.env.Get(ctx, AreaSession, msg.SessionsKey, &s.all); err != nil {
		return s, err
	}
	if _, err := c.env.Get(ctx, AreaSession, msg.TabsKey, &s.tabs); err != nil {
		return s, err
	}
	if _, err := c.env.Get(ctx, AreaSession, msg.AccountKey, &s.current); err != nil {
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
	if err := c.env.Set(ctx, AreaSession, msg.SessionsKey, s.all); err != nil {
		return err
	}
	if err := c.env.Set(ctx, AreaSession, msg.TabsKey, s.tabs); err != nil {
		return err
	}
	return c.env.Set(ctx, AreaSession, msg.AccountKey, s.current)
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

// client builds a protocol client from the session of ctx's account and
// the cookies, or says that there is no session to send with. Cookies of
// another account on the host (a new login there) are no session of this
// one.
func (c *Core) client(ctx context.Context) (*protocol.Client, pageSession, error) {
	_, ps, err := c.session(ctx)
	if err != nil {
		return nil, ps, err
	}
	uin, sid, dt, ok, err := c.cookies(ctx, ps.Host)
	if err != nil {
		return nil, ps, err
	}
	if !ok || uin != ps.Uin {
		return nil, ps, errNoSession
	}
	if err := c.ensureRules(ctx); err != nil {
		return nil, ps, err
	}
	cl, err := protocol.NewClient(c.env.Doer(), protocol.Session{
		Uin: uin, Sid: sid, Skey: ps.Skey, PassTicket: ps.PassTicket, DataTicket: dt,
		UserName: ps.UserName, Host: ps.Host,
	}, c.opts...)
	return cl, ps, err
}

// ensureRules installs the header rules once per wake of the worker:
// session rules outlive the worker but not the browser.
func (c *Core) ensureRules(ctx context.Context) error {
	c.mu.Lock()
	done := c.rulesSet
	c.mu.Unlock()
	if done {
		return nil
	}
	if err := c.env.SetHeaderRules(ctx, HeaderRulesJSON(c.env.ExtensionHost())); err != nil {
		return err
	}
	c.mu.Lock()
	c.rulesSet = true
	c.mu.Unlock()
	return nil
}

// tabKey is a tab's key in msg.TabsKey.
func tabKey(tab int) string { return strconv.Itoa(tab) }

// takePageSession stores what a web WeChat tab reports and returns the
// account it is logged in as ("" and errNoSession when it is not). The
// account is the host's wxuin cookie: a new UserName is a new login of
// that account, whose cached UserNames are all stale (§3.4), so its
// contacts are fetched again before any name is resolved in them. A page
// that shows its login screen ends the session of its host. The sessions
// of other accounts on other hosts stay as they are.
func (c *Core) takePageSession(ctx context.Context, host string, tab int, b msg.PageSessionBody) (string, error) {
	if _, err := protocol.HostsFor(host); err != nil {
		return "", &msg.Error{Code: msg.ErrNotAllowed}
	}
	if !b.LoggedOut && (b.Skey == "" || b.UserName == "") {
		return "", &msg.Error{Code: msg.ErrBadRequest, Detail: "the page has no login"}
	}
	// The pages show avatars from the session's host as soon as the state
	// says ready; the header rules must be in place before that.
	if !b.LoggedOut {
		if err := c.ensureRules(ctx); err != nil {
			return "", err
		}
	}
	uin, _, _, cookieOK, err := c.cookies(ctx, host)
	if err != nil {
		return "", err
	}
	id := ""
	if cookieOK && !b.LoggedOut {
		if id, err = c.accountID(ctx, uin); err != nil {
			return "", err
		}
	}

	c.sessMu.Lock()
	s, err := c.loadSessions(ctx)
	if err != nil {
		c.sessMu.Unlock()
		return "", err
	}
	old, had := s.all[id]
	changed := false
	// Whatever this tab shows now, the host's cookies belong to that
	// account alone: another account's session on this host is over.
	for other, ps := range s.all {
		if other != id && ps.Host == host && !ps.LoggedOut {
			ps.LoggedOut = true
			s.all[other] = ps
			changed = true
		}
	}
	if id == "" {
		if s.tabs[tabKey(tab)] != "" {
			delete(s.tabs, tabKey(tab))
			changed = true
		}
		s.pickCurrent("")
		if changed {
			if err = c.saveSessions(ctx, s); err == nil {
				err = c.publish(ctx)
			}
		}
		c.sessMu.Unlock()
		if err != nil {
			return "", err
		}
		return "", errNoSession
	}
	ps := pageSession{Host: host, Uin: uin, Skey: b.Skey, PassTicket: b.PassTicket, UserName: b.UserName, NickName: b.NickName, Chats: b.Chats}
	if ps.NickName == "" && old.UserName == ps.UserName {
		ps.NickName = old.NickName
	}
	newLogin := !had || old.UserName != ps.UserName || old.Host != ps.Host
	newSkey := old.LoggedOut || old.Skey != ps.Skey
	chatsMoved := !sameStrings(old.Chats, ps.Chats)
	if newLogin || newSkey || chatsMoved || old.PassTicket != ps.PassTicket || old.NickName != ps.NickName || old.Uin != ps.Uin {
		s.all[id] = ps
		changed = true
	}
	if s.tabs[tabKey(tab)] != id {
		s.tabs[tabKey(tab)] = id
		changed = true
	}
	before := s.current
	s.pickCurrent(id)
	changed = changed || s.current != before
	if changed {
		err = c.saveSessions(ctx, s)
	}
	if err == nil && newLogin {
		// Until they are fetched, the popup says the list is loading.
		err = c.storeContacts(ctx, id, accountContacts{}, true)
	}
	if err == nil && changed {
		// Under the lock: a view written late never undoes a newer one.
		err = c.publish(ctx)
	}
	c.sessMu.Unlock()
	if err != nil {
		return "", err
	}
	switch {
	case newLogin:
		c.refreshContactsLater(id)
	case chatsMoved:
		// The chat order changed: ranked again here, not fetched.
		c.rerank(outbox.WithAccount(ctx, id))
	}
	if newLogin || newSkey {
		// A login (or a new skey) lets held messages go.
		c.outbox.Kick()
	}
	return id, nil
}

// publish writes the popup's view: msg.StateKey (the popup's account and
// every account) and msg.ContactsKey (the popup's account's chats).
func (c *Core) publish(ctx context.Context) error {
	s, err := c.loadSessions(ctx)
	if err != nil {
		return err
	}
	st := msg.State{Status: msg.SessionNone, Account: s.current}
	ids := make([]string, 0, len(s.all))
	for id := range s.all {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		ps := s.all[id]
		status := msg.SessionReady
		if !ps.live() {
			status = msg.SessionLoggedOut
		}
		st.Accounts = append(st.Accounts, msg.AccountInfo{ID: id, NickName: ps.NickName, Host: ps.Host, Status: status})
	}
	if ps, ok := s.all[s.current]; ok {
		if ps.live() {
			st = readyState(ps, st)
		} else {
			st.Status, st.Host = msg.SessionLoggedOut, ps.Host
		}
	}
	if err := c.env.Set(ctx, AreaSession, msg.StateKey, st); err != nil {
		return err
	}
	var cs accountContacts
	loading := false
	if s.current != "" {
		found, err := c.env.Get(ctx, AreaSession, msg.AccountContactsPrefix+s.current, &cs)
		if err != nil {
			return err
		}
		loading = !found || cs.Loading
	}
	return c.env.Set(ctx, AreaSession, msg.ContactsKey, msg.Contacts{Contacts: cs.Contacts, Loading: loading})
}

func readyState(ps pageSession, st msg.State) msg.State {
	st.Status, st.Host, st.UserName, st.NickName = msg.SessionReady, ps.Host, ps.UserName, ps.NickName
	st.HeadImgURL = "https://" + ps.Host + "/cgi-bin/mmwebwx-bin/webwxgeticon?seq=0&username=" + url.QueryEscape(ps.UserName) + "&skey=" + url.QueryEscape(ps.Skey)
	return st
}

// markLoggedOut records that the server ended the session of ctx's
// account, so that the popup says so until a page shows a login again.
func (c *Core) markLoggedOut(ctx context.Context) error {
	id, _, _ := c.session(ctx)
	if id == "" {
		return nil
	}
	c.sessMu.Lock()
	s, err := c.loadSessions(ctx)
	if err == nil {
		if ps, ok := s.all[id]; ok && !ps.LoggedOut {
			ps.LoggedOut = true
			s.all[id] = ps
			s.pickCurrent("")
			if err = c.saveSessions(ctx, s); err == nil {
				err = c.publish(ctx)
			}
		}
	}
	c.sessMu.Unlock()
	return err
}

// setAccount makes the popup act as account id (one the tabs showed).
func (c *Core) setAccount(ctx context.Context, id string) (msg.State, error) {
	c.sessMu.Lock()
	s, err := c.loadSessions(ctx)
	if err == nil {
		if _, ok := s.all[id]; !ok {
			err = &msg.Error{Code: msg.ErrNotFound, Detail: "no such account"}
		} else {
			s.current = id
			if err = c.saveSessions(ctx, s); err == nil {
				err = c.publish(ctx)
			}
		}
	}
	c.sessMu.Unlock()
	if err != nil {
		return msg.State{}, err
	}
	if _, ps, err := c.session(ctx); err == nil && ps.live() {
		c.refreshContactsLater(id)
	}
	return c.state(ctx)
}

// state answers GetState. With no record yet it looks at the tabs once:
// the worker may have started after the page reported.
func (c *Core) state(ctx context.Context) (msg.State, error) {
	var st msg.State
	found, err := c.env.Get(ctx, AreaSession, msg.StateKey, &st)
	if err != nil {
		return st, err
	}
	if found {
		return st, nil
	}
	if err := c.askTabs(ctx); err == nil {
		if found, err := c.env.Get(ctx, AreaSession, msg.StateKey, &st); err == nil && found {
			return st, nil
		}
	}
	return msg.State{Status: msg.SessionNone}, nil
}

// askTabs asks every open web WeChat tab what its page knows now, and
// takes each login found. It fails when no tab shows a login.
func (c *Core) askTabs(ctx context.Context) error {
	tabs, err := c.env.WeChatTabs(ctx)
	if err != nil {
		return err
	}
	found := false
	for _, t := range tabs {
		b, err := c.env.AskTab(ctx, t)
		if err != nil || (b.Skey == "" && !b.LoggedOut) {
			continue
		}
		u, err := url.Parse(t.URL)
		if err != nil {
			continue
		}
		if _, err := c.takePageSession(ctx, u.Hostname(), t.ID, b); err == nil {
			found = true
		}
	}
	if !found {
		return errors.New("no web WeChat tab with a login")
	}
	return nil
}

func sameStrings(a, b []string) bool { return slices.Equal(a, b) }

// withClient runs f with a client of the session of ctx's account. A
// refusal that says the session is gone may only mean the page's skey
// changed: the web WeChat tabs are asked once, and with a new skey of the
// same account f runs again (nothing was sent the first time). Otherwise
// that account's session is marked logged out.
func (c *Core) withClient(ctx context.Context, f func(*protocol.Client) error) error {
	cl, ps, err := c.client(ctx)
	if errors.Is(err, errNoSession) {
		if c.askTabs(ctx) == nil {
			cl, ps, err = c.client(ctx)
		}
	}
	if err != nil {
		return err
	}
	err = f(cl)
	if !errors.Is(err, protocol.ErrLoggedOut) || errors.Is(err, protocol.ErrUncertain) {
		return err
	}
	if c.askTabs(ctx) == nil {
		if cl2, ps2, err2 := c.client(ctx); err2 == nil && (ps2.Skey != ps.Skey || ps2.UserName != ps.UserName) {
			if ps2.UserName != ps.UserName {
				// A new login: f's UserNames are of the previous one.
				return errNoSession
			}
			if err = f(cl2); !errors.Is(err, protocol.ErrLoggedOut) {
				return err
			}
		}
	}
	_ = c.markLoggedOut(ctx)
	return err
}

// accountName is the nick name of account id when more than one account
// is logged in (a notification then says which one it is about), else "".
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
	return search.Clean(s.all[id].NickName)
}
