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
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// TestSeenIsPerAccount: two accounts logged in, each in a tab of its own
// host; the friend-request rule accepts every request and a reply rule
// answers 几点 with 九点. A message id is the server's, per account: the
// two simulators number their messages alike, so each account's request
// and text come with the same id as the other's. The rules and the friend
// requests kept the ids they had seen in one list for every account: the
// second account's request was taken for the first's (never listed,
// never accepted) and its text for one already answered. Each account's
// ids are its own now.
func TestSeenIsPerAccount(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com", "web.wechat.com")
	s.open("wx.qq.com")
	s.open("web.wechat.com")
	ctx := context.Background()
	if err := s.br.Ask(ctx, msg.SetFriends, friends.Config{Auto: friends.AutoAll}, nil); err != nil {
		t.Fatal(err)
	}
	cfg := rules.Config{On: true, Rules: []rules.Rule{{ID: "r", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "几点", Reply: "九点"}}}
	if err := s.br.Ask(ctx, msg.SetRules, cfg, nil); err != nil {
		t.Fatal(err)
	}
	hosts := []string{"wx.qq.com", "web.wechat.com"}
	// Both requests, then both texts, each pair of one id.
	ids := map[string]string{}
	for i, host := range hosts {
		m, err := s.sims[host].DeliverFriendRequest(wxsim.FriendRequest{Person: wxsim.Person{Key: fmt.Sprintf("new%d", i), NickName: "新朋友", Province: "广东"}, Content: "我是新朋友"})
		if err != nil {
			t.Fatal(err)
		}
		ids["request "+host] = m.MsgID
	}
	for _, host := range hosts {
		m, err := s.sims[host].Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgText, Text: "几点开会"})
		if err != nil {
			t.Fatal(err)
		}
		ids["text "+host] = m.MsgID
	}
	if ids["request wx.qq.com"] != ids["request web.wechat.com"] || ids["text wx.qq.com"] != ids["text web.wechat.com"] {
		t.Fatalf("the test needs one id in both accounts: %v", ids)
	}
	for i, host := range hosts {
		sim, key := s.sims[host], fmt.Sprintf("new%d", i)
		waitUntil(t, 30*time.Second, "the request to "+host+" accepted", func() (bool, string) {
			for _, v := range sim.Verifications() {
				if v.Key == key {
					return true, ""
				}
			}
			return false, fmt.Sprintf("%d accepted; friends %s", len(sim.Verifications()), s.friendsText())
		})
		waitUntil(t, 30*time.Second, "the reply in "+host, func() (bool, string) {
			for _, m := range sim.Messages() {
				if m.ToKey == "lisi" && m.Content == "九点" {
					return true, ""
				}
			}
			return false, fmt.Sprintf("%d messages", len(sim.Messages()))
		})
	}
}
