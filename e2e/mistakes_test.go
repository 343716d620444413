//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

// TestPageAPICommonMistakes: the calls a person gets wrong at the console
// (a text left out, a contact object for the chat, schedule's arguments
// given one by one, one name where sendMany takes a list) reject with
// BAD_REQUEST and a detail that says what the method takes. Before, the
// first sent the text "undefined" to the chat, and the others said
// NOT_FOUND "[object Object]", a MessagePort's cloning error, or NOT_FOUND
// "老" (the name read letter by letter). Nothing reaches WeChat.
func TestPageAPICommonMistakes(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com")
	sim := s.sims["wx.qq.com"]
	tab := s.open("wx.qq.com")
	const later = `new Date(Date.now() + 3600e3)`
	tests := []struct {
		name, call, detail string
	}{
		{"no text", `wxdrop.sendText('老张')`, "sendText takes (to, text)"},
		{"no arguments", `wxdrop.sendText()`, "sendText takes (to, text)"},
		{"a text that is an object", `wxdrop.sendText('老张', {text: 'hi'})`, "sendText takes (to, text)"},
		{"a contact object for the chat", `wxdrop.contacts({query: 'lz'}).then((c) => wxdrop.sendText(c[0], 'hi'))`, "userName"},
		{"a contact object for the file's chat", `wxdrop.sendFile({userName: 'x'}, new Blob(['x']))`, "userName"},
		{"schedule's arguments one by one", `wxdrop.schedule('老张', 'hi', ` + later + `)`, "schedule takes {to, text, at, repeat}"},
		{"schedule without a chat", `wxdrop.schedule({text: 'hi', at: ` + later + `})`, "schedule takes {to, text, at, repeat}"},
		{"one name for sendMany", `wxdrop.sendMany('老张', 'hi')`, "sendMany takes a list"},
		{"cancel without an id", `wxdrop.cancel()`, "cancel takes the id"},
		{"run without an id", `wxdrop.run()`, "run takes the id"},
		// These three said BAD_REQUEST with no detail (only in the
		// message), and contacts('lz') listed every contact (now it is
		// the query: TestPageAPIAsAPersonTypes).
		{"a query for contacts given as a number", `wxdrop.contacts(5)`, "contacts takes a query"},
		{"download without a message", `wxdrop.download()`, "download takes a message"},
		{"avatar of a name", `wxdrop.avatar('老张')`, "avatar takes a contact"},
		// revoke of what is not a send's answer said NO_ENTRY, as if the
		// message were gone; a timeout that is not a number was dropped;
		// a repeat that is not one said "no such repeat".
		{"revoke of nothing", `wxdrop.revoke({})`, "revoke takes what a send resolved with"},
		{"revoke of a msgId", `wxdrop.revoke('4527210051674055543')`, "revoke takes what a send resolved with"},
		{"a timeout that is not a number", `wxdrop.sendText('老张', 'x', {timeout: 'soon'})`, "timeout is a number of ms"},
		{"a repeat that is not one", `wxdrop.schedule({to: '老张', text: 'x', at: ` + later + `, repeat: 'hourly'})`, "repeat is daily, weekdays, weekly, monthly or empty"},
	}
	for _, tt := range tests {
		got := s.eval(tab, fmt.Sprintf(`(async () => {
	try { const v = await %s; return 'resolved ' + JSON.stringify(v); }
	catch (e) { return 'rejected ' + e.code + ' ' + e.detail; }
})()`, tt.call))
		if !strings.HasPrefix(got, "rejected BAD_REQUEST ") || !strings.Contains(got, tt.detail) {
			t.Errorf("%s: %s: %s, want BAD_REQUEST with a detail that says %q", tt.name, tt.call, got, tt.detail)
		}
	}
	// A time that is not one says which, in its detail too.
	if got := s.eval(tab, `wxdrop.schedule({to: '老张', text: 'x', at: 'tomorrow'}).then(() => 'scheduled', (e) => e.code + ' ' + e.detail)`); got != "BAD_TIME not a time: tomorrow" {
		t.Errorf("schedule at 'tomorrow': %s, want BAD_TIME with the detail %q", got, "not a time: tomorrow")
	}
	// The right calls still go.
	if got := s.eval(tab, `wxdrop.contacts({query: 'lz'}).then((c) => wxdrop.sendText(c[0].userName, 'right')).then(() => 'sent', (e) => e.code)`); got != "sent" {
		t.Errorf("sendText(contact.userName, text): %s", got)
	}
	for _, m := range sim.Messages() {
		if !m.Incoming && m.Content != "right" {
			t.Errorf("sent to %s: %.40q", m.ToKey, m.Content)
		}
	}
}

