package rules_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// person is one wxdrop user's rules and their state.
type person struct {
	rules []rules.Rule
	st    rules.State
}

// TestForwardLoopEndsAfterARound: the husband forwards the family group
// to his wife; her rule forwards her husband's chat to the family group
// (forwards have no cool-down). Each forward reaches the other as a
// message of the one who sent it. Before, the texts and the pictures went
// round at the hourly cap, a name longer each round; now each goes round
// once: a text that comes back is not forwarded again, and the husband's
// rule does not send his wife what she said herself.
func TestForwardLoopEndsAfterARound(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	husband := &person{rules: []rules.Rule{{ID: "h", Kind: rules.KindForward, On: true, From: "家人群", To: "老婆", Types: []string{"text", "image"}}}}
	wife := &person{rules: []rules.Rule{{ID: "w", Kind: rules.KindForward, On: true, From: "老公", To: "家人群", Types: []string{"text", "image"}}}}
	for _, tt := range []struct {
		name, typ, text string
		senderName      string // a third party in the group
		wantRounds      int
	}{
		{"a text", "text", "周末聚餐", "妈妈", 2},
		{"a picture", "image", "", "妈妈", 2},
		{"a text of the form of a forward", "text", "[老公] 周末聚餐", "妈妈", 2},
	} {
		husband.st, wife.st = rules.State{}, rules.State{}
		id := 0
		next := func() string { id++; return fmt.Sprint(tt.name, id) }
		// 妈妈 says something in the family group.
		in := rules.Message{ID: next(), From: "@@kin", Group: "@@kin", IsGroup: true, GroupSender: "@mum", SenderName: tt.senderName, ChatName: "家人群", Type: tt.typ, Text: tt.text}
		sends := 0
		for i := 0; i < 100; i++ {
			now := t0.Add(time.Duration(i) * time.Minute)
			acts := rules.Decide(husband.rules, &husband.st, in, now)
			if len(acts) == 0 {
				break
			}
			sends++
			// It reaches the wife, from her husband.
			out := rules.Message{ID: next(), From: "@husband", ChatName: "老公", Type: tt.typ, Text: acts[0].Text}
			acts = rules.Decide(wife.rules, &wife.st, out, now)
			if len(acts) == 0 {
				break
			}
			sends++
			// It reaches the family group, from the wife.
			in = rules.Message{ID: next(), From: "@@kin", Group: "@@kin", IsGroup: true, GroupSender: "@wife", SenderName: "老婆", ChatName: "家人群", Type: tt.typ, Text: acts[0].Text}
		}
		require.Equal(t, tt.wantRounds, sends, tt.name)
		if len(husband.st.Log) > 0 {
			require.Equal(t, rules.ResultHeldLoop, husband.st.Log[len(husband.st.Log)-1].Result, tt.name)
		}
	}
}

// TestForwardLoopByContentAlone: two groups each forwarded to the other
// by two people (the message comes back from another than the one it
// was sent to): the text that comes back, a name before it, is held.
// A busy group's texts, the same words said again by others, still go.
func TestForwardLoopByContentAlone(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	a := []rules.Rule{{ID: "a", Kind: rules.KindForward, On: true, From: "一组", To: "二组"}}
	b := []rules.Rule{{ID: "b", Kind: rules.KindForward, On: true, From: "二组", To: "一组"}}
	var sa, sb rules.State
	m := rules.Message{ID: "1", From: "@@1", Group: "@@1", IsGroup: true, GroupSender: "@c", SenderName: "老陈", ChatName: "一组", Type: "text", Text: "开会"}
	acts := rules.Decide(a, &sa, m, t0)
	require.Len(t, acts, 1)
	require.Equal(t, "[一组] 开会", acts[0].Text)
	acts = rules.Decide(b, &sb, rules.Message{ID: "2", From: "@@2", Group: "@@2", IsGroup: true, GroupSender: "@a", SenderName: "阿甲", ChatName: "二组", Type: "text", Text: acts[0].Text}, t0)
	require.Len(t, acts, 1)
	require.Equal(t, "[二组] [一组] 开会", acts[0].Text)
	back := rules.Message{ID: "3", From: "@@1", Group: "@@1", IsGroup: true, GroupSender: "@b", SenderName: "阿乙", ChatName: "一组", Type: "text", Text: acts[0].Text}
	require.Empty(t, rules.Decide(a, &sa, back, t0), "it came back")
	require.Equal(t, rules.ResultHeldLoop, sa.Log[len(sa.Log)-1].Result)
	// The same words said again by someone: a new message, forwarded; and
	// an hour later even the one that came back would go.
	for i := range 15 {
		again := m
		again.ID = fmt.Sprint("again", i)
		require.Len(t, rules.Decide(a, &sa, again, t0.Add(time.Minute)), 1, "said again")
	}
	back.ID = "4"
	require.Len(t, rules.Decide(a, &sa, back, t0.Add(61*time.Minute)), 1, "an hour later")
	require.LessOrEqual(t, len(sa.Forwarded), 2*rules.MaxPerHour)
	require.NotContains(t, fmt.Sprint(sa.Forwarded), "开会", "the state keeps sums, not texts")
}

