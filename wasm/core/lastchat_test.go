package core_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// sendPageArg is the keyboard command that sends a page to the chat sent
// to last, on a page of the person's that a contact should not see.
const sendPageArg = `{"command":"send-page","tab":{"title":"工资单","url":"https://intranet.test/pay/2026-12"}}`

// TestLastChatIsThePersonsChoice: the chat the keyboard command sends
// the current page to (and the context menu lists first) is the one the
// person chose last, in the popup or a menu. A message a page script
// sent through the page API, a rule's answer to a contact or the chats
// of a run to many do not choose it: otherwise a script on the WeChat
// page, or a contact who sets off an auto-reply, would have the person's
// next page (a URL of any site) sent to a chat of their choice.
func TestLastChatIsThePersonsChoice(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// after runs once the person has sent to 老张 from the popup.
		after func(t *testing.T, f *shareFixture)
	}{
		{"a page API send", func(t *testing.T, f *shareFixture) {
			f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
			require.Nil(t, f.api(t, "sendText", map[string]any{"to": "李四", "text": "from a page script"}, nil))
		}},
		{"a run to many", func(t *testing.T, f *shareFixture) {
			var st msg.RunStatus
			f.ok(t, fromPopup, msg.OutboxRunAdd, msg.RunBody{To: []string{f.sim.UserName("lisi")}, Text: "店庆", SpacingMs: 1000}, &st)
			require.Eventually(t, func() bool {
				var got msg.RunStatus
				f.ok(t, fromPopup, msg.OutboxRunGet, msg.IDBody{ID: st.ID}, &got)
				return got.Done
			}, 20*time.Second, 10*time.Millisecond)
		}},
		{"a rule's reply", func(t *testing.T, f *shareFixture) {
			f.ok(t, fromPopup, msg.SetRules, rules.Config{On: true, Rules: []rules.Rule{
				{ID: "busy", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "在吗", Reply: "稍后回复"},
			}}, nil)
			f.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: []rules.Message{
				{ID: "1", From: f.sim.UserName("lisi"), Type: "text", Text: "在吗？"},
			}}, nil)
			f.settle(t)
			require.Equal(t, "稍后回复", f.sim.Messages()[len(f.sim.Messages())-1].Content)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newShareFixture(t)
			tt.after(t, f)
			f.settle(t)
			require.Equal(t, "老张", f.firstMenuChat(t), "the menu's first chat")
			require.NoError(t, f.core.Event(ctx, core.EventCommand, sendPageArg))
			f.settle(t)
			msgs := f.sim.Messages()
			m := msgs[len(msgs)-1]
			require.Equal(t, "工资单\nhttps://intranet.test/pay/2026-12", m.Content)
			require.Equal(t, "zhangsan", m.ToKey, "the page goes to the chat the person chose last")
		})
	}
}

// TestLastChatIsOfThePopupsAccount: a chat sent to from one account is
// not the last chat of another: with the popup acting as the other
// account (the first logged out), the keyboard command opens the picker
// rather than sending the page to a chat of the other account that has
// the same name, and so does a click on the menu made while the first
// account was the popup's, even where the other account's menu has an
// item of the same names.
func TestLastChatIsOfThePopupsAccount(t *testing.T) {
	t.Parallel()
	f := newShareFixture(t)
	other := f.secondAccount(t)
	f.sim.Logout()
	f.ok(t, fromTab, msg.PageSession, msg.PageSessionBody{LoggedOut: true}, nil)
	f.core.Wait()
	require.Equal(t, other, f.account(t), "the popup acts as the other account")

	before := len(f.entries(t))
	for _, do := range []func(){
		func() { require.NoError(t, f.core.Event(ctx, core.EventCommand, sendPageArg)) },
		// The menu made while the first account was the popup's.
		func() { f.click(t, f.to, map[string]string{"selectionText": "工资单"}) },
		// The same, once the other account's page lists a 张三/老张 of
		// its own among its recent chats, before a menu was made for it:
		// an item's id is the chat's names alone, the same in both
		// accounts' menus, and that 老张 is another person.
		func() {
			require.NoError(t, f.env.Set(ctx, browser.AreaSession, msg.ContactsKey, msg.Contacts{Contacts: []msg.Contact{
				{UserName: "@other-laozhang", NickName: "张三", RemarkName: "老张", Recent: 1},
			}}))
			f.click(t, f.to, map[string]string{"selectionText": "工资单"})
		},
	} {
		require.NoError(t, f.env.Set(ctx, browser.AreaSession, msg.ShareKey, nil))
		do()
		f.settle(t)
		for _, e := range f.entries(t) {
			require.NotEqual(t, other, e.Account, "no entry of the other account: %+v", e.To)
		}
		require.Len(t, f.entries(t), before)
		var sh msg.Share
		found, err := f.env.Get(ctx, browser.AreaSession, msg.ShareKey, &sh)
		require.NoError(t, err)
		require.True(t, found && sh.Text != "", "the picker opens with the page waiting")
	}
}

// firstMenuChat is the title of the context menu's first chat ("" for
// none).
func (f *shareFixture) firstMenuChat(t *testing.T) string {
	t.Helper()
	f.env.mu.Lock()
	defer f.env.mu.Unlock()
	for _, it := range f.env.menus {
		if it.Parent != "" && !it.Separator && it.ID != "choose" {
			return it.Title
		}
	}
	return ""
}
