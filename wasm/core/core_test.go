package core_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

var ctx = context.Background()

type fixture struct {
	sim  *wxsim.Server
	env  *memEnv
	core *core.Core
}

// newFixture starts a logged-in simulator and a core that has heard from
// the web WeChat tab.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureWith(t, wxsim.Config{})
}

// newFixtureWith is newFixture with a simulator of that config.
func newFixtureWith(t *testing.T, cfg wxsim.Config) *fixture {
	t.Helper()
	return newFixtureChats(t, cfg)
}

// newFixtureChats is newFixtureWith whose page lists the chats of keys
// (none: memEnv's own).
func newFixtureChats(t *testing.T, cfg wxsim.Config, keys ...string) *fixture {
	t.Helper()
	sim, err := wxsim.New(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { sim.Close() })
	_, err = sim.Login("wx.qq.com")
	require.NoError(t, err)
	env := newMemEnv(sim)
	env.pageChats = keys
	f := &fixture{sim: sim, env: env, core: newCore(env)}
	f.ok(t, fromTab, msg.PageSession, env.page(), nil)
	f.core.Wait()
	return f
}

func newCore(env *memEnv) *core.Core {
	return core.New(env.roles(), protocol.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }))
}

// call sends a message and returns the answer.
func (f *fixture) call(t *testing.T, from core.Sender, name string, body any) (json.RawMessage, *msg.Error) {
	t.Helper()
	return f.request(t, from, msg.Request{Name: name, Body: body})
}

// request is call with the whole request (its Account too).
func (f *fixture) request(t *testing.T, from core.Sender, req msg.Request) (json.RawMessage, *msg.Error) {
	t.Helper()
	raw, err := json.Marshal(req)
	require.NoError(t, err)
	var a struct {
		OK    json.RawMessage `json:"ok"`
		Error *msg.Error      `json:"error"`
	}
	require.NoError(t, json.Unmarshal(f.core.Handle(ctx, raw, from), &a))
	return a.OK, a.Error
}

func (f *fixture) ok(t *testing.T, from core.Sender, name string, body, out any) {
	t.Helper()
	res, e := f.call(t, from, name, body)
	require.Nil(t, e, "%s: %v", name, e)
	if out != nil {
		require.NoError(t, json.Unmarshal(res, out))
	}
}

// entries is the outbox record's entries.
func (f *fixture) entries(t *testing.T) map[string]msg.Entry {
	var rec msg.Outbox
	_, err := f.env.Get(ctx, browser.AreaLocal, msg.OutboxKey, &rec)
	require.NoError(t, err)
	return rec.Entries
}

// settle waits until no entry is pending (sends are a second apart).
func (f *fixture) settle(t *testing.T) {
	t.Helper()
	f.core.Wait()
	require.Eventually(t, func() bool {
		for _, e := range f.entries(t) {
			if e.State.Pending() && e.Waiting == "" {
				return false
			}
		}
		return true
	}, 20*time.Second, 20*time.Millisecond)
	f.core.Wait()
}

// add asks the outbox to send and returns the first entry made.
func (f *fixture) add(t *testing.T, b msg.AddBody) msg.Entry {
	t.Helper()
	var res msg.AddResult
	f.ok(t, fromPopup, msg.OutboxAdd, b, &res)
	require.NotEmpty(t, res.Entries)
	return res.Entries[0]
}

func (f *fixture) state(t *testing.T) msg.State {
	var st msg.State
	f.ok(t, fromPopup, msg.GetState, nil, &st)
	return st
}

func TestSessionFromTheTab(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	st := f.state(t)
	require.Equal(t, msg.SessionReady, st.Status)
	require.Equal(t, "wxdrop测试", st.NickName)
	require.Equal(t, "wx.qq.com", st.Host)

	var cs msg.Contacts
	f.ok(t, fromPopup, msg.GetContacts, nil, &cs)
	require.False(t, cs.Loading)
	names := map[string]msg.Contact{}
	for _, c := range cs.Contacts {
		names[c.NickName] = c
	}
	require.Contains(t, names, "张三")
	require.Contains(t, names, "文件传输助手")
	require.True(t, names["相亲相爱一家人"].Group)
	require.NotContains(t, names, "微信支付", "official accounts are not chats to pick")
	require.NotContains(t, names, "wxdrop测试", "not the account itself")
	require.Equal(t, 1, names["李四"].Recent, "the page's chat list ranks first")
	require.Equal(t, 2, names["相亲相爱一家人"].Recent)
	require.Equal(t, "ZS", names["张三"].PYInitial)
	require.Contains(t, names["张三"].HeadImgURL, "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgeticon?")

	// The header rules were installed once, for the extension's own requests.
	require.Len(t, f.env.rules, 1)
	require.Empty(t, f.sim.Rejections())
}

