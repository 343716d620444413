//go:build !js

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestTrial25 is what trial25 met using wxdrop in Chromium, in English
// and in Chinese, each language one browser with two accounts logged in
// (wx.qq.com as wxdrop测试, web.wechat.com as 第二个号, the same people
// in both).
func TestTrial25(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"en-US", "zh-CN"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			s := newSessEnvLang(t, lang, "wx.qq.com", "web.wechat.com")
			tabA := s.open("wx.qq.com")
			s.open("web.wechat.com")
			t.Run("AnotherAccountsEntrySaysWhose", func(t *testing.T) { testAnotherAccountsEntrySaysWhose(t, s, tabA) })
			t.Run("EditOfAnotherAccountsEntry", func(t *testing.T) { testEditOfAnotherAccountsEntry(t, s, tabA) })
			t.Run("RulesLogNothingYetUnnumbered", func(t *testing.T) { testRulesLogNothingYetUnnumbered(t, s) })
		})
	}
}

// testAnotherAccountsEntrySaysWhose: a message scheduled in the first
// account's tab to 老张, and the popup showing the second account, which
// has a 老张 too. The popup lists every account's entries: the row read
// "定时 → 老张" and, once the first account was logged out, "Waiting
// for a login" under "Logged in as 第二个号", with nothing to say which
// account it would go from. A row of another account than the shown one
// now names its account and host; a row of the shown one does not.
func testAnotherAccountsEntrySaysWhose(t *testing.T, s *sessEnv, tabA *Tab) {
	id := s.eval(tabA, `wxdrop.schedule({to: '老张', text: '明早开会', at: Date.now() + 3600e3}).then((r) => r.id, (e) => 'threw ' + e.code)`)
	if strings.HasPrefix(id, "threw") {
		t.Fatal(id)
	}
	p := s.openPopup(t)
	defer p.Close()
	if err := WaitJS(p.Ctx, `document.getElementById('account').options.length === 2`, 20*time.Second, "the account switch"); err != nil {
		t.Fatal(err)
	}
	switchTo := func(nick string) { t.Helper(); switchAccount(t, s, p, nick) }
	from := fmt.Sprintf(`(() => { const f = document.querySelector('#scheduled li.entry[data-id=%q] .from'); return !f ? 'no row' : f.hidden ? '' : f.textContent; })()`, id)
	switchTo("第二个号")
	want := s.eval(p, `chrome.i18n.getMessage('entry_from_account', ['wxdrop测试', 'wx.qq.com'])`)
	if err := WaitJS(p.Ctx, fmt.Sprintf(`%s === %s`, from, jsString(want)), 20*time.Second, "the first account's row naming it"); err != nil {
		t.Errorf("%v: the row says %q", err, s.eval(p, from))
	}
	if *docsShots || *keepLog {
		_ = chromedp.Do(p.Ctx, chromedp.EmulateViewport(380, 600))
		if f, err := screenshot(p, t.TempDir(), "another-account.png"); err == nil {
			t.Log("screenshot:", f)
		}
	}
	switchTo("wxdrop测试")
	if err := WaitJS(p.Ctx, from+` === ''`, 20*time.Second, "the shown account's row naming none"); err != nil {
		t.Errorf("%v: the row says %q", err, s.eval(p, from))
	}
}

// switchAccount makes the popup p show the account of nick, as the
// account switch at its top does.
func switchAccount(t *testing.T, s *sessEnv, p *Tab, nick string) {
	t.Helper()
	if err := WaitJS(p.Ctx, `document.getElementById('account').options.length === 2`, 20*time.Second, "the account switch"); err != nil {
		t.Fatal(err)
	}
	s.eval(p, fmt.Sprintf(`(() => { const s = document.getElementById('account'); const o = [...s.options].find((o) => o.textContent.endsWith(' · ' + %s)); s.value = o.value; s.dispatchEvent(new Event('change')); return 'ok'; })()`, jsString(nick)))
	if err := WaitJS(p.Ctx, fmt.Sprintf(`document.querySelector('#state .state-text').textContent.includes(%s)`, jsString(nick)), 20*time.Second, "the popup showing "+nick); err != nil {
		t.Fatal(err)
	}
}

