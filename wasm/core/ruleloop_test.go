package core_test

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/internal/testsite"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// TestForwardLoopOfTwoPeopleEnds: two wxdrop users, each in their own
// browser and account. The husband (his wife is 李四 in his contacts)
// forwards the family group 相亲相爱一家人 to her, texts and pictures;
// his wife (he is 老张 in hers) forwards his chat to the family group,
// where he is. What each one's WeChat sends reaches the other (relayed
// here from one wxsim to the other). Before, each text and picture went
// round and round, a name longer each time, at the rules' hourly cap for
// some 100 hours; now each goes round once, and the husband's log says
// why the next round was held.
func TestForwardLoopOfTwoPeopleEnds(t *testing.T) {
	t.Parallel()
	h, w := newFixture(t), newFixture(t)
	types := []string{"text", "image"}
	h.ok(t, fromPopup, msg.SetRules, rules.Config{On: true, Rules: []rules.Rule{{ID: "kin", Kind: rules.KindForward, On: true, From: "相亲相爱一家人", To: "李四", Types: types}}}, nil)
	w.ok(t, fromPopup, msg.SetRules, rules.Config{On: true, Rules: []rules.Rule{{ID: "him", Kind: rules.KindForward, On: true, From: "老张", To: "相亲相爱一家人", Types: types}}}, nil)

	// sentBy is what f's account sent since its first n messages.
	sentBy := func(f *fixture, n int) []wxsim.Message {
		var out []wxsim.Message
		for _, m := range f.sim.Messages()[n:] {
			if !m.Incoming {
				out = append(out, m)
			}
		}
		return out
	}
	for _, tt := range []struct {
		name string
		in   wxsim.Incoming
	}{
		{"a text", wxsim.Incoming{From: "wangwu", Group: "family", Type: wxsim.MsgText, Text: "周末回家吃饭"}},
		{"a picture", wxsim.Incoming{From: "wangwu", Group: "family", Type: wxsim.MsgImage, Data: testsite.PNG}},
	} {
		// 妈妈 (王五 to the husband) says something in the family group.
		in := pageMessage(t, h, tt.in)
		if tt.in.Type == wxsim.MsgText {
			in.Type, in.Text = "text", tt.in.Text
		}
		rounds := 0
		for rounds < 10 {
			hn, wn := len(h.sim.Messages()), len(w.sim.Messages())
			h.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: []rules.Message{in}}, nil)
			h.settle(t)
			out := sentBy(h, hn)
			if len(out) == 0 {
				break
			}
			require.Len(t, out, 1, tt.name)
			require.Equal(t, "lisi", out[0].ToKey, tt.name)
			rounds++
			// It reaches the wife, from 老张.
			relay := wxsim.Incoming{From: "zhangsan", Type: out[0].Type, Text: out[0].Content, Data: testsite.PNG}
			wm := pageMessage(t, w, relay)
			if relay.Type == wxsim.MsgText {
				wm.Type, wm.Text = "text", relay.Text
			}
			w.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: []rules.Message{wm}}, nil)
			w.settle(t)
			back := sentBy(w, wn)
			if len(back) == 0 {
				break
			}
			require.Len(t, back, 1, tt.name)
			require.Equal(t, "family", back[0].ToKey, tt.name)
			// It reaches the family group, from 李四, the husband's wife.
			relay = wxsim.Incoming{From: "lisi", Group: "family", Type: back[0].Type, Text: back[0].Content, Data: testsite.PNG}
			in = pageMessage(t, h, relay)
			if relay.Type == wxsim.MsgText {
				in.Type, in.Text = "text", relay.Text
			}
		}
		require.Equal(t, 1, rounds, "%s: once round, then held", tt.name)
		log := rulesLog(t, h)
		require.Equal(t, rules.ResultHeldLoop, log[len(log)-1].Result, "%s: %+v", tt.name, log)
	}
	require.Equal(t, "[老张] [相亲相爱一家人] 周末回家吃饭", sentBy(w, 0)[0].Content, "the wife's forward of his")
}

