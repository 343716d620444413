package core

import (
	"context"
	"net/url"
	"slices"
	"unicode/utf8"

	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// maxShownNick is how many characters of an account's nick name the
// pages are given (WeChat's own nick names are shorter). The name is the
// page's word, up to 4,096 bytes (maxSessionNick): a script of one
// account's page gave it the other account's name and host padded out,
// and the popup's state line, a tower of characters, had its host, the
// word no page can change, out of sight (security.md row 97).
const maxShownNick = 32

// shownNick is an account's nick name as the pages show it: plain text
// (search.Clean: a cut never falls inside an emoji's span), at most
// maxShownNick characters.
func shownNick(nick string) string {
	s := search.Clean(nick)
	if utf8.RuneCountInString(s) <= maxShownNick {
		return s
	}
	return string([]rune(s)[:maxShownNick]) + "…"
}

// The state the pages see: the session as msg.State (never its keys), and
// the popup's choice of account.

// publish writes the popup's view: msg.StateKey (the popup's account and
// every account) and the popup's account's chats (writePopupList). It
// holds the lock of the popup's lists from its read of the popup's
// account to its last write (storeContacts too, from its read of it).
func (c *Core) publish(ctx context.Context) error {
	unlock, err := c.lockPopupList(ctx)
	if err != nil {
		return err
	}
	defer unlock()
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
		st.Accounts = append(st.Accounts, msg.AccountInfo{ID: id, NickName: shownNick(ps.NickName), Host: ps.Host, Status: status})
	}
	if ps, ok := s.all[s.current]; ok {
		if ps.live() {
			st = readyState(ps, st)
		} else {
			st.Status, st.Host = msg.SessionLoggedOut, ps.Host
		}
	}
	if err := c.env.Storage.Set(ctx, browser.AreaSession, msg.StateKey, st); err != nil {
		return err
	}
	if s.current != "" && s.current == c.popupListOf {
		// The lists hold this account's list as storeContacts last
		// wrote it (it forgets popupListOf when it writes the account's
		// list without them).
		return nil
	}
	var cs accountContacts
	loading := false
	if s.current != "" {
		found, err := c.env.Storage.Get(ctx, browser.AreaSession, msg.AccountContactsPrefix+s.current, &cs)
		if err != nil {
			return err
		}
		loading = !found || cs.Loading
	}
	return c.writePopupList(ctx, s.current, cs.Contacts, cs.Login, loading)
}

func readyState(ps pageSession, st msg.State) msg.State {
	st.Status, st.Host, st.UserName, st.NickName = msg.SessionReady, ps.Host, ps.UserName, shownNick(ps.NickName)
	st.HeadImgURL = "https://" + ps.Host + "/cgi-bin/mmwebwx-bin/webwxgeticon?seq=0&username=" + url.QueryEscape(ps.UserName) + "&skey=" + url.QueryEscape(ps.Skey)
	return st
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

// state answers GetState. With no record yet, or none logged in, it looks
// at the tabs once: the worker may have started after the page reported.
func (c *Core) state(ctx context.Context) (msg.State, error) {
	var st msg.State
	found, err := c.env.Storage.Get(ctx, browser.AreaSession, msg.StateKey, &st)
	if err != nil {
		return st, err
	}
	// A stored logout is asked about too: a new login reaches the worker at
	// the tab's next report (3 s), and the popup said "You were logged out"
	// until then.
	if found && st.Status == msg.SessionReady {
		return st, nil
	}
	if err := c.askTabs(ctx); err != nil && !found {
		return msg.State{Status: msg.SessionNone}, nil
	}
	if found, err := c.env.Storage.Get(ctx, browser.AreaSession, msg.StateKey, &st); err == nil && found {
		return st, nil
	}
	return msg.State{Status: msg.SessionNone}, nil
}
