package core_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// runOf is the status of run id as the popup sees it.
func (f *fixture) runOf(t *testing.T, id string) msg.RunStatus {
	t.Helper()
	var st msg.RunStatus
	f.ok(t, fromPopup, msg.OutboxRunGet, msg.IDBody{ID: id}, &st)
	return st
}

// TestRunAcrossANewLogin: a run with a text and a file, paused after its
// first chat, the tab logged in again (every UserName renewed, the old
// MediaId of no use), then resumed: each chat gets the text and the file
// once, the later chats under the UserNames of the new login only, and
// the file is uploaded again in the new login rather than its old
// MediaId sent.
func TestRunAcrossANewLogin(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, wxsim.Config{})
	f.env.putFile("run-file", []byte("%PDF-1.7\nacross logins"))
	keys := []string{"lisi", "zhangsan", "family"}
	var to []string
	for _, k := range keys {
		to = append(to, f.sim.UserName(k))
	}
	var st msg.RunStatus
	f.ok(t, fromPopup, msg.OutboxRunAdd, msg.RunBody{To: to, Text: "{name} 你好",
		File: &msg.FileRef{ID: "run-file", Name: "跨登录.pdf", Size: 23, Type: "application/pdf"}, SpacingMs: 3000}, &st)
	// 3 s apart: the pause comes before the next chat's send.
	require.Eventually(t, func() bool { return f.runOf(t, st.ID).Counts[msg.RunSent] >= 2 }, 20*time.Second, 10*time.Millisecond)
	f.ok(t, fromPopup, msg.OutboxRunPause, msg.IDBody{ID: st.ID}, nil)
	f.core.Wait()
	before := len(f.sim.Messages())
	require.Less(t, before, 6, "paused with messages still to go")
	uploads := len(f.sim.RequestsTo("webwxuploadmedia"))
	old := f.sim.UserName("zhangsan")

	_, err := f.sim.Login("wx.qq.com")
	require.NoError(t, err)
	f.ok(t, fromTab, msg.PageSession, f.env.page(), nil)
	f.core.Wait()
	require.NotEqual(t, old, f.sim.UserName("zhangsan"), "the new login renames the chats")

	f.ok(t, fromPopup, msg.OutboxRunResume, msg.IDBody{ID: st.ID}, nil)
	require.Eventually(t, func() bool { return f.runOf(t, st.ID).Done }, 60*time.Second, 10*time.Millisecond)
	end := f.runOf(t, st.ID)
	require.Equal(t, 6, end.Counts[msg.RunSent], "%+v", end.Chats)

	got := map[string]int{}
	for i, m := range f.sim.Messages() {
		got[m.ToKey+" "+m.FileName]++
		if i >= before {
			require.Equal(t, f.sim.UserName(m.ToKey), m.To, "sent after the new login under its UserName")
		}
	}
	for _, k := range keys {
		require.Equal(t, 1, got[k+" "], "%s gets the text once", k)
		require.Equal(t, 1, got[k+" 跨登录.pdf"], "%s gets the file once", k)
	}
	require.Greater(t, len(f.sim.RequestsTo("webwxuploadmedia")), uploads, "uploaded again in the new login")
}

// loginInTab logs sim's account in on wx.qq.com in the tab (the account
// whose session the tab's page and cookies show from then on), and the
// tab reports it.
func (f *fixture) loginInTab(t *testing.T, sim *wxsim.Server) {
	t.Helper()
	_, err := sim.Login("wx.qq.com")
	require.NoError(t, err)
	f.env.mu.Lock()
	f.env.sim = sim
	f.env.mu.Unlock()
	f.ok(t, fromTab, msg.PageSession, f.env.page(), nil)
}