// TestOptionsErrorInView: a refusal on the options page is seen where the
// person is. The page is long; its errors go to one line (#error) under
// its title, which was off screen when the button that was refused (the
// rules', the recalled messages', the exports') was far below: a click
// on "Add the rule" with a bad expression seemed to do nothing. The line
// now stays at the top of the window while it says something, in the
// browser's language, and says what is wrong with the expression (an
// unclosed "("), where it said only that it was not one.
func TestOptionsErrorInView(t *testing.T) {
	t.Parallel()
	need(t)
	for _, tt := range []struct{ lang, want, rule string }{
		{"en-US", "a “(” that no “)” closes", "rule"},
		{"zh-CN", "“(”没有用“)”闭合", "规则"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			opts := optionsIn(t, tt.lang)
			if err := chromedp.Do(opts.Ctx, chromedp.EmulateViewport(760, 700)); err != nil {
				t.Fatal(err)
			}
			setValue(t, opts, "rule-kind", "reply")
			setValue(t, opts, "rule-match", "regexp")
			setValue(t, opts, "rule-pattern", "(")
			setValue(t, opts, "rule-reply", "x")
			if _, err := Eval[bool](opts.Ctx, `(() => { document.querySelector('#rule-add').scrollIntoView({block: 'center'}); document.querySelector('#rule-add').click(); return true; })()`); err != nil {
				t.Fatal(err)
			}
			if err := WaitJS(opts.Ctx, `!document.querySelector('#error').hidden`, 10*time.Second, "the refusal of a bad expression"); err != nil {
				t.Fatal(err)
			}
			// Seen: inside the window, on top of what is under it, and
			// the button that was refused still in view.
			got, err := Eval[string](opts.Ctx, `(() => {
	const e = document.querySelector('#error'), r = e.getBoundingClientRect();
	const b = document.querySelector('#rule-add').getBoundingClientRect();
	const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
	return JSON.stringify({text: e.textContent, inView: r.top >= 0 && r.bottom <= innerHeight && r.height > 0,
		onTop: !!top && e.contains(top), buttonInView: b.top >= 0 && b.bottom <= innerHeight});
})()`)
			if err != nil {
				t.Fatal(err)
			}
			var v struct {
				Text                        string
				InView, OnTop, ButtonInView bool
			}
			if err := json.Unmarshal([]byte(got), &v); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(v.Text, tt.want) || !v.InView || !v.OnTop || !v.ButtonInView {
				t.Errorf("the refusal: %s; want its text to say %q, in view, on top, with the button in view", got, tt.want)
			}
			// An export the browser may not save (the permission refused:
			// a click of a script's, not a person's, which headless
			// Chromium answers at once, where a person would refuse the
			// prompt) says so in words of an export; it said "Add the save
			// rule again".
			if _, err := Eval[bool](opts.Ctx, `(document.querySelector('#export-csv').click(), true)`); err != nil {
				t.Fatal(err)
			}
			if err := WaitJS(opts.Ctx, `document.querySelector('#error').textContent === chrome.i18n.getMessage('err_NO_DOWNLOADS_ACCESS')`, 10*time.Second, "the export refused"); err != nil {
				said, _ := Eval[string](opts.Ctx, `document.querySelector('#error').textContent + ' | ' + document.querySelector('#export-state').textContent`)
				t.Fatal(err, said)
			}
			if said, err := Eval[string](opts.Ctx, `document.querySelector('#error').textContent`); err != nil || strings.Contains(said, tt.rule) {
				t.Errorf("the refused export says %q (%v): a rule, where there is none", said, err)
			}
			// The recalled messages' days left empty, and their space
			// set to 0: each is refused in words. Both were "Saved.",
			// quietly as the defaults (2 days, 200 MB).
			for _, c := range []struct{ days, mb, want string }{
				{"", "200", `chrome.i18n.getMessage('settings_not_number', chrome.i18n.getMessage('recall_days'))`},
				{"2", "0", `chrome.i18n.getMessage('err_RECALL_SPACE')`},
			} {
				setValue(t, opts, "recall-days", c.days)
				setValue(t, opts, "recall-mb", c.mb)
				if _, err := Eval[bool](opts.Ctx, `(document.querySelector('#recall-mb').dispatchEvent(new Event('input', {bubbles: true})), document.querySelector('#recall-save').click(), true)`); err != nil {
					t.Fatal(err)
				}
				if err := WaitJS(opts.Ctx, `!document.querySelector('#recall-saved').hidden || document.querySelector('#error').textContent === `+c.want, 10*time.Second, "the recall form's answer"); err != nil {
					t.Fatal(err)
				}
				if said, err := Eval[string](opts.Ctx, `document.querySelector('#recall-saved').hidden ? document.querySelector('#error').textContent : 'saved: ' + document.querySelector('#recall-saved').textContent`); err != nil || strings.HasPrefix(said, "saved") {
					t.Errorf("days %q, space %q: %q (%v), want a refusal", c.days, c.mb, said, err)
				}
			}
		})
	}
}

// openPopupWith opens the popup in a tab (closed when the test ends)
// with script run before the page's own, and returns once it loaded.
func openPopupWith(t *testing.T, br *Browser, script string) *Tab {
	t.Helper()
	p, err := br.NewTab("", "popup")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	ctx, cancel := context.WithTimeout(p.Ctx, 60*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(popupURL)); err != nil {
		t.Fatal(err)
	}
	return p
}

