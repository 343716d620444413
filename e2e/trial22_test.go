//go:build !js

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/recall"
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

// TestPageAPIExportsAsTyped: the exports called at the console as
// contacts('zs') is, with the one thing they need: exportContacts('json')
// gives JSON (it gave a CSV without a word: only {format} was read), and
// exportMessages('老张') exports 老张's kept messages (it was EXPORT_NONE
// of a blank name, as if none were kept). A call without a chat, or with
// a format that is not one, says what it takes (BAD_REQUEST).
func TestPageAPIExportsAsTyped(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com")
	sim := s.sims["wx.qq.com"]
	tab := s.open("wx.qq.com")
	if err := s.br.Ask(context.Background(), msg.SetRecall, recall.Config{On: true}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Deliver(wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgText, Text: "周五的会改到三点"}); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(tab.Ctx, `wxdrop.exportMessages({chat: '老张'}).then(() => true, () => false)`, 30*time.Second, "老张's text kept"); err != nil {
		t.Fatal(err)
	}
	outcome := func(call string) string {
		return s.eval(tab, fmt.Sprintf(`(async () => {
	try { const b = await %s; return 'resolved ' + b.type + ' ' + await b.text(); }
	catch (e) { return 'rejected ' + e.code + ' ' + e.detail; }
})()`, call))
	}
	for _, tt := range []struct{ call, want string }{
		{`wxdrop.exportContacts('json')`, `resolved application/json [`},
		{`wxdrop.exportContacts()`, "resolved text/csv"},
		{`wxdrop.exportContacts(5)`, "rejected BAD_REQUEST exportContacts takes {format}"},
		{`wxdrop.exportMessages('老张')`, "周五的会改到三点"},
		{`wxdrop.exportMessages()`, "rejected BAD_REQUEST exportMessages takes {chat, from, to, format}"},
		{`wxdrop.exportMessages({from: '2026-01-01'})`, "rejected BAD_REQUEST exportMessages takes {chat, from, to, format}"},
	} {
		if got := outcome(tt.call); !strings.Contains(got, tt.want) {
			t.Errorf("%s: %.200q, want %q in it", tt.call, got, tt.want)
		}
	}
}

// TestRuleChatWithACommaInItsName: the person's family group is called
// 爸爸、妈妈、我 (a name with the enumeration comma, as Chinese lists
// people), and they also have 爸爸 and 妈妈 as friends. An auto-reply
// "only in" 爸爸、妈妈、我, the group's name as the popup shows it, was
// split at its commas (RuleChatNames, since this stop): the rule was of
// 爸爸, 妈妈 and 我, answered 爸爸's own "ping" in his chat, and never
// the group. A known chat's name stays whole now.
func TestRuleChatWithACommaInItsName(t *testing.T) {
	t.Parallel()
	people := append(wxsim.DefaultPeople(),
		wxsim.Person{Key: "dad", NickName: "爸爸", PYInitial: "BB", PYQuanPin: "baba", ContactFlag: 3},
		wxsim.Person{Key: "mom", NickName: "妈妈", PYInitial: "MM", PYQuanPin: "mama", ContactFlag: 3},
		wxsim.Person{Key: "home", NickName: "爸爸、妈妈、我", PYInitial: "BBMMW", PYQuanPin: "babamamawo", Group: true, Members: []string{"dad", "mom"}, ContactFlag: 3},
	)
	sim, br, _ := newPageEnvOpts(t, people, Options{Extensions: []string{root}, Lang: "zh-CN"})
	opts := openOptions(t, br, "#rules-on")
	defer opts.Close()
	click(t, opts, "#rules-on")
	addRule(t, opts, 1, "rule-kind", "reply", "rule-match", "contains", "rule-pattern", "ping", "rule-reply", "pong", "rule-chats", "爸爸、妈妈、我")
	if got, err := Eval[string](opts.Ctx, `document.querySelector('#rules-list li.rule').textContent`); err != nil || !strings.Contains(got, "（仅限“爸爸、妈妈、我”）") {
		t.Errorf("the rule reads %q (%v), want it of the group 爸爸、妈妈、我", got, err)
	}
	// 爸爸's ping first, then the group's: the rules take them in turn.
	if _, err := sim.Deliver(wxsim.Incoming{From: "dad", Type: wxsim.MsgText, Text: "ping"}); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Deliver(wxsim.Incoming{From: "mom", Group: "home", Type: wxsim.MsgText, Text: "ping"}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, 30*time.Second, "the rule to answer the group's ping", func() (bool, string) {
		for _, m := range sim.Messages() {
			if !m.Incoming && m.ToKey == "home" && m.Content == "pong" {
				return true, ""
			}
		}
		return false, "no pong in the group"
	})
	for _, m := range sim.Messages() {
		if !m.Incoming && m.ToKey != "home" {
			t.Errorf("sent to %s: %q; the rule is the group's", m.ToKey, m.Content)
		}
	}
}
