//go:build !js

package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestMadeUpRequestsPushOutNoneOnThePage (security.md row 104): two
// accounts logged in (wx.qq.com, web.wechat.com), each with a real
// friend request waiting in the popup's list. A script of the wx.qq.com
// page (page API on) calls wxdrop.acceptFriend with 105 made-up
// requests, well made, named 微信团队, their tickets WeChat knows not.
// Each was kept before WeChat refused it, and the record keeps the
// newest 100: both real requests were pushed out of the popup's list,
// the made-up ones listed instead. Now each call is refused and nothing
// of it is kept.
func TestMadeUpRequestsPushOutNoneOnThePage(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com", "web.wechat.com")
	tab := s.open("wx.qq.com")
	s.open("web.wechat.com")
	for _, host := range []string{"wx.qq.com", "web.wechat.com"} {
		if _, err := s.sims[host].DeliverFriendRequest(wxsim.FriendRequest{Person: wxsim.Person{Key: "new", NickName: "新朋友" + host, Province: "广东"}, Content: "我是新朋友"}); err != nil {
			t.Fatal(err)
		}
	}
	requests := func() []string {
		var v msg.FriendsView
		if err := s.br.Ask(context.Background(), msg.GetFriends, nil, &v); err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, r := range v.Requests {
			names = append(names, r.NickName+"/"+r.State)
		}
		return names
	}
	waitUntil(t, 30*time.Second, "both real requests listed", func() (bool, string) {
		got := strings.Join(requests(), " ")
		return strings.Contains(got, "新朋友wx.qq.com/pending") && strings.Contains(got, "新朋友web.wechat.com/pending"), got
	})

	const flood = `(async () => {
	let refused = 0;
	for (let i = 0; i < 105; i++) {
		const r = {id: String(9100000000 + i), userName: '@' + (i + 1).toString(16).padStart(32, '0'), nickName: '微信团队', ticket: 'v2_made_up'};
		try { await wxdrop.acceptFriend(r); } catch (e) { refused++; }
	}
	return refused;
})()`
	if got := s.eval(tab, outcomeJS(flood)); got != "resolved 105" {
		t.Fatalf("the made-up requests: %s, want every one refused", got)
	}
	got := requests()
	want := []string{"新朋友wx.qq.com/pending", "新朋友web.wechat.com/pending"}
	if len(got) != len(want) {
		t.Fatalf("the popup's requests after the flood: %d (%.200q), want the two real ones alone", len(got), strings.Join(got, " "))
	}
	for _, w := range want {
		if !strings.Contains(strings.Join(got, " "), w) {
			t.Errorf("the popup's requests after the flood: %q, want %s", got, w)
		}
	}
	if n := len(s.sims["wx.qq.com"].Verifications()) + len(s.sims["web.wechat.com"].Verifications()); n != 0 {
		t.Errorf("%d requests accepted", n)
	}
}
