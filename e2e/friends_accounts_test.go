//go:build !js

package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/friends"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestFriendRuleAcceptsInItsOwnAccount (security.md row 86): two
// accounts logged in, each in a tab of its own host; the options' rule
// accepts every friend request. A request that reaches either account is
// accepted by that account, with that account's ticket and session, and
// greeted from it; none of it goes through the other account.
func TestFriendRuleAcceptsInItsOwnAccount(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com", "web.wechat.com")
	s.open("wx.qq.com")
	s.open("web.wechat.com")
	ctx := context.Background()
	if err := s.br.Ask(ctx, msg.SetFriends, friends.Config{Auto: friends.AutoAll, Greeting: "你好 {nick}"}, nil); err != nil {
		t.Fatal(err)
	}
	// Each wxsim numbers its messages from the same first id; WeChat's
	// differ between accounts. A text to the second moves its numbers on.
	if _, err := s.sims["web.wechat.com"].Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgText, Text: "在吗"}); err != nil {
		t.Fatal(err)
	}
	for i, host := range []string{"wx.qq.com", "web.wechat.com"} {
		sim := s.sims[host]
		key := fmt.Sprintf("new%d", i)
		if _, err := sim.DeliverFriendRequest(wxsim.FriendRequest{Person: wxsim.Person{Key: key, NickName: "新朋友" + host, Province: "广东"}, Content: "我是" + host}); err != nil {
			t.Fatal(err)
		}
		waitUntil(t, 30*time.Second, "the request to "+host+" accepted", func() (bool, string) {
			for _, v := range sim.Verifications() {
				if v.Key == key {
					return true, ""
				}
			}
			return false, fmt.Sprintf("%d accepted; rejections %+v; friends %s", len(sim.Verifications()), sim.Rejections(), s.friendsText())
		})
		waitUntil(t, 30*time.Second, "the greeting from "+host, func() (bool, string) {
			for _, m := range sim.Messages() {
				if m.ToKey == key && m.Content == "你好 新朋友"+host {
					return true, ""
				}
			}
			return false, fmt.Sprintf("%d messages", len(sim.Messages()))
		})
	}
}

// friendsText is the worker's kept friend requests, for a failure's message.
func (s *sessEnv) friendsText() string {
	var v msg.FriendsView
	if err := s.br.Ask(context.Background(), msg.GetFriends, nil, &v); err != nil {
		return err.Error()
	}
	return fmt.Sprintf("%+v", v.Requests)
}
