package core

import (
	"context"
	"encoding/hex"
	"errors"
	"net/url"
	"slices"
	"strconv"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/randbytes"
	"github.com/wxdrop/wxdrop/wasm/sum256"
)

// The intake of sessions: what a web WeChat tab reports of its page, checked
// against the host's cookies and stored under the account it belongs to.

// sessionCookies are the session cookies the browser holds for a host.
type sessionCookies struct {
	uin             int64
	sid, dataTicket string
	// ok: all three are there, and wxuin is a number.
	ok bool
}

// cookies reads the session cookies the tab's browser holds for host.
func (c *Core) cookies(ctx context.Context, host string) (sessionCookies, error) {
	u := "https://" + host + "/"
	var err error
	get := func(name string) (string, bool) {
		if err != nil {
			return "", false
		}
		var v string
		var found bool
		v, found, err = c.env.Network.Cookie(ctx, u, name)
		return v, found && v != ""
	}
	uinS, ok1 := get("wxuin")
	sid, ok2 := get("wxsid")
	dataTicket, ok3 := get("webwx_data_ticket")
	if err != nil {
		return sessionCookies{}, err
	}
	uin, perr := strconv.ParseInt(uinS, 10, 64)
	return sessionCookies{uin: uin, sid: sid, dataTicket: dataTicket, ok: ok1 && ok2 && ok3 && perr == nil}, nil
}

// accountID is the ID of the account of uin: a hash of the Uin with a
// random salt of this install, so that an outbox entry in storage.local
// names its account without the Uin.
func (c *Core) accountID(ctx context.Context, uin int64) (string, error) {
	c.mu.Lock()
	salt := c.salt
	c.mu.Unlock()
	if salt == "" {
		found, err := c.env.Storage.Get(ctx, browser.AreaLocal, msg.AccountSaltKey, &salt)
		if err != nil {
			return "", err
		}
		if !found || salt == "" {
			b := make([]byte, 16)
			randbytes.Read(b)
			salt = hex.EncodeToString(b)
			if err := c.env.Storage.Set(ctx, browser.AreaLocal, msg.AccountSaltKey, salt); err != nil {
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
	// The IDs of this browser session, made in an earlier wake: the
	// stretching costs about 60 ms in the worker, which a wake caused by
	// a page's report would otherwise spend every time.
	key := strconv.FormatInt(uin, 10)
	var known accountIDs
	if _, err := c.env.Storage.Get(ctx, browser.AreaSession, msg.AccountIDsKey, &known); err != nil {
		return "", err
	}
	if known.Salt == salt && known.IDs[key] != "" {
		id = known.IDs[key]
	} else {
		id = stretchedID(salt, uin)
		if known.Salt != salt || known.IDs == nil {
			known = accountIDs{Salt: salt, IDs: map[string]string{}}
		}
		known.IDs[key] = id
		// Lost, it is only made again at the next wake.
		_ = c.env.Storage.Set(ctx, browser.AreaSession, msg.AccountIDsKey, known)
	}
	c.mu.Lock()
	c.ids[uin] = id
	c.mu.Unlock()
	return id, nil
}

// accountIDs (storage.session, memory only: it names the Uins) are the
// account IDs made in this browser session with Salt, by Uin in decimal.
// An ID made with another salt (storage.local cleared since) is not used.
type accountIDs struct {
	Salt string            `json:"salt"`
	IDs  map[string]string `json:"ids"`
}

// stretchedID is the account ID of uin with salt. Stretched: the salt is
// on the same disk, and a Uin is a 32-bit number, so one hash would be
// undone by trying them all.
func stretchedID(salt string, uin int64) string {
	sum := sum256.Sum([]byte(salt + ":" + strconv.FormatInt(uin, 10)))
	for range accountIDRounds {
		sum = sum256.Sum(append(sum[:], salt...))
	}
	return hex.EncodeToString(sum[:8])
}

// accountIDRounds is how many times the account IDs are hashed again:
// done once per account and browser session (about 60 ms in the worker;
// trying every Uin then takes 2^32 times as many).
const accountIDRounds = 20000

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
		return "", msg.BadPageNoLogin.Err()
	}
	if !pageSessionBounded(b) {
		return "", msg.BadPageSessionLarge.Err()
	}
	// The pages show avatars from the session's host as soon as the state
	// says ready; the header rules must be in place before that.
	if !b.LoggedOut {
		if err := c.ensureRules(ctx); err != nil {
			return "", err
		}
	}
	ck, err := c.cookies(ctx, host)
	if err != nil {
		return "", err
	}
	if ck.ok && !b.LoggedOut && b.Uin != 0 && b.Uin != ck.uin {
		// The page holds a login of another account than the host's
		// cookies: another account logged in in a second tab of the
		// host, whose cookies are the host's now (docs/security.md row
		// 76). The cookies' account is not this page's: nothing of it is
		// kept, and the cookies' own session is left as it is.
		return "", c.forgetTab(ctx, tab)
	}
	id := ""
	if ck.ok && !b.LoggedOut {
		if id, err = c.accountID(ctx, ck.uin); err != nil {
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
	ps := pageSession{Host: host, Uin: ck.uin, Skey: b.Skey, PassTicket: b.PassTicket, UserName: b.UserName, NickName: b.NickName, Chats: b.Chats}
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

// forgetTab maps a tab to no account (a page whose login is not the
// host cookies' account) and says errNoSession.
func (c *Core) forgetTab(ctx context.Context, tab int) error {
	c.sessMu.Lock()
	defer c.sessMu.Unlock()
	s, err := c.loadSessions(ctx)
	if err != nil {
		return err
	}
	if _, ok := s.tabs[tabKey(tab)]; ok {
		delete(s.tabs, tabKey(tab))
		if err := c.saveSessions(ctx, s); err != nil {
			return err
		}
	}
	return errNoSession
}

// Bounds of what a page reports of its session. A script on the page makes
// what page.js reads (accountFactory, chatFactory) as large as it likes,
// and the session lives in storage.session, whose 10 MB all the accounts,
// their contact lists and the popup's state share (docs/security.md row
// 72). WeChat's own values are far smaller: an skey of 49 bytes, a
// UserName of 65 or 66, a nick name of a few dozen characters (each emoji
// a span of 39 bytes); page.js lists 50 chats.
const (
	maxSessionToken = 512
	maxSessionNick  = 4096
	maxSessionChats = 100
)

// pageSessionBounded: every field of b is within those bounds.
func pageSessionBounded(b msg.PageSessionBody) bool {
	if len(b.Skey) > maxSessionToken || len(b.PassTicket) > maxSessionToken || len(b.UserName) > maxSessionToken ||
		len(b.Sid) > maxSessionToken || len(b.NickName) > maxSessionNick || len(b.Chats) > maxSessionChats {
		return false
	}
	for _, u := range b.Chats {
		if len(u) > maxSessionToken {
			return false
		}
	}
	return true
}

// askTabs asks every open web WeChat tab what its page knows now, and
// takes each login found. It fails when no tab shows a login.
func (c *Core) askTabs(ctx context.Context) error {
	tabs, err := c.env.Tabs.WeChat(ctx)
	if err != nil {
		return err
	}
	found := false
	for _, t := range tabs {
		b, err := c.env.Tabs.Ask(ctx, t)
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
