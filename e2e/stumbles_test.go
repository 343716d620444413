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
)

// TestExportPickerQuotesBlankNames: the options' Export messages picker
// lists a chat whose name is blank (the invisible Hangul filler) with the
// name in quotes, as the popup shows it; it said "ㅤ (1)", which reads as
// a chat without a name.
func TestExportPickerQuotesBlankNames(t *testing.T) {
	t.Parallel()
	people := append(wxsim.DefaultPeople(), wxsim.Person{Key: "filler", NickName: "\u3164", ContactFlag: 1})
	sim, br, _ := newPageEnv(t, people)
	opts := openOptions(t, br, "#recall-on")
	click(t, opts, "#recall-on")
	click(t, opts, "#recall-save")
	if err := WaitJS(opts.Ctx, `!document.querySelector('#recall-saved').hidden`, 10*time.Second, "keeping saved"); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Deliver(wxsim.Incoming{From: "filler", Type: wxsim.MsgText, Text: "你好"}); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(opts.Ctx, `chrome.runtime.sendMessage({name: 'recall.get'}).then((r) => r.ok.kept >= 1)`, 30*time.Second, "the text kept"); err != nil {
		t.Fatal(err)
	}
	// The picker reads the chats again when it is focused.
	const want = "“\u3164” (1)"
	if err := WaitJS(opts.Ctx, `(document.querySelector('#msgexport-chat').focus(), [...document.querySelector('#msgexport-chat').options].some((o) => o.textContent === `+jsString(want)+`))`, 20*time.Second, "the blank name in quotes"); err != nil {
		got, _ := Eval[[]string](opts.Ctx, `[...document.querySelector('#msgexport-chat').options].map((o) => o.textContent)`)
		t.Fatalf("%v; the picker lists %q", err, got)
	}
}

// TestManyRefusalNamesTheChat: a chat ticked for a run to many that is
// no longer a contact at the next login (deleted on the phone) stays
// ticked, and the run is refused; the popup said "This chat is not in your
// web WeChat contacts any more" without saying which of the ticked chats.
// Now it names it, and nothing is sent.
func TestManyRefusalNamesTheChat(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com")
	sim := s.sims["wx.qq.com"]
	tab := s.open("wx.qq.com")
	p := s.openPopup(t)
	defer p.Close()
	tickMany(t, p, sim, "zhangsan", "lisi")
	sim.Unfriend("zhangsan")
	logInAgain(t, sim, tab)
	if err := WaitJS(p.Ctx, fmt.Sprintf(`!!document.querySelector('#chats li.chat[data-user=%q] input.check:checked')`, sim.UserName("lisi")), 30*time.Second, "the new login's 李四 ticked"); err != nil {
		t.Fatal(err)
	}
	if _, err := Eval[string](p.Ctx, `(() => { const t = document.querySelector('#many-text'); t.value = '你好'; return t.value; })()`); err != nil {
		t.Fatal(err)
	}
	click(t, p, "#many-start")
	click(t, p, "#many-yes")
	waitUntil(t, 30*time.Second, "the popup to name 老张 in its refusal", func() (bool, string) {
		said := s.eval(p, `document.getElementById('error').hidden ? '' : document.getElementById('error').textContent`)
		return strings.Contains(said, "“老张”"), said
	})
	if n := len(sim.Messages()); n != 0 {
		t.Errorf("%d messages sent; a refused run sends none", n)
	}
}

