package core_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/friends"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// arrive makes a friend request arrive at wxsim and passes it to the
// worker as the content script does (page.messages), and returns its id.
func (f *fixture) arrive(t *testing.T, key, nick, content string) (id, userName string) {
	t.Helper()
	m, err := f.sim.DeliverFriendRequest(wxsim.FriendRequest{Person: wxsim.Person{Key: key, NickName: nick, Province: "广东"}, Content: content})
	require.NoError(t, err)
	ri := m.Recommend
	batch := map[string]any{"messages": []map[string]any{{
		"id": m.MsgID, "from": "fmessage", "type": "other", "msgType": 37, "time": m.Time.UnixMilli(),
		"request": map[string]any{"userName": ri.UserName, "nickName": ri.NickName, "content": ri.Content, "province": ri.Province, "ticket": ri.Ticket, "scene": ri.Scene},
	}}}
	f.ok(t, fromTab, msg.PageMessages, batch, nil)
	return m.MsgID, ri.UserName
}

func (f *fixture) friends(t *testing.T) msg.FriendsView {
	t.Helper()
	var v msg.FriendsView
	f.ok(t, fromPopup, msg.GetFriends, nil, &v)
	return v
}

// contactNamed reports whether the worker's contact list has a chat of
// that UserName.
func (f *fixture) hasContact(t *testing.T, userName string) bool {
	var cs msg.Contacts
	_, err := f.env.Get(ctx, browser.AreaSession, msg.ContactsKey, &cs)
	require.NoError(t, err)
	for _, c := range cs.Contacts {
		if c.UserName == userName {
			return true
		}
	}
	return false
}

func TestFriendRequestAcceptedByHand(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id, un := f.arrive(t, "zhaoliu", "赵六", "我是赵六")
	v := f.friends(t)
	require.Len(t, v.Requests, 1)
	r := v.Requests[0]
	require.Equal(t, id, r.ID)
	require.Equal(t, "赵六", r.NickName)
	require.Equal(t, "我是赵六", r.Content)
	require.Equal(t, friends.StatePending, r.State)
	require.Empty(t, r.Ticket, "the pages get no ticket")
	// The account it reached as the popup names one (its switch's).
	st := f.state(t)
	require.Equal(t, st.Account, r.AccountID)
	require.Equal(t, st.Host, r.Host)
	require.NotEmpty(t, r.Host)
	require.Contains(t, f.env.all(browser.AreaLocal), "v2_", "the ticket is kept while the request waits")

	var acc msg.FriendAccepted
	f.ok(t, fromPopup, msg.AcceptFriend, msg.AcceptFriendBody{ID: id, Greeting: "你好 {name}"}, &acc)
	require.Equal(t, un, acc.UserName)
	require.NotEmpty(t, acc.Greeting)
	require.Len(t, f.sim.Verifications(), 1)
	require.True(t, f.hasContact(t, un), "the contacts were fetched again")
	f.settle(t)
	msgs := f.sim.Messages()
	require.Len(t, msgs, 1)
	require.Equal(t, "zhaoliu", msgs[0].ToKey)
	require.Equal(t, "你好 赵六", msgs[0].Content)
	require.Equal(t, friends.StateAccepted, f.friends(t).Requests[0].State)
	require.NotContains(t, f.env.all(browser.AreaLocal), "v2_", "no ticket once accepted")

	// Accepted already; and a page cannot accept through the popup's message.
	_, e := f.call(t, fromPopup, msg.AcceptFriend, msg.AcceptFriendBody{ID: id})
	require.Equal(t, msg.ErrNoRequest, e.Code)
	_, e = f.call(t, fromTab, msg.AcceptFriend, msg.AcceptFriendBody{ID: id})
	require.Equal(t, msg.ErrNotAllowed, e.Code)
}