// holdStateAnswerJS, run in the popup before its scripts, holds the
// worker's answer to the popup's "state.get" until window.releaseState()
// (window.stateAsked says it was asked; window.stateDelivered that the
// answer reached the popup and a task has passed since).
const holdStateAnswerJS = `(() => {
  const rt = chrome.runtime, send = rt.sendMessage.bind(rt);
  let release;
  const held = new Promise((r) => (release = r));
  window.releaseState = () => { release(); return 'ok'; };
  rt.sendMessage = (m, ...rest) => {
    if (!m || m.name !== 'state.get') return send(m, ...rest);
    window.stateAsked = true;
    return send(m, ...rest).then(async (answer) => {
      await held;
      setTimeout(() => (window.stateDelivered = true), 0);
      return answer;
    });
  };
})();`

// TestPopupKeepsTheNewerState: the popup, opened before the worker had
// stored any state (right after a login, or with the browser just
// started), asks the worker, and the stored state changes while the
// answer is on its way. The answer, older than the change, no longer
// replaces it: the popup said "Open wx.qq.com and log in" beside a
// logged-in account's chats (seen once, opened just after a login).
// Here the state is removed (none stored yet), the held answer says
// none, and a new login is stored meanwhile.
func TestPopupKeepsTheNewerState(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com")
	sim := s.sims["wx.qq.com"]
	tab := s.open("wx.qq.com")
	if _, err := ExtEval[bool](context.Background(), s.br, `chrome.storage.session.remove('state').then(() => true)`); err != nil {
		t.Fatal(err)
	}
	p := openPopupWith(t, s.br, holdStateAnswerJS)
	if err := WaitJS(p.Ctx, `window.stateAsked === true`, 30*time.Second, "the popup asking the worker"); err != nil {
		t.Fatal(err)
	}
	// A new login, which the worker stores while its answer is held.
	logInAgain(t, sim, tab)
	status := `document.querySelector('#state').dataset.status`
	if err := WaitJS(p.Ctx, status+` === 'ready'`, 30*time.Second, "the popup showing the new login"); err != nil {
		t.Fatal(err)
	}
	s.eval(p, `window.releaseState()`)
	if err := WaitJS(p.Ctx, `window.stateDelivered === true`, 10*time.Second, "the held answer delivered"); err != nil {
		t.Fatal(err)
	}
	if got := s.eval(p, status+` + ' ' + document.querySelector('#state').textContent`); !strings.HasPrefix(got, "ready ") {
		t.Errorf("after the older answer the popup shows %q, want the login it was shown", got)
	}
}

// TestPopupPickSurvivesNewLogin: a chat is picked in the open popup; the
// phone logs the web out and logs in again, which renews every chat's
// UserName. The popup, which lists the new login's chats, still says
// "To: 老张", and Send sends to 老张. It said "This chat is not in your
// web WeChat contacts any more" (the pick was the old login's UserName).
func TestPopupPickSurvivesNewLogin(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com")
	sim := s.sims["wx.qq.com"]
	tab := s.open("wx.qq.com")
	p := s.openPopup(t)
	defer p.Close()
	old := sim.UserName("zhangsan")
	pick(t, p, "lz", old, "老张")

	logInAgain(t, sim, tab)
	now := sim.UserName("zhangsan")
	if now == old {
		t.Fatal("wxsim kept 老张's UserName across logins: the test tests nothing")
	}
	if err := WaitJS(p.Ctx, fmt.Sprintf(`!!document.querySelector('#chats li.chat[data-user=%q]')`, now), 30*time.Second, "the popup listing the new login's chats"); err != nil {
		t.Fatal(err)
	}
	const text = "新登录后还是发给老张"
	setText(t, p, text)
	click(t, p, "#send")
	waitUntil(t, 30*time.Second, "the text at 老张 or an error in the popup", func() (bool, string) {
		for _, m := range sim.Messages() {
			if !m.Incoming && m.Content == text {
				return true, ""
			}
		}
		said := s.eval(p, `document.getElementById('error').hidden ? '' : document.getElementById('error').textContent`)
		if said != "" {
			t.Fatalf("the popup says %q; #to says %q", said, s.eval(p, `document.getElementById('to').textContent`))
		}
		return false, "nothing yet"
	})
	for _, m := range sim.Messages() {
		if !m.Incoming && m.Content == text && m.ToKey != "zhangsan" {
			t.Errorf("sent to %s, want zhangsan", m.ToKey)
		}
	}
}

// cutAddJS, run in the popup before its scripts, cuts the popup's first
// "outbox.add" as a worker stopped in the middle of it does: with
// window.cut 'lost', the message never reaches the worker; with
// 'unanswered', the worker takes it and its answer is lost. Either way
// the popup hears the channel closed (Chromium's words).
const cutAddJS = `(() => {
  const rt = chrome.runtime, send = rt.sendMessage.bind(rt);
  window.adds = 0;
  const closed = () => new Error('A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received');
  rt.sendMessage = (m, ...rest) => {
    if (!m || m.name !== 'outbox.add') return send(m, ...rest);
    window.adds++;
    if (window.adds > 1 || !window.cut) return send(m, ...rest);
    if (window.cut === 'lost') return Promise.reject(closed());
    return send(m, ...rest).then(() => { throw closed(); });
  };
})();`

