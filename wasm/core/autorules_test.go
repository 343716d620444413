package core_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

func TestRulesAnswerOnceThroughTheOutbox(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	lisi, family := f.sim.UserName("lisi"), f.sim.UserName("family")
	cfg := rules.Config{On: true, Rules: []rules.Rule{
		{ID: "hours", Kind: rules.KindReply, On: true, Match: rules.MatchRegexp, Pattern: `几点|when`, Reply: "9:00–18:00"},
		{ID: "fwd", Kind: rules.KindForward, On: true, From: "相亲相爱一家人", To: "文件传输助手"},
	}}
	bad := cfg
	bad.Rules = append([]rules.Rule{{ID: "b", Kind: rules.KindReply, On: true, Match: rules.MatchRegexp, Pattern: "(", Reply: "x"}}, cfg.Rules...)
	_, e := f.call(t, fromPopup, msg.SetRules, bad)
	require.NotNil(t, e)
	require.Equal(t, msg.ErrRulePatternUnclosedGroup, e.Code)
	bad.Rules[0].Pattern = `几点(?=开)`
	_, e = f.call(t, fromPopup, msg.SetRules, bad)
	require.NotNil(t, e)
	require.Equal(t, msg.ErrRulePatternUnsupported, e.Code, "look-ahead is refused in words of its own")
	require.NotEmpty(t, english(e.Code.Key()))
	_, e = f.call(t, fromTab, msg.SetRules, cfg)
	require.Equal(t, msg.ErrNotAllowed, e.Code, "the page cannot set rules")
	f.ok(t, fromPopup, msg.SetRules, cfg, nil)

	batch := rules.Batch{Messages: []rules.Message{
		{ID: "1", From: lisi, Type: "text", Text: "你们几点开门？"},
		{ID: "2", From: family, Group: family, IsGroup: true, Type: "text", Text: "周末聚餐"},
		{ID: "3", From: lisi, Type: "text", Text: "几点", FromSelf: true},
	}}
	f.ok(t, fromTab, msg.PageMessages, batch, nil)
	f.ok(t, fromTab, msg.PageMessages, batch, nil) // seen again: nothing more
	f.settle(t)
	msgs := f.sim.Messages()
	require.Len(t, msgs, 2, "%+v", msgs)
	require.Equal(t, "lisi", msgs[0].ToKey)
	require.Equal(t, "9:00–18:00", msgs[0].Content)
	require.Equal(t, "filehelper", msgs[1].ToKey)
	require.Equal(t, "[相亲相爱一家人] 周末聚餐", msgs[1].Content)

	res, e := f.call(t, fromPopup, msg.GetRules, nil)
	require.Nil(t, e)
	var view struct {
		Log []rules.LogEntry `json:"log"`
	}
	require.NoError(t, json.Unmarshal(res, &view))
	require.Len(t, view.Log, 2)
	require.Equal(t, "李四", view.Log[0].Chat)
	require.Equal(t, "queued", view.Log[0].Result)

	// Off: nothing runs, in a chat no cool-down holds (张三 was never
	// answered); on again, the same question there is answered.
	zhangsan := f.sim.UserName("zhangsan")
	cfg.On = false
	f.ok(t, fromPopup, msg.SetRules, cfg, nil)
	f.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: []rules.Message{{ID: "4", From: zhangsan, Type: "text", Text: "几点"}}}, nil)
	f.settle(t)
	require.Len(t, f.sim.Messages(), 2, "rules off")
	cfg.On = true
	f.ok(t, fromPopup, msg.SetRules, cfg, nil)
	f.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: []rules.Message{{ID: "5", From: zhangsan, Type: "text", Text: "几点"}}}, nil)
	f.settle(t)
	msgs = f.sim.Messages()
	require.Len(t, msgs, 3, "rules on again")
	require.Equal(t, "zhangsan", msgs[2].ToKey)
}