// TestOneChatCannotTakeTheHour: a contact sends a reply rule's word every
// 61 seconds, past its cool-down. Before, they took all 30 of the hour's
// sends, and the person's other rules were held (held_cap) — a forward of
// the family group, another contact's question. Now one chat's messages
// make the rules send at most MaxPerChatHour an hour (held_chat_cap); the
// others keep the rest.
func TestOneChatCannotTakeTheHour(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	rs := []rules.Rule{
		{ID: "price", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "价格", Reply: "见官网", CooldownSec: 1},
		{ID: "kin", Kind: rules.KindForward, On: true, From: "家人群", To: "文件传输助手"},
	}
	st := &rules.State{}
	pest := 0
	for i := range 59 {
		m := rules.Message{ID: fmt.Sprint("p", i), From: "@pest", ChatName: "路人", Type: "text", Text: "价格?"}
		pest += len(rules.Decide(rs, st, m, t0.Add(time.Duration(i)*61*time.Second)))
	}
	require.Equal(t, rules.MaxPerChatHour, pest, "one chat's share of the hour")
	require.Equal(t, rules.ResultHeldChatCap, st.Log[len(st.Log)-1].Result)
	late := t0.Add(59 * time.Minute)
	kin := rules.Message{ID: "k", From: "@@kin", Group: "@@kin", IsGroup: true, GroupSender: "@mum", SenderName: "妈妈", ChatName: "家人群", Type: "text", Text: "到家了"}
	require.Len(t, rules.Decide(rs, st, kin, late), 1, "the family group's forward goes")
	friend := rules.Message{ID: "f", From: "@friend", ChatName: "老王", Type: "text", Text: "价格多少"}
	require.Len(t, rules.Decide(rs, st, friend, late), 1, "another contact is answered")
	// The same chat in another account is another chat.
	other := rules.Message{ID: "p0", From: "@pest", ChatName: "路人", Type: "text", Text: "价格?", Account: "b"}
	require.Len(t, rules.Decide(rs, st, other, late), 1, "another account's chat")
	// The next hour, the chat is answered again.
	next := rules.Message{ID: "p-next", From: "@pest", ChatName: "路人", Type: "text", Text: "价格?"}
	require.Len(t, rules.Decide(rs, st, next, t0.Add(61*time.Minute)), 1, "the next hour")
}

