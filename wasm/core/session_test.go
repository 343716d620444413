package core_test

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// accountContacts is the core's per-account contact list as stored.
type accountContacts struct {
	Login    string        `json:"login,omitempty"`
	Fetched  int64         `json:"fetched,omitempty"`
	Contacts []msg.Contact `json:"contacts,omitempty"`
	Unlisted []string      `json:"unlisted,omitempty"`
}

// account is the ID of the account the popup acts as.
func (f *fixture) account(t *testing.T) string {
	t.Helper()
	var id string
	found, err := f.env.Get(ctx, browser.AreaSession, msg.AccountKey, &id)
	require.NoError(t, err)
	require.True(t, found)
	require.NotEmpty(t, id)
	return id
}

// staleList turns the API on, then makes the core hold, after a new
// login, a list that says it is this login's but has the previous
// login's UserNames (张三's remark name set to remark).
func (f *fixture) staleList(t *testing.T, remark string) {
	t.Helper()
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
	require.Nil(t, f.api(t, "me", nil, nil))
	key := msg.AccountContactsPrefix + f.account(t)
	var first accountContacts
	_, err := f.env.Get(ctx, browser.AreaSession, key, &first)
	require.NoError(t, err)
	require.NotEmpty(t, first.Contacts)
	_, err = f.sim.Login("wx.qq.com")
	require.NoError(t, err)
	f.ok(t, fromTab, msg.PageSession, f.env.page(), nil)
	f.core.Wait()
	ss, _ := f.sim.CurrentSession()
	stale := first
	stale.Login, stale.Fetched = ss.UserName, time.Now().UnixMilli()
	for i := range stale.Contacts {
		if stale.Contacts[i].NickName == "张三" {
			stale.Contacts[i].RemarkName = remark
		}
	}
	require.NoError(t, f.env.Set(ctx, browser.AreaSession, key, stale))
}

// TestStaleUserNameOfAFile: a file's upload refused for a UserName not of
// this login is uploaded once more to the chat found again, and sent
// there once.
func TestStaleUserNameOfAFile(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.staleList(t, "老张")
	doc := f.storePageFile(t, []byte("%PDF-1.7\nfound again"))
	var sent msg.APISent
	require.Nil(t, f.api(t, "sendFile", map[string]any{"to": "老张", "fileId": doc, "name": "r.pdf", "size": 20.0, "type": "application/pdf"}, &sent))
	require.NotEmpty(t, sent.MsgID)
	require.Len(t, f.sim.RequestsTo("webwxuploadmedia"), 2, "refused once, then uploaded to the chat found again")
	require.Len(t, f.sim.Messages(), 1)
	m := f.sim.Messages()[0]
	require.Equal(t, "zhangsan", m.ToKey)
	require.Equal(t, "r.pdf", m.FileName)
}

// TestStaleUserNameIsFoundAgain: a send refused for a UserName that is
// not of this login (wxsim answers Ret 1, §3.4) makes the core fetch the
// login's chats and find the chat again by its name, once: one chat of
// the name gets the message once; none is NOT_FOUND and nothing is sent;
// a refusal of something else, for a UserName still of this login,
// stands (SERVER) and is not sent again.
func TestStaleUserNameIsFoundAgain(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// stale: the core's list holds the previous login's UserNames
		// (else: the current list, and the send refused by a fault).
		stale bool
		// remark is what 张三's remark name is in the stale list.
		remark string
		to     string
		code   msg.Code
		// sends is how many send requests wxsim gets; sent whether one
		// reached 张三.
		sends int
		sent  bool
	}{
		{name: "found again and sent once", stale: true, remark: "老张", to: "老张", sends: 2, sent: true},
		{name: "the name is no chat of this login", stale: true, remark: "张老板", to: "张老板", code: msg.ErrNotFound, sends: 1},
		{name: "a refusal of something else stands", to: "老张", code: msg.ErrServer, sends: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			if tt.stale {
				f.staleList(t, tt.remark)
			} else {
				f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
				f.sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Ret: 1})
			}
			fetches := len(f.sim.RequestsTo("webwxgetcontact"))

			var sent msg.APISent
			e := f.api(t, "sendText", map[string]any{"to": tt.to, "text": "找回"}, &sent)
			if tt.code == "" {
				require.Nil(t, e)
				require.NotEmpty(t, sent.MsgID)
			} else {
				require.NotNil(t, e)
				require.Equal(t, tt.code, e.Code)
			}
			require.Len(t, f.sim.RequestsTo("webwxsendmsg"), tt.sends)
			var got []wxsim.Message
			for _, m := range f.sim.Messages() {
				if m.Content == "找回" {
					got = append(got, m)
				}
			}
			if tt.sent {
				require.Len(t, got, 1, "sent exactly once")
				require.Equal(t, "zhangsan", got[0].ToKey)
				require.Equal(t, f.sim.UserName("zhangsan"), got[0].To, "under the UserName of this login")
			} else {
				require.Empty(t, got)
			}
			// Whether the UserName is of this login is known only from the
			// login's chats: they are fetched once, whatever the refusal.
			require.Len(t, f.sim.RequestsTo("webwxgetcontact"), fetches+1, "the chats of this login fetched once")
		})
	}
}