// TestScheduleFieldsShowWholly: the schedule form's date, time and repeat
// fit what they show, in the popup's width, for one chat and for a run to
// many, in English and Chinese. At 13 px the time read "09:05 A" (AM or
// PM cut off) and the repeat "Does not repea".
func TestScheduleFieldsShowWholly(t *testing.T) {
	t.Parallel()
	need(t)
	for _, lang := range []string{"en-US", "zh-CN"} {
		t.Run(lang, func(t *testing.T) {
			br, err := Start(context.Background(), Options{Extensions: []string{root}, Lang: lang})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(br.Close)
			p := openPopupSized(t, br)
			if err := WaitJS(p.Ctx, `document.body.dataset.ready === '1'`, 20*time.Second, "the popup"); err != nil {
				t.Fatal(err)
			}
			for _, prefix := range []string{"", "many-"} {
				// Each field against a copy of it laid out at its own
				// width, outside the form.
				got, err := Eval[string](p.Ctx, `(() => {
				  document.getElementById('`+prefix+`schedule').hidden = false;
				  for (const el of [document.getElementById('many-body'), document.getElementById('many-schedule')]) if (el) el.hidden = false;
				  const bad = [];
				  for (const f of ['date', 'time', 'repeat']) {
				    const el = document.getElementById('`+prefix+`schedule-' + f);
				    const c = el.cloneNode(true);
				    c.removeAttribute('id');
				    c.style.cssText = 'position: absolute; left: 0; top: 0; flex: none; width: auto;';
				    el.parentElement.appendChild(c);
				    const want = c.getBoundingClientRect().width, have = el.getBoundingClientRect().width;
				    c.remove();
				    if (have + 0.5 < want) bad.push(f + ' ' + have.toFixed(1) + ' px of ' + want.toFixed(1));
				  }
				  return bad.join('; ');
				})()`)
				if err != nil {
					t.Fatal(err)
				}
				if got != "" {
					t.Errorf("%sschedule: narrower than what they show: %s", prefix, got)
				}
			}
		})
	}
}

// TestReplyRuleSaysItsChats: an auto-reply rule limited to some chats
// says so in the options' list, in English and Chinese; it read "When a
// text contains “ping”, answer “pong”", the same words as a rule of every
// chat.
func TestReplyRuleSaysItsChats(t *testing.T) {
	t.Parallel()
	need(t)
	for _, tt := range []struct{ lang, want string }{
		{"en-US", "“老张”, “李四” only"},
		{"zh-CN", "（仅限“老张”、“李四”）"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			t.Parallel()
			opts := optionsIn(t, tt.lang)
			addRule(t, opts, 1, "rule-kind", "reply", "rule-match", "contains", "rule-pattern", "ping", "rule-reply", "pong", "rule-chats", "老张, 李四")
			addRule(t, opts, 2, "rule-kind", "reply", "rule-match", "contains", "rule-pattern", "ping", "rule-reply", "pong", "rule-chats", "")
			got, err := Eval[[]string](opts.Ctx, `[...document.querySelectorAll('#rules-list li.rule')].map((li) => li.textContent)`)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got[0], tt.want) {
				t.Errorf("the rule of 老张 and 李四 reads %q; want %q in it", got[0], tt.want)
			}
			if strings.Contains(got[1], "老张") || got[0] == got[1] {
				t.Errorf("the rule of every chat reads %q, the other %q", got[1], got[0])
			}
		})
	}
}

// TestOptionsPlaceholdersInTheirLanguage: the options' empty fields give
// their examples in the browser's language: the greeting's said "你好
// {name}" in English too.
func TestOptionsPlaceholdersInTheirLanguage(t *testing.T) {
	t.Parallel()
	need(t)
	for _, tt := range []struct{ lang, greeting string }{{"en-US", "Hello {name}"}, {"zh-CN", "你好 {name}"}} {
		t.Run(tt.lang, func(t *testing.T) {
			t.Parallel()
			opts := optionsIn(t, tt.lang)
			got, err := Eval[string](opts.Ctx, `document.querySelector('#friends-greeting').placeholder`)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.greeting {
				t.Errorf("the greeting's example is %q, want %q", got, tt.greeting)
			}
			if tt.lang != "en-US" {
				return
			}
			han, err := Eval[[]string](opts.Ctx, `[...document.querySelectorAll('[placeholder]')].map((e) => e.id + ': ' + e.placeholder).filter((s) => /\p{Script=Han}/u.test(s))`)
			if err != nil {
				t.Fatal(err)
			}
			if len(han) > 0 {
				t.Errorf("examples in Chinese in the English options: %q", han)
			}
		})
	}
}

