//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// The session of the tab that asks, at every moment of its life (issue
// 13): a tab reloaded into a new session, a logout on the phone and a new
// login in the same tab, two accounts in two tabs on two hosts, and a
// chat list that changes its order. wxsim renews every UserName at each
// login (§3.4), so a message that goes with a previous session's names is
// refused.

// sessEnv is a browser with one simulator per host family: each serves an
// account of its own (wx.qq.com and web.wechat.com keep separate cookies).
type sessEnv struct {
	t    *testing.T
	sims map[string]*wxsim.Server // by main host
	br   *Browser
	log  *Log
}

// accounts of the simulators, by main host: two people with the same
// contacts (the same names), each their own Uin.
var sessAccounts = map[string]wxsim.Config{
	"wx.qq.com":      {SelfNickName: "wxdrop测试", Uin: 566148615},
	"web.wechat.com": {SelfNickName: "第二个号", Uin: 2381672740},
}

func newSessEnv(t *testing.T, hosts ...string) *sessEnv {
	t.Helper()
	return newSessEnvLang(t, "", hosts...)
}

// newSessEnvLang is newSessEnv with the browser in language lang (as
// Options.Lang; "" for Chromium's default).
func newSessEnvLang(t *testing.T, lang string, hosts ...string) *sessEnv {
	t.Helper()
	return newSessEnvWith(t, lang, nil, hosts...)
}

// newSessEnvWith is newSessEnvLang with each host's simulator config
// changed by tweak (nil: as sessAccounts says).
func newSessEnvWith(t *testing.T, lang string, tweak func(host string, cfg *wxsim.Config), hosts ...string) *sessEnv {
	t.Helper()
	need(t)
	s := &sessEnv{t: t, sims: map[string]*wxsim.Server{}, log: &Log{}}
	var rules []string
	for _, h := range hosts {
		cfg := sessAccounts[h]
		cfg.SyncHold = 3 * time.Second
		if tweak != nil {
			tweak(h, &cfg)
		}
		sim, err := wxsim.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		s.sims[h] = sim
		rules = append(rules, sim.ResolverRulesFor(h))
	}
	t.Cleanup(func() {
		if t.Failed() || *keepLog {
			for h, sim := range s.sims {
				t.Logf("--- wxsim of %s", h)
				dumpState(t, s.br, sim, s.log)
			}
		}
		if s.br != nil {
			s.br.Close()
		}
		for _, sim := range s.sims {
			sim.Close()
		}
	})
	br, err := Start(context.Background(), Options{Extensions: []string{root}, ResolverRules: strings.Join(rules, ", "), WatchWorkers: true, Log: s.log, Lang: lang})
	if err != nil {
		t.Fatal(err)
	}
	s.br = br
	if err := br.Ask(context.Background(), msg.SetAutomation, msg.Automation{API: true}, nil); err != nil {
		t.Fatal(err)
	}
	return s
}

// open opens the simulated web WeChat on host, logs in with its scan
// button and waits for window.wxdrop and its ready.
func (s *sessEnv) open(host string) *Tab {
	s.t.Helper()
	tab, err := s.br.NewTab("https://"+host+"/", host)
	if err != nil {
		s.t.Fatal(err)
	}
	if err := LogIn(context.Background(), tab); err != nil {
		s.t.Fatal(err)
	}
	s.ready(tab)
	return tab
}

// ready waits for window.wxdrop on the tab's page and for its ready.
func (s *sessEnv) ready(tab *Tab) {
	s.t.Helper()
	if err := WaitJS(tab.Ctx, `typeof window.wxdrop === 'object'`, 20*time.Second, "window.wxdrop"); err != nil {
		s.t.Fatal(err)
	}
	if got := s.eval(tab, `wxdrop.ready.then(() => 'ok', (e) => 'threw ' + e.code)`); got != "ok" {
		s.t.Fatalf("wxdrop.ready: %s", got)
	}
}

