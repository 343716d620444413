//go:build !js

package firefox

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/e2e"
	"github.com/wxdrop/wxdrop/internal/storepkg"
	"github.com/wxdrop/wxdrop/internal/testsite"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// addonUUID fixes the add-on's moz-extension:// host
// (extensions.webextensions.uuids), so that its pages have known URLs.
const addonUUID = "5b0c7a3e-4c1e-4c62-9a57-7e3f0b2d9a11"

const extBase = "moz-extension://" + addonUUID + "/"

// The test site's hosts, reached through the proxy: the person allows
// files.test in the options (every site at once); other.test is the
// same site under a name the tests never visit.
const (
	siteHost   = "files.test"
	siteOrigin = "https://" + siteHost
	otherHost  = "other.test"
)

// env is wxsim, the test site, the proxy and Firefox with the Firefox
// store package installed.
type env struct {
	sim  *wxsim.Server
	site *testsite.Site
	px   *Proxy
	br   *Browser
	page *Tab // the simulated web WeChat
}

// newEnv starts everything with prefs added to the profile's.
func newEnv(t *testing.T, prefs map[string]any) *env {
	t.Helper()
	need(t)
	e := &env{site: testsite.New()}
	var err error
	if e.sim, err = wxsim.New(wxsim.Config{SyncHold: 3 * time.Second}); err != nil {
		t.Fatal(err)
	}
	hosts := map[string]string{siteHost: e.site.Addr(), otherHost: e.site.Addr()}
	for _, h := range protocol.AllHosts() {
		hosts[h] = e.sim.Addr()
	}
	for _, m := range protocol.MainHosts {
		hosts["login."+m] = e.sim.Addr()
	}
	if e.px, err = NewProxy(hosts); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if (t.Failed() || *keepLog) && e.br != nil {
			t.Logf("---- Firefox's output (last 150 lines) ----\n%s", e.br.Log.Tail(150))
			for _, r := range e.refused() {
				t.Logf("wxsim refused %s", r)
			}
		}
		if e.br != nil {
			e.br.Close()
		}
		e.px.Close()
		e.sim.Close()
		e.site.Close()
	})
	p := map[string]any{
		// Headless Firefox cannot answer a prompt: an optional
		// permission asked within the person's click is granted as
		// if they said yes (the click is a real one, see Tab.Click).
		"extensions.webextOptionalPermissionPrompts": false,
	}
	for k, v := range prefs {
		p[k] = v
	}
	ctx := context.Background()
	if e.br, err = Start(ctx, Options{Proxy: e.px.Addr(), UUIDs: map[string]string{storepkg.GeckoID: addonUUID}, Prefs: p}); err != nil {
		t.Fatal(err)
	}
	// The zip make dist writes for addons.mozilla.org, installed as the
	// README says (a temporary add-on).
	pkg := filepath.Join(t.TempDir(), "wxdrop-firefox.zip")
	f, err := os.Create(pkg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = storepkg.WriteZip(root, storepkg.Firefox, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	id, err := e.br.Install(ctx, pkg)
	if err != nil {
		t.Fatalf("installing the Firefox package in Firefox %s: %v", e.br.Version, err)
	}
	if id != storepkg.GeckoID {
		t.Fatalf("installed as %q, want %q", id, storepkg.GeckoID)
	}
	t.Logf("Firefox %s, the Firefox store zip installed as a temporary add-on", e.br.Version)
	return e
}

// logIn opens the simulated web WeChat and presses its scan button.
func (e *env) logIn(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	var err error
	if e.page, err = e.br.NewTab(ctx, "https://wx.qq.com/"); err != nil {
		t.Fatalf("the login screen of https://wx.qq.com/ (wxsim through the proxy): %v", err)
	}
	if err := e.page.WaitJS(ctx, `window.wxsimStats && wxsimStats.state === 'login'`, 30*time.Second, "the login screen"); err != nil {
		t.Fatal(err)
	}
	if err := e.page.Click(ctx, "#scan"); err != nil {
		t.Fatal(err)
	}
	if err := e.page.WaitJS(ctx, `window.wxsimStats && wxsimStats.state === 'running' && wxsimStats.synccheck > 0`, 30*time.Second, "the page's sync loop after the scan"); err != nil {
		t.Fatal(err)
	}
}

// open opens an extension page in a tab and waits until ready is truthy.
func (e *env) open(t *testing.T, path, ready string) *Tab {
	t.Helper()
	ctx := context.Background()
	tab, err := e.br.NewTab(ctx, extBase+path)
	if err != nil {
		t.Fatal(err)
	}
	if err := tab.WaitJS(ctx, ready, 30*time.Second, path+" to be ready"); err != nil {
		tab.Close()
		t.Fatal(err)
	}
	return tab
}

func (e *env) openPopup(t *testing.T) *Tab {
	t.Helper()
	return e.open(t, "extension/pages/popup.html", `document.body && document.body.dataset.page === 'popup' && document.body.dataset.ready === '1'`)
}

func (e *env) openOptions(t *testing.T, sel string) *Tab {
	t.Helper()
	return e.open(t, "extension/pages/options.html", fmt.Sprintf(`document.querySelector(%q) && document.querySelector(%q).dataset.loaded === '1'`, sel, sel))
}

// sendMessage is the expression of chrome.runtime.sendMessage(body) as
// the pages send it (jsx.SendMessage): again while no listener received it
// (the background page being suspended or started: "Receiving end does
// not exist", seen here at a load of 35), every 100 ms for up to 2 s.
func sendMessage(body string) string {
	return `(async (m) => { for (let i = 1; ; i++) { try { return await chrome.runtime.sendMessage(m); } catch (e) {
  if (i >= 20 || !String(e && e.message).includes("Receiving end does not exist")) throw e;
  await new Promise((r) => setTimeout(r, 100)); } } })(` + body + `)`
}

// eval evaluates expr in tab, failing the test on an error.
func eval[T any](t *testing.T, tab *Tab, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	v, err := Eval[T](ctx, tab, expr)
	if err != nil {
		t.Fatalf("%.300s: %v", expr, err)
	}
	return v
}

func wait(t *testing.T, tab *Tab, expr, what string) {
	t.Helper()
	if err := tab.WaitJS(context.Background(), expr, 30*time.Second, what); err != nil {
		t.Fatal(err)
	}
}

func click(t *testing.T, tab *Tab, sel string) {
	t.Helper()
	if err := tab.Click(context.Background(), sel); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
}

// waitMessage waits until wxsim has accepted a message matching f.
// Messages before the index after (if given) are not looked at.
func (e *env) waitMessage(t *testing.T, what string, f func(m wxsim.Message) bool, after ...int) wxsim.Message {
	t.Helper()
	// Generous: on a machine at a load of 20 a PDF sent from the menu of a
	// suspended background page was not there after 60 s (its page woken,
	// the file fetched, uploaded and sent), and was at once when quiet.
	deadline := time.Now().Add(120 * time.Second)
	for {
		ms := e.sim.Messages()
		if len(after) > 0 && after[0] <= len(ms) {
			ms = ms[after[0]:]
		}
		for _, m := range ms {
			if !m.Incoming && f(m) {
				return m
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for wxsim to receive %s (%d messages so far)", what, len(e.sim.Messages()))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// pick searches the popup's chats for query and clicks the chat of
// userName.
func pick(t *testing.T, popup *Tab, query, userName string) {
	t.Helper()
	eval[bool](t, popup, fmt.Sprintf(`(() => { const s = document.querySelector('#search'); s.focus(); s.value = %s; s.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`, jsString(query)))
	sel := fmt.Sprintf(`#chats li.chat[data-user=%q]`, userName)
	wait(t, popup, fmt.Sprintf(`!!document.querySelector(%q)`, sel), sel+" after searching "+query)
	click(t, popup, sel)
	wait(t, popup, fmt.Sprintf(`document.querySelector(%q).classList.contains('selected')`, sel), sel+" selected")
}

// inBackground evaluates expr with bg bound to the add-on's background
// page (runtime.getBackgroundPage from an extension tab, which wakes a
// suspended one): the e2e Chromium tests call the worker's handlers the
// same way, through CDP.
func inBackground[T any](t *testing.T, ext *Tab, expr string) T {
	t.Helper()
	return eval[T](t, ext, `chrome.runtime.getBackgroundPage().then((bg) => (`+expr+`))`)
}

// waitReady waits until the add-on knows the page's session (what the
// content script reports; storage.session msg.StateKey).
func waitReady(t *testing.T, ext *Tab) {
	t.Helper()
	ready := fmt.Sprintf(`chrome.storage.session.get(%q).then((o) => { try { return JSON.parse(o[%q]).status === %q; } catch (e) { return false; } })`, msg.StateKey, msg.StateKey, msg.SessionReady)
	if err := ext.WaitJS(context.Background(), ready, 60*time.Second, "the add-on to know the session"); err != nil {
		t.Fatal(err)
	}
}

// outbox reads the outbox's entries from storage.local.
func outbox(t *testing.T, ext *Tab) map[string]msg.Entry {
	t.Helper()
	text := eval[string](t, ext, fmt.Sprintf(`chrome.storage.local.get(%q).then((o) => o[%q] || '')`, msg.OutboxKey, msg.OutboxKey))
	var ob msg.Outbox
	if text != "" {
		if err := json.Unmarshal([]byte(text), &ob); err != nil {
			t.Fatalf("the outbox in storage.local: %v", err)
		}
	}
	return ob.Entries
}

// refused describes the requests wxsim refused.
func (e *env) refused() []string {
	var out []string
	for _, r := range e.sim.Requests() {
		if r.Reason == "" {
			continue
		}
		h := r.Header
		out = append(out, fmt.Sprintf("%s %s/%s: Ret %d: %s [Origin %q, Referer %q, Sec-Fetch-Site %q]",
			r.Method, r.Host, r.Endpoint, r.Ret, r.Reason, h.Get("Origin"), h.Get("Referer"), h.Get("Sec-Fetch-Site")))
	}
	return out
}

// TestFirefox walks through wxdrop in headless Firefox as the Chromium
// tests do, in one browser: log in on the simulated page; the popup
// sends a text and a file; window.wxdrop sends a text and a file and
// hears an incoming message; an image and a link to a file are sent from
// another page (the context menu's handler, called as the browser does);
// an auto-save rule saves a file; and every request wxsim received from
// the add-on carries the page's Origin, Referer and Sec-Fetch-Site.
func TestFirefox(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	step := func(name string, f func(t *testing.T)) {
		t.Helper()
		if !t.Run(name, f) {
			t.FailNow()
		}
	}
	step("log in on the simulated page", func(t *testing.T) { e.logIn(t) })
	sess, _ := e.sim.CurrentSession()
	zhangsan := e.sim.UserName("zhangsan")

	var popup *Tab
	step("the popup sends a text", func(t *testing.T) {
		popup = e.openPopup(t)
		wait(t, popup, fmt.Sprintf(`(() => { const s = document.querySelector('#state'); return s.getAttribute('data-status') === %q && s.textContent.includes(%q); })()`, msg.SessionReady, sess.NickName), "#state to say logged in")
		pick(t, popup, "zs", zhangsan)
		text := "你好 from Firefox &<>'\"😀"
		eval[bool](t, popup, fmt.Sprintf(`(() => { const a = document.querySelector('#text'); a.focus(); a.value = %s; a.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`, jsString(text)))
		click(t, popup, "#send")
		m := e.waitMessage(t, "the popup's text", func(m wxsim.Message) bool { return m.Type == 1 && m.Content == text })
		if m.ToKey != "zhangsan" {
			t.Errorf("the text went to %q, want zhangsan", m.ToKey)
		}
		// What the Chromium figures call script start to core ready, for
		// the event page that answered.
		ms := inBackground[float64](t, popup, `bg.wxdropTiming.coreReady - bg.wxdropTiming.scriptStart`)
		t.Logf("the background page: script start to core ready %.0f ms", ms)
	})

	step("the popup sends a file", func(t *testing.T) {
		data := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("wxdrop firefox "), 40000)...)
		p := filepath.Join(t.TempDir(), "报告 Firefox.pdf")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := popup.SetFiles(ctx, "#file", []string{p}); err != nil {
			t.Fatal(err)
		}
		m := e.waitMessage(t, "the popup's file", func(m wxsim.Message) bool { return m.FileName == "报告 Firefox.pdf" })
		md, ok := e.sim.Media(m.MediaID)
		if m.Type != 6 || m.ToKey != "zhangsan" || !ok || !bytes.Equal(md.Data, data) {
			t.Errorf("the file arrived as Type %d to %q with %d bytes; want Type 6 to zhangsan with the %d sent", m.Type, m.ToKey, len(md.Data), len(data))
		}
	})

	step("window.wxdrop sends a text and a file and hears a message", func(t *testing.T) {
		opts := e.openOptions(t, "#api-enabled")
		defer opts.Close()
		click(t, opts, "#api-enabled")
		wait(t, e.page, `typeof window.wxdrop === 'object'`, "window.wxdrop on the page once turned on")
		got := eval[string](t, e.page, `(async () => {
			await wxdrop.ready;
			const t = await wxdrop.sendText('老张', 'page API from Firefox');
			const f = await wxdrop.sendFile('文件传输助手', new Blob(['下周一之前交。\n'], {type: 'text/plain'}), {name: '备忘.txt'});
			window.__heard = [];
			wxdrop.on('message', (m) => window.__heard.push(m));
			return t.msgId && f.msgId ? 'ok' : 'no msgId';
		})().catch((e) => 'threw ' + e.code + ' ' + e.message)`)
		if got != "ok" {
			t.Fatalf("the page API: %s", got)
		}
		e.waitMessage(t, "the page API's text", func(m wxsim.Message) bool { return m.ToKey == "zhangsan" && m.Content == "page API from Firefox" })
		sum := md5.Sum([]byte("下周一之前交。\n"))
		e.waitMessage(t, "the page API's file", func(m wxsim.Message) bool {
			return m.ToKey == "filehelper" && m.FileName == "备忘.txt" && m.MD5 == hex.EncodeToString(sum[:])
		})
		in, err := e.sim.Deliver(wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgText, Text: "ping from 张三"})
		if err != nil {
			t.Fatal(err)
		}
		wait(t, e.page, fmt.Sprintf(`window.__heard.some((m) => m.id === %q && m.type === 'text' && m.text === 'ping from 张三' && m.from === %q)`, in.MsgID, zhangsan), "wxdrop.on('message') to hear 张三's message")
	})

	step("an image and a link to a file from another page", func(t *testing.T) {
		// The person allows every site in the options (Firefox asks
		// within the click; the prompt is answered yes by the pref).
		opts := e.open(t, "extension/pages/options.html", `document.querySelector('#sites-state').dataset.all === 'false'`)
		click(t, opts, "#sites-all")
		wait(t, opts, `document.querySelector('#sites-state').dataset.all === 'true'`, "every site to be allowed after a click on #sites-all")
		opts.Close()
		site, err := e.br.NewTab(ctx, siteOrigin+testsite.LoginPath)
		if err != nil {
			t.Fatal(err)
		}
		defer site.Close()
		wait(t, site, `document.title === 'logged in'`, "the test site's login")
		item := core.ChatMenuID("张三", "老张", false)
		for _, tc := range []struct {
			name string
			info map[string]string
			typ  int
			file string
			data []byte
		}{
			{"image", map[string]string{"mediaType": "image", "srcUrl": siteOrigin + testsite.ImagePath}, 3, "photo.png", testsite.PNG},
			{"PDF behind the site's login", map[string]string{"linkUrl": siteOrigin + testsite.PDFPath}, 6, testsite.PDFName, testsite.PDF},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := len(e.sim.Messages())
				info := map[string]string{"menuItemId": item, "pageUrl": siteOrigin + testsite.PagePath}
				for k, v := range tc.info {
					info[k] = v
				}
				a, _ := json.Marshal(info)
				tab, _ := json.Marshal(map[string]string{"title": testsite.PageTitle, "url": siteOrigin + testsite.PagePath})
				inBackground[bool](t, popup, fmt.Sprintf(`bg.wxdropMenuClicked(%s, %s).then(() => true)`, a, tab))
				m := e.waitMessage(t, tc.name, func(m wxsim.Message) bool { return m.Type == tc.typ && m.FileName == tc.file }, before)
				md, ok := e.sim.Media(m.MediaID)
				if m.ToKey != "zhangsan" || !ok || testsite.MD5(md.Data) != testsite.MD5(tc.data) {
					t.Errorf("%s went to %q with %d bytes; want zhangsan with the site's %d", tc.name, m.ToKey, len(md.Data), len(tc.data))
				}
			})
		}
	})

	step("an auto-save rule saves a file", func(t *testing.T) {
		opts := e.openOptions(t, "#rules-on")
		defer opts.Close()
		click(t, opts, "#rules-on")
		eval[bool](t, opts, `(() => {
			const set = (id, v) => { const e = document.querySelector('#' + id); e.value = v; e.dispatchEvent(new Event('change', {bubbles: true})); };
			set('rule-kind', 'save');
			set('rule-chats', '相亲相爱一家人');
			set('rule-folder', '微信/家');
			for (const b of document.querySelectorAll('#rule-types input')) b.checked = b.value === 'file';
			return true;
		})()`)
		click(t, opts, "#rule-add")
		wait(t, opts, `document.querySelectorAll('#rules-list li.rule').length === 1`, "the rule to be listed")
		if _, err := e.sim.Deliver(wxsim.Incoming{From: "zhangsan", Group: "family", Type: wxsim.MsgApp, FileName: "周报 12.pdf", Data: testsite.PDF}); err != nil {
			t.Fatal(err)
		}
		folder := filepath.Join(e.br.DownloadDir(), "微信", "家")
		deadline := time.Now().Add(45 * time.Second)
		for {
			entries, _ := os.ReadDir(folder)
			var names []string
			for _, d := range entries {
				if !strings.HasSuffix(d.Name(), ".part") {
					names = append(names, d.Name())
				}
			}
			if len(names) == 1 {
				got, err := os.ReadFile(filepath.Join(folder, names[0]))
				if err == nil && bytes.Equal(got, testsite.PDF) {
					if !strings.HasPrefix(names[0], "相亲相爱一家人 - ") || !strings.HasSuffix(names[0], " 周报 12.pdf") {
						t.Errorf("saved as %q", names[0])
					}
					break
				}
			}
			if time.Now().After(deadline) {
				log := eval[string](t, opts, `Array.from(document.querySelectorAll('#rules-log li')).map((li) => li.textContent).join(' | ')`)
				t.Fatalf("Downloads/微信/家 holds %q after 45 s; the rules' log: %s", names, log)
			}
			time.Sleep(200 * time.Millisecond)
		}
		urls := eval[[]string](t, opts, `chrome.downloads.search({}).then((items) => items.map((i) => i.url))`)
		for _, u := range urls {
			if !strings.HasPrefix(u, "blob:"+extBase) || strings.Contains(u, sess.Skey) {
				t.Errorf("a download's URL is %q; want a blob: URL of the add-on", u)
			}
		}
	})

	step("every request from the add-on looks like the page's own", func(t *testing.T) {
		for _, r := range e.refused() {
			t.Errorf("wxsim refused %s", r)
		}
		problems, n := e2e.HeaderProblems(e.sim.Requests(), sess.Host)
		for _, p := range problems {
			t.Error(p)
		}
		if n == 0 {
			t.Error("wxsim recorded no request of the add-on")
		}
		t.Logf("%d requests of the add-on checked", n)
	})
}
