package core_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestPageSessionBounded (docs/security.md row 72): a script on the web
// WeChat page makes what page.js reads of the page (accountFactory,
// chatFactory) as large as it likes. The session it reports, or carries
// with a page API call, lives in storage.session, whose 10 MB every
// account, contact list and the popup's state share, and its nick name
// is published to the popup's state too: megabytes of it filled that
// storage, for the other accounts as well. A session larger than WeChat
// gives is refused whole; nothing of it is stored.
func TestPageSessionBounded(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("a", 64<<10)
	many := make([]string, 400)
	for i := range many {
		many[i] = "@0123456789abcdef"
	}
	tests := []struct {
		name string
		edit func(*msg.PageSessionBody)
	}{
		{"skey", func(b *msg.PageSessionBody) { b.Skey = "@crypt_" + big }},
		{"pass_ticket", func(b *msg.PageSessionBody) { b.PassTicket = big }},
		{"UserName", func(b *msg.PageSessionBody) { b.UserName = "@" + big }},
		{"nick name", func(b *msg.PageSessionBody) { b.NickName = big }},
		{"a chat's UserName", func(b *msg.PageSessionBody) { b.Chats = append(b.Chats, "@"+big) }},
		{"400 chats", func(b *msg.PageSessionBody) { b.Chats = many }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
			f.core.Wait()
			before := f.env.all(browser.AreaSession)
			forged := f.env.page()
			tt.edit(&forged)

			_, e := f.call(t, fromTab, msg.PageSession, forged)
			require.NotNil(t, e, "the report is refused")
			require.Equal(t, msg.ErrBadRequest, e.Code)

			// The same session carried by a page API call acts as no
			// account and stores nothing either.
			call := struct {
				msg.APICallBody
				Session *msg.PageSessionBody `json:"session"`
			}{msg.APICallBody{Method: "me"}, &forged}
			_, e = f.call(t, fromTab, msg.APICall, call)
			require.NotNil(t, e, "the call is refused")
			f.core.Wait()
			after := f.env.all(browser.AreaSession)
			require.NotContains(t, after, big[:1024], "nothing of it is stored")
			require.Less(t, len(after), len(before)+4096, "storage.session did not grow")

			// The page's true session is taken as before.
			f.ok(t, fromTab, msg.PageSession, f.env.page(), nil)
			var me msg.APIMe
			require.Nil(t, f.api(t, "me", nil, &me))
			require.Equal(t, "wxdrop测试", me.NickName)
			raw, e := f.call(t, fromPopup, msg.GetState, nil)
			require.Nil(t, e)
			var st msg.State
			require.NoError(t, json.Unmarshal(raw, &st))
			require.Equal(t, msg.SessionReady, st.Status)
		})
	}
}
