package core_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/recall"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// TestIncomingFromTheNetworkOnly: where the shim reads the incoming
// messages from the network (Firefox: Sender.NetIncoming), the content
// scripts' report of them (page.messages, recall.messages), which a script
// holding their channel can forge (docs/security.md row 24), reaches
// neither the rules nor the kept messages; the shim's own report does,
// checked as ever. Chromium's senders (no NetIncoming) are heard as before.
func TestIncomingFromTheNetworkOnly(t *testing.T) {
	t.Parallel()
	netTab := fromTab
	netTab.NetIncoming = true
	shim := netTab
	shim.Net = true
	for _, tc := range []struct {
		name  string
		from  core.Sender
		heard bool
	}{
		{"Chromium: the content scripts", fromTab, true},
		{"Firefox: the content scripts", netTab, false},
		{"Firefox: the network", shim, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.ok(t, fromPopup, msg.SetRules, rules.Config{On: true, Rules: []rules.Rule{
				{ID: "hi", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "hi", Reply: "hello"},
			}}, nil)
			f.ok(t, fromPopup, msg.SetRecall, recall.Config{On: true}, nil)
			m, err := f.sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgText, Text: "hi"})
			require.NoError(t, err)
			batch := map[string]any{"messages": []any{onMessage(m)}}
			f.ok(t, tc.from, msg.PageMessages, batch, nil)
			var ans msg.RecallAnswer
			f.ok(t, tc.from, msg.RecallMessages, batch, &ans)
			require.NotNil(t, ans.Revokes, "recall.messages answers a list, even when it ignores the batch")
			f.settle(t)
			replies := 0
			for _, s := range f.sim.Messages() {
				if !s.Incoming && s.ToKey == "lisi" && s.Content == "hello" {
					replies++
				}
			}
			var chats []msg.KeptChat
			f.ok(t, fromPopup, msg.KeptChats, nil, &chats)
			if tc.heard {
				require.Equal(t, 1, replies, "the rule answers")
				require.Len(t, chats, 1, "the message is kept")
			} else {
				require.Zero(t, replies, "the rule heard a report the content scripts made")
				require.Empty(t, chats, "a report the content scripts made was kept")
			}
		})
	}
}
