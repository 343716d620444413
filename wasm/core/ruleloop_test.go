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
