//go:build !js

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

// TestRuleChatsTypedInChinese: a person whose browser speaks Chinese adds
// an auto-reply "only in these chats" and types the names as Chinese is
// typed, 老张，李四 (the full-width comma of a Chinese input method; the
// field's label itself reads 名称，用逗号分隔). The rule lists both chats,
// nothing is said of an unknown chat, and a "ping" from 李四 is answered.
// Before, only "," split the names: the rule was of one chat called
// "老张，李四", which no message ever came from.
func TestRuleChatsTypedInChinese(t *testing.T) {
	t.Parallel()
	sim, br, _ := newPageEnvOpts(t, wxsim.DefaultPeople(), Options{Extensions: []string{root}, Lang: "zh-CN"})
	opts := openOptions(t, br, "#rules-on")
	defer opts.Close()
	click(t, opts, "#rules-on")
	addRule(t, opts, 1, "rule-kind", "reply", "rule-match", "contains", "rule-pattern", "ping", "rule-reply", "pong", "rule-chats", "老张，李四")
	said := `document.getElementById('error').hidden ? '' : document.getElementById('error').textContent`
	if got, err := Eval[string](opts.Ctx, said); err != nil || got != "" {
		t.Errorf("a rule of 老张，李四: the options say %q (%v), want nothing", got, err)
	}
	if got, err := Eval[string](opts.Ctx, `document.querySelector('#rules-list li.rule').textContent`); err != nil || !strings.Contains(got, "（仅限“老张”、“李四”）") {
		t.Errorf("the rule reads %q (%v), want it of 老张 and 李四", got, err)
	}
	// The rule acts in 李四's chat.
	if _, err := sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgText, Text: "ping"}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, 30*time.Second, "the rule to answer 李四's ping", func() (bool, string) {
		for _, m := range sim.Messages() {
			if !m.Incoming && m.ToKey == "lisi" && m.Content == "pong" {
				return true, ""
			}
		}
		return false, "no pong to 李四"
	})

}
