package core

import (
	"context"
	"errors"
	"net/url"
	"strconv"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// pageSession is what the core keeps of the page's memory, in
// storage.session under msg.SessionKey (memory only). The cookies (wxuin,
// wxsid, webwx_data_ticket) are read from the cookie store at every use
// instead, so they are never copied anywhere.
type pageSession struct {
	Host       string   `json:"host"`
	Skey       string   `json:"skey"`
	PassTicket string   `json:"passTicket,omitempty"`
	UserName   string   `json:"userName"`
	NickName   string   `json:"nickName,omitempty"`
	Chats      []string `json:"chats,omitempty"`
	// LoggedOut is set when the server said the session ended; a page
	// that shows a new login clears it.
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

// client builds a protocol client from the stored page session and the
// cookies, or says that there is no session to send with.
func (c *Core) client(ctx context.Context) (*protocol.Client, pageSession, error) {
	var ps pageSession
	found, err := c.env.Get(ctx, AreaSession, msg.SessionKey, &ps)
	if err != nil {
		return nil, ps, err
	}
	if !found || ps.Skey == "" || ps.LoggedOut {
		return nil, ps, errNoSession
	}
	uin, sid, dt, ok, err := c.cookies(ctx, ps.Host)
	if err != nil {
		return nil, ps, err
	}
	if !ok {
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

// takePageSession stores what a web WeChat tab reports. A new UserName is a
// new login: every UserName in the cached contacts is stale then (§3.4). A
// page that shows its login screen (LoggedOut) ends the session it had.
func (c *Core) takePageSession(ctx context.Context, host string, b msg.PageSessionBody) error {
	if _, err := protocol.HostsFor(host); err != nil {
		return &msg.Error{Code: msg.ErrNotAllowed}
	}
	if b.LoggedOut {
		var old pageSession
		found, err := c.env.Get(ctx, AreaSession, msg.SessionKey, &old)
		if err != nil || !found || old.Host != host {
			return err
		}
		return c.markLoggedOut(ctx)
	}
	if b.Skey == "" || b.UserName == "" {
		return &msg.Error{Code: msg.ErrBadRequest, Detail: "the page has no login"}
	}
	// The pages show avatars from the session's host as soon as the state
	// says ready; the header rules must be in place before that.
	if err := c.ensureRules(ctx); err != nil {
		return err
	}
	var old pageSession
	if _, err := c.env.Get(ctx, AreaSession, msg.SessionKey, &old); err != nil {
		return err
	}
	ps := pageSession{Host: host, Skey: b.Skey, PassTicket: b.PassTicket, UserName: b.UserName, NickName: b.NickName, Chats: b.Chats}
	if ps.NickName == "" && old.UserName == ps.UserName {
		ps.NickName = old.NickName
	}
	newLogin := old.UserName != ps.UserName || old.Host != ps.Host
	if err := c.env.Set(ctx, AreaSession, msg.SessionKey, ps); err != nil {
		return err
	}
	_, _, _, ok, err := c.cookies(ctx, host)
	if err != nil {
		return err
	}
	st := msg.State{Status: msg.SessionNone}
	if ok {
		st = c.readyState(ps)
	}
	if err := c.env.Set(ctx, AreaSession, msg.StateKey, st); err != nil {
		return err
	}
	if newLogin {
		if err := c.env.Set(ctx, AreaSession, msg.ContactsKey, msg.Contacts{Loading: true}); err != nil {
			return err
		}
	}
	if ok && (newLogin || !sameStrings(old.Chats, ps.Chats)) {
		c.refreshContactsLater(newLogin)
	}
	if ok && (newLogin || old.LoggedOut || old.Skey != ps.Skey) {
		// A login (or a new skey) lets held messages go.
		c.outbox.Kick()
	}
	return nil
}

func (c *Core) readyState(ps pageSession) msg.State {
	return msg.State{
		Status: msg.SessionReady, Host: ps.Host, UserName: ps.UserName, NickName: ps.NickName,
		HeadImgURL: "https://" + ps.Host + "/cgi-bin/mmwebwx-bin/webwxgeticon?seq=0&username=" + url.QueryEscape(ps.UserName) + "&skey=" + url.QueryEscape(ps.Skey),
	}
}

// markLoggedOut records that the server ended the session, so the popup
// says so until a page shows a login again.
func (c *Core) markLoggedOut(ctx context.Context) error {
	var ps pageSession
	if _, err := c.env.Get(ctx, AreaSession, msg.SessionKey, &ps); err != nil {
		return err
	}
	ps.LoggedOut = true
	if err := c.env.Set(ctx, AreaSession, msg.SessionKey, ps); err != nil {
		return err
	}
	return c.env.Set(ctx, AreaSession, msg.StateKey, msg.State{Status: msg.SessionLoggedOut, Host: ps.Host})
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

// askTabs asks the open web WeChat tabs what their pages know now, and
// takes the first login found. It reports whether the skey changed.
func (c *Core) askTabs(ctx context.Context) error {
	tabs, err := c.env.WeChatTabs(ctx)
	if err != nil {
		return err
	}
	for _, t := range tabs {
		b, err := c.env.AskTab(ctx, t)
		if err != nil || b.Skey == "" {
			continue
		}
		u, err := url.Parse(t.URL)
		if err != nil {
			continue
		}
		return c.takePageSession(ctx, u.Hostname(), b)
	}
	return errors.New("no web WeChat tab with a login")
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// withClient runs f with a client of the current session. A refusal that
// says the session is gone may only mean the page's skey changed: the web
// WeChat tab is asked once, and with a new skey f runs again (nothing was
// sent the first time). Otherwise the session is marked logged out.
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
		if cl2, ps2, err2 := c.client(ctx); err2 == nil && ps2.Skey != ps.Skey {
			if err = f(cl2); !errors.Is(err, protocol.ErrLoggedOut) {
				return err
			}
		}
	}
	_ = c.markLoggedOut(ctx)
	return err
}