func TestWhoMayAsk(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	other := fromPopup
	other.ID = "someotherextensionid"
	page := fromPopup
	page.URL = "https://evil.example/"
	evilTab := fromTab
	evilTab.TabURL, evilTab.URL = "https://evil.example/", "https://evil.example/"
	tests := []struct {
		name string
		from core.Sender
		msg  string
		body any
		code msg.Code
	}{
		{"a tab asks for contacts", fromTab, msg.GetContacts, nil, msg.ErrNotAllowed},
		{"a tab asks to send", fromTab, msg.OutboxAdd, msg.AddBody{To: "x", Text: "y"}, msg.ErrNotAllowed},
		{"another extension", other, msg.GetState, nil, msg.ErrNotAllowed},
		{"a web page", page, msg.GetState, nil, msg.ErrNotAllowed},
		{"the popup claims a page session", fromPopup, msg.PageSession, msg.PageSessionBody{Skey: "x", UserName: "@y"}, msg.ErrNotAllowed},
		{"a foreign tab claims a page session", evilTab, msg.PageSession, msg.PageSessionBody{Skey: "x", UserName: "@y"}, msg.ErrNotAllowed},
		{"an unknown message", fromPopup, "debug.dump", nil, msg.ErrBadRequest},
		{"a body of the wrong shape", fromPopup, msg.OutboxAdd, []int{1}, msg.ErrBadRequest},
		{"an empty text", fromPopup, msg.OutboxAdd, msg.AddBody{To: "@a", Text: "  "}, msg.ErrEmptyMessage},
		{"an empty file", fromPopup, msg.OutboxAdd, msg.AddBody{To: "@a", File: &msg.FileRef{ID: "f", Name: "a.txt"}}, msg.ErrEmptyFile},
		{"a chat of no login", fromPopup, msg.OutboxAdd, msg.AddBody{To: "@nobody", Text: "hi"}, msg.ErrNotFound},
		{"a time long past", fromPopup, msg.OutboxAdd, msg.AddBody{To: "filehelper", Text: "hi", At: 1}, msg.ErrBadTime},
		{"a text too long", fromPopup, msg.OutboxAdd, msg.AddBody{To: "filehelper", Text: strings.Repeat("长", 5462)}, msg.ErrTooLong}, // 16386 bytes: over 16 KB
		{"edit of no entry", fromPopup, msg.OutboxEdit, msg.EditBody{ID: "nope"}, msg.ErrNoEntry},
		{"cancel of no entry", fromPopup, msg.OutboxCancel, msg.IDBody{ID: "nope"}, msg.ErrNoEntry},
	}
	for _, tt := range tests {
		_, e := f.call(t, tt.from, tt.msg, tt.body)
		require.NotNil(t, e, tt.name)
		require.Equal(t, tt.code, e.Code, tt.name)
	}
	_, e := f.call(t, fromPopup, "", nil)
	require.Equal(t, msg.ErrBadRequest, e.Code)
	require.Equal(t, `{"error":{"code":"BAD_REQUEST","detail":"not a message"}}`, string(f.core.Handle(ctx, []byte("{"), fromPopup)))
}

func TestSendTextRunsInTheWorker(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	e := f.add(t, msg.AddBody{To: f.sim.UserName("zhangsan"), Text: "你好 &<>'\"😀"})
	require.Equal(t, msg.EntryQueued, e.State)
	require.Equal(t, "老张", e.To.Name())
	require.Equal(t, "张三", e.To.NickName)
	f.core.Wait()
	done := f.entries(t)[e.ID]
	require.Equal(t, msg.EntrySent, done.State, "%+v", done.Error)
	msgs := f.sim.Messages()
	require.Len(t, msgs, 1)
	require.Equal(t, "你好 &<>'\"😀", msgs[0].Content)
	require.Equal(t, msgs[0].MsgID, done.MsgID)
	require.Equal(t, e.ClientMsgID, msgs[0].ClientMsgID)
	require.Empty(t, f.env.notes, "a send made now is not a notification when it works")
	require.Equal(t, "", f.env.badge)

	// The chat is now recent, kept on disk by its names only.
	var recents []map[string]any
	_, err := f.env.Get(ctx, browser.AreaLocal, msg.RecentKey, &recents)
	require.NoError(t, err)
	require.Equal(t, "张三", recents[0]["n"])
	assertNoSecretsOnDisk(t, f)
}