// TestRunAcrossAnotherAccountsLogin: a run paused in one account's tab,
// then that account logged out on the phone and another account (with
// chats of the same names) logged in in the same tab, is resumed: none
// of it goes from the other account, whose tab cannot see it either; it
// waits for its own account, and that account's next login sends the
// rest, each chat once, under that login's UserNames.
func TestRunAcrossAnotherAccountsLogin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	simA := f.sim
	simB := secondSim(t)
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
	keys := []string{"lisi", "zhangsan", "family"}
	var to []string
	for _, k := range keys {
		to = append(to, simA.UserName(k))
	}
	var st msg.RunStatus
	f.ok(t, fromPopup, msg.OutboxRunAdd, msg.RunBody{To: to, Text: "{name}，只从第一个号", SpacingMs: 3000}, &st)
	require.Eventually(t, func() bool { return f.runOf(t, st.ID).Counts[msg.RunSent] >= 1 }, 20*time.Second, 10*time.Millisecond)
	f.ok(t, fromPopup, msg.OutboxRunPause, msg.IDBody{ID: st.ID}, nil)
	f.core.Wait()
	sentA := len(simA.Messages())
	require.Less(t, sentA, 3, "paused with chats still to go")

	// The phone logs the first account out; the second logs in in the tab.
	simA.Logout()
	f.ok(t, fromTab, msg.PageSession, msg.PageSessionBody{LoggedOut: true}, nil)
	f.loginInTab(t, simB)
	f.core.Wait()
	require.Equal(t, "第二个号", f.state(t).NickName)

	f.ok(t, fromPopup, msg.OutboxRunResume, msg.IDBody{ID: st.ID}, nil)
	f.core.Wait()
	require.Empty(t, simB.Messages(), "nothing of the run from the second account")
	require.Equal(t, msg.ErrNoEntry, f.api(t, "run", map[string]any{"id": st.ID}, nil).Code, "the second account's tab does not see it")
	for _, e := range f.entries(t) {
		if e.State == msg.EntryQueued {
			require.Equal(t, msg.ErrLoggedOut, e.Waiting, "waits for its own account: %s", e.To.Name())
		}
	}

	// The first account logs in again in the tab: the rest goes.
	f.loginInTab(t, simA)
	require.Eventually(t, func() bool { return f.runOf(t, st.ID).Done }, 60*time.Second, 10*time.Millisecond)
	require.Equal(t, 3, f.runOf(t, st.ID).Counts[msg.RunSent])
	got := map[string]int{}
	for i, m := range simA.Messages() {
		got[m.ToKey]++
		if i >= sentA {
			require.Equal(t, simA.UserName(m.ToKey), m.To, "under the new login's UserName")
		}
	}
	require.Equal(t, map[string]int{"lisi": 1, "zhangsan": 1, "family": 1}, got)
	require.Empty(t, simB.Messages())
}

// TestRunFillsNamesAsShown: {name} and {nick} are filled with the names
// as the popup shows them: web WeChat's names carry emoji as markup
// (<span class="emoji emoji1f604"></span>, §2) and entities, which went
// to the chat as they were, tags and all.
func TestRunFillsNamesAsShown(t *testing.T) {
	t.Parallel()
	people := append(wxsim.DefaultPeople(),
		wxsim.Person{Key: "xiaomei", NickName: `<span class="emoji emoji1f604"></span>小美`, RemarkName: `客户&amp;朋友`, ContactFlag: 3},
	)
	f := newFixtureWith(t, wxsim.Config{People: people})
	var st msg.RunStatus
	f.ok(t, fromPopup, msg.OutboxRunAdd, msg.RunBody{To: []string{f.sim.UserName("xiaomei")}, Text: "{name}（{nick}），您好", SpacingMs: 1000}, &st)
	require.Eventually(t, func() bool { return f.runOf(t, st.ID).Done }, 20*time.Second, 10*time.Millisecond)
	msgs := f.sim.Messages()
	require.Len(t, msgs, 1)
	require.Equal(t, "客户&朋友（😄小美），您好", msgs[0].Content)
}
