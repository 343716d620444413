package core_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// secondSim is a second account's simulated WeChat (web.wechat.com's,
// with another Uin and name), for f.loginInTab.
func secondSim(t *testing.T) *wxsim.Server {
	t.Helper()
	sim, err := wxsim.New(wxsim.Config{Uin: 2381672740, SelfNickName: "第二个号"})
	require.NoError(t, err)
	t.Cleanup(func() { sim.Close() })
	return sim
}

// TestPopupActsAsTheAccountItShowed: the popup showed account A; A logged
// out and B logged in in the same tab (B is now current) before the
// popup's next frame; the person then acts in the popup. The file
// helper's UserName is "filehelper" in both accounts, so a text meant for
// A's file helper reached B's. A request made as A is now refused with
// ACCOUNT_CHANGED and nothing is done; one made as B, or as no account
// (a menu item, the keyboard command), acts as B, as before.
func TestPopupActsAsTheAccountItShowed(t *testing.T) {
	t.Parallel()
	const (
		shownA    = "A"    // the account logged out
		shownB    = "B"    // the account now current
		shownNone = "none" // a request that names no account
	)
	later := time.Now().Add(time.Hour).UnixMilli()
	tests := []struct {
		name  string
		shown string
		req   string
		body  func(entry string) any
		code  msg.Code
		// toB is how many texts reach B's file helper.
		toB int
	}{
		{"a send to the file helper", shownA, msg.OutboxAdd, func(string) any { return msg.AddBody{To: "filehelper", Text: "给A的文件传输助手"} }, msg.ErrAccountChanged, 0},
		{"a schedule for the file helper", shownA, msg.OutboxAdd, func(string) any { return msg.AddBody{To: "filehelper", Text: "定时", At: later} }, msg.ErrAccountChanged, 0},
		{"a send to many", shownA, msg.OutboxRunAdd, func(string) any { return msg.RunBody{To: []string{"filehelper"}, Text: "群发"} }, msg.ErrAccountChanged, 0},
		{"an edit", shownA, msg.OutboxEdit, func(id string) any { s := "改"; return msg.EditBody{ID: id, To: "filehelper", Text: &s} }, msg.ErrAccountChanged, 0},
		{"a cancel", shownA, msg.OutboxCancel, func(id string) any { return msg.IDBody{ID: id} }, msg.ErrAccountChanged, 0},
		{"a send now", shownA, msg.OutboxSendNow, func(id string) any { return msg.IDBody{ID: id} }, msg.ErrAccountChanged, 0},
		{"the state, which acts on no account", shownA, msg.GetState, func(string) any { return nil }, "", 0},
		{"a send as the account now current", shownB, msg.OutboxAdd, func(string) any { return msg.AddBody{To: "filehelper", Text: "给B"} }, "", 1},
		{"a send that names no account", shownNone, msg.OutboxAdd, func(string) any { return msg.AddBody{To: "filehelper", Text: "菜单"} }, "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			simA := f.sim
			simB := secondSim(t)
			a := f.account(t)
			mine := f.add(t, msg.AddBody{To: simA.UserName("lisi"), Text: "A的定时", At: later})

			// A logs out on the phone; B logs in in the same tab.
			simA.Logout()
			f.ok(t, fromTab, msg.PageSession, msg.PageSessionBody{LoggedOut: true}, nil)
			f.loginInTab(t, simB)
			f.core.Wait()
			b := f.account(t)
			require.NotEqual(t, a, b)

			shown := map[string]string{shownA: a, shownB: b, shownNone: ""}[tt.shown]
			before := len(f.entries(t))
			_, e := f.request(t, fromPopup, msg.Request{Name: tt.req, Body: tt.body(mine.ID), Account: shown})
			if tt.code != "" {
				require.NotNil(t, e)
				require.Equal(t, tt.code, e.Code)
				require.Len(t, f.entries(t), before, "no entry made")
				got := f.entries(t)[mine.ID]
				require.Equal(t, msg.EntryQueued, got.State, "A's entry as it was")
				require.Equal(t, "A的定时", got.Text)
			} else {
				require.Nil(t, e, "%v", e)
			}
			// Wait for what the request queued (A's entry waits an hour).
			f.core.Wait()
			require.Eventually(t, func() bool {
				for _, en := range f.entries(t) {
					if en.ID != mine.ID && en.State.Pending() && en.Waiting == "" {
						return false
					}
				}
				return true
			}, 20*time.Second, 20*time.Millisecond)
			f.core.Wait()
			n := 0
			for _, m := range simB.Messages() {
				require.Equal(t, "filehelper", m.ToKey)
				n++
			}
			require.Equal(t, tt.toB, n, "texts at B's file helper")
			require.Empty(t, simA.Messages(), "A is logged out")
			for _, en := range f.entries(t) {
				if en.ID != mine.ID {
					require.Equal(t, b, en.Account, "made as the account now current")
				}
			}
		})
	}
}
