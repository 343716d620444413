package core_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/internal/testsite"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/recall"
)

// TestNotificationsShowNamesAsTheyAre (docs/security.md row 78): a
// contact names themselves with a right-to-left override (U+202E) or
// another control that changes how the text after it reads. Put into
// wxdrop's own words ("To $TO$: $WHAT$"), the name turned the rest of the
// notification around: the person's own text, and what wxdrop says of
// it, read backwards. Names reach a notification without such
// characters now (safename.Hidden), as file names already did (row 40).
func TestNotificationsShowNamesAsTheyAre(t *testing.T) {
	t.Parallel()
	people := append(wxsim.DefaultPeople(), wxsim.Person{Key: "rlo", NickName: "王\u202e总\u2067", ContactFlag: 1})
	f := newFixtureWith(t, wxsim.Config{People: people})
	f.sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Drop: true, AfterHandling: true})
	e := f.add(t, msg.AddBody{To: f.sim.UserName("rlo"), Text: "合同已签"})
	f.core.Wait()
	f.env.mu.Lock()
	n := f.env.notes["wxdrop:"+e.ID]
	f.env.mu.Unlock()
	require.NotEmpty(t, n.body)
	require.True(t, strings.HasPrefix(n.body, "To 王总: 合同已签"), "%q", n.body)
	require.False(t, strings.ContainsAny(n.title+n.body, "\u202e\u2067"), "%q", n.body)
}

// TestNotificationsShowSharedTextsAsTheyAre (docs/security.md row 89):
// a web site gives its page a title that ends in a right-to-left
// override (document.title = "发票\u202E"), and the person sends the
// page from the context menu while web WeChat is logged out. The
// message's first line (the site's title) opens wxdrop's own sentence,
// "$WHAT$ is due. Log in at wx.qq.com within $MIN$ minutes…", which the
// override turned around: "…setunim 01 nihtiw…". A selection's first
// line did the same. The message goes as it is; its title in wxdrop's
// words is shown without the characters that change how text reads.
func TestNotificationsShowSharedTextsAsTheyAre(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, title, selection string }{
		{"the page's title", "发票\u202e", ""},
		{"a selection's first line", "", "合同\u202e\u2067\nsecond line"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newShareFixture(t)
			body := f.env.page()
			f.sim.Logout()
			f.ok(t, fromTab, msg.PageSession, body, nil)
			f.core.Wait()
			in := map[string]any{"menuItemId": f.to, "pageUrl": siteURL + testsite.PagePath}
			if tt.selection != "" {
				in["selectionText"] = tt.selection
			}
			arg, err := json.Marshal(map[string]any{"info": in, "tab": map[string]string{"title": tt.title, "url": siteURL + testsite.PagePath}})
			require.NoError(t, err)
			require.NoError(t, f.core.Event(ctx, core.EventMenu, string(arg)))
			f.settle(t)
			e := f.last(t)
			require.True(t, e.Shared)
			require.Equal(t, msg.ErrLoggedOut, e.Waiting)
			require.True(t, strings.ContainsAny(e.Text, "\u202e"), "the message itself is as the site gave it: %q", e.Text)
			f.env.mu.Lock()
			n, ok := f.env.notes["wxdrop:"+e.ID+":waiting"]
			f.env.mu.Unlock()
			require.True(t, ok, "a waiting notification")
			require.Contains(t, n.body, "10 minutes")
			require.False(t, strings.ContainsAny(n.title+n.body, "\u202e\u2067"), "%q", n.body)
		})
	}
}

// TestMessageExportShowsNamesAsTheyAre (docs/security.md row 90): with
// recalled messages kept, a contact who calls themselves "王\u202E总"
// makes wxdrop's own words about their chat read backwards: the
// options' list of kept chats ("$NAME$ ($COUNT$)": 12 messages read as
// 21) and the exported page's title and heading ("$CHAT$, $FROM$ to
// $TO$": the dates turned around). The names reach both without the
// characters that change how text reads; the messages are as they were
// said.
func TestMessageExportShowsNamesAsTheyAre(t *testing.T) {
	t.Parallel()
	people := append(wxsim.DefaultPeople(), wxsim.Person{Key: "rlo", NickName: "王\u202e总", ContactFlag: 1})
	f := newFixtureWith(t, wxsim.Config{People: people})
	f.ok(t, fromPopup, msg.SetRecall, recall.Config{On: true}, nil)
	m, err := f.sim.Deliver(wxsim.Incoming{From: "rlo", Type: wxsim.MsgText, Text: "你好\u202e"})
	require.NoError(t, err)
	f.ok(t, fromTab, msg.RecallMessages, map[string]any{"messages": []any{onMessage(m)}}, nil)
	f.core.Wait()

	var chats []msg.KeptChat
	f.ok(t, fromPopup, msg.KeptChats, nil, &chats)
	require.Len(t, chats, 1)
	require.Equal(t, "王总", chats[0].Name)

	var ex msg.Export
	f.ok(t, fromPopup, msg.ExportMessages, msg.ExportMessagesBody{Chat: chats[0].Chat, Format: "html"}, &ex)
	page := string(readZip(t, ex.Data)["index.html"])
	require.Contains(t, page, "<title>王总, ")
	require.Contains(t, page, "<h1>王总, ")
	require.Contains(t, page, "<td>王\u202e总</td>", "the sender's cell, a paragraph of its own, as the name is")
	require.Contains(t, page, "你好\u202e", "the message as it was said")
}

// TestRecalledListShowsNamesAsTheyAre (docs/security.md row 93): a
// contact who calls themselves "王\u202E总" says something in a group and
// recalls it. The popup's list of recalls heads it with the sender and
// "in $CHAT$" in one line, which the override turned around ("王 群人家 ni
// 总"). The worker gives the list its names without the characters that
// change how text reads; the index keeps them as they are.
func TestRecalledListShowsNamesAsTheyAre(t *testing.T) {
	t.Parallel()
	people := append(wxsim.DefaultPeople(),
		wxsim.Person{Key: "rlo", NickName: "王\u202e总", ContactFlag: 1},
		wxsim.Person{Key: "home", NickName: "家人群\u2067", Group: true, Members: []string{"rlo", "lisi"}, ContactFlag: 3})
	f := newFixtureWith(t, wxsim.Config{People: people})
	f.ok(t, fromPopup, msg.SetRecall, recall.Config{On: true}, nil)
	g, err := f.sim.Deliver(wxsim.Incoming{From: "rlo", Group: "home", Type: wxsim.MsgText, Text: "发错群了"})
	require.NoError(t, err)
	f.ok(t, fromTab, msg.RecallMessages, map[string]any{"messages": []any{onMessage(g)}}, nil)
	r, err := f.sim.DeliverRecall(g.MsgID)
	require.NoError(t, err)
	f.ok(t, fromTab, msg.RecallMessages, map[string]any{"messages": []any{onMessage(r)}}, nil)
	got := f.recall(t).Recalled
	require.Len(t, got, 1)
	require.Equal(t, "王总", got[0].SenderName)
	require.Equal(t, "家人群", got[0].ChatName)
}
