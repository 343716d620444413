package rules_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

func TestDecide(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	hours := rules.Rule{ID: "r1", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "几点", Reply: "9:00–18:00"}
	ping := rules.Rule{ID: "r2", Kind: rules.KindReply, On: true, Match: rules.MatchExact, Pattern: "ping", Reply: "pong", Chats: []string{"李四"}, CooldownSec: 10}
	order := rules.Rule{ID: "r3", Kind: rules.KindReply, On: true, Match: rules.MatchRegexp, Pattern: `^订单\d+$`, Reply: "收到"}
	fwd := rules.Rule{ID: "r4", Kind: rules.KindForward, On: true, From: "项目组", To: "文件传输助手"}
	off := rules.Rule{ID: "r5", Kind: rules.KindReply, On: false, Match: rules.MatchContains, Pattern: "ping", Reply: "never"}
	price := rules.Rule{ID: "r6", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "price", Reply: "见价目表"}
	ok := rules.Rule{ID: "r7", Kind: rules.KindReply, On: true, Match: rules.MatchRegexp, Pattern: "^ok$", Reply: "好"}
	all := []rules.Rule{hours, ping, order, fwd, off, price, ok}
	n := 0
	msg := func(chat, text string) rules.Message {
		n++
		return rules.Message{ID: fmt.Sprint(n), From: "@" + chat, Type: "text", Text: text, ChatName: chat}
	}
	tests := []struct {
		name string
		m    rules.Message
		at   time.Duration
		want []rules.Action
	}{
		{"contains", msg("王五", "你们几点上班？"), 0, []rules.Action{{Rule: "r1", Kind: "reply", To: "@王五", Text: "9:00–18:00"}}},
		{"exact, in its chat", msg("李四", " ping "), 0, []rules.Action{{Rule: "r2", Kind: "reply", To: "@李四", Text: "pong"}}},
		{"exact, another chat", msg("王五", "ping"), 0, nil},
		{"cool-down holds", msg("李四", "ping"), 5 * time.Second, nil},
		{"cool-down over", msg("李四", "ping"), 11 * time.Second, []rules.Action{{Rule: "r2", Kind: "reply", To: "@李四", Text: "pong"}}},
		{"regexp", msg("张三", "订单123"), 0, []rules.Action{{Rule: "r3", Kind: "reply", To: "@张三", Text: "收到"}}},
		{"regexp, no match", msg("张三", "订单abc"), 0, nil},
		// A keyword whatever its case: the pattern "ping" answers "PING",
		// "price" answers "Price?"; a regular expression is as written.
		{"exact, another case", msg("李四", "PING"), 30 * time.Second, []rules.Action{{Rule: "r2", Kind: "reply", To: "@李四", Text: "pong"}}},
		{"contains, another case", msg("王五", "Price of the 会员卡?"), 0, []rules.Action{{Rule: "r6", Kind: "reply", To: "@王五", Text: "见价目表"}}},
		{"regexp, another case", msg("张三", "OK"), 0, nil},
		{"forward a group's text", rules.Message{ID: "g1", From: "@@g", Group: "@@g", IsGroup: true, Type: "text", Text: "明天开会", ChatName: "项目组"}, 0,
			[]rules.Action{{Rule: "r4", Kind: "forward", To: "文件传输助手", Text: "[项目组] 明天开会"}}},
		{"own message", rules.Message{ID: "s1", From: "@me", Type: "text", Text: "几点", FromSelf: true, ChatName: "我"}, 0, nil},
		{"an image", rules.Message{ID: "i1", From: "@x", Type: "image", ChatName: "王五"}, 0, nil},
	}
	st := &rules.State{}
	for _, tt := range tests {
		got := rules.Decide(all, st, tt.m, t0.Add(tt.at))
		require.Equal(t, tt.want, got, tt.name)
	}
	// The same message seen again (a second tab, a repeated answer) is not
	// acted on twice.
	again := msg("王五", "几点")
	require.Len(t, rules.Decide(all, st, again, t0.Add(time.Hour)), 1)
	require.Empty(t, rules.Decide(all, st, again, t0.Add(time.Hour)))
}

