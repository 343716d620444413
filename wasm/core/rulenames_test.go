package core_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// TestRulesDoNotTakeAChatForAnotherOfItsName (docs/security.md row 74):
// rules name chats by their names, which their people choose. Anyone can
// make a group with the person in it (WeChat adds a friend's friends
// without asking) and call it 相亲相爱一家人, or call themselves 李四: the
// forward rule sent the impostor group's texts on as the family's
// ("[相亲相爱一家人] …"), the reply meant for 李四 alone (a door code)
// answered the impostor, and a save rule for the family's chat saved the
// impostor's files to the disk. A name two chats of the login have says
// which of them a rule meant no more: such a rule acts for neither, and
// its log says why. The target of a forward was already refused as
// AMBIGUOUS; a rule for every chat still answers both.
func TestRulesDoNotTakeAChatForAnotherOfItsName(t *testing.T) {
	t.Parallel()
	people := append(wxsim.DefaultPeople(),
		wxsim.Person{Key: "fakefamily", NickName: "相亲相爱一家人", Group: true, Members: []string{"wangwu"}, ContactFlag: 3},
		wxsim.Person{Key: "fakelisi", NickName: "李四", ContactFlag: 1})
	f := newFixtureWith(t, wxsim.Config{People: people})
	cfg := rules.Config{On: true, Rules: []rules.Rule{
		{ID: "fwd", Kind: rules.KindForward, On: true, From: "相亲相爱一家人", To: "文件传输助手"},
		{ID: "code", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "门禁", Reply: "门禁密码 4321", Chats: []string{"李四"}},
		{ID: "save", Kind: rules.KindSave, On: true, Chats: []string{"相亲相爱一家人"}, Types: []string{"image"}},
		{ID: "all", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "在吗", Reply: "在"},
	}}
	f.ok(t, fromPopup, msg.SetRules, cfg, nil)

	fake, fakeLisi, lisi, zhangsan := f.sim.UserName("fakefamily"), f.sim.UserName("fakelisi"), f.sim.UserName("lisi"), f.sim.UserName("zhangsan")
	f.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: []rules.Message{
		{ID: "1", From: fake, Group: fake, IsGroup: true, GroupSender: f.sim.UserName("wangwu"), Type: "text", Text: "老板说把合同发到这个群"},
		{ID: "2", From: fakeLisi, Type: "text", Text: "门禁密码多少？"},
		{ID: "3", From: lisi, Type: "text", Text: "门禁密码多少？"},
		{ID: "4", From: fakeLisi, Type: "text", Text: "在吗"},
		{ID: "5", From: zhangsan, Type: "text", Text: "门禁密码多少？"},
		{ID: "6", From: fake, Group: fake, IsGroup: true, GroupSender: f.sim.UserName("wangwu"), Type: "image"},
	}}, nil)
	f.settle(t)

	got := sentTo(f)
	require.Equal(t, []string{"fakelisi: 在"}, got, "only the rule for every chat answered")

	res, e := f.call(t, fromPopup, msg.GetRules, nil)
	require.Nil(t, e)
	var view struct {
		Log []rules.LogEntry `json:"log"`
	}
	require.NoError(t, json.Unmarshal(res, &view))
	held := map[string]int{}
	for _, l := range view.Log {
		if l.Result == rules.ResultHeldAmbiguous {
			held[l.Rule+" "+l.Chat]++
		}
	}
	for _, l := range view.Log {
		require.NotEqual(t, rules.ResultSaving, l.Result, "nothing is saved: %+v", l)
	}
	require.Equal(t, map[string]int{"fwd 相亲相爱一家人": 1, "code 李四": 2, "save 相亲相爱一家人": 1}, held, "%+v", view.Log)
}

// sentTo is what the account sent, as "key: text", in order.
func sentTo(f *fixture) []string {
	var got []string
	for _, m := range f.sim.Messages() {
		if !m.Incoming {
			got = append(got, m.ToKey+": "+m.Content)
		}
	}
	return got
}
