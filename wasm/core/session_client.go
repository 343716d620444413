package core

import (
	"context"
	"errors"

	"github.com/wxdrop/wxdrop/protocol"
)

// The client: a protocol client made from the stored session of one
// account and the browser's cookies, and what ends a session the server
// says is over.

// client builds a protocol client from the session of ctx's account and
// the cookies, or says that there is no session to send with. Cookies of
// another account on the host (a new login there) are no session of this
// one.
func (c *Core) client(ctx context.Context) (*protocol.Client, pageSession, error) {
	_, ps, err := c.session(ctx)
	if err != nil {
		return nil, ps, err
	}
	ck, err := c.cookies(ctx, ps.Host)
	if err != nil {
		return nil, ps, err
	}
	if !ck.ok || ck.uin != ps.Uin {
		return nil, ps, errNoSession
	}
	if err := c.ensureRules(ctx); err != nil {
		return nil, ps, err
	}
	cl, err := protocol.NewClient(c.env.Network.Doer(), protocol.Session{
		Uin: ck.uin, Sid: ck.sid, Skey: ps.Skey, PassTicket: ps.PassTicket, DataTicket: ck.dataTicket,
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
	return c.installRules(ctx, nil)
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