// eval runs js (a promise of a string) on the tab's page.
func (s *sessEnv) eval(tab *Tab, js string) string {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(tab.Ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		s.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// sendJS is a script that waits for wxdrop.ready and at once sends text to
// the chat to, and says "sent" or the code it threw.
func sendJS(to, text string) string {
	return fmt.Sprintf(`(async () => { await wxdrop.ready; const r = await wxdrop.sendText(%s, %s); return r && r.msgId ? 'sent' : 'no msgId'; })().catch((e) => 'threw ' + e.code + ' ' + e.message)`, jsString(to), jsString(text))
}

// received are the messages sim took whose text is text.
func received(sim *wxsim.Server, text string) []wxsim.Message {
	var out []wxsim.Message
	for _, m := range sim.Messages() {
		if !m.Incoming && m.Content == text {
			out = append(out, m)
		}
	}
	return out
}

// extensionRefusals are the refusals of sim other than those of the page's
// own sync loop, which meets the end of its session as the page would, and
// of its avatars (for the one test that uses it, which opens no popup).
func extensionRefusals(sim *wxsim.Server) []wxsim.Rejection {
	var out []wxsim.Rejection
	for _, r := range sim.Rejections() {
		// The page's own polls, and its own avatars (img elements: the
		// extension fetches none without the popup open), which an old
		// page still loads while a test swaps the cookies under it.
		switch r.Endpoint {
		case "synccheck", "webwxsync", "webwxgeticon", "webwxgetheadimg":
		default:
			out = append(out, r)
		}
	}
	return out
}

// TestSessionReloadIntoANewSession: the browser gets a new login's cookies
// and the tab reloads into it (§1.3: skey learned again from webwxinit,
// pass_ticket unknown, every UserName new). The first send by remark name
// after wxdrop.ready reaches the chat under its new UserName, and wxsim
// refuses nothing of the extension's.
func TestSessionReloadIntoANewSession(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com")
	sim := s.sims["wx.qq.com"]
	tab := s.open("wx.qq.com")
	if got := s.eval(tab, sendJS("老张", "第一次")); got != "sent" {
		t.Fatalf("a send in the first session: %s", got)
	}
	old := sim.UserName("zhangsan")

	// A new login whose cookies the browser holds, and the tab loaded
	// again, logged in. (The tab leaves the page first, on a file of its
	// host, so that the old page's own loop is not what reloads it.)
	if err := chromedp.Do(tab.Ctx, chromedp.Navigate("https://wx.qq.com/wxsim/assets/style.css")); err != nil {
		t.Fatal(err)
	}
	ss, err := sim.Login("wx.qq.com")
	if err != nil {
		t.Fatal(err)
	}
	var set []string
	for _, c := range ss.Cookies() {
		set = append(set, fmt.Sprintf(`document.cookie = %s;`, jsString(c.Name+"="+c.Value+"; domain="+c.Domain+"; path=/; secure; max-age=86400")))
	}
	s.eval(tab, strings.Join(set, "\n")+` Promise.resolve('ok')`)
	refusedBefore := len(extensionRefusals(sim))
	if err := chromedp.Do(tab.Ctx, chromedp.Navigate("https://wx.qq.com/")); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(tab.Ctx, `typeof window.wxdrop === 'object'`, 20*time.Second, "window.wxdrop after the reload"); err != nil {
		t.Fatal(err)
	}
	if got := s.eval(tab, sendJS("老张", "重新载入之后")); got != "sent" {
		t.Fatalf("the first send after the reload: %s", got)
	}
	got := received(sim, "重新载入之后")
	if len(got) != 1 || got[0].ToKey != "zhangsan" || got[0].To != sim.UserName("zhangsan") || got[0].To == old {
		t.Fatalf("want one message to 张三's new UserName %s (old %s), got %+v", sim.UserName("zhangsan"), old, got)
	}
	if pt, _ := s.br.State(context.Background()); pt.UserName != ss.UserName {
		t.Errorf("the worker's account is %s, want the new login %s", pt.UserName, ss.UserName)
	}
	if r := extensionRefusals(sim); len(r) != refusedBefore {
		t.Errorf("wxsim refused the extension's requests: %+v", r[refusedBefore:])
	}
}

// TestSessionLogoutAndLoginInTheSameTab: logged out on the phone, then a
// new login in the same tab. `await wxdrop.ready` and at once a send by
// name: sent. A message scheduled by name before the logout, due while
// logged out, waits and reaches the chat's new UserName exactly once.
func TestSessionLogoutAndLoginInTheSameTab(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com")
	sim := s.sims["wx.qq.com"]
	tab := s.open("wx.qq.com")
	old := sim.UserName("zhangsan")
	id := s.eval(tab, `wxdrop.schedule({to: '老张', text: '定时消息', at: Date.now() + 3000}).then((r) => r.id, (e) => 'threw ' + e.code)`)
	if strings.HasPrefix(id, "threw") {
		t.Fatal(id)
	}
	// Logged out on the phone: the page meets it in its sync loop and
	// loads its login screen again. Nothing waits for the worker to learn
	// of it: the page is what tells.
	sim.Logout()
	ctx := context.Background()
	if err := WaitJS(tab.Ctx, `window.wxsimStats && wxsimStats.state === 'login' && !document.getElementById('login').hidden`, 20*time.Second, "the login screen"); err != nil {
		t.Fatal(err)
	}
	// While the page is logged out, wxdrop.ready waits for the page's
	// login (issue 14: it no longer asks the worker every second; what the
	// content scripts say to each other goes over their private channel,
	// which the page cannot count): still pending over two of the content
	// script's looks at the page (every 3 s).
	if err := WaitJS(tab.Ctx, `typeof window.wxdrop === 'object'`, 20*time.Second, "window.wxdrop on the login screen"); err != nil {
		t.Fatal(err)
	}
	ready := s.eval(tab, `Promise.race([
		wxdrop.ready.then(() => 'resolved', (e) => 'rejected ' + e.code),
		new Promise((resolve) => setTimeout(() => resolve('pending'), 7000)),
	])`)
	if ready != "pending" {
		t.Errorf("wxdrop.ready while the page was logged out: %s, want pending", ready)
	}
	if err := LogIn(ctx, tab); err != nil {
		t.Fatal(err)
	}
	if got := s.eval(tab, sendJS("老张", "重新登录之后")); got != "sent" {
		t.Fatalf("the first send after the new login: %s", got)
	}
	now := sim.UserName("zhangsan")
	if now == old {
		t.Fatal("wxsim did not renew the UserNames at the login")
	}
	if _, err := s.br.WaitEntry(ctx, id, 30*time.Second, "sent", func(e msg.Entry) bool { return e.State.Final() }); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"重新登录之后", "定时消息"} {
		got := received(sim, text)
		if len(got) != 1 || got[0].To != now {
			t.Errorf("%s: want one message to 张三's new UserName, got %+v", text, got)
		}
	}
}

// TestSessionTwoAccounts: one tab on wx.qq.com, one on web.wechat.com,
// each its own account. Each tab's calls act as its own account; a
// message scheduled in the first leaves from the first while the second
// is the last to have reported; the popup shows both and switches.
func TestSessionTwoAccounts(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com", "web.wechat.com")
	a, b := s.sims["wx.qq.com"], s.sims["web.wechat.com"]
	tabA := s.open("wx.qq.com")
	tabB := s.open("web.wechat.com")

	for _, c := range []struct {
		tab        *Tab
		sim, other *wxsim.Server
		nick, text string
	}{
		{tabA, a, b, "wxdrop测试", "从第一个号"},
		{tabB, b, a, "第二个号", "从第二个号"},
		{tabA, a, b, "wxdrop测试", "又从第一个号"},
	} {
		if got := s.eval(c.tab, `wxdrop.me().then((m) => m.nickName, (e) => 'threw ' + e.code)`); got != c.nick {
			t.Errorf("me() on %s: %s, want %s", c.tab.Name, got, c.nick)
		}
		if got := s.eval(c.tab, sendJS("老张", c.text)); got != "sent" {
			t.Fatalf("%s from %s: %s", c.text, c.tab.Name, got)
		}
		if n := len(received(c.sim, c.text)); n != 1 {
			t.Errorf("%s: %d copies from its own account, want 1", c.text, n)
		}
		if n := len(received(c.other, c.text)); n != 0 {
			t.Errorf("%s: %d copies from the other account", c.text, n)
		}
	}

	// Scheduled in the first tab; the second reports last before it goes.
	id := s.eval(tabA, `wxdrop.schedule({to: '老张', text: '第一个号的定时', at: Date.now() + 3000}).then((r) => r.id, (e) => 'threw ' + e.code)`)
	if strings.HasPrefix(id, "threw") {
		t.Fatal(id)
	}
	if got := s.eval(tabB, `wxdrop.contacts({query: 'ls'}).then((c) => String(c.length), (e) => 'threw ' + e.code)`); strings.HasPrefix(got, "threw") {
		t.Fatal(got)
	}
	ctx := context.Background()
	if _, err := s.br.WaitEntry(ctx, id, 30*time.Second, "sent", func(e msg.Entry) bool { return e.State.Final() }); err != nil {
		t.Fatal(err)
	}
	if n, m := len(received(a, "第一个号的定时")), len(received(b, "第一个号的定时")); n != 1 || m != 0 {
		t.Errorf("the schedule of the first account: %d copies from it, %d from the second; want 1 and 0", n, m)
	}

	// The popup shows the two accounts and switches between them.
	p := s.openPopup(t)
	defer p.Close()
	if err := WaitJS(p.Ctx, `!document.getElementById('account').hidden && document.getElementById('account').options.length === 2`, 20*time.Second, "the popup's account switch with two accounts"); err != nil {
		t.Fatal(err)
	}
	for _, nick := range []string{"第二个号", "wxdrop测试"} {
		js := fmt.Sprintf(`(() => { const s = document.getElementById('account'); const o = [...s.options].find((o) => o.textContent.endsWith(' · ' + %s)); s.value = o.value; s.dispatchEvent(new Event('change')); return 'ok'; })()`, jsString(nick))
		if got := s.eval(p, js); got != "ok" {
			t.Fatal(got)
		}
		if err := WaitJS(p.Ctx, fmt.Sprintf(`document.querySelector('#state .state-text').textContent.includes(%s)`, jsString(nick)), 20*time.Second, "the popup acting as "+nick); err != nil {
			t.Fatal(err)
		}
	}
}

// openPopup opens the popup as a tab, interactive.
func (s *sessEnv) openPopup(t *testing.T) *Tab {
	t.Helper()
	p, err := s.br.NewTab(popupURL, "popup")
	if err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(p.Ctx, `document.body && document.body.dataset.ready === '1'`, 20*time.Second, "the popup to be interactive"); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSessionChatOrderFetchesNoContacts: 20 changes of the order of the
// page's chat list (a message arrives from another chat each time) are
// ranked again in the worker without one full contact fetch.
func TestSessionChatOrderFetchesNoContacts(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com")
	sim := s.sims["wx.qq.com"]
	tab := s.open("wx.qq.com")
	fetches := len(sim.RequestsTo("webwxgetcontact"))
	ctx := context.Background()
	for i := range 20 {
		key := []string{"zhangsan", "lisi"}[i%2]
		if _, err := sim.Deliver(wxsim.Incoming{From: key, Type: wxsim.MsgText, Text: fmt.Sprintf("第 %d 条", i+1)}); err != nil {
			t.Fatal(err)
		}
		u := sim.UserName(key)
		if err := WaitJS(tab.Ctx, fmt.Sprintf(`angular.element(document).injector().get('chatFactory').getChatList()[0] === %s`, jsString(u)), 20*time.Second, "the page's chat list to put "+key+" first"); err != nil {
			t.Fatal(err)
		}
		// The worker has the new order once the popup's list ranks it first.
		deadline := time.Now().Add(20 * time.Second)
		for {
			text, err := storageText(ctx, s.br, "session", msg.ContactsKey)
			var cs msg.Contacts
			if err == nil && json.Unmarshal([]byte(text), &cs) == nil && slices.ContainsFunc(cs.Contacts, func(c msg.Contact) bool { return c.UserName == u && c.Recent == 1 }) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("reorder %d: the worker's chats do not rank %s first (%v)", i+1, key, err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	if n := len(sim.RequestsTo("webwxgetcontact")) - fetches; n != 0 {
		t.Errorf("20 reorders of the chat list made %d full contact fetches, want 0", n)
	}
}