func TestSendFilesOfEveryKind(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tests := []struct {
		name string
		data []byte
		kind msg.EntryKind
		typ  int
	}{
		{"photo.png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 3000)...), "image", 3},
		{"clip.mp4", append([]byte("\x00\x00\x00\x18ftypmp42"), make([]byte, 700000)...), "video", 43},
		{`报告 &<>'"😀.pdf`, append([]byte("%PDF-1.7\n"), make([]byte, 1200000)...), "file", 6},
	}
	for i, tt := range tests {
		id := "file" + string(rune('a'+i))
		f.env.putFile(id, tt.data)
		e := f.add(t, msg.AddBody{To: f.sim.UserName("lisi"), File: &msg.FileRef{ID: id, Name: tt.name, Size: int64(len(tt.data))}})
		f.settle(t)
		done := f.entries(t)[e.ID]
		require.Equal(t, msg.EntrySent, done.State, "%s: %+v", tt.name, done.Error)
		require.Equal(t, tt.kind, done.Kind)
		m := f.sim.Messages()[i]
		require.Equal(t, tt.typ, m.Type)
		require.Equal(t, tt.name, m.FileName)
		md, _ := f.sim.Media(m.MediaID)
		require.Equal(t, tt.data, md.Data)
		_, err := f.env.Open(ctx, id)
		require.Error(t, err, "a sent file leaves IndexedDB")
	}
	require.Empty(t, f.sim.Rejections())
}

func TestTextAndFileInOneRequest(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.env.putFile("doc", []byte("%PDF-1.7\nhello"))
	var res msg.AddResult
	f.ok(t, fromPopup, msg.OutboxAdd, msg.AddBody{To: "filehelper", Text: "the report:", File: &msg.FileRef{ID: "doc", Name: "r.pdf", Size: 15}}, &res)
	require.Len(t, res.Entries, 2)
	f.settle(t)
	msgs := f.sim.Messages()
	require.Len(t, msgs, 2)
	require.Equal(t, "the report:", msgs[0].Content, "the text goes first")
	require.Equal(t, "r.pdf", msgs[1].FileName)
}

func TestSkeyChangeIsFollowed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.sim.RotateSkey() // the page learns it (Tabs.Ask reads the sim); the core's copy is stale
	e := f.add(t, msg.AddBody{To: f.sim.UserName("lisi"), Text: "after a new skey"})
	f.core.Wait()
	require.Equal(t, msg.EntrySent, f.entries(t)[e.ID].State)
	require.Equal(t, msg.SessionReady, f.state(t).Status)
}

// TestLogoutHoldsTheMessage: a send that meets a logged-out session waits
// for the next login (within the grace period), tells the person once,
// and goes to the same person in the new login, whose UserNames differ.
func TestLogoutHoldsTheMessage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	oldLisi := f.sim.UserName("lisi")
	body := f.env.page()
	f.sim.Logout()
	// The page's chat list changed just before: the contact refresh this
	// starts fails on the logout, and the chats stay known.
	body.Chats = body.Chats[:1]
	f.ok(t, fromTab, msg.PageSession, body, nil)
	f.core.Wait()
	e := f.add(t, msg.AddBody{To: oldLisi, Text: "hi"})
	f.core.Wait()
	held := f.entries(t)[e.ID]
	require.Equal(t, msg.EntryQueued, held.State)
	require.Equal(t, msg.ErrLoggedOut, held.Waiting)
	require.Equal(t, msg.SessionLoggedOut, f.state(t).Status)
	require.Equal(t, "1", f.env.badge)
	n := f.env.notes["wxdrop:"+e.ID+":waiting"]
	require.Equal(t, "Log in to web WeChat to send", n.title)
	require.Contains(t, n.body, "李四")
	require.Contains(t, n.body, "10 minutes")
	require.Empty(t, f.sim.Messages())

	// Logging in again on the page brings the extension back, and the
	// message goes to 李四 of the new login.
	_, err := f.sim.Login("wx.qq.com")
	require.NoError(t, err)
	require.NotEqual(t, oldLisi, f.sim.UserName("lisi"))
	f.ok(t, fromTab, msg.PageSession, f.env.page(), nil)
	f.settle(t)
	require.Equal(t, msg.SessionReady, f.state(t).Status)
	sent := f.entries(t)[e.ID]
	require.Equal(t, msg.EntrySent, sent.State, "%+v", sent)
	msgs := f.sim.Messages()
	require.Len(t, msgs, 1)
	require.Equal(t, f.sim.UserName("lisi"), msgs[0].To)
	require.Equal(t, "", f.env.badge)
}