// TestPopupSendSurvivesStoppedWorker: a file chosen, or a text sent, in
// the popup while the worker is stopped in the middle of taking it is
// sent once, with no error: the popup asks again, under the same entry id, which the worker
// either takes or refuses as taken by the first ask. The popup said
// "wxdrop ran into a problem of its own (… the message channel closed
// …)" and the file was not sent (seen stopping the worker at
// chrome://serviceworker-internals during a 60 MB send).
func TestPopupSendSurvivesStoppedWorker(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com")
	sim := s.sims["wx.qq.com"]
	s.open("wx.qq.com")
	dir := t.TempDir()
	for i, tc := range []struct{ kind, cut string }{{"file", "lost"}, {"file", "unanswered"}, {"text", "lost"}, {"text", "unanswered"}} {
		cut := tc.kind + " " + tc.cut
		f := makeFile(t, dir, fmt.Sprintf("停止%d.bin", i), noise(200<<10, uint64(i+5)), 6)
		text := fmt.Sprintf("停了也要到 %d", i)
		p := openPopupWith(t, s.br, cutAddJS)
		if err := WaitJS(p.Ctx, `document.body && document.body.dataset.ready === '1'`, 20*time.Second, "the popup"); err != nil {
			t.Fatal(err)
		}
		pick(t, p, "ls", sim.UserName("lisi"), "李四")
		s.eval(p, fmt.Sprintf(`(window.cut = %q)`, tc.cut))
		if tc.kind == "file" {
			upload(t, p, f)
		} else {
			s.eval(p, fmt.Sprintf(`(document.getElementById('text').value = %q, '')`, text))
			click(t, p, "#send")
		}
		waitUntil(t, 30*time.Second, cut+": the message at 李四, or an error in the popup", func() (bool, string) {
			for _, m := range sim.Messages() {
				if !m.Incoming && (tc.kind == "file" && m.FileName == f.Name || tc.kind == "text" && m.Content == text) {
					return true, ""
				}
			}
			if said := s.eval(p, `document.getElementById('error').hidden ? '' : document.getElementById('error').textContent`); said != "" {
				t.Fatalf("%s: the popup says %q", cut, said)
			}
			return false, "asked " + s.eval(p, `String(window.adds)`) + " times"
		})
		if got := s.eval(p, `String(window.adds)`); got != "2" {
			t.Errorf("%s: the popup asked the worker %s times, want 2", cut, got)
		}
		rec, err := s.br.Outbox(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range rec.Entries {
			if e.File != nil && e.File.Name == f.Name || e.Text == text {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: %d entries of the message, want 1", cut, n)
		}
		p.Close()
	}
	// Sent once each: nothing twice.
	seen := map[string]int{}
	for _, m := range sim.Messages() {
		if !m.Incoming && m.FileName != "" {
			seen[m.FileName]++
		} else if !m.Incoming && strings.HasPrefix(m.Content, "停了也要到") {
			seen[m.Content]++
		}
	}
	for name, n := range seen {
		if n != 1 {
			t.Errorf("%s sent %d times", name, n)
		}
	}
}

// TestManyCheckboxShowsItsTick: in "Send to many chats", a click on a
// chat's checkbox itself (where a person clicks) ticks it, and a second
// click unticks it, as the count says. The click's handler cancelled the
// click, which makes the browser put the checkbox back after the handler
// had ticked it: "1 chats selected" beside an empty box.
func TestManyCheckboxShowsItsTick(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com")
	sim := s.sims["wx.qq.com"]
	s.open("wx.qq.com")
	p := s.openPopup(t)
	defer p.Close()
	click(t, p, "#many-toggle")
	pick := fmt.Sprintf(`#chats li.chat[data-user=%q]`, sim.UserName("lisi"))
	ctx, cancel := context.WithTimeout(p.Ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("search"), "ls")); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(p.Ctx, `!!document.querySelector('`+pick+`')`, 10*time.Second, "李四's row"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []bool{true, false} {
		click(t, p, pick+" .check")
		got := s.eval(p, `String(document.querySelector('`+pick+` .check').checked) + ' ' + document.getElementById('many-count').textContent`)
		if !strings.HasPrefix(got, fmt.Sprint(want)+" ") {
			t.Errorf("after a click on the checkbox: checked and count %q, want checked %v", got, want)
		}
		// One chat is no "1 chats" (English counts without plurals).
		if strings.Contains(got, " 1 chats") || strings.Contains(got, " 0 chats") {
			t.Errorf("the count says %q", got)
		}
	}
}

// TestFileButtonShowsKeyboardFocus: with the keyboard alone, Tab from the
// message box reaches the file chooser, whose input is hidden behind its
// "Choose files" label; the label now shows the focus ring, as every
// other control does. Nothing on screen showed where the focus was.
func TestFileButtonShowsKeyboardFocus(t *testing.T) {
	t.Parallel()
	e := sharedEnv(t)
	p := openPopupSized(t, e.br)
	if err := chromedp.Do(p.Ctx, chromedp.Navigate(popupURL)); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(p.Ctx, `document.body && document.body.dataset.ready === '1'`, 20*time.Second, "the popup"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(p.Ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("text")), chromedp.KeyEvent("\t")); err != nil {
		t.Fatal(err)
	}
	got, err := Eval[string](ctx, `document.activeElement.id + ' ' + getComputedStyle(document.querySelector('label[for=file]')).outlineStyle`)
	if err != nil {
		t.Fatal(err)
	}
	if got != "file solid" {
		t.Errorf("after Tab from the message box: focus and the label's outline %q, want \"file solid\"", got)
	}
}

// TestManyTicksSurviveNewLogin: chats ticked for a run to many follow a
// new login, as the single pick does (TestPopupPickSurvivesNewLogin).
// The phone logged the web out and in again, which renews every chat's
// UserName: the popup said "Chats selected: 2" beside no ticked row, and
// the run was refused with "This chat is not in your web WeChat contacts
// any more". Now the new login's 老张 and 李四 are ticked and each gets
// the run's text once.
func TestManyTicksSurviveNewLogin(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com")
	sim := s.sims["wx.qq.com"]
	tab := s.open("wx.qq.com")
	p := s.openPopup(t)
	defer p.Close()
	click(t, p, "#many-toggle")
	keys := []string{"zhangsan", "lisi"}
	old := map[string]string{}
	for _, k := range keys {
		old[k] = sim.UserName(k)
		click(t, p, fmt.Sprintf(`#chats li.chat[data-user=%q] .name`, old[k]))
	}
	ticked := func(users ...string) string {
		var sel []string
		for _, u := range users {
			sel = append(sel, fmt.Sprintf(`#chats li.chat[data-user=%q] input.check:checked`, u))
		}
		return fmt.Sprintf(`document.querySelectorAll(%q).length === %d`, strings.Join(sel, ", "), len(users))
	}
	if err := WaitJS(p.Ctx, ticked(old["zhangsan"], old["lisi"]), 10*time.Second, "老张 and 李四 ticked"); err != nil {
		t.Fatal(err)
	}

	logInAgain(t, sim, tab)
	now := map[string]string{}
	for _, k := range keys {
		if now[k] = sim.UserName(k); now[k] == old[k] {
			t.Fatalf("wxsim kept %s's UserName across logins: the test tests nothing", k)
		}
	}
	if err := WaitJS(p.Ctx, ticked(now["zhangsan"], now["lisi"]), 30*time.Second, "the new login's 老张 and 李四 ticked"); err != nil {
		t.Errorf("%v; the popup says %q", err, s.eval(p, `document.querySelector('#many-count').textContent`))
	}
	const text = "新登录后{name}还在名单上"
	if _, err := Eval[string](p.Ctx, fmt.Sprintf(`(() => { const t = document.querySelector('#many-text'); t.value = %s; document.querySelector('#many-spacing').value = '1'; return t.value; })()`, jsString(text))); err != nil {
		t.Fatal(err)
	}
	click(t, p, "#many-start")
	click(t, p, "#many-yes")
	waitUntil(t, 40*time.Second, "the run's text at 老张 and 李四, or an error in the popup", func() (bool, string) {
		got := map[string]int{}
		for _, m := range sim.Messages() {
			if !m.Incoming && strings.HasSuffix(m.Content, "还在名单上") {
				got[m.ToKey]++
			}
		}
		if said := s.eval(p, `document.getElementById('error').hidden ? '' : document.getElementById('error').textContent`); said != "" {
			t.Fatalf("the popup says %q", said)
		}
		return got["zhangsan"] == 1 && got["lisi"] == 1 && len(got) == 2, fmt.Sprint(got)
	})
}

// TestForwardRuleSaysMessages: the options' auto-forward rule forwards
// what its boxes tick (texts, images, videos, voice messages, files,
// stickers), and its words say so. They said "Auto-forward texts of a
// chat" / "Texts from the chat named" (自动转发某个聊天的文字), which
// reads as texts only, above the boxes that tick images and files.
func TestForwardRuleSaysMessages(t *testing.T) {
	t.Parallel()
	need(t)
	for _, tt := range []struct{ lang, want, not string }{
		{"en-US", "messages", "text"},
		{"zh-CN", "消息", "文字"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			opts := optionsIn(t, tt.lang)
			setValue(t, opts, "rule-kind", "forward")
			got, err := Eval[string](opts.Ctx, `[document.querySelector('#rule-kind option[value=forward]').textContent, document.querySelector('label[for=rule-from]').textContent].join(' / ')`)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range strings.Split(got, " / ") {
				if l := strings.ToLower(s); !strings.Contains(l, tt.want) || strings.Contains(l, tt.not) {
					t.Errorf("the forward rule says %q; want %q in it and not %q", s, tt.want, tt.not)
				}
			}
		})
	}
}

// TestPageAPIErrorSentences: a page API error's message, what the
// console shows, is a sentence in the browser's language with the code
// after it, the detail inside the sentence or after the code. It was
// "wxdrop: NOT_FOUND: nobody at all" (the code and the detail, which a
// person at the console had to look up in the README).
func TestPageAPIErrorSentences(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		lang string
		want map[string][]string // call → what the message says
	}{
		{"en-US", map[string][]string{
			`wxdrop.sendText('nobody at all', 'hi')`:                  {"wxdrop: No chat is called “nobody at all”", "(NOT_FOUND)"},
			`wxdrop.sendText('老张', '')`:                               {"wxdrop: There is nothing to send", "(EMPTY_MESSAGE)"},
			`wxdrop.exportContacts({format: 'xml'})`:                  {"not xml", "(BAD_FORMAT)"},
			`wxdrop.sendMany(['老张', 'nobody'], 'hi')`:                 {"No chat is called “nobody”", "(NOT_FOUND)"},
			`wxdrop.sendText('老张')`:                                   {"wxdrop: The call does not take these arguments: sendText takes (to, text): text is a string.", "(BAD_REQUEST)"},
			`wxdrop.schedule({to: '老张', text: 'x', at: new Date(0)})`: {"give at as a Date, a time in ms or an ISO 8601 text", "(BAD_TIME)"},
		}},
		{"zh-CN", map[string][]string{
			`wxdrop.sendText('nobody at all', 'hi')`:           {"wxdrop: 没有叫“nobody at all”的聊天", "(NOT_FOUND)"},
			`wxdrop.sendText('老张', '')`:                        {"wxdrop: 没有可发送的内容", "(EMPTY_MESSAGE)"},
			`wxdrop.exportContacts({format: 'xml'})`:           {"不能导出为 xml", "(BAD_FORMAT)"},
			`wxdrop.schedule({to: '老张', text: 'x', at: 1e20})`: {"ISO 8601", "(BAD_TIME)"},
		}},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			t.Parallel()
			s := newSessEnvLang(t, tt.lang, "wx.qq.com")
			tab := s.open("wx.qq.com")
			for call, want := range tt.want {
				got := s.eval(tab, fmt.Sprintf(`(async () => { try { await %s; return 'resolved'; } catch (e) { return e.message; } })()`, call))
				for _, w := range want {
					if !strings.Contains(got, w) {
						t.Errorf("%s: the message is %q, want it to say %q", call, got, w)
					}
				}
				if strings.Count(got, "nobody") > 1 || strings.Count(got, "xml") > 1 {
					t.Errorf("%s: the message says its detail twice: %q", call, got)
				}
			}
		})
	}
}