func TestFriendRequestsMalformedOrOff(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	bad := map[string]any{"messages": []map[string]any{
		{"id": "1", "msgType": 37, "request": map[string]any{"userName": "@@ab", "nickName": "x", "ticket": "t"}},
		{"id": "2", "msgType": 37, "request": map[string]any{"userName": "@ab", "nickName": "x"}},
		{"id": "3", "msgType": 1, "request": map[string]any{"userName": "@ab", "nickName": "x", "ticket": "t"}},
	}}
	f.ok(t, fromTab, msg.PageMessages, bad, nil)
	require.Empty(t, f.friends(t).Requests)

	f.ok(t, fromPopup, msg.SetFriends, friends.Config{Off: true}, nil)
	f.arrive(t, "zhaoliu", "赵六", "hi")
	require.Empty(t, f.friends(t).Requests, "not kept while off")

	_, e := f.call(t, fromPopup, msg.SetFriends, friends.Config{Auto: friends.AutoWord})
	require.Equal(t, msg.ErrFriendsWordEmpty, e.Code)
	_, e = f.call(t, fromPopup, msg.SetFriends, friends.Config{Auto: "maybe"})
	require.Equal(t, msg.ErrFriendsAutoUnknown, e.Code)
}

func TestFriendRuleAcceptsByWordAndGreets(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetFriends, friends.Config{Auto: friends.AutoWord, Word: "客户", Greeting: "欢迎 {nick}！"}, nil)
	yes, un := f.arrive(t, "kehu", "客户甲", "我是你的客户")
	no, _ := f.arrive(t, "stranger", "路人", "hello")
	f.core.Wait()
	f.settle(t)
	v := f.friends(t)
	state := map[string]friends.Request{}
	for _, r := range v.Requests {
		state[r.ID] = r
	}
	require.Equal(t, friends.StateAccepted, state[yes].State)
	require.True(t, state[yes].ByRule)
	require.Equal(t, friends.StatePending, state[no].State)
	require.Len(t, f.sim.Verifications(), 1)
	require.True(t, f.hasContact(t, un))
	msgs := f.sim.Messages()
	require.Len(t, msgs, 1)
	require.Equal(t, "欢迎 客户甲！", msgs[0].Content)
	require.Equal(t, "kehu", msgs[0].ToKey)
}

// At most 20 an hour: the 21st request waits, held, for a person.
func TestFriendRuleTwentyAnHour(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetFriends, friends.Config{Auto: friends.AutoAll}, nil)
	for i := 0; i < 21; i++ {
		f.arrive(t, fmt.Sprintf("new%02d", i), fmt.Sprintf("新朋友%02d", i), "hi")
		f.core.Wait()
	}
	require.Len(t, f.sim.Verifications(), 20)
	held := 0
	for _, r := range f.friends(t).Requests {
		if r.Held {
			held++
			require.Equal(t, friends.StatePending, r.State)
		}
	}
	require.Equal(t, 1, held)
}

