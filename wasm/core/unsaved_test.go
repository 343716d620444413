package core_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// impostorPeople are the default contacts, the person's own group 家人群
// (not saved to the contacts: webwxgetcontact does not list it) and a
// group of the same name someone made with the person in it.
func impostorPeople(saved bool) []wxsim.Person {
	kin := wxsim.Person{Key: "kin", NickName: "家人群", Group: true, Members: []string{"zhangsan", "lisi"}, ContactFlag: 3, Unsaved: !saved}
	fake := wxsim.Person{Key: "fake", NickName: "家人群", Group: true, Members: []string{"wangwu"}, ContactFlag: 2, Unsaved: true}
	return append(wxsim.DefaultPeople(), kin, fake)
}

// TestScheduleFindsNoImpostorGroup (docs/security.md row 77): a daily
// message to the person's group 家人群, and then a new login, in which
// that group is not in the page's chat list (quiet groups are not) while
// a group of the same name someone made with the person in it is (it just
// spoke). A chat of another login is found by its name, and the only
// 家人群 wxdrop knew was the impostor: the message went there. A group
// not saved to the contacts is not told from another of its name in a new
// login, so it is not found by its name (GROUP_UNSAVED, nothing sent); a
// saved group is found among the saved ones only, so an impostor, which
// cannot be saved but by the person, neither takes it nor makes it
// AMBIGUOUS.
func TestScheduleFindsNoImpostorGroup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		saved bool
		want  msg.EntryState
		code  msg.Code
	}{
		{"the group is not saved", false, msg.EntryFailed, msg.ErrGroupUnsaved},
		{"the group is saved", true, msg.EntrySent, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureChats(t, wxsim.Config{People: impostorPeople(tt.saved)}, "lisi", "kin")
			var later atomic.Int64
			f.env.now = func() time.Time { return time.Now().Add(time.Duration(later.Load())) }
			e := f.add(t, msg.AddBody{To: f.sim.UserName("kin"), Text: "早安，家人们", At: time.Now().Add(time.Minute).UnixMilli(), Repeat: "daily"})

			// A new login: the impostor spoke, the family did not.
			_, err := f.sim.Login("wx.qq.com")
			require.NoError(t, err)
			f.env.pageChats = []string{"fake", "lisi"}
			f.ok(t, fromTab, msg.PageSession, f.env.page(), nil)
			f.core.Wait()

			later.Store(int64(2 * time.Minute))
			f.core.Start()
			f.core.Wait()
			require.Eventually(t, func() bool {
				en := f.entries(t)[e.ID]
				return en.Error != nil || en.State != msg.EntryQueued || len(f.sim.Messages()) > 0
			}, 20*time.Second, 20*time.Millisecond)
			for _, m := range f.sim.Messages() {
				require.NotEqual(t, "fake", m.ToKey, "the impostor group got %q", m.Content)
			}
			got := f.entries(t)[e.ID]
			if tt.code != "" {
				require.NotNil(t, got.Error, "%+v", got)
				require.Equal(t, tt.code, got.Error.Code)
				require.Equal(t, "家人群", got.Error.Detail)
				require.Empty(t, f.sim.Messages())
				return
			}
			require.Eventually(t, func() bool { return len(f.sim.Messages()) == 1 }, 20*time.Second, 20*time.Millisecond)
			require.Equal(t, "kin", f.sim.Messages()[0].ToKey, "the saved group, found among the saved ones")
		})
	}
}

// TestRulesDoNotTakeAnUnsavedGroupByItsName (docs/security.md row 77):
// rules name chats by their names. The person's 家人群 is a group not
// saved to the contacts, quiet today, so not in the page's chat list; a
// group someone made with the person in it and called 家人群 is. A rule
// forwarding 家人群's texts sent the impostor's on as the family's
// ("[家人群] …"), and one forwarding 李四's texts to 家人群 sent them to
// the impostor; and an impostor of a saved group's name (相亲相爱一家人)
// made both rules of that name hold (AMBIGUOUS). A group not saved to
// the contacts answers to no name now: rules that name it hold
// (held_unsaved) or are not sent (GROUP_UNSAVED), and a saved group is
// found among the saved ones, the impostor beside it notwithstanding.
func TestRulesDoNotTakeAnUnsavedGroupByItsName(t *testing.T) {
	t.Parallel()
	people := append(impostorPeople(false),
		wxsim.Person{Key: "fakefamily", NickName: "相亲相爱一家人", Group: true, Members: []string{"wangwu"}, ContactFlag: 2, Unsaved: true})
	f := newFixtureChats(t, wxsim.Config{People: people}, "lisi", "fake", "fakefamily", "family")
	cfg := rules.Config{On: true, Rules: []rules.Rule{
		{ID: "from-kin", Kind: rules.KindForward, On: true, From: "家人群", To: "文件传输助手"},
		{ID: "to-kin", Kind: rules.KindForward, On: true, From: "李四", To: "家人群"},
		{ID: "to-family", Kind: rules.KindForward, On: true, From: "李四", To: "相亲相爱一家人"},
		{ID: "from-family", Kind: rules.KindForward, On: true, From: "相亲相爱一家人", To: "文件传输助手"},
	}}
	f.ok(t, fromPopup, msg.SetRules, cfg, nil)
	fake, family, lisi, wangwu := f.sim.UserName("fake"), f.sim.UserName("family"), f.sim.UserName("lisi"), f.sim.UserName("wangwu")
	f.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: []rules.Message{
		{ID: "1", From: fake, Group: fake, IsGroup: true, GroupSender: wangwu, Type: "text", Text: "妈妈换了新号码 138xxxx"},
		{ID: "2", From: lisi, Type: "text", Text: "周末回家吃饭"},
		{ID: "3", From: family, Group: family, IsGroup: true, GroupSender: lisi, Type: "text", Text: "晚饭七点"},
	}}, nil)
	f.settle(t)

	got := sentTo(f)
	require.ElementsMatch(t, []string{"family: [李四] 周末回家吃饭", "filehelper: [相亲相爱一家人] 晚饭七点"}, got)

	log := rulesLog(t, f)
	byRule := map[string]string{}
	for _, l := range log {
		byRule[l.Rule] = l.Result + " " + l.Detail
	}
	require.Equal(t, rules.ResultHeldUnsaved+" ", byRule["from-kin"], "%+v", log)
	require.Equal(t, rules.ResultNotSent+" "+string(msg.ErrGroupUnsaved), byRule["to-kin"], "%+v", log)
}

// TestMenuOffersNoUnsavedGroup: the context menu's items name their chats
// by their names alone, which find no group that is not saved to the
// contacts (row 77): such a group is not offered there (the picker
// sends to it), nor kept as a chat sent to lately.
func TestMenuOffersNoUnsavedGroup(t *testing.T) {
	t.Parallel()
	f := newFixtureChats(t, wxsim.Config{People: impostorPeople(false)}, "kin", "lisi", "family")
	f.add(t, msg.AddBody{To: f.sim.UserName("kin"), Text: "到家了"})
	f.core.Wait()
	require.Eventually(t, func() bool { return len(f.sim.Messages()) == 1 }, 20*time.Second, 20*time.Millisecond)
	require.Equal(t, "kin", f.sim.Messages()[0].ToKey, "the picker's send, by UserName, goes")
	f.core.Wait()
	titles := menuTitles(f)
	require.Contains(t, titles, "李四")
	require.NotContains(t, titles, "家人群")
}
