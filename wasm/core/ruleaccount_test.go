package core_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// TestRulesNameChatsOfTheirAccount (docs/security.md row 100): rules name
// chats by their names, and a name is one account's contact's. The person
// makes a reply rule for their 李四 (the door code), a forward of their
// family group to the file helper and a save of the family's pictures,
// while account A is the popup's. In account B (the work account, in the
// same tab after A logged out, or in a tab of its own) a stranger has
// called themselves 李四, and someone made a group called 相亲相爱一家人:
// B's 李四 got the door code, and B's group was forwarded and saved as
// the family's. A rule that names chats acts in the account it was made
// in only; a rule for every chat acts in both, as before; the rule acts
// again in A's next login.
func TestRulesNameChatsOfTheirAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	simA := f.sim
	a := f.account(t)
	cfg := rules.Config{On: true, Rules: []rules.Rule{
		{ID: "code", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "门禁", Reply: "门禁密码 4321", Chats: []string{"李四"}},
		{ID: "fwd", Kind: rules.KindForward, On: true, From: "相亲相爱一家人", To: "文件传输助手"},
		{ID: "save", Kind: rules.KindSave, On: true, Chats: []string{"相亲相爱一家人"}, Types: []string{"image"}},
		{ID: "all", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "在吗", Reply: "在"},
	}}
	var kept rules.Config
	f.ok(t, fromPopup, msg.SetRules, cfg, &kept)
	for _, r := range kept.Rules {
		require.Equal(t, a, r.Account, "rule %s is A's", r.ID)
	}
	// The options page sends the rules again, one of them claimed for
	// another account: a stored rule keeps its own.
	kept.Rules[0].Account = "0123456789abcdef"
	var again rules.Config
	f.ok(t, fromPopup, msg.SetRules, kept, &again)
	require.Equal(t, a, again.Rules[0].Account, "a stored rule keeps its account")

	// A logs out on the phone; B logs in in the same tab.
	simB, err := wxsim.New(wxsim.Config{Uin: 2381672740, SelfNickName: "工作号"})
	require.NoError(t, err)
	t.Cleanup(func() { simB.Close() })
	simA.Logout()
	f.ok(t, fromTab, msg.PageSession, msg.PageSessionBody{LoggedOut: true}, nil)
	f.loginInTab(t, simB)
	f.core.Wait()
	require.NotEqual(t, a, f.account(t))

	family := simB.UserName("family")
	f.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: []rules.Message{
		{ID: "1", From: simB.UserName("lisi"), Type: "text", Text: "门禁密码多少？"},
		{ID: "2", From: family, Group: family, IsGroup: true, GroupSender: simB.UserName("zhangsan"), Type: "text", Text: "妈妈换了新号码"},
		{ID: "3", From: family, Group: family, IsGroup: true, GroupSender: simB.UserName("zhangsan"), Type: "image"},
		{ID: "4", From: simB.UserName("zhangsan"), Type: "text", Text: "在吗"},
	}}, nil)
	f.settle(t)
	var got []string
	for _, m := range simB.Messages() {
		if !m.Incoming {
			got = append(got, m.ToKey+": "+m.Content)
		}
	}
	require.Equal(t, []string{"zhangsan: 在"}, got, "in B only the rule for every chat answered")
	var st rules.View
	f.ok(t, fromPopup, msg.GetRules, nil, &st)
	for _, l := range st.Log {
		require.NotEqual(t, rules.ResultSaving, l.Result, "nothing of B's group is saved: %+v", l)
	}

	// A's next login: its 李四 gets the rule's answer.
	f.ok(t, fromTab, msg.PageSession, msg.PageSessionBody{LoggedOut: true}, nil)
	f.loginInTab(t, simA)
	f.core.Wait()
	require.Equal(t, a, f.account(t))
	f.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: []rules.Message{
		{ID: "1", From: simA.UserName("lisi"), Type: "text", Text: "门禁密码多少？"},
	}}, nil)
	f.settle(t)
	got = nil
	for _, m := range simA.Messages() {
		if !m.Incoming {
			got = append(got, m.ToKey+": "+m.Content)
		}
	}
	require.Equal(t, []string{"lisi: 门禁密码 4321"}, got, "A's 李四 is answered")
}

// TestRuleIsOfTheAccountItsPageShowed: the options page showed account A
// (its state line, and the list its chat names were checked against)
// when the person added a rule for 李四; meanwhile A logged out and B
// logged in in the same tab (or the popup switched to B), and the page
// had not heard of it yet. The rule was stamped B's, the account current
// as it was saved, and acted for B's 李四, a stranger (row 100 at the
// page's side). A rule saved as A is refused now with ACCOUNT_CHANGED
// and nothing is kept (the page then shows B, and the form keeps what
// was typed); one saved as B, or by a page that shows no account, is
// B's.
func TestRuleIsOfTheAccountItsPageShowed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	simA := f.sim
	a := f.account(t)
	simA.Logout()
	f.ok(t, fromTab, msg.PageSession, msg.PageSessionBody{LoggedOut: true}, nil)
	f.loginInTab(t, secondSim(t))
	f.core.Wait()
	b := f.account(t)
	require.NotEqual(t, a, b)

	rule := func(id string) rules.Config {
		return rules.Config{On: true, Rules: []rules.Rule{
			{ID: id, Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "门禁", Reply: "门禁密码 4321", Chats: []string{"李四"}},
		}}
	}
	_, e := f.request(t, fromPopup, msg.Request{Name: msg.SetRules, Body: rule("asA"), Account: a})
	require.NotNil(t, e, "a rule made as A, saved while B is current")
	require.Equal(t, msg.ErrAccountChanged, e.Code)
	var view rules.View
	f.ok(t, fromPopup, msg.GetRules, nil, &view)
	require.Empty(t, view.Config.Rules, "nothing kept")

	for _, shown := range []string{b, ""} {
		raw, e := f.request(t, fromPopup, msg.Request{Name: msg.SetRules, Body: rule("as" + shown), Account: shown})
		require.Nil(t, e, "%v", e)
		var kept rules.Config
		require.NoError(t, json.Unmarshal(raw, &kept))
		require.Equal(t, b, kept.Rules[0].Account, "made as %q", shown)
	}
}
