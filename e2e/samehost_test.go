//go:build !js

package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestPageOfAnotherAccountThanTheCookies (docs/security.md row 76): a
// second account logged in in another tab of the same host makes the
// host's cookies that account's, while the first tab's page still holds
// its own login in memory and reports it. The worker took a page as the
// account of the host's wxuin cookie alone, so the first page's session
// went under the other account (its name, its skey). page.js now says
// the page's own Uin (init's User.Uin, in memory), and a page of another
// account than the cookies' is no session. Here the cookie the worker
// reads (path /) is made another account's, and one for /cgi-bin/ keeps
// the page's requests working (the longer path comes first), as
// a second login would leave the first page until its next failure.
func TestPageOfAnotherAccountThanTheCookies(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com")
	tab := s.open("wx.qq.com")
	state := func() msg.State {
		t.Helper()
		var st msg.State
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := s.br.Ask(ctx, msg.GetState, nil, &st); err != nil {
			t.Fatal(err)
		}
		return st
	}
	before := state()
	if before.Status != msg.SessionReady || len(before.Accounts) != 1 {
		t.Fatalf("before: %+v", before)
	}

	got := s.eval(tab, `(() => {
		const real = window.realUin = /(?:^|; )wxuin=([0-9]+)/.exec(document.cookie)[1];
		document.cookie = 'wxuin=' + real + '; domain=.wx.qq.com; path=/cgi-bin/; secure';
		document.cookie = 'wxuin=2381672740; domain=.wx.qq.com; path=/; secure';
		return wxdrop.me().then((m) => 'answered as ' + m.nickName, (e) => 'threw ' + e.code);
	})()`)
	if got != "threw LOGGED_OUT" {
		t.Errorf("the page's me() with another account's cookie: %s; want LOGGED_OUT", got)
	}
	after := state()
	for _, a := range after.Accounts {
		if a.ID != before.Account {
			t.Errorf("an account the page is not was taken from it: %+v", a)
		}
	}

	// The cookie back, the page is its account again.
	got = s.eval(tab, `(() => {
		document.cookie = 'wxuin=; domain=.wx.qq.com; path=/cgi-bin/; secure; max-age=0';
		document.cookie = 'wxuin=' + window.realUin + '; domain=.wx.qq.com; path=/; secure';
		return wxdrop.me().then((m) => 'answered as ' + m.nickName, (e) => 'threw ' + e.code);
	})()`)
	if got != "answered as wxdrop测试" {
		t.Errorf("the page's me() with its cookie back: %s", got)
	}
	if st := state(); st.Account != before.Account || st.Status != msg.SessionReady {
		t.Errorf("after: %+v; want %s ready", st, before.Account)
	}
}
