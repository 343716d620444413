package wxsim

import (
	"html"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A friend request reaches the page's webwxsync as MsgType 37 from
// fmessage, with RecommendInfo's UserName, ticket and message.
func TestFriendRequestArrivesThroughSync(t *testing.T) {
	s, tb := newLoggedInPage(t, Config{SyncHold: 200 * time.Millisecond})
	k0 := tb.syncKey
	m, err := s.DeliverFriendRequest(FriendRequest{Person: Person{Key: "zhaoliu", NickName: `赵六,"😀`, Sex: 1, Province: "广东", City: "深圳"}, Content: "我是赵六"})
	require.NoError(t, err)
	out := tb.sync(k0)
	require.Equal(t, 1, out.AddMsgCount)
	got := out.AddMsgList[0]
	require.Equal(t, MsgFriendRequest, got.MsgType)
	require.Equal(t, "fmessage", got.FromUserName)
	ri := got.RecommendInfo
	require.Equal(t, m.Recommend.UserName, ri.UserName)
	require.True(t, strings.HasPrefix(ri.UserName, "@"))
	require.Equal(t, `赵六,"😀`, ri.NickName)
	require.Equal(t, "我是赵六", ri.Content)
	require.Equal(t, m.Recommend.Ticket, ri.Ticket)
	require.NotEmpty(t, ri.Ticket)
	require.Equal(t, 2, ri.OpCode)
	require.Contains(t, html.UnescapeString(got.Content), `ticket="`)

	// Not a contact before it is accepted.
	require.Empty(t, s.UserName("zhaoliu"))
	_, err = s.DeliverFriendRequest(FriendRequest{Person: Person{Key: "zhangsan", NickName: "张三"}})
	require.Error(t, err, "a contact already")
	_, err = s.DeliverFriendRequest(FriendRequest{Person: Person{Key: "x"}})
	require.Error(t, err, "no NickName")
}
