package core_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestTwoAccountsOnOneHost (docs/security.md row 76): account A is logged
// in in one tab of wx.qq.com; the person logs in account B in a second
// tab of the same host, whose cookies (one set per host, §1.1) are B's
// from then on. The first tab's page still holds A's login in its memory
// and reports it every few seconds. The account of a report was the
// host's wxuin cookie alone, so A's page was taken as B's: B's session
// got A's skey, UserName and name (the popup named B "A" and sent as B;
// B's sends went with A's skey and were refused), and the first tab's
// page API acted as B (it listed B's scheduled texts). The page says its
// own Uin now, and a page of another account than the cookies' is no
// session: nothing of it is kept, B's session stays B's.
func TestTwoAccountsOnOneHost(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	simA := f.sim
	ssA, _ := simA.CurrentSession()
	pageA := f.env.page()
	pageA.Uin = ssA.Uin
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)

	// B logs in in a second tab of the same host: the host's cookies are B's.
	simB := secondSim(t)
	_, err := simB.Login("wx.qq.com")
	require.NoError(t, err)
	f.env.mu.Lock()
	f.env.sim = simB
	f.env.mu.Unlock()
	tabB := fromTab
	tabB.TabID = 8
	pageB := f.env.page()
	ssB, _ := simB.CurrentSession()
	pageB.Uin = ssB.Uin
	f.ok(t, tabB, msg.PageSession, pageB, nil)
	f.core.Wait()
	b := f.account(t)
	secret := f.add(t, msg.AddBody{To: "filehelper", Text: "B的定时", At: time.Now().Add(time.Hour).UnixMilli()})
	require.Equal(t, b, secret.Account)

	// The first tab, still showing A, reports; then its page script asks.
	f.ok(t, fromTab, msg.PageSession, pageA, nil)
	f.core.Wait()
	st := f.state(t)
	require.Equal(t, b, st.Account)
	require.Equal(t, "第二个号", st.NickName, "B is named as B")
	for _, a := range st.Accounts {
		if a.ID == b {
			require.Equal(t, "第二个号", a.NickName)
		}
	}
	call := func(method string) (string, *msg.Error) {
		res, e := f.call(t, fromTab, msg.APICall, map[string]any{"method": method, "args": map[string]any{}, "session": pageA})
		return string(res), e
	}
	listed, e := call("scheduled")
	require.Nil(t, e)
	require.NotContains(t, listed, "B的定时", "A's page lists none of B's")
	me, e := call("me")
	require.NotNil(t, e, "A's page acts as no account: %s", me)
	require.Equal(t, msg.ErrLoggedOut, e.Code)

	// The popup, acting as B, sends as B.
	sent := f.add(t, msg.AddBody{To: "filehelper", Text: "从B发"})
	f.core.Wait()
	require.Eventually(t, func() bool { return f.entries(t)[sent.ID].State.Final() }, 20*time.Second, 20*time.Millisecond)
	require.Equal(t, msg.EntrySent, f.entries(t)[sent.ID].State, "%+v", f.entries(t)[sent.ID])
	require.Len(t, simB.Messages(), 1)
	require.Empty(t, simA.Messages())
}