func TestAPIAcceptFriendAndExport(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
	// Not kept by the worker (listing off): the call brings the request.
	f.ok(t, fromPopup, msg.SetFriends, friends.Config{Off: true}, nil)
	m, err := f.sim.DeliverFriendRequest(wxsim.FriendRequest{Person: wxsim.Person{Key: "q", NickName: `王,"小"二 😀`, Sex: 1}, Content: "hi"})
	require.NoError(t, err)
	req := map[string]any{"id": m.MsgID, "userName": m.Recommend.UserName, "nickName": m.Recommend.NickName, "ticket": m.Recommend.Ticket, "sex": 1}
	var acc msg.FriendAccepted
	require.Nil(t, f.api(t, "acceptFriend", map[string]any{"request": req, "greeting": "hi {nick}"}, &acc))
	require.Equal(t, m.Recommend.UserName, acc.UserName)
	e := f.api(t, "acceptFriend", map[string]any{"request": req}, nil)
	require.Equal(t, msg.ErrNoRequest, e.Code, "a ticket is good once")
	e = f.api(t, "acceptFriend", map[string]any{"request": map[string]any{"id": "77", "userName": "nope"}}, nil)
	require.Equal(t, msg.ErrBadRequest, e.Code)

	var out msg.Export
	require.Nil(t, f.api(t, "exportContacts", map[string]any{"format": "csv"}, &out))
	require.True(t, strings.HasPrefix(out.Text, "\ufeff"))
	require.True(t, strings.HasSuffix(out.Name, ".csv"))
	recs, err := csv.NewReader(bytes.NewReader([]byte(strings.TrimPrefix(out.Text, "\ufeff")))).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"Remark", "Nickname", "WeChat ID", "Sex", "Province", "City", "Signature", "Kind", "Members"}, recs[0])
	var found bool
	for _, r := range recs[1:] {
		if r[1] == `王,"小"二 😀` {
			found = true
			require.Equal(t, "male", r[3])
			require.Equal(t, "friend", r[7])
		}
	}
	require.True(t, found, "the new friend is exported")
	e = f.api(t, "exportContacts", map[string]any{"format": "xlsx"}, nil)
	require.Equal(t, msg.ErrBadFormat, e.Code)
	f.ok(t, fromPopup, msg.ExportContacts, msg.ExportBody{Format: "json"}, &out)
	require.Contains(t, out.Text, `"kind": "group"`)
	f.settle(t)
}

// A request that reached an earlier login names a person by a UserName of
// that login: after a new login it is refused, not sent to a guess.
func TestFriendRequestOfAnEarlierLogin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id, _ := f.arrive(t, "zhaoliu", "赵六", "hi")
	_, err := f.sim.Login("wx.qq.com")
	require.NoError(t, err)
	f.ok(t, fromTab, msg.PageSession, f.env.page(), nil)
	f.core.Wait()
	_, e := f.call(t, fromPopup, msg.AcceptFriend, msg.AcceptFriendBody{ID: id})
	require.NotNil(t, e)
	require.Equal(t, msg.ErrRequestStale, e.Code)
	require.Empty(t, f.sim.RequestsTo("webwxverifyuser"), "nothing was sent")
}

// TestGreetingFillsTheNameAsShown: a greeting's {name} is the new
// friend's name as a person reads it, not web WeChat's emoji markup and
// entities (§2), which went to the new friend as they were.
func TestGreetingFillsTheNameAsShown(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id, _ := f.arrive(t, "zhaoliu", `<span class="emoji emoji1f604"></span>赵六&amp;`, "我是赵六")
	f.ok(t, fromPopup, msg.AcceptFriend, msg.AcceptFriendBody{ID: id, Greeting: "你好 {name}（{nick}）"}, nil)
	f.settle(t)
	msgs := f.sim.Messages()
	require.Len(t, msgs, 1)
	require.Equal(t, "你好 😄赵六&（😄赵六&）", msgs[0].Content)
}

// TestFriendRequestLongOrNameless: a request with a message over 4 KB, or
// whose nick name the page gives empty, was dropped without a word (the
// popup listed nothing); now each is listed, the message cut to 4 KB at a
// character, and can be accepted.
func TestFriendRequestLongOrNameless(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, nick, content string }{
		{"a long message", "赵六", strings.Repeat("我是赵六，想加你。", 300)},
		{"no nick name", "", "你好"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			// wxsim's people all have a name: the page's message is made
			// here, as the content script passes it on.
			m, err := f.sim.DeliverFriendRequest(wxsim.FriendRequest{Person: wxsim.Person{Key: "zhaoliu", NickName: "赵六"}, Content: "x"})
			require.NoError(t, err)
			ri := m.Recommend
			batch := map[string]any{"messages": []map[string]any{{
				"id": m.MsgID, "from": "fmessage", "type": "other", "msgType": 37, "time": m.Time.UnixMilli(),
				"request": map[string]any{"userName": ri.UserName, "nickName": tt.nick, "content": tt.content, "ticket": ri.Ticket, "scene": ri.Scene},
			}}}
			f.ok(t, fromTab, msg.PageMessages, batch, nil)
			v := f.friends(t)
			require.Len(t, v.Requests, 1, "the request is listed")
			r := v.Requests[0]
			require.Equal(t, m.MsgID, r.ID)
			require.Equal(t, tt.nick, r.NickName)
			require.True(t, strings.HasPrefix(tt.content, r.Content) && r.Content != "" && len(r.Content) <= 4096)
			f.ok(t, fromPopup, msg.AcceptFriend, msg.AcceptFriendBody{ID: m.MsgID}, nil)
			require.True(t, f.hasContact(t, ri.UserName), "the new friend is a chat")
		})
	}
}

