package core_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// TestForgedIncomingMessagesDriveNothing: messages that the server could
// not have given the page (ids, UserNames, sizes), or of a chat not in the
// login's contacts, reach no rule: nothing is sent, saved, logged or
// remembered (the duplicate guard, the hourly cap); a well-made one of a
// contact still is answered.
func TestForgedIncomingMessagesDriveNothing(t *testing.T) {
	t.Parallel()
	lisiKey, familyKey := "lisi", "family"
	stranger := "@" + strings.Repeat("ab", 32)
	cases := []struct {
		name string
		m    func(lisi, family string) rules.Message
	}{
		{"an id that is not digits", func(lisi, _ string) rules.Message {
			return rules.Message{ID: "x1", From: lisi, Type: "text", Text: "hi"}
		}},
		{"an empty id", func(lisi, _ string) rules.Message { return rules.Message{From: lisi, Type: "text", Text: "hi"} }},
		{"a chat not in the contacts", func(_, _ string) rules.Message {
			return rules.Message{ID: "11", From: stranger, Type: "text", Text: "hi"}
		}},
		{"a sender that is no UserName", func(_, _ string) rules.Message {
			return rules.Message{ID: "12", From: "@not hex!", Type: "text", Text: "hi"}
		}},
		{"a group that is no group UserName", func(lisi, _ string) rules.Message {
			return rules.Message{ID: "13", From: lisi, Group: lisi, IsGroup: true, Type: "text", Text: "hi"}
		}},
		{"a group member that is no UserName", func(_, family string) rules.Message {
			return rules.Message{ID: "14", From: family, Group: family, IsGroup: true, GroupSender: "zhangsan", Type: "text", Text: "hi"}
		}},
		{"a text over 16 KB", func(lisi, _ string) rules.Message {
			return rules.Message{ID: "15", From: lisi, Type: "text", Text: "hi" + strings.Repeat("x", 16384)}
		}},
		{"a file name over 1 KB", func(lisi, _ string) rules.Message {
			return rules.Message{ID: "16", From: lisi, Type: "file", FileName: strings.Repeat("a", 2000) + ".pdf", MediaID: "m"}
		}},
		{"a negative size", func(lisi, _ string) rules.Message {
			return rules.Message{ID: "17", From: lisi, Type: "file", FileName: "a.pdf", FileSize: -1, MediaID: "m"}
		}},
		{"a chat name made up", func(lisi, _ string) rules.Message {
			return rules.Message{ID: "18", From: lisi, Type: "text", Text: "hi", ChatName: "老板"}
		}},
		{"a type the page never gives", func(lisi, _ string) rules.Message {
			return rules.Message{ID: "19", From: lisi, Type: "exe", Text: "hi"}
		}},
		{"an md5 that is not one", func(lisi, _ string) rules.Message {
			return rules.Message{ID: "20", From: lisi, Type: "emoticon", MD5: "../../etc"}
		}},
	}
	f := newFixture(t)
	lisi, family := f.sim.UserName(lisiKey), f.sim.UserName(familyKey)
	cfg := rules.Config{On: true, Rules: []rules.Rule{
		{ID: "any", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "hi", Reply: "hello"},
		{ID: "save", Kind: rules.KindSave, On: true, Types: []string{"image", "video", "voice", "file"}},
	}}
	f.ok(t, fromPopup, msg.SetRules, cfg, nil)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: []rules.Message{c.m(lisi, family)}}, nil)
			f.settle(t)
			require.Empty(t, f.sim.Messages(), "a forged message was answered")
			st := rulesState(t, f)
			require.Empty(t, st.Seen, "the duplicate guard remembered a forged message")
			require.Empty(t, st.Log, "the rule log took a forged message")
			require.Zero(t, st.HourCount, "the hourly cap counted a forged message")
			var saves []rules.Save
			_, err := f.env.Get(ctx, browser.AreaLocal, msg.RuleSavesKey, &saves)
			require.NoError(t, err)
			require.Empty(t, saves, "a save was queued for a forged message")
		})
	}
	// A well-made message of a contact is answered.
	f.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: []rules.Message{{ID: "99", From: lisi, Type: "text", Text: "hi"}}}, nil)
	f.settle(t)
	require.Len(t, f.sim.Messages(), 1)
}

// TestIncomingBatchesAreBounded: a batch over the count or the size is
// refused whole.
func TestIncomingBatchesAreBounded(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	lisi := f.sim.UserName("lisi")
	f.ok(t, fromPopup, msg.SetRules, rules.Config{On: true, Rules: []rules.Rule{
		{ID: "any", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "hi", Reply: "hello"},
	}}, nil)
	many := make([]rules.Message, core.MaxIncomingBatch+1)
	for i := range many {
		many[i] = rules.Message{ID: "5" + strings.Repeat("0", i%20) + "1", From: lisi, Type: "text", Text: "hi"}
	}
	big := make([]rules.Message, 80)
	for i := range big {
		big[i] = rules.Message{ID: "7" + strings.Repeat("1", i%20), From: lisi, Type: "text", Text: strings.Repeat("长", 5000)}
	}
	for _, b := range [][]rules.Message{many, big} {
		_, e := f.call(t, fromTab, msg.PageMessages, rules.Batch{Messages: b})
		require.NotNil(t, e)
		require.Equal(t, msg.ErrBadRequest, e.Code)
	}
	f.settle(t)
	require.Empty(t, f.sim.Messages())
	require.Empty(t, rulesState(t, f).Seen)
}

func rulesState(t *testing.T, f *fixture) rules.State {
	t.Helper()
	var st rules.State
	_, err := f.env.Get(ctx, browser.AreaLocal, msg.RulesStateKey, &st)
	require.NoError(t, err)
	return st
}