// TestSeenPerAccount: a message's id is one account's numbering: the
// same id reaching another account's tab is another message (from a
// chat of that account's UserNames), acted on; again in the same
// account, it is not.
func TestSeenPerAccount(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	all := []rules.Rule{{ID: "r", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "几点", Reply: "九点"}}
	st := &rules.State{}
	for _, tt := range []struct {
		account string
		want    int
	}{{"A", 1}, {"B", 1}, {"A", 0}, {"B", 0}} {
		m := rules.Message{ID: "4527210051674055543", From: "@lisi" + tt.account, Type: "text", Text: "几点开会", ChatName: "李四", Account: tt.account}
		require.Len(t, rules.Decide(all, st, m, t0), tt.want, "account %s", tt.account)
	}
}

// TestLoopGuard: two accounts whose rules answer each other stop: the
// cool-down spaces the answers, and the hourly cap ends them.
func TestLoopGuard(t *testing.T) {
	t.Parallel()
	echo := []rules.Rule{{ID: "e", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "hi", Reply: "hi", CooldownSec: 1}}
	st := &rules.State{}
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	sent := 0
	// Two others answer every answer at once, for two hours.
	for i := 0; i < 2*3600; i++ {
		from := fmt.Sprint("@bot", i%2)
		m := rules.Message{ID: fmt.Sprint(i), From: from, Type: "text", Text: "hi", ChatName: from}
		sent += len(rules.Decide(echo, st, m, t0.Add(time.Duration(i)*time.Second)))
	}
	require.Equal(t, 60, sent, "at most 30 an hour")
	require.Len(t, st.Log, 200, "the log keeps the last 200")
}

func TestCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		r    rules.Rule
		want string
	}{
		{rules.Rule{Kind: rules.KindReply, Match: rules.MatchContains, Pattern: "a", Reply: "b"}, ""},
		{rules.Rule{Kind: rules.KindReply, Match: rules.MatchContains, Pattern: "a"}, "reply_empty"},
		{rules.Rule{Kind: rules.KindReply, Match: rules.MatchExact, Pattern: " ", Reply: "b"}, "pattern_empty"},
		{rules.Rule{Kind: rules.KindReply, Match: rules.MatchRegexp, Pattern: "(", Reply: "b"}, "pattern_unclosed_group"},
		{rules.Rule{Kind: rules.KindReply, Match: "fuzzy", Pattern: "a", Reply: "b"}, "match_unknown"},
		{rules.Rule{Kind: rules.KindForward, From: "a", To: "a"}, "forward_same"},
		{rules.Rule{Kind: rules.KindForward, From: "a"}, "forward_chats"},
		{rules.Rule{Kind: rules.KindForward, From: "a", To: "b", Types: []string{"image", "file"}}, ""},
		{rules.Rule{Kind: rules.KindForward, From: "a", To: "b", Types: []string{"location"}}, "types_bad"},
		{rules.Rule{Kind: rules.KindSave}, ""},
		{rules.Rule{Kind: rules.KindSave, Types: []string{"voice"}, Folder: "微信/语音"}, ""},
		{rules.Rule{Kind: rules.KindSave, Types: []string{"text"}}, "types_bad"},
		{rules.Rule{Kind: rules.KindSave, Folder: "../up"}, "folder_bad"},
		{rules.Rule{Kind: rules.KindSave, Folder: "a:b"}, "folder_bad"},
		{rules.Rule{Kind: rules.KindSave, Folder: "CON"}, "folder_reserved"},
		{rules.Rule{Kind: rules.KindSave, Folder: "微信/aux.txt"}, "folder_reserved"},
		{rules.Rule{Kind: rules.KindSave, Folder: "Com3 /x"}, "folder_reserved"},
		{rules.Rule{Kind: rules.KindSave, Folder: "a\u202eb"}, "folder_bad"},
		{rules.Rule{Kind: rules.KindSave, Folder: "console/LPT10"}, ""},
		{rules.Rule{Kind: "delete"}, "kind_unknown"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, rules.Check(tt.r), "%+v", tt.r)
	}
}