// TestFriendRequestOfAnotherAccountsRow: two accounts logged in, each with
// a request of one id (each server numbers its own messages alike: e2e
// TestSeenIsPerAccount), both listed in the popup, which acts as the
// first. Accept on the second account's row accepted the first
// account's request of that id: the person clicked 陌生人 and 赵六 became
// a friend. The row names its login now, and a row of another login
// accepts nothing and says where it can be accepted.
func TestFriendRequestOfAnotherAccountsRow(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, login string
		want        msg.Code
	}{
		{"the other account's", "@b", msg.ErrRequestElsewhere},
		{"an earlier login's", "@earlier", msg.ErrRequestStale},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.secondAccount(t)
			id, un := f.arrive(t, "zhaoliu", "赵六", "我是赵六")
			var rec friends.Record
			_, err := f.env.Get(ctx, browser.AreaLocal, msg.FriendsKey, &rec)
			require.NoError(t, err)
			require.Len(t, rec.Requests, 1)
			own := rec.Requests[0].Account
			other := rec.Requests[0]
			other.Account, other.UserName, other.NickName, other.Ticket = tt.login, "@stranger", "陌生人", "v2_stranger"
			rec.Requests = append(rec.Requests, other)
			require.NoError(t, f.env.Set(ctx, browser.AreaLocal, msg.FriendsKey, rec))

			_, e := f.call(t, fromPopup, msg.AcceptFriend, msg.AcceptFriendBody{ID: id, Account: tt.login})
			require.NotNil(t, e, "陌生人's row accepts nobody here")
			require.Equal(t, tt.want, e.Code)
			require.Empty(t, f.sim.RequestsTo("webwxverifyuser"), "赵六 was not accepted for 陌生人")
			// 赵六's own row accepts 赵六.
			var acc msg.FriendAccepted
			f.ok(t, fromPopup, msg.AcceptFriend, msg.AcceptFriendBody{ID: id, Account: own}, &acc)
			require.Equal(t, un, acc.UserName)
			f.settle(t)
		})
	}
}

// A request a page's acceptFriend brings along (the worker had not kept
// it: listing off, or the call came before the page passed it on) names
// the account it reached as those the page passes on do: it had no
// AccountID nor Host, and the popup and the options page, two accounts
// logged in, labelled every request but it ("发给 wx.qq.com · 张三").
func TestAPIAcceptedRequestNamesItsAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
	m, err := f.sim.DeliverFriendRequest(wxsim.FriendRequest{Person: wxsim.Person{Key: "q", NickName: "小王"}, Content: "hi"})
	require.NoError(t, err)
	req := map[string]any{"id": m.MsgID, "userName": m.Recommend.UserName, "nickName": m.Recommend.NickName, "ticket": m.Recommend.Ticket}
	require.Nil(t, f.api(t, "acceptFriend", map[string]any{"request": req}, nil))
	v := f.friends(t)
	require.Len(t, v.Requests, 1)
	st := f.state(t)
	require.NotEmpty(t, st.Host)
	require.Equal(t, st.Account, v.Requests[0].AccountID)
	require.Equal(t, st.Host, v.Requests[0].Host)
	f.settle(t)
}