// TestEntriesRecordTheirAccount: every entry records the account that
// made it, by an ID that is not the Uin: nothing in storage.local holds
// the Uin, and the ID stays the same across logins of the account.
func TestEntriesRecordTheirAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
	acct := f.account(t)
	require.Nil(t, f.api(t, "sendText", map[string]any{"to": "老张", "text": "从页面"}, nil))
	popup := f.add(t, msg.AddBody{To: f.sim.UserName("lisi"), Text: "从弹出窗口"})
	_, err := f.sim.Login("wx.qq.com")
	require.NoError(t, err)
	f.ok(t, fromTab, msg.PageSession, f.env.page(), nil)
	f.core.Wait()
	require.Equal(t, acct, f.account(t), "the same account in its next login")
	f.settle(t)
	n := 0
	for _, e := range f.entries(t) {
		require.Equal(t, acct, e.Account, "%s", e.Text)
		n++
	}
	require.Equal(t, 2, n)
	require.Equal(t, msg.EntrySent, f.entries(t)[popup.ID].State)
	ss, _ := f.sim.CurrentSession()
	require.NotContains(t, f.env.all(browser.AreaLocal), strconv.FormatInt(ss.Uin, 10))
}

// secondAccount adds a second account's live session on web.wechat.com,
// as its tab would have reported it, with its cookies; it returns its ID.
func (f *fixture) secondAccount(t *testing.T) string {
	t.Helper()
	var all map[string]json.RawMessage
	_, err := f.env.Get(ctx, browser.AreaSession, msg.SessionsKey, &all)
	require.NoError(t, err)
	const id = "0123456789abcdef"
	all[id] = json.RawMessage(`{"host":"web.wechat.com","uin":2381672740,"skey":"@crypt_x","userName":"@b","nickName":"第二个号"}`)
	require.NoError(t, f.env.Set(ctx, browser.AreaSession, msg.SessionsKey, all))
	f.env.mu.Lock()
	f.env.otherCookies = map[string]map[string]string{"web.wechat.com": {"wxuin": "2381672740", "wxsid": "sid", "webwx_data_ticket": "ticket"}}
	f.env.mu.Unlock()
	return id
}

// TestNotificationsNameTheAccount: with two accounts logged in, a
// notification says which one it is about; with one, it does not.
func TestNotificationsNameTheAccount(t *testing.T) {
	t.Parallel()
	for _, two := range []bool{false, true} {
		f := newFixture(t)
		if two {
			f.secondAccount(t)
		}
		f.sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Drop: true, AfterHandling: true})
		e := f.add(t, msg.AddBody{To: f.sim.UserName("lisi"), Text: "which account?"})
		f.core.Wait()
		title := f.env.notes["wxdrop:"+e.ID].title
		if two {
			require.Equal(t, "Message may have been sent · wx.qq.com · wxdrop测试", title, "the tab's host, and the nick name the page says")
		} else {
			require.Equal(t, "Message may have been sent", title)
		}
	}
}