// testEditOfAnotherAccountsEntry: the popup shows 第二个号; the person
// edits the first account's message to 老张 and picks 李四 in the list,
// which is 第二个号's. Save said "This chat is not in your web WeChat
// contacts any more. Pick it again from the list", and picking 李四
// again from the same list said it again. It now says the message goes
// from wx.qq.com as wxdrop测试 and its chat must be that account's;
// the entry keeps its chat. A change of its text alone is saved.
func testEditOfAnotherAccountsEntry(t *testing.T, s *sessEnv, tabA *Tab) {
	b := s.sims["web.wechat.com"]
	id := s.eval(tabA, `wxdrop.schedule({to: '老张', text: '下午三点', at: Date.now() + 3600e3}).then((r) => r.id, (e) => 'threw ' + e.code)`)
	if strings.HasPrefix(id, "threw") {
		t.Fatal(id)
	}
	before, err := s.br.WaitEntry(context.Background(), id, 10*time.Second, "scheduled", func(msg.Entry) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	p := s.openPopup(t)
	defer p.Close()
	switchAccount(t, s, p, "第二个号")
	edit := fmt.Sprintf(`#scheduled li.entry[data-id=%q] button[data-action="edit"]`, id)
	if err := WaitJS(p.Ctx, fmt.Sprintf(`!!document.querySelector(%q)`, edit), 20*time.Second, "the entry's Edit"); err != nil {
		t.Fatal(err)
	}
	click(t, p, edit)
	pick(t, p, "ls", b.UserName("lisi"), "李四")
	click(t, p, "#send")
	said := `document.getElementById('error').hidden ? '' : document.getElementById('error').textContent`
	want := s.eval(p, `chrome.i18n.getMessage('edit_other_account', ['wxdrop测试', 'wx.qq.com'])`)
	if err := WaitJS(p.Ctx, fmt.Sprintf(`(%s) === %s`, said, jsString(want)), 10*time.Second, "the popup saying whose the message is"); err != nil {
		t.Errorf("%v: it says %q", err, s.eval(p, said))
	}
	// The person puts the chat back as it was and changes the text.
	s.eval(p, fmt.Sprintf(`(() => { document.querySelector('#scheduled li.entry[data-id=%q] button[data-action="edit"]').click(); return 'ok'; })()`, id))
	setText(t, p, "下午四点")
	click(t, p, "#send")
	got, err := s.br.WaitEntry(context.Background(), id, 10*time.Second, "its text changed", func(e msg.Entry) bool { return e.Text == "下午四点" })
	if err != nil {
		t.Fatalf("%v; the popup says %q", err, s.eval(p, said))
	}
	if got.To.UserName != before.To.UserName || got.Account != before.Account {
		t.Errorf("the entry's chat or account changed: %s (account %s), was to %s (account %s)", got.To.UserName, got.Account, before.To.UserName, before.Account)
	}
}

// testRulesLogNothingYetUnnumbered: before the rules did anything the
// options' log (a numbered list) said "1. Nothing yet: …", as if that
// were the first thing they did. The sentence stands unnumbered now.
func testRulesLogNothingYetUnnumbered(t *testing.T, s *sessEnv) {
	opts := openOptions(t, s.br, "#rules-on")
	defer opts.Close()
	js := `(() => { const li = document.querySelector('#rules-log li'); return li ? li.textContent + ' | ' + getComputedStyle(li).listStyleType : 'none'; })()`
	want := s.eval(opts, `chrome.i18n.getMessage('rules_log_empty')`) + " | none"
	if err := WaitJS(opts.Ctx, js+` === `+jsString(want), 20*time.Second, "the log's sentence unnumbered"); err != nil {
		t.Errorf("%v: the log's first line is %q", err, s.eval(opts, js))
	}
}