// TestBlankNameIsSeen: a contact whose name is only spaces (or the
// invisible Hangul filler people pick for an empty-looking name) is
// listed, picked and sent to with its name in quotes: its row, "To:" and
// the sent message's row showed nothing, as if no chat were picked.
func TestBlankNameIsSeen(t *testing.T) {
	t.Parallel()
	people := append(wxsim.DefaultPeople(),
		wxsim.Person{Key: "spaces", NickName: "   ", ContactFlag: 1},
		wxsim.Person{Key: "filler", NickName: "\u3164", ContactFlag: 1})
	sim, br, _ := newPageEnv(t, people)
	popup := readyPopup(t, br)
	for _, tt := range []struct{ key, want string }{{"spaces", "“ ”"}, {"filler", "“\u3164”"}} {
		user := sim.UserName(tt.key)
		row := fmt.Sprintf(`#chats li.chat[data-user=%q]`, user)
		if err := WaitJS(popup.Ctx, `!!document.querySelector('`+row+`')`, 10*time.Second, "the row of "+tt.key); err != nil {
			t.Fatal(err)
		}
		// innerText is what is seen: spaces collapsed.
		if got, err := Eval[string](popup.Ctx, `document.querySelector('`+row+` .name').innerText.trim()`); err != nil || got != tt.want {
			t.Errorf("%s: the row says %q (%v), want %q", tt.key, got, err, tt.want)
		}
		click(t, popup, row+" .name")
		if got, err := Eval[string](popup.Ctx, `document.querySelector('#to').innerText.trim()`); err != nil || got != tt.want {
			t.Errorf("%s: To: %q (%v), want %q", tt.key, got, err, tt.want)
		}
	}
	setText(t, popup, "给没有名字的人")
	click(t, popup, "#send")
	if err := WaitJS(popup.Ctx, `[...document.querySelectorAll('#outbox li.entry')].some((li) => li.dataset.state === 'sent')`, 30*time.Second, "the text sent"); err != nil {
		t.Fatal(err)
	}
	if got, err := Eval[string](popup.Ctx, `document.querySelector('#outbox li.entry').textContent`); err != nil || !strings.Contains(got, "“\u3164”") {
		t.Errorf("the sent message's row says %q (%v), want the chat's name in quotes", got, err)
	}
}

