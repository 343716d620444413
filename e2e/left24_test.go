//go:build !js

package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// TestLeft24: what the last stop saw and left alone, in English and in
// Chinese, each language one browser with two accounts logged in; the
// subtests run in turn in it.
func TestLeft24(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"en-US", "zh-CN"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			zh := lang == "zh-CN"
			say := func(en, cn string) string {
				if zh {
					return cn
				}
				return en
			}
			s := newSessEnvLang(t, lang, "wx.qq.com", "web.wechat.com")
			tab := s.open("wx.qq.com")
			s.open("web.wechat.com")

			// The details of the errors page.js gives itself read right
			// in the browser's language: download({id:'1'}) said "a
			// undefined message has no media to download" after the
			// sentence, in Chinese too.
			t.Run("page API details", func(t *testing.T) {
				for call, want := range map[string][]string{
					`wxdrop.download({id: '1'})`:                   {"BAD_REQUEST", say("download takes a message from on('message')", "download 接受 on('message') 给出的消息")},
					`wxdrop.download({id: '1', type: 'image'})`:    {"BAD_REQUEST", say("download takes a message from on('message')", "download 接受 on('message') 给出的消息")},
					`wxdrop.download({id: '1', type: 'file'})`:     {"BAD_REQUEST", say("download takes a message from on('message')", "download 接受 on('message') 给出的消息")},
					`wxdrop.download({id: '1', type: 'text'})`:     {"NOT_DOWNLOADABLE", say("A message of type “text” has no picture", "类型为“text”的消息没有可下载的图片")},
					`wxdrop.download({id: '1', type: 'location'})`: {"NOT_DOWNLOADABLE", say("A message of type “location”", "类型为“location”的消息")},
					`wxdrop.avatar({userName: '@x'})`:              {"DOWNLOAD_FAILED", say("WeChat did not give it (HTTP 4", "微信未能提供（HTTP 4")},
				} {
					got := s.eval(tab, `(async () => { try { await `+call+`; return 'resolved'; } catch (e) { return e.code + ' ' + e.message; } })()`)
					for _, w := range want {
						if !strings.Contains(got, w) {
							t.Errorf("%s: %q, want it to say %q", call, got, w)
						}
					}
					for _, bad := range []string{"undefined", " for /", "has no media to download", ": )"} {
						if strings.Contains(got, bad) {
							t.Errorf("%s: %q says %q", call, got, bad)
						}
					}
				}
			})

			// What a page shared waits for a chat: the popup asks for one
			// as a prompt, not in the red of an error read out as an
			// alert.
			t.Run("share prompt", func(t *testing.T) {
				if _, err := ExtEval[bool](tab.Ctx, s.br, `chrome.storage.session.set({share: JSON.stringify({text: 'https://example.com/', made: Date.now()})}).then(() => true)`); err != nil {
					t.Fatal(err)
				}
				p := s.openPopup(t)
				defer p.Close()
				want := say("Pick the chat to send it to", "选择要发送到的聊天")
				if err := WaitJS(p.Ctx, `document.getElementById('error').textContent.includes(`+jsString(want)+`) && !document.getElementById('error').hidden`, 20*time.Second, "the popup to ask for a chat"); err != nil {
					t.Fatalf("%v; #share %s, #error %q", err, s.eval(p, `String(document.getElementById('share').hidden) + ' ' + document.getElementById('share').textContent + ' ' + document.getElementById('to').textContent`), s.eval(p, `document.getElementById('error').textContent`))
				}
				got := s.eval(p, `(() => {
	const e = document.getElementById('error'), probe = document.createElement('span');
	probe.style.color = 'var(--bad)';
	document.body.append(probe);
	const bad = getComputedStyle(probe).color;
	probe.remove();
	return [getComputedStyle(e).color === bad ? 'red' : 'not red', e.getAttribute('role')].join(' ');
})()`)
				if got != "not red status" {
					t.Errorf("the prompt to pick a chat is %q, want \"not red status\"", got)
				}
			})

			// Two accounts logged in, a rule that names chats says which
			// account it acts in (rules.Rule.Account, set by the worker),
			// as the account switch names it; a rule of every chat, which
			// acts in every account, says nothing of one.
			t.Run("rule account", func(t *testing.T) {
				opts := openOptions(t, s.br, "#rules-on")
				defer opts.Close()
				addRule(t, opts, 1, "rule-kind", "forward", "rule-from", "老张", "rule-to", "李四")
				addRule(t, opts, 2, "rule-kind", "reply", "rule-match", "contains", "rule-pattern", "ping", "rule-reply", "pong", "rule-chats", "")
				rules := `[...document.querySelectorAll('#rules-list li.rule')].map((li) => li.textContent).join('\n')`
				acting := `(() => { const a = document.getElementById('account'); return a.hidden ? '' : a.options[a.selectedIndex].textContent; })()`
				if err := WaitJS(opts.Ctx, `(() => { const a = `+acting+`, r = (`+rules+`).split('\n'); return a !== '' && r[0].includes(`+jsString(say("Acts in ", "只在这个账号中生效："))+` + a + `+jsString(say(" only.", ""))+`) && !r[1].includes(a); })()`, 20*time.Second, "the forward to name its account, the reply of every chat none"); err != nil {
					t.Fatalf("%v; the switch reads %q, the rules %q", err, s.eval(opts, acting), s.eval(opts, rules))
				}
			})

			// A Chinese input method composes zhang'san in the search box:
			// the list is not judged by it (it said no chat matches), and
			// what it commits, 张三, finds 老张 (张三).
			t.Run("composing", func(t *testing.T) {
				p := s.openPopup(t)
				defer p.Close()
				ctx, cancel := context.WithTimeout(p.Ctx, 30*time.Second)
				defer cancel()
				shown := `[...document.querySelectorAll('#chats li.chat')].filter((li) => !li.hidden).map((li) => li.querySelector('.name').textContent).join(' ')`
				status := `[...document.querySelectorAll('#chats li.status')].filter((li) => !li.hidden).map((li) => li.textContent).join(' ')`
				before := s.eval(p, shown)
				if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("search")), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					for _, typed := range []string{"z", "zhang", "zhang's", "zhang'san"} {
						if _, err := cdp.Call(ctx, tg, input.ImeSetComposition, input.ImeSetCompositionParams{Text: typed, SelectionStart: int64(len(typed)), SelectionEnd: int64(len(typed))}); err != nil {
							return err
						}
					}
					return nil
				})); err != nil {
					t.Fatal(err)
				}
				if got := s.eval(p, `document.getElementById('search').value`); got != "zhang'san" {
					t.Fatalf("the search box holds %q while composing, want zhang'san", got)
				}
				if got, st := s.eval(p, shown), s.eval(p, status); got != before || st != "" {
					t.Errorf("while composing zhang'san the list shows %q and says %q; want the list as before (%q)", got, st, before)
				}
				if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, input.InsertText, input.InsertTextParams{Text: "张三"})
					return err
				})); err != nil {
					t.Fatal(err)
				}
				if err := WaitJS(p.Ctx, `document.getElementById('search').value === '张三' && (`+shown+`) === '老张'`, 20*time.Second, "张三 committed to find 老张 alone"); err != nil {
					t.Fatalf("%v; the list shows %q, says %q", err, s.eval(p, shown), s.eval(p, status))
				}
			})

			// Logged out (both accounts), the popup's list shows each chat's
			// initial where its avatar does not load: it showed a column of
			// blank squares. page.js's LOGGED_OUT says its sentence and no
			// English detail.
			t.Run("logged out", func(t *testing.T) {
				for _, h := range []string{"wx.qq.com", "web.wechat.com"} {
					s.sims[h].Logout()
				}
				// The page loads its login screen again (window.wxdrop
				// comes back with it): asked until it answers.
				var got string
				waitUntil(t, 30*time.Second, "avatar() on the logged-out page to answer", func() (bool, string) {
					got, _ = Eval[string](tab.Ctx, `window.wxsimStats && wxsimStats.state === 'login' && typeof window.wxdrop === 'object' ? wxdrop.avatar({userName: '@x'}).then(() => 'resolved', (e) => e.code + ' ' + e.message) : ''`)
					return strings.HasPrefix(got, "LOGGED_OUT "), got
				})
				if want := say("You are not logged in to web WeChat", "未登录网页版微信"); !strings.Contains(got, want) || !strings.HasSuffix(got, "(LOGGED_OUT)") {
					t.Errorf("avatar() logged out: %q, want %q and the code alone after it", got, want)
				}
				p := s.openPopup(t)
				defer p.Close()
				rows := `[...document.querySelectorAll('#chats li.chat')].filter((li) => !li.hidden).slice(0, 6)`
				shown := `(` + rows + `).map((li) => { const img = li.querySelector('img.avatar'), b = getComputedStyle(li, '::before'); return li.querySelector('.name').textContent + ':' + (img.complete && img.naturalWidth > 0 && getComputedStyle(img).display !== 'none' ? 'avatar' : b.display === 'none' || b.content === 'none' || b.content === '""' ? 'blank' : b.content); }).join(' ')`
				if err := WaitJS(p.Ctx, `(() => { const s = `+shown+`; return s !== '' && !s.includes(':blank'); })()`, 20*time.Second, "every row to show an avatar or an initial"); err != nil {
					t.Fatalf("%v; the rows show %s", err, s.eval(p, shown))
				}
				if got := s.eval(p, shown); !strings.Contains(got, `老张:"老"`) {
					t.Errorf("the rows show %s; want 老张's initial 老", got)
				}
			})
		})
	}
}
