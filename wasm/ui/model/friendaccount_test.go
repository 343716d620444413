package model_test

import (
	"testing"

	"github.com/wxdrop/wxdrop/wasm/friends"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

// TestRequestAccount: with two accounts, a friend request says which
// one it reached, as the account switch names it; with one, nothing.
func TestRequestAccount(t *testing.T) {
	t.Parallel()
	a := msg.AccountInfo{ID: "A", NickName: "张三\u202E", Host: "wx.qq.com", Status: msg.SessionReady}
	b := msg.AccountInfo{ID: "B", NickName: "<span class=\"emoji emoji1f604\"></span>李四", Host: "web.wechat.com", Status: msg.SessionLoggedOut}
	toA := friends.Request{AccountID: "A", Host: "wx.qq.com"}
	toB := friends.Request{AccountID: "B", Host: "web.wechat.com"}
	tests := []struct {
		name     string
		r        friends.Request
		accounts []msg.AccountInfo
		rs       []friends.Request
		want     string
	}{
		{"one account", toA, []msg.AccountInfo{a}, []friends.Request{toA}, ""},
		{"two accounts, this one's", toA, []msg.AccountInfo{a, b}, []friends.Request{toA}, "wx.qq.com · 张三"},
		{"two accounts, the other's", toB, []msg.AccountInfo{a, b}, []friends.Request{toA, toB}, "web.wechat.com · 😄李四"},
		// The state forgot B (the browser restarted): its requests
		// still say where they came.
		{"an account the state no longer knows", toB, []msg.AccountInfo{a}, []friends.Request{toA, toB}, "web.wechat.com"},
		{"no state yet", toA, nil, []friends.Request{toA, toB}, "wx.qq.com"},
	}
	for _, tt := range tests {
		if got := model.RequestAccount(tt.r.AccountID, tt.r.Host, tt.accounts, tt.rs); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
