package core_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/friends"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestMadeUpRequestsPushOutNone: a page script (page API on) calls
// wxdrop.acceptFriend with made-up requests, well made but of no ticket
// WeChat knows, more than the record keeps (friends.MaxRequests). They
// were kept before WeChat refused them, and the record keeps the newest:
// the person's real request and the other account's were pushed out of
// the popup's list, the made-up ones (their names the script's) listed
// instead (docs/security.md row 104). A request a call brings is kept
// only once WeChat accepted it.
func TestMadeUpRequestsPushOutNone(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.secondAccount(t)
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
	id, _ := f.arrive(t, "zhaoliu", "赵六", "我是赵六")
	var rec friends.Record
	_, err := f.env.Get(ctx, browser.AreaLocal, msg.FriendsKey, &rec)
	require.NoError(t, err)
	require.Len(t, rec.Requests, 1)
	other := rec.Requests[0]
	other.Account, other.UserName, other.NickName, other.Ticket = "@b", "@5f0a", "第二个号的朋友", "v2_other"
	rec.Requests = append(rec.Requests, other)
	require.NoError(t, f.env.Set(ctx, browser.AreaLocal, msg.FriendsKey, rec))

	for i := range friends.MaxRequests + 5 {
		req := map[string]any{"id": fmt.Sprint(9100000000 + i), "userName": fmt.Sprintf("@%032x", i+1), "nickName": "微信团队", "ticket": "v2_made_up"}
		e := f.api(t, "acceptFriend", map[string]any{"request": req}, nil)
		require.NotNil(t, e, "WeChat accepts no made-up ticket")
	}
	_, err = f.env.Get(ctx, browser.AreaLocal, msg.FriendsKey, &rec)
	require.NoError(t, err)
	var names []string
	for _, r := range rec.Requests {
		names = append(names, r.NickName)
	}
	require.Equal(t, []string{"赵六", "第二个号的朋友"}, names, "the real requests are kept, and no made-up one")
	// The popup lists them as they were, 赵六's to be accepted.
	v := f.friends(t)
	require.Len(t, v.Requests, 2)
	for _, r := range v.Requests {
		require.NotEqual(t, "微信团队", r.NickName)
		require.Equal(t, friends.StatePending, r.State)
		require.Equal(t, id, r.ID)
	}
	f.settle(t)
}