// TestFriendRequestNameAsRead: the popup's friend requests show the
// asker's name as a person reads it: emoji of web WeChat's markup as
// emoji, entities decoded, a name of only spaces in quotes. It showed
// `<span class="emoji emoji1f600"></span>笑&amp;哭`, and nothing.
func TestFriendRequestNameAsRead(t *testing.T) {
	t.Parallel()
	sim, br, _ := newPageEnv(t, nil)
	for key, nick := range map[string]string{"emoji": `<span class="emoji emoji1f600"></span>笑&amp;哭`, "blank": "   "} {
		if _, err := sim.DeliverFriendRequest(wxsim.FriendRequest{Person: wxsim.Person{Key: key, NickName: nick}, Content: "我是" + key}); err != nil {
			t.Fatal(err)
		}
	}
	popup := openPopupSized(t, br)
	if err := WaitJS(popup.Ctx, `document.querySelectorAll('#friends li .title').length === 2`, 30*time.Second, "two requests in the popup"); err != nil {
		t.Fatal(err)
	}
	// textContent, not innerText: a row (content-visibility: auto) the
	// popup's layout had skipped below the fold read "" in a CI run.
	got, err := Eval[string](popup.Ctx, `[...document.querySelectorAll('#friends li')].map((li) => li.querySelector('.title').textContent.trim() + ' ' + li.querySelector('.when').textContent).sort().join(' | ')`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "“   ” 我是blank | 😀笑&哭 我是emoji"; got != want {
		t.Errorf("the popup's friend requests say %q, want %q", got, want)
	}
}

// TestTimesInTheTextsLanguage: in Chinese, the popup writes its times as
// Chinese does, and the options page says it is Chinese (lang, which
// picks the Han characters' fonts). Chromium answered @@ui_locale en_US
// beside the zh_CN texts: the rows said "6:33 AM · 工作日（周一至周五）",
// the options page's lang was en-US. (The popup's lang is instant.js's,
// which still reads @@ui_locale.)
func TestTimesInTheTextsLanguage(t *testing.T) {
	t.Parallel()
	s := newSessEnvLang(t, "zh-CN", "wx.qq.com")
	tab := s.open("wx.qq.com")
	if got := s.eval(tab, sendJS("老张", "几点了")); got != "sent" {
		t.Fatalf("the send: %s", got)
	}
	p := s.openPopup(t)
	defer p.Close()
	if err := WaitJS(p.Ctx, `!!document.querySelector('#outbox li.entry[data-state=sent]')`, 20*time.Second, "the sent text's row"); err != nil {
		t.Fatal(err)
	}
	got := s.eval(p, `document.querySelector('#outbox li.entry[data-state=sent]').textContent`)
	if got == "" || strings.Contains(got, "AM") || strings.Contains(got, "PM") {
		t.Errorf("the sent row says %q; want its time written as Chinese writes it", got)
	}
	opts := openOptions(t, s.br, "#rules-on")
	defer opts.Close()
	if got := s.eval(opts, `document.documentElement.lang`); got != "zh-CN" {
		t.Errorf("the options page's lang is %q, want zh-CN", got)
	}
}

// TestManyFieldsLookLikeTheComposer: the run's text, its list and number
// fields and the account switch are written in the popup's font, as the
// composer's text is. The run's text was in the browser's monospace, the
// others in its larger default, beside 13 px labels.
func TestManyFieldsLookLikeTheComposer(t *testing.T) {
	t.Parallel()
	need(t)
	br, err := Start(context.Background(), Options{Extensions: []string{root}})
	if err != nil {
		t.Fatal(err)
	}
	defer br.Close()
	popup := readyPopup(t, br)
	got, err := Eval[string](popup.Ctx, `(() => {
	const font = (id) => { const s = getComputedStyle(document.getElementById(id)); return s.fontFamily + ' ' + s.fontSize; };
	const want = font('text'), odd = [];
	for (const id of ['many-text', 'many-list-name', 'many-lists', 'many-spacing', 'many-perhour', 'account']) {
		if (font(id) !== want) odd.push(id + ': ' + font(id));
	}
	return odd.length ? odd.join('; ') + ' (the composer: ' + want + ')' : '';
})()`)
	if err != nil {
		t.Fatal(err)
	}
	if got != "" {
		t.Errorf("fields not in the composer's font: %s", got)
	}
}

// TestRulesLogSaysNothingYet: before the rules did anything, the options
// page says so under "What the rules did", in the browser's language; the
// heading stood over nothing.
func TestRulesLogSaysNothingYet(t *testing.T) {
	t.Parallel()
	need(t)
	for _, tt := range []struct{ lang, want string }{{"en-US", "Nothing yet"}, {"zh-CN", "还没有记录"}} {
		t.Run(tt.lang, func(t *testing.T) {
			opts := optionsIn(t, tt.lang)
			if got, err := Eval[string](opts.Ctx, `document.querySelector('#rules-log').innerText`); err != nil || !strings.Contains(got, tt.want) {
				t.Errorf("under the rules' log: %q (%v), want %q", got, err, tt.want)
			}
		})
	}
}

// optionsIn opens the options page (its rules loaded) in a browser of
// language lang, both closed when the test ends.
func optionsIn(t *testing.T, lang string) *Tab {
	t.Helper()
	br, err := Start(context.Background(), Options{Extensions: []string{root}, Lang: lang})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(br.Close)
	opts := openOptions(t, br, "#rules-on")
	t.Cleanup(opts.Close)
	return opts
}

// TestManyTicksStayWithTheirAccount: ticks follow a new login of their
// own account only (TestManyTicksSurviveNewLogin). The second account has
// a 老张 too, another person: the popup switched to it does not tick him
// for the first account's 老张.
func TestManyTicksStayWithTheirAccount(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com", "web.wechat.com")
	a, b := s.sims["wx.qq.com"], s.sims["web.wechat.com"]
	s.open("wx.qq.com")
	s.open("web.wechat.com")
	p := s.openPopup(t)
	defer p.Close()
	if err := WaitJS(p.Ctx, `document.getElementById('account').options.length === 2`, 20*time.Second, "the account switch"); err != nil {
		t.Fatal(err)
	}
	use := func(nick string, key string, sim *wxsim.Server) {
		t.Helper()
		s.eval(p, fmt.Sprintf(`(() => { const s = document.getElementById('account'); const o = [...s.options].find((o) => o.textContent.endsWith(' · ' + %s)); s.value = o.value; s.dispatchEvent(new Event('change')); return 'ok'; })()`, jsString(nick)))
		if err := WaitJS(p.Ctx, fmt.Sprintf(`!!document.querySelector('#chats li.chat[data-user=%q]')`, sim.UserName(key)), 20*time.Second, "the chats of "+nick); err != nil {
			t.Fatal(err)
		}
	}
	use("wxdrop测试", "zhangsan", a)
	click(t, p, "#many-toggle")
	click(t, p, fmt.Sprintf(`#chats li.chat[data-user=%q] .name`, a.UserName("zhangsan")))
	if err := WaitJS(p.Ctx, `document.querySelectorAll('#chats li.chat input.check:checked').length === 1`, 10*time.Second, "老张 ticked"); err != nil {
		t.Fatal(err)
	}
	use("第二个号", "zhangsan", b)
	if got := s.eval(p, fmt.Sprintf(`String(!!document.querySelector('#chats li.chat[data-user=%q] input.check:checked'))`, b.UserName("zhangsan"))); got != "false" {
		t.Errorf("the second account's 老张 is ticked for the first account's")
	}
}

// TestPagesTextSize: the popup's and the options page's text is the 13 px
// their stylesheet asks for, as in Firefox, and a chat's name is not
// smaller than its nick name beside it. Chromium gives an extension's
// pages body { font-size: 75% }: their text was 9.75 px, under the 11
// and 12 px of their notes.
func TestPagesTextSize(t *testing.T) {
	t.Parallel()
	sim, br, _ := newPageEnv(t, nil)
	popup := readyPopup(t, br)
	row := fmt.Sprintf(`#chats li.chat[data-user=%q]`, sim.UserName("zhangsan"))
	if err := WaitJS(popup.Ctx, `!!document.querySelector('`+row+`')`, 10*time.Second, "老张's row"); err != nil {
		t.Fatal(err)
	}
	size := func(tab *Tab, sel string) float64 {
		t.Helper()
		v, err := Eval[float64](tab.Ctx, `parseFloat(getComputedStyle(document.querySelector('`+sel+`')).fontSize)`)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if body, name, nick := size(popup, "body"), size(popup, row+" .name"), size(popup, row+" .nick"); body != 13 || name < nick {
		t.Errorf("the popup's text is %v px, a chat's name %v px and its nick name %v px; want 13 px, the name not the smaller", body, name, nick)
	}
	opts := openOptions(t, br, "#rules-on")
	defer opts.Close()
	if body := size(opts, "body"); body != 13 {
		t.Errorf("the options page's text is %v px, want 13", body)
	}
}

// TestTooLongSaysHowMuch: a text over 16 KB is refused in the popup with
// words a person can act on: about how many Chinese characters (or
// letters) a message holds. "at most 16 KB" left a person who typed
// 6,000 汉字 (18 KB) to guess how much to cut. The text stays.
func TestTooLongSaysHowMuch(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ lang, want string }{{"en-US", "5,400 Chinese characters"}, {"zh-CN", "5400 个汉字"}} {
		t.Run(tt.lang, func(t *testing.T) {
			t.Parallel()
			s := newSessEnvLang(t, tt.lang, "wx.qq.com")
			sim := s.sims["wx.qq.com"]
			s.open("wx.qq.com")
			p := s.openPopup(t)
			defer p.Close()
			pick(t, p, "ls", sim.UserName("lisi"), "李四")
			text := strings.Repeat("长", 6000)
			setText(t, p, text)
			click(t, p, "#send")
			if err := WaitJS(p.Ctx, `!document.getElementById('error').hidden`, 10*time.Second, "the refusal"); err != nil {
				t.Fatal(err)
			}
			if got := s.eval(p, `document.getElementById('error').textContent`); !strings.Contains(got, tt.want) {
				t.Errorf("the popup says %q, want it to say %q", got, tt.want)
			}
			if got := s.eval(p, `String(document.getElementById('text').value.length)`); got != "6000" {
				t.Errorf("the text holds %s characters, want the 6000 kept", got)
			}
		})
	}
}