// TestLongNickNameIsCut (security.md row 97): the page says its
// account's nick name, up to 4,096 bytes, and a script of the page can
// pad it out (the other account's name and host, then more). The pages
// are given 32 characters of it and the notifications name the tab's
// host first: the name pushed the host out of the state line, the
// account switch and the title.
func TestLongNickNameIsCut(t *testing.T) {
	t.Parallel()
	long := "第二个号 · web.wechat.com " + strings.Repeat("号", 300)
	f := newFixtureWith(t, wxsim.Config{SelfNickName: long})
	f.secondAccount(t)
	f.ok(t, fromTab, msg.PageSession, f.env.page(), nil)
	f.core.Wait()
	var st msg.State
	_, err := f.env.Get(ctx, browser.AreaSession, msg.StateKey, &st)
	require.NoError(t, err)
	cut := string([]rune(long)[:32]) + "…"
	require.Equal(t, cut, st.NickName, "the state's name")
	names := []string{}
	for _, a := range st.Accounts {
		names = append(names, a.NickName)
	}
	require.Contains(t, names, cut, "the accounts' names")
	f.sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Drop: true, AfterHandling: true})
	e := f.add(t, msg.AddBody{To: f.sim.UserName("lisi"), Text: "which account?"})
	f.core.Wait()
	require.Equal(t, "Message may have been sent · wx.qq.com · "+cut, f.env.notes["wxdrop:"+e.ID].title)
}

// TestScheduleWaitsForItsOwnAccount: a message scheduled by one account
// never leaves from another logged-in account: while its own is logged
// out it waits (the grace period), and is missed after it.
func TestScheduleWaitsForItsOwnAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var later atomic.Int64 // how far the clock is moved on
	f.env.now = func() time.Time { return time.Now().Add(time.Duration(later.Load())) }
	mine := f.account(t)
	other := f.secondAccount(t)

	e := f.add(t, msg.AddBody{To: f.sim.UserName("lisi"), Text: "mine only", At: time.Now().Add(time.Minute).UnixMilli()})
	require.Equal(t, mine, e.Account)
	// Its account logs out; the popup then acts as the other one.
	f.sim.Logout()
	f.ok(t, fromTab, msg.PageSession, msg.PageSessionBody{LoggedOut: true}, nil)
	require.Equal(t, other, f.account(t))

	later.Store(int64(2 * time.Minute))
	f.core.Start()
	f.core.Wait()
	got := f.entries(t)[e.ID]
	require.Equal(t, msg.EntryQueued, got.State)
	require.Equal(t, msg.ErrLoggedOut, got.Waiting, "held for its own account")

	later.Store(int64(15 * time.Minute))
	f.core.Start()
	f.core.Wait()
	require.Equal(t, msg.EntryMissed, f.entries(t)[e.ID].State)
	require.Empty(t, f.sim.Messages())
	for _, r := range f.sim.Requests() {
		require.NotEqual(t, "web.wechat.com", r.Host, "nothing went to the other account's host")
	}
}

// TestRevokeOnlyOwnAccount: a tab cannot take back a message another
// account sent, even by its entry's id.
func TestRevokeOnlyOwnAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
	var sent msg.APISent
	require.Nil(t, f.api(t, "sendText", map[string]any{"to": "老张", "text": "mine"}, &sent))
	var rec msg.Outbox
	_, err := f.env.Get(ctx, browser.AreaLocal, msg.OutboxKey, &rec)
	require.NoError(t, err)
	e := rec.Entries[sent.Entry]
	e.ID, e.Account = "theirs", f.secondAccount(t)
	rec.Entries[e.ID] = e
	require.NoError(t, f.env.Set(ctx, browser.AreaLocal, msg.OutboxKey, rec))
	tests := []struct {
		entry string
		code  msg.Code
	}{
		{"theirs", msg.ErrNoEntry},
		{sent.Entry, ""},
	}
	for _, tt := range tests {
		e := f.api(t, "revoke", map[string]any{"entry": tt.entry}, nil)
		if tt.code == "" {
			require.Nil(t, e, tt.entry)
		} else {
			require.NotNil(t, e, tt.entry)
			require.Equal(t, tt.code, e.Code, tt.entry)
		}
	}
}

