package model_test

import (
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

// TestRuleAccount: a rule that names chats says the account it acts in,
// as the switch names it; one of every chat says nothing.
func TestRuleAccount(t *testing.T) {
	t.Parallel()
	accounts := []msg.AccountInfo{
		{ID: "A", NickName: "张三", Host: "wx.qq.com", Status: msg.SessionReady},
		{ID: "B", NickName: "李四\u202E", Host: "web.wechat.com", Status: msg.SessionReady},
	}
	tests := []struct {
		name      string
		r         rules.Rule
		key, want string
	}{
		{"a forward", rules.Rule{Kind: rules.KindForward, From: "老张", To: "李四", Account: "B"}, "rule_account", "web.wechat.com · 李四"},
		{"a reply of some chats", rules.Rule{Kind: rules.KindReply, Chats: []string{"老张"}, Account: "A"}, "rule_account", "wx.qq.com · 张三"},
		{"a save of some chats", rules.Rule{Kind: rules.KindSave, Chats: []string{"老张"}, Account: "A"}, "rule_account", "wx.qq.com · 张三"},
		{"a reply of every chat", rules.Rule{Kind: rules.KindReply, Account: "A"}, "", ""},
		{"a save of every chat", rules.Rule{Kind: rules.KindSave, Account: "A"}, "", ""},
		{"saved before rules had an account", rules.Rule{Kind: rules.KindForward, From: "老张", To: "李四"}, "rule_account_every", ""},
		{"an account not known now", rules.Rule{Kind: rules.KindForward, From: "老张", To: "李四", Account: "C"}, "rule_account_gone", ""},
	}
	for _, tt := range tests {
		if key, got := model.RuleAccount(tt.r, accounts); key != tt.key || got != tt.want {
			t.Errorf("%s: %q %q, want %q %q", tt.name, key, got, tt.key, tt.want)
		}
	}
}
