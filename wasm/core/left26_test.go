package core_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/core"
)

// TestRevokeSaysWhatWeChatSaid: wxdrop.revoke's introduction is WeChat's
// words in the person's language where wxdrop knows them, and WeChat's
// own words (cleaned, cut) where it does not; it was api_revoked's fixed
// sentence, given as WeChat's words, whatever WeChat said.
func TestRevokeSaysWhatWeChatSaid(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("撤", 500)
	tests := []struct {
		name string
		res  protocol.RevokeResult
		want string
	}{
		{"today's words (wxsim's)", protocol.RevokeResult{SysWording: "已撤回", Introduction: "你可以撤回2分钟内发送的消息（部分旧版本微信不支持这个功能）。"}, english("api_revoked")},
		{"today's words, shorter (PROTOCOL.md)", protocol.RevokeResult{Introduction: "你可以撤回2分钟内发送的消息…"}, english("api_revoked")},
		{"other words", protocol.RevokeResult{SysWording: "已撤回", Introduction: "对方将看到你撤回了一条消息"}, "Recalled. WeChat says: “已撤回。对方将看到你撤回了一条消息”"},
		{"only the wording", protocol.RevokeResult{SysWording: "已撤回"}, "Recalled. WeChat says: “已撤回”"},
		{"nothing said", protocol.RevokeResult{SysWording: " "}, "Recalled."},
		{"a control that turns the line", protocol.RevokeResult{Introduction: "撤回\u202E成功"}, "Recalled. WeChat says: “撤回成功”"},
	}
	for _, tt := range tests {
		if got := core.RevokedWords(english, tt.res); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	got := core.RevokedWords(english, protocol.RevokeResult{Introduction: long})
	if n := utf8.RuneCountInString(got); n > 260 || !strings.Contains(got, "撤撤") {
		t.Errorf("500 characters of WeChat's: %d characters said", n)
	}
}