// TestAccountIDKeptForTheBrowserSession: a wake takes the account's ID
// from storage.session (the stretching is done once per browser session,
// not at every wake), keeps the Uin out of storage.local, and does not use
// an ID made with another salt than the one in storage.local.
func TestAccountIDKeptForTheBrowserSession(t *testing.T) {
	t.Parallel()
	type kept struct {
		Salt string            `json:"salt"`
		IDs  map[string]string `json:"ids"`
	}
	tests := []struct {
		name     string
		sameSalt bool
		wantKept bool // the next wake uses the ID found in storage.session
	}{
		{"made in this browser session", true, true},
		{"made with another salt", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			acct := f.account(t)
			ss, _ := f.sim.CurrentSession()
			uin := strconv.FormatInt(ss.Uin, 10)
			var k kept
			found, err := f.env.Get(ctx, browser.AreaSession, msg.AccountIDsKey, &k)
			require.NoError(t, err)
			require.True(t, found, "the ID is kept in storage.session")
			require.Equal(t, acct, k.IDs[uin])
			require.NotContains(t, f.env.all(browser.AreaLocal), uin)
			// What the next wake finds: an ID it can tell from the
			// one it would make, so that using it shows.
			k.IDs[uin] = "00000000cafef00d"
			if !tt.sameSalt {
				k.Salt = "another"
			}
			require.NoError(t, f.env.Set(ctx, browser.AreaSession, msg.AccountIDsKey, k))
			f.core = newCore(f.env)
			f.ok(t, fromTab, msg.PageSession, f.env.page(), nil)
			f.core.Wait()
			if tt.wantKept {
				require.Equal(t, "00000000cafef00d", f.account(t))
			} else {
				require.Equal(t, acct, f.account(t), "made again with the salt of storage.local")
			}
		})
	}
}

// TestScheduledOnlyOwnAccount: a tab's scheduled() lists only its own
// account's scheduled messages, and its cancel(id) cannot cancel another
// account's, even by the entry's id (as revoke and a run's cancel).
func TestScheduledOnlyOwnAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
	at := time.Now().Add(time.Hour).UnixMilli()
	var mine msg.APIID
	require.Nil(t, f.api(t, "schedule", map[string]any{"to": "老张", "text": "mine", "at": at}, &mine))
	var rec msg.Outbox
	_, err := f.env.Get(ctx, browser.AreaLocal, msg.OutboxKey, &rec)
	require.NoError(t, err)
	e := rec.Entries[mine.ID]
	e.ID, e.Account, e.Text = "theirs", f.secondAccount(t), "their secret"
	rec.Entries[e.ID] = e
	require.NoError(t, f.env.Set(ctx, browser.AreaLocal, msg.OutboxKey, rec))

	var list []msg.APIScheduled
	require.Nil(t, f.api(t, "scheduled", nil, &list))
	require.Len(t, list, 1, "%+v", list)
	require.Equal(t, mine.ID, list[0].ID)

	got := f.api(t, "cancel", map[string]any{"id": "theirs"}, nil)
	require.NotNil(t, got, "another account's entry cancelled")
	require.Equal(t, msg.ErrNoEntry, got.Code)
	require.Equal(t, msg.EntryQueued, f.entries(t)["theirs"].State)
	require.Nil(t, f.api(t, "cancel", map[string]any{"id": mine.ID}, nil))
	require.Equal(t, msg.EntryCancelled, f.entries(t)[mine.ID].State)
}