func TestUncertainAndTooFrequent(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Drop: true, AfterHandling: true})
	a := f.add(t, msg.AddBody{To: f.sim.UserName("lisi"), Text: "one"})
	f.core.Wait()
	got := f.entries(t)[a.ID]
	require.Equal(t, msg.EntryUncertain, got.State)
	require.Equal(t, msg.ErrUncertain, got.Error.Code)
	require.Len(t, f.sim.Messages(), 1, "the uncertain one reached the server, and was not sent again")
	n := f.env.notes["wxdrop:"+a.ID]
	require.Equal(t, "Message may have been sent", n.title)

	// 1205 holds the message and sends it later with the same ClientMsgId.
	f.sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Ret: 1205})
	b := f.add(t, msg.AddBody{To: f.sim.UserName("lisi"), Text: "two"})
	f.settle(t)
	got = f.entries(t)[b.ID]
	require.Equal(t, msg.EntryQueued, got.State)
	require.Equal(t, msg.ErrTooFrequent, got.Waiting)
	require.False(t, f.env.alarm.IsZero(), "a wake-up for the retry")
	require.Len(t, f.sim.Messages(), 1)

	// The person sends the uncertain one again: the same ClientMsgId.
	f.ok(t, fromPopup, msg.OutboxSendNow, msg.IDBody{ID: a.ID}, nil)
	require.Eventually(t, func() bool {
		return f.entries(t)[b.ID].State == msg.EntrySent && f.entries(t)[a.ID].State == msg.EntrySent
	}, 30*time.Second, 50*time.Millisecond)
	msgs := f.sim.Messages()
	require.Len(t, msgs, 3)
	require.Equal(t, b.ClientMsgID, msgs[1].ClientMsgID, "the held one was due first")
	require.Equal(t, a.ClientMsgID, msgs[2].ClientMsgID)

	f.ok(t, fromPopup, msg.OutboxClear, nil, nil)
	require.Empty(t, f.entries(t))
}

// TestWorkerRestart: a core that starts again (the worker was stopped)
// finds the session in storage.session and sends.
func TestWorkerRestart(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	again := newCore(f.env)
	raw, _ := json.Marshal(msg.Request{Name: msg.OutboxAdd, Body: msg.AddBody{To: f.sim.UserName("wangwu"), Text: "after a restart"}})
	var a struct{ OK msg.AddResult }
	require.NoError(t, json.Unmarshal(again.Handle(ctx, raw, fromPopup), &a))
	again.Wait()
	require.Len(t, f.sim.Messages(), 1)
	require.Len(t, f.env.rules, 2, "the rules are checked again once per wake")
}

func TestSettings(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var s msg.Settings
	f.ok(t, fromPopup, msg.GetSettings, nil, &s)
	require.Equal(t, msg.DefaultSettings(), s)
	f.ok(t, fromPopup, msg.SetSettings, msg.Settings{GraceMinutes: 30, SpacingMs: 10, KeepDays: 9999}, &s)
	require.Equal(t, msg.Settings{GraceMinutes: 30, SpacingMs: msg.MinSpacingMs, KeepDays: msg.MaxKeepDays}, s)
	f.ok(t, fromPopup, msg.GetSettings, nil, &s)
	require.Equal(t, 30, s.GraceMinutes)
}

func TestNotificationClickOpensThePopupOnTheEntry(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	require.NoError(t, f.core.Event(ctx, core.EventNotificationClick, "wxdrop:abc:waiting"))
	require.Equal(t, []string{"abc"}, f.env.popups)
	var focus string
	_, err := f.env.Get(ctx, browser.AreaSession, msg.FocusKey, &focus)
	require.NoError(t, err)
	require.Equal(t, "abc", focus)
	require.NoError(t, f.core.Event(ctx, core.EventNotificationClick, "someone-else"))
	require.Len(t, f.env.popups, 1)
}