// TestDecideMedia: a forward rule takes the types it names (texts only
// when it names none); a save rule takes media of its chats, sends
// nothing and is not counted against the hourly cap.
func TestDecideMedia(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	texts := rules.Rule{ID: "t", Kind: rules.KindForward, On: true, From: "项目组", To: "我"}
	media := rules.Rule{ID: "m", Kind: rules.KindForward, On: true, From: "项目组", To: "我", Types: []string{"image", "file", "emoticon"}}
	save := rules.Rule{ID: "s", Kind: rules.KindSave, On: true, Chats: []string{"项目组"}}
	img := rules.Message{ID: "1", From: "@@g", Group: "@@g", Type: "image", ChatName: "项目组"}
	file := rules.Message{ID: "2", From: "@@g", Group: "@@g", Type: "file", FileName: "a.pdf", MediaID: "@m", ChatName: "项目组"}
	noMedia := rules.Message{ID: "3", From: "@@g", Group: "@@g", Type: "file", FileName: "a.pdf", ChatName: "项目组"}
	sticker := rules.Message{ID: "4", From: "@@g", Group: "@@g", Type: "emoticon", MD5: "0123456789abcdef0123456789abcdef", ChatName: "项目组"}
	elsewhere := rules.Message{ID: "5", From: "@x", Type: "image", ChatName: "别处"}
	voice := rules.Message{ID: "6", From: "@@g", Group: "@@g", Type: "voice", ChatName: "项目组"}
	tests := []struct {
		name  string
		rules []rules.Rule
		m     rules.Message
		want  []rules.Action
	}{
		{"texts only", []rules.Rule{texts}, img, nil},
		{"an image", []rules.Rule{media}, img, []rules.Action{{Rule: "m", Kind: "forward", To: "我", Msg: &img}}},
		{"a file", []rules.Rule{media}, file, []rules.Action{{Rule: "m", Kind: "forward", To: "我", Msg: &file}}},
		{"a file without its media", []rules.Rule{media, save}, noMedia, nil},
		{"a sticker", []rules.Rule{media}, sticker, []rules.Action{{Rule: "m", Kind: "forward", To: "我", Msg: &sticker}}},
		{"not its type", []rules.Rule{media}, voice, nil},
		{"saved", []rules.Rule{save}, voice, []rules.Action{{Rule: "s", Kind: "save", Msg: &voice, Folder: rules.DefaultFolder}}},
		{"not its chat", []rules.Rule{save}, elsewhere, nil},
		{"a sticker is not saved", []rules.Rule{save}, sticker, nil},
	}
	for _, tt := range tests {
		st := &rules.State{}
		require.Equal(t, tt.want, rules.Decide(tt.rules, st, tt.m, t0), tt.name)
	}
	// Saves do not count: at the cap, a save still happens, a forward not.
	st := &rules.State{HourStart: t0.UnixMilli(), HourCount: 30}
	got := rules.Decide([]rules.Rule{media, save}, st, img, t0.Add(time.Minute))
	require.Equal(t, []rules.Action{{Rule: "s", Kind: "save", Msg: &img, Folder: rules.DefaultFolder}}, got)
	require.Equal(t, rules.ResultHeldCap, st.Log[len(st.Log)-1].Result)
}