// TestPopupContactsNameTheirLogin: the popup's copy of the contact list
// says whose login it is of (msg.Contacts.Login, the state's UserName
// then), so that the popup's first script, which reads the state and the
// list one after the other, lists no chats of another login or account
// under this state's name: a new login renews every UserName, and the
// list of the old login was shown first (review18, trial18).
func TestPopupContactsNameTheirLogin(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, wxsim.Config{})
	contacts := func() msg.Contacts {
		var cs msg.Contacts
		_, err := f.env.Get(ctx, browser.AreaSession, msg.ContactsKey, &cs)
		require.NoError(t, err)
		return cs
	}
	require.Eventually(t, func() bool { cs := contacts(); return !cs.Loading && len(cs.Contacts) > 0 }, 10*time.Second, 10*time.Millisecond)
	first := f.state(t).UserName
	require.NotEmpty(t, first)
	require.Equal(t, first, contacts().Login, "the list names the login it is of")
	require.Equal(t, f.state(t).Account, contacts().Account, "and the account: logged out, the popup shows that account's list only")

	_, err := f.sim.Login("wx.qq.com")
	require.NoError(t, err)
	f.ok(t, fromTab, msg.PageSession, f.env.page(), nil)
	f.core.Wait()
	now := f.state(t).UserName
	require.NotEqual(t, first, now, "the new login renews the account's own UserName")
	// Whatever the list is while the new login's is fetched, it never
	// names this login unless it is of it.
	require.Eventually(t, func() bool {
		cs := contacts()
		if cs.Login == now {
			for _, c := range cs.Contacts {
				if c.UserName == f.sim.UserName("zhangsan") {
					return true
				}
			}
			require.Empty(t, cs.Contacts, "a list named this login holds another login's chats")
		}
		return false
	}, 10*time.Second, 10*time.Millisecond)
}

// TestPopupSearchListIsTheContacts: the search list the popup's first
// script searches (msg.SearchKey) is written with the popup's contact
// list, of the same login and stamp, and position k of one is chat k of
// the other, which is the list's empty-query order: instant.js gives a
// row of the search list the UserName at its position. A new login
// writes both again.
func TestPopupSearchListIsTheContacts(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, wxsim.Config{})
	lists := func() (msg.Contacts, msg.SearchList) {
		var cs msg.Contacts
		var sl msg.SearchList
		_, err := f.env.Get(ctx, browser.AreaSession, msg.ContactsKey, &cs)
		require.NoError(t, err)
		_, err = f.env.Get(ctx, browser.AreaSession, msg.SearchKey, &sl)
		require.NoError(t, err)
		return cs, sl
	}
	check := func(login string) {
		t.Helper()
		var cs msg.Contacts
		var sl msg.SearchList
		require.Eventually(t, func() bool {
			cs, sl = lists()
			return !cs.Loading && cs.Login == login && len(cs.Contacts) > 0 && sl.Stamp == cs.Stamp
		}, 10*time.Second, 10*time.Millisecond, "the lists of login %s", login)
		require.Equal(t, login, sl.Login)
		ix := search.New(cs.Contacts)
		order, _ := ix.Search("", 0)
		want := make([]int, len(cs.Contacts))
		for k := range want {
			want[k] = k
		}
		require.Equal(t, want, order, "the contact list is in its empty-query order")
		require.Len(t, sl.Display, len(cs.Contacts))
		for k, c := range cs.Contacts {
			require.Equal(t, ix.Display(k), sl.Display[k], "chat %d (%s): display", k, c.UserName)
			require.Equal(t, ix.Keys(k), sl.Keys[k], "chat %d (%s): keys", k, c.UserName)
			require.Equal(t, c.Group, slices.Contains(sl.Groups, k), "chat %d (%s): group", k, c.UserName)
		}
	}
	first := f.state(t).UserName
	check(first)
	_, err := f.sim.Login("wx.qq.com")
	require.NoError(t, err)
	f.ok(t, fromTab, msg.PageSession, f.env.page(), nil)
	f.core.Wait()
	now := f.state(t).UserName
	require.NotEqual(t, first, now)
	check(now)
}

// TestStateSeesANewLoginAtOnce: the phone logged the web out, then a new
// login was scanned in; the popup opened before the tab's next report
// (every 3 s) said "You were logged out" until then. Its question for the
// state now asks the tab, and the new login is what it shows.
func TestStateSeesANewLoginAtOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.sim.Logout()
	f.ok(t, fromTab, msg.PageSession, msg.PageSessionBody{LoggedOut: true}, nil)
	require.Equal(t, msg.SessionLoggedOut, f.state(t).Status)
	_, err := f.sim.Login("wx.qq.com")
	require.NoError(t, err)
	ss, _ := f.sim.CurrentSession()
	st := f.state(t)
	require.Equal(t, msg.SessionReady, st.Status, "the new login, not the logout the tab reported last")
	require.Equal(t, ss.UserName, st.UserName)
}