// TestOnePersonCannotTakeTheHour (docs/security.md row 105): row 102
// with two chats. The pest makes two groups with the person in them
// (anyone can) and sends the reply rule's word in each, and in their own
// chat, every 61 seconds: each chat's share was 20, so they took all 30
// of the hour, and the family group's forward and another friend's
// answer were held. One person's messages, in all their chats, make the
// rules send at most MaxPerChatHour an hour.
func TestOnePersonCannotTakeTheHour(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	rs := []rules.Rule{
		{ID: "price", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "价格", Reply: "见官网", CooldownSec: 1},
		{ID: "kin", Kind: rules.KindForward, On: true, From: "家人群", To: "文件传输助手"},
	}
	st := &rules.State{}
	chats := []rules.Message{
		{From: "@@a1", Group: "@@a1", IsGroup: true, GroupSender: "@pest", SenderName: "路人", ChatName: "优惠一群"},
		{From: "@@a2", Group: "@@a2", IsGroup: true, GroupSender: "@pest", SenderName: "路人", ChatName: "优惠二群"},
		{From: "@pest", ChatName: "路人"},
	}
	pest := 0
	for i := range 50 {
		for j, m := range chats {
			m.ID, m.Type, m.Text = fmt.Sprint("p", i, "-", j), "text", "价格?"
			pest += len(rules.Decide(rs, st, m, t0.Add(time.Duration(i)*61*time.Second)))
		}
	}
	require.Equal(t, rules.MaxPerChatHour, pest, "one person's share of the hour, in all their chats")
	require.Equal(t, rules.ResultHeldPersonCap, st.Log[len(st.Log)-1].Result)
	late := t0.Add(59 * time.Minute)
	kin := rules.Message{ID: "k", From: "@@kin", Group: "@@kin", IsGroup: true, GroupSender: "@mum", SenderName: "妈妈", ChatName: "家人群", Type: "text", Text: "到家了"}
	require.Len(t, rules.Decide(rs, st, kin, late), 1, "the family group's forward goes")
	friend := rules.Message{ID: "f", From: "@friend", ChatName: "老王", Type: "text", Text: "价格多少"}
	require.Len(t, rules.Decide(rs, st, friend, late), 1, "another contact is answered")
	// Another member of the pest's group is someone else.
	other := rules.Message{ID: "o", From: "@@a1", Group: "@@a1", IsGroup: true, GroupSender: "@zhao", SenderName: "老赵", ChatName: "优惠一群", Type: "text", Text: "价格?"}
	require.Len(t, rules.Decide(rs, st, other, late), 1, "another member of the group")
}

// TestReplyAndForwardMixEnds: the husband's reply rule answers "hi" in
// every chat; his wife forwards the family group to him and his chat to
// the family group. Someone says hi in the family group: his answer there
// is his own, which her rule does not send back to him; nothing goes
// round.
func TestReplyAndForwardMixEnds(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	him := []rules.Rule{{ID: "hi", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "hi", Reply: "hi there"}}
	her := []rules.Rule{
		{ID: "kin", Kind: rules.KindForward, On: true, From: "家人群", To: "老公"},
		{ID: "him", Kind: rules.KindForward, On: true, From: "老公", To: "家人群"},
	}
	var sh, sw rules.State
	acts := rules.Decide(him, &sh, rules.Message{ID: "1", From: "@@kin", Group: "@@kin", IsGroup: true, GroupSender: "@mum", SenderName: "妈妈", ChatName: "家人群", Type: "text", Text: "hi"}, t0)
	require.Len(t, acts, 1)
	// His answer in the family group reaches her, from him.
	acts = rules.Decide(her, &sw, rules.Message{ID: "2", From: "@@kin", Group: "@@kin", IsGroup: true, GroupSender: "@him", SenderName: "老公", ChatName: "家人群", Type: "text", Text: acts[0].Text}, t0)
	require.Empty(t, acts, "not sent back to the one who said it")
	require.Equal(t, rules.ResultHeldLoop, sw.Log[len(sw.Log)-1].Result)
}

// TestForwardedTextsOfAnyLength: a long text that comes back is held as a
// short one is (the sum takes its two ends, which bounds the work a
// message costs); one of another end goes.
func TestForwardedTextsOfAnyLength(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	a := []rules.Rule{{ID: "a", Kind: rules.KindForward, On: true, From: "一组", To: "二组"}}
	var st rules.State
	long := strings.Repeat("长", 3000) + "完"
	in := func(id, text string) rules.Message {
		return rules.Message{ID: id, From: "@@1", Group: "@@1", IsGroup: true, GroupSender: "@c", SenderName: "老陈", ChatName: "一组", Type: "text", Text: text}
	}
	require.Len(t, rules.Decide(a, &st, in("1", long), t0), 1)
	require.Empty(t, rules.Decide(a, &st, in("2", "[二组] [一组] "+long), t0), "came back")
	require.Len(t, rules.Decide(a, &st, in("3", "[二组] [一组] "+long+"!"), t0), 1, "another end")
}