func TestStateBeforeAnyTabReported(t *testing.T) {
	t.Parallel()
	sim, err := wxsim.New(wxsim.Config{})
	require.NoError(t, err)
	t.Cleanup(func() { sim.Close() })
	env := newMemEnv(sim)
	f := &fixture{sim: sim, env: env, core: newCore(env)}
	require.Equal(t, msg.SessionNone, f.state(t).Status, "nobody logged in")
	_, err = sim.Login("wx.qq.com")
	require.NoError(t, err)
	require.Equal(t, msg.SessionReady, f.state(t).Status, "the tab is asked")
	f.core.Wait()

	env.noTab = true
	f.ok(t, fromPopup, msg.OpenWeChat, nil, nil)
	require.Equal(t, []string{"https://wx.qq.com/"}, env.opened)
	env.noTab = false
	f.ok(t, fromPopup, msg.OpenWeChat, nil, nil)
	require.Equal(t, 7, env.focused)
}

func assertNoSecretsOnDisk(t *testing.T, f *fixture) {
	t.Helper()
	ss, _ := f.sim.CurrentSession()
	disk := f.env.all(browser.AreaLocal)
	for _, s := range []string{ss.Skey, ss.PassTicket, ss.DataTicket, ss.Sid, url.QueryEscape(ss.Skey)} {
		require.NotContains(t, disk, s)
	}
}

func TestHeaderRules(t *testing.T) {
	t.Parallel()
	var rules []map[string]any
	require.NoError(t, json.Unmarshal([]byte(core.HeaderRulesJSON(extID)), &rules))
	require.Len(t, rules, 12)
	main := rules[4]["condition"].(map[string]any) // wx2, wx8, then wx.qq.com: the page's order
	require.Equal(t, []any{"wx.qq.com"}, main["requestDomains"])
	require.Equal(t, []any{"file.wx.qq.com", "webpush.wx.qq.com", "login.wx.qq.com"}, main["excludedRequestDomains"])
	require.Equal(t, []any{extID}, main["initiatorDomains"])
	hdrs := rules[5]["action"].(map[string]any)["requestHeaders"].([]any)
	require.Equal(t, map[string]any{"header": "sec-fetch-site", "operation": "set", "value": "same-site"}, hdrs[2])
	// The pages' avatars pass the HTTP cache by (row 82); the worker's own
	// requests (sends among them) are left as they are.
	last := rules[11]
	require.Equal(t, []any{map[string]any{"header": "if-match", "operation": "set", "value": "*"}}, last["action"].(map[string]any)["requestHeaders"])
	require.Equal(t, []any{"image", "media"}, last["condition"].(map[string]any)["resourceTypes"])
}

// TestHeaderRulesInitiator: the rules name the host of the extension's
// own URLs, which is what the browser gives as the initiator of its
// requests; in Firefox that is the add-on's UUID, not its id (an id with
// an @ is even refused as a domain, and the rules with it).
func TestHeaderRulesInitiator(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, host string }{
		{"chromium", ""},
		{"firefox", "5b0c7a3e-4c1e-4c62-9a57-7e3f0b2d9a11"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim, err := wxsim.New(wxsim.Config{})
			require.NoError(t, err)
			t.Cleanup(func() { sim.Close() })
			_, err = sim.Login("wx.qq.com")
			require.NoError(t, err)
			env := newMemEnv(sim)
			env.host = tc.host
			f := &fixture{sim: sim, env: env, core: newCore(env)}
			f.ok(t, fromTab, msg.PageSession, env.page(), nil)
			f.core.Wait()
			want := env.Host()
			env.mu.Lock()
			sets := append([]string(nil), env.rules...)
			env.mu.Unlock()
			require.NotEmpty(t, sets, "no header rules were set")
			var rules []map[string]any
			require.NoError(t, json.Unmarshal([]byte(sets[len(sets)-1]), &rules))
			for _, r := range rules {
				require.Equal(t, []any{want}, r["condition"].(map[string]any)["initiatorDomains"], "rule %v", r["id"])
			}
		})
	}
}

func TestPageLoginScreenEndsTheSession(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	other := fromTab
	other.TabURL, other.URL = "https://wx2.qq.com/", "https://wx2.qq.com/"
	f.ok(t, other, msg.PageSession, msg.PageSessionBody{LoggedOut: true}, nil)
	require.Equal(t, msg.SessionReady, f.state(t).Status, "a login screen on another host says nothing of this session")
	f.sim.Logout() // the tab, asked, shows its login screen too
	f.ok(t, fromTab, msg.PageSession, msg.PageSessionBody{LoggedOut: true}, nil)
	require.Equal(t, msg.SessionLoggedOut, f.state(t).Status)
}