func TestSavePath(t *testing.T) {
	t.Parallel()
	stamp := rules.Stamp(2026, 12, 2, 9, 5, 7)
	require.Equal(t, "2026-12-02 09.05.07", stamp)
	tests := []struct{ folder, chat, member, name, want string }{
		{"", "张三", "", "a.pdf", "wxdrop/张三 2026-12-02 09.05.07 a.pdf"},
		{"微信/家", "家", "妈妈", "IMG 1.jpg", "微信/家/家 - 妈妈 2026-12-02 09.05.07 IMG 1.jpg"},
		{"/../a/./b\\c/", "x", "", "y", "a/b/c/x 2026-12-02 09.05.07 y"},
		{"w", "a/b:c", "", "..secret..", "w/a_b_c 2026-12-02 09.05.07 secret"},
		{"w", "x", "", "", "w/x 2026-12-02 09.05.07 _"},
		{"w", "x", "", "\x00bad\n.txt", "w/x 2026-12-02 09.05.07 _bad_.txt"},
		{"w", "x", "", "invoice\u202Efdp.exe", "w/x 2026-12-02 09.05.07 invoice_fdp.exe"},
		{"w", "a\u2066b\u2069\u200f", "c\u0085d", "e\u061cf\u009f.pdf", "w/a_b__ - c_d 2026-12-02 09.05.07 e_f_.pdf"},
		{"CON/aux.d/Lpt1", "x", "", "y", "CON_/aux_.d/Lpt1_/x 2026-12-02 09.05.07 y"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, rules.SavePath(tt.folder, tt.chat, tt.member, stamp, tt.name), "%+v", tt)
	}
	long := rules.CleanName(strings.Repeat("长", 200) + ".docx")
	require.Equal(t, 80, utf8.RuneCountInString(long))
	require.True(t, strings.HasSuffix(long, "长.docx"), long)
}

// TestLogKeepsAnExcerpt: the log keeps the start of a text, not the whole
// 16 KB an incoming message may hold (MaxLog of them would fill much of
// storage.local), whichever way the text reaches it.
func TestLogKeepsAnExcerpt(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	long := strings.Repeat("长", 16<<10/3)
	reply := rules.Rule{ID: "r", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "长", Reply: "收到", CooldownSec: 3600}
	fwd := rules.Rule{ID: "f", Kind: rules.KindForward, On: true, From: "项目组", To: "我"}
	st := &rules.State{}
	m := func(id string) rules.Message {
		return rules.Message{ID: id, From: "@@g", Group: "@@g", Type: "text", Text: long, ChatName: "项目组"}
	}
	var acts []rules.Action
	acts = append(acts, rules.Decide([]rules.Rule{reply, fwd}, st, m("1"), t0)...)
	acts = append(acts, rules.Decide([]rules.Rule{reply}, st, m("2"), t0.Add(time.Second))...) // held: cool-down
	for _, a := range acts {
		st.Note(t0, a, "项目组", rules.ResultQueued, "")
	}
	require.Len(t, st.Log, 3)
	for _, e := range st.Log {
		require.LessOrEqual(t, utf8.RuneCountInString(e.What), rules.MaxWhat+1, "%s: %d runes", e.Kind, utf8.RuneCountInString(e.What))
		if e.Kind == rules.KindReply && e.Result == rules.ResultQueued {
			require.Equal(t, "收到", e.What, "a reply logs what it sent")
			continue
		}
		require.True(t, strings.HasSuffix(e.What, "…"), "%s %s", e.Kind, e.Result)
	}
	require.Equal(t, "短", rules.Excerpt("短"))
	require.Equal(t, strings.Repeat("a", rules.MaxWhat), rules.Excerpt(strings.Repeat("a", rules.MaxWhat)))
	require.Equal(t, strings.Repeat("a", rules.MaxWhat)+"…", rules.Excerpt(strings.Repeat("a", rules.MaxWhat+1)))
}

// TestCooldownsAreForgotten (docs/security.md row 73): a reply rule's
// cool-down is remembered per rule and chat (State.LastReply, in
// storage.local beside the outbox, read and written with every batch of
// messages). Chats are named by UserName, which is new at every login,
// and anyone can add the person to groups: the record kept an entry per
// chat and login for ever. A cool-down that is over, or of a rule no
// longer there, is forgotten; one still running holds as before.
func TestCooldownsAreForgotten(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	away := rules.Rule{ID: "r1", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "在吗", Reply: "稍后回复", CooldownSec: 600}
	st := &rules.State{}
	n := 0
	say := func(chat string, at time.Time) []rules.Action {
		n++
		return rules.Decide([]rules.Rule{away}, st, rules.Message{ID: fmt.Sprint(n), From: chat, Type: "text", Text: "在吗"}, at)
	}
	// A year of daily logins, 200 chats a day (each login's UserNames new).
	for day := range 365 {
		at := t0.Add(time.Duration(day) * 24 * time.Hour)
		for c := range 200 {
			say(fmt.Sprintf("@@%d%060x", day, c), at)
		}
	}
	require.LessOrEqual(t, len(st.LastReply), 200, "only the last login's cool-downs are still running")

	// (TestDecide holds a cool-down still running.) One over: answered.
	again := fmt.Sprintf("@@%d%060x", 364, 7)
	require.Len(t, say(again, t0.Add(366*24*time.Hour)), 1)
}