// TestRuleHoldsInWords: the options page puts each hold of the rules'
// log in words (rule_result_<result>); the share of one chat says its
// number.
func TestRuleHoldsInWords(t *testing.T) {
	t.Parallel()
	for _, r := range []string{rules.ResultHeldCooldown, rules.ResultHeldCap, rules.ResultHeldChatCap, rules.ResultHeldPersonCap, rules.ResultHeldLoop, rules.ResultHeldAmbiguous, rules.ResultHeldUnsaved} {
		require.NotEmpty(t, english("rule_result_"+r), r)
	}
	require.Contains(t, english("rule_result_held_chat_cap"), strconv.Itoa(rules.MaxPerChatHour))
	require.Contains(t, english("rule_result_held_person_cap"), strconv.Itoa(rules.MaxPerChatHour))
	require.Contains(t, english("rule_result_held_cap"), strconv.Itoa(rules.MaxPerHour))
}

// TestForwardNotBackToItsSenderByAnyName: the husband forwards the family
// group's pictures to his father, 老张 in his contacts, whose nick name is
// 张三 — the rule says "to 张三". 老张 says something in the group: it is
// not sent back to him. The guard compared the rule's To with the
// sender's remark alone, and a picture (nothing to know it by when it
// comes back) went back to the one who sent it, round after round with a
// rule of his; now it knows him by every name a forward finds him by.
func TestForwardNotBackToItsSenderByAnyName(t *testing.T) {
	t.Parallel()
	for _, to := range []string{"张三", "老张"} {
		f := newFixture(t)
		f.ok(t, fromPopup, msg.SetRules, rules.Config{On: true, Rules: []rules.Rule{{ID: "kin", Kind: rules.KindForward, On: true, From: "相亲相爱一家人", To: to, Types: []string{"image"}}}}, nil)
		in := pageMessage(t, f, wxsim.Incoming{From: "zhangsan", Group: "family", Type: wxsim.MsgImage, Data: testsite.PNG})
		n := len(f.sim.Messages())
		f.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: []rules.Message{in}}, nil)
		f.settle(t)
		for _, m := range f.sim.Messages()[n:] {
			require.True(t, m.Incoming, "to %s: sent type %d to %s, who sent it", to, m.Type, m.ToKey)
		}
		log := rulesLog(t, f)
		require.NotEmpty(t, log, to)
		require.Equal(t, rules.ResultHeldLoop, log[len(log)-1].Result, "to %s: %+v", to, log)
		// Another member's picture goes to him.
		in = pageMessage(t, f, wxsim.Incoming{From: "wangwu", Group: "family", Type: wxsim.MsgImage, Data: testsite.PNG})
		f.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: []rules.Message{in}}, nil)
		f.settle(t)
		log = rulesLog(t, f)
		require.Equal(t, rules.ResultQueued, log[len(log)-1].Result, "to %s, from 王五: %+v", to, log)
	}
}

// TestForwardOfAChatToItselfByAnotherName: a forward from 老张 to 张三,
// his nick name, is a forward of his chat to himself: his messages are
// not sent back to him.
func TestForwardOfAChatToItselfByAnotherName(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetRules, rules.Config{On: true, Rules: []rules.Rule{{ID: "self", Kind: rules.KindForward, On: true, From: "老张", To: "张三"}}}, nil)
	in := pageMessage(t, f, wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgText, Text: "在吗"})
	in.Type, in.Text = "text", "在吗"
	n := len(f.sim.Messages())
	f.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: []rules.Message{in}}, nil)
	f.settle(t)
	for _, m := range f.sim.Messages()[n:] {
		require.True(t, m.Incoming, "sent %q to %s, who said it", m.Content, m.ToKey)
	}
	log := rulesLog(t, f)
	require.NotEmpty(t, log)
	require.Equal(t, rules.ResultHeldLoop, log[len(log)-1].Result, "%+v", log)
}