// TestEmptyFileSaysItsName: wxdrop.sendFile of an empty file rejects
// with EMPTY_FILE whose message names the file, in the browser's language
// throughout; it ended "(EMPTY_FILE: the file is empty)", the sentence
// again, in English inside the Chinese one too.
func TestEmptyFileSaysItsName(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"en-US", "zh-CN"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			s := newSessEnvLang(t, lang, "wx.qq.com")
			tab := s.open("wx.qq.com")
			got := s.eval(tab, `wxdrop.sendFile('老张', new Blob([]), {name: '空的.txt'}).then(() => 'resolved', (e) => e.code + ' | ' + e.message)`)
			if !strings.HasPrefix(got, "EMPTY_FILE | ") || !strings.HasSuffix(got, "(EMPTY_FILE: 空的.txt)") || strings.Contains(got, "the file is empty") {
				t.Errorf("sendFile of an empty file: %q; want EMPTY_FILE ending in (EMPTY_FILE: 空的.txt)", got)
			}
		})
	}
}

// holdWasmJS, run in the popup before its scripts, holds popup.wasm's
// compilation until window.releaseWasm(): what the popup shows before
// its Go program runs.
const holdWasmJS = `(() => {
  const real = WebAssembly.instantiateStreaming.bind(WebAssembly);
  let release;
  const held = new Promise((r) => (release = r));
  window.releaseWasm = () => release();
  WebAssembly.instantiateStreaming = (src, imports) => held.then(() => real(src, imports));
})()`

// TestPopupSeesANewLoginAtOnce: the phone logged the web out, then a new
// login was scanned in; the popup opened then said "You were logged out"
// until the tab's next report (up to 3 s; 2 s measured, most of it
// popup.wasm's start). It asks the worker, which asks the tab, before
// popup.wasm runs: held here, the popup says the new login without it.
func TestPopupSeesANewLoginAtOnce(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com")
	sim := s.sims["wx.qq.com"]
	tab := s.open("wx.qq.com")
	logOut(t, sim, tab)
	waitUntil(t, 20*time.Second, "the worker to know of the logout", func() (bool, string) {
		st, err := s.br.State(context.Background())
		return err == nil && st.Status == msg.SessionLoggedOut, fmt.Sprint(st.Status, err)
	})
	// The page logs in; its content script reports it at its next look
	// only, up to 3 s later (the popup is opened before that).
	if err := LogIn(context.Background(), tab); err != nil {
		t.Fatal(err)
	}
	p := openPopupWith(t, s.br, holdWasmJS)
	defer p.Close()
	if err := WaitJS(p.Ctx, `document.querySelector('#state') && document.querySelector('#state').getAttribute('data-status') === 'ready'`, 20*time.Second, "the popup to say the new login before popup.wasm runs"); err != nil {
		t.Error(err)
	}
	if _, err := Eval[bool](p.Ctx, `(window.releaseWasm(), true)`); err != nil {
		t.Fatal(err)
	}
}

// tickMany turns on the popup's Send to many chats and ticks the chats
// of these keys.
func tickMany(t *testing.T, p *Tab, sim *wxsim.Server, keys ...string) {
	t.Helper()
	click(t, p, "#many-toggle")
	for _, k := range keys {
		click(t, p, fmt.Sprintf(`#chats li.chat[data-user=%q] .name`, sim.UserName(k)))
	}
	if err := WaitJS(p.Ctx, fmt.Sprintf(`document.querySelectorAll('#chats li.chat input.check:checked').length === %d`, len(keys)), 10*time.Second, fmt.Sprint(keys, " ticked")); err != nil {
		t.Fatal(err)
	}
}