// TestRuleActsInItsAccount (docs/security.md row 100): a rule that names
// chats names one account's contacts, and acts on that account's
// messages only; a rule for every chat, or one saved before rules had an
// account, acts on every account's.
func TestRuleActsInItsAccount(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	named := rules.Rule{ID: "n", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "门禁", Reply: "4321", Chats: []string{"李四"}, Account: "A"}
	every := rules.Rule{ID: "e", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "门禁", Reply: "在", Account: "A"}
	old := rules.Rule{ID: "o", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "门禁", Reply: "旧", Chats: []string{"李四"}}
	fwd := rules.Rule{ID: "f", Kind: rules.KindForward, On: true, From: "李四", To: "文件传输助手", Account: "A"}
	save := rules.Rule{ID: "s", Kind: rules.KindSave, On: true, Chats: []string{"李四"}, Account: "A"}
	tests := []struct {
		rule    rules.Rule
		account string
		msgType string
		want    int
	}{
		{named, "A", "text", 1},
		{named, "B", "text", 0},
		{named, "", "text", 0},
		{every, "B", "text", 1},
		{old, "B", "text", 1},
		{fwd, "A", "text", 1},
		{fwd, "B", "text", 0},
		{save, "A", "image", 1},
		{save, "B", "image", 0},
	}
	for i, tt := range tests {
		m := rules.Message{ID: fmt.Sprint(i), From: "@lisi", Type: tt.msgType, Text: "门禁密码多少", ChatName: "李四", Account: tt.account}
		require.Len(t, rules.Decide([]rules.Rule{tt.rule}, &rules.State{}, m, t0), tt.want, "rule %s in account %q", tt.rule.ID, tt.account)
	}
}

// TestNotTakenLinesPushOutNothing: batches that reached no rule are one
// line per reason, its count summed and moved to the newest. A page
// script feeding made-up sessions (each batch its last try, refused)
// added a line a batch and pushed what the rules did out of the log.
func TestNotTakenLinesPushOutNothing(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	st := &rules.State{}
	a := rules.Action{Rule: "r", Kind: rules.KindReply, Text: "收到"}
	st.Note(t0, a, "老张", rules.ResultQueued, "")
	st.NoteNotTaken(t0, 3, "INTERNAL")
	for i := range rules.MaxLog * 3 {
		code := "LOGGED_OUT"
		if i%2 == 1 {
			code = "NETWORK"
		}
		st.NoteNotTaken(t0.Add(time.Duration(i)*time.Second), 2, code)
	}
	require.Len(t, st.Log, 4, "the rule's line and one line per reason")
	require.Equal(t, rules.ResultQueued, st.Log[0].Result, "what the rules did is kept")
	got := map[string]string{}
	for _, l := range st.Log[1:] {
		require.Equal(t, rules.ResultNotTaken, l.Result)
		got[l.Detail] = l.What
	}
	require.Equal(t, map[string]string{"INTERNAL": "3", "LOGGED_OUT": fmt.Sprint(rules.MaxLog * 3), "NETWORK": fmt.Sprint(rules.MaxLog * 3)}, got, "the counts summed")
	last := st.Log[len(st.Log)-1]
	require.Equal(t, "NETWORK", last.Detail, "the reason last met is the newest line")
	require.Equal(t, t0.Add(time.Duration(rules.MaxLog*3-1)*time.Second).UnixMilli(), last.Time)
}