// logOut logs the web out as the phone does and waits for the page's
// login screen.
func logOut(t *testing.T, sim *wxsim.Server, tab *Tab) {
	t.Helper()
	sim.Logout()
	if err := WaitJS(tab.Ctx, `window.wxsimStats && wxsimStats.state === 'login'`, 30*time.Second, "the page to log out"); err != nil {
		t.Fatal(err)
	}
}

// logInAgain logs the web out and scans a new login in, which gives every
// chat a new UserName.
func logInAgain(t *testing.T, sim *wxsim.Server, tab *Tab) {
	t.Helper()
	logOut(t, sim, tab)
	if err := LogIn(context.Background(), tab); err != nil {
		t.Fatal(err)
	}
}

// TestRuleSaysAnUnknownChat: a rule is added that names a chat no chat is
// known by to the rules (a forward "from 张三", a friend whose remark name
// is 老张, whose messages the rules know as 老张's): it never acted, and
// nothing said why. The options keep it and say so; a rule of a name the
// popup shows says nothing.
func TestRuleSaysAnUnknownChat(t *testing.T) {
	t.Parallel()
	_, br, _ := newPageEnv(t, wxsim.DefaultPeople())
	opts := openOptions(t, br, "#rules-on")
	said := `document.getElementById('error').hidden ? '' : document.getElementById('error').textContent`
	addRule(t, opts, 1, "rule-kind", "forward", "rule-from", "张三", "rule-to", "李四")
	if err := WaitJS(opts.Ctx, `(`+said+`).includes('“张三”')`, 10*time.Second, "the options to say no chat is called 张三"); err != nil {
		got, _ := Eval[string](opts.Ctx, said)
		t.Errorf("%v; the options say %q", err, got)
	}
	addRule(t, opts, 2, "rule-kind", "reply", "rule-match", "contains", "rule-pattern", "ping", "rule-reply", "pong", "rule-chats", "老张, 李四")
	if got, err := Eval[string](opts.Ctx, said); err != nil || got != "" {
		t.Errorf("a rule of 老张 and 李四, both chats: the options say %q (%v), want nothing", got, err)
	}
}

// TestLongFriendRequestFits: a friend request whose message is 4 KB (kept
// now, cut there) shows four lines of it, the whole in its title; it
// filled the popup with some sixty lines.
func TestLongFriendRequestFits(t *testing.T) {
	t.Parallel()
	_, br, _ := newPageEnv(t, wxsim.DefaultPeople())
	p := openPopupSized(t, br)
	if err := WaitJS(p.Ctx, `document.body.dataset.ready === '1'`, 20*time.Second, "the popup"); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("我是赵六，想加你。", 150)
	// The record as the worker keeps it (friends.Record), a message cut
	// at 4 KB (TestFriendRequestLongOrNameless).
	if _, err := Eval[bool](p.Ctx, `chrome.storage.local.set({friendRequests: JSON.stringify({requests: [{id: '1', userName: '@ab', nickName: '赵六', content: `+jsString(long)+`, time: Date.now(), state: 'pending'}]})}).then(() => true)`); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(p.Ctx, `!!document.querySelector('#friends li.friend .when')`, 10*time.Second, "the request listed"); err != nil {
		t.Fatal(err)
	}
	got, err := Eval[string](p.Ctx, `(() => { const w = document.querySelector('#friends li.friend .when'); const line = parseFloat(getComputedStyle(w).lineHeight) || 16; return (w.getBoundingClientRect().height / line).toFixed(1) + ' lines, title ' + (w.title === w.textContent); })()`)
	if err != nil {
		t.Fatal(err)
	}
	var lines float64
	var title string
	if _, err := fmt.Sscanf(got, "%f lines, title %s", &lines, &title); err != nil || lines > 4.5 || title != "true" {
		t.Errorf("the message shows as %s; want at most 4 lines and the whole in its title", got)
	}
}
