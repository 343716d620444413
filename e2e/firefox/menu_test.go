//go:build !js

package firefox

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/internal/testsite"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// menuItemID is the element id Firefox gives an item of the add-on's
// context menu (ext-menus.js: its widget id, "-menuitem-_", the item's id).
func menuItemID(item string) string { return "wxdrop_wxdrop_invalid-menuitem-_" + item }

// TestFirefoxMenuClick: a real right-click on a link to a PDF of a site
// wxdrop may not read yet, and a click on the chat in wxdrop's menu, while
// the background page is suspended: the click wakes it, the browser asks
// for the site within the click (answered yes, the prompts being off),
// and the PDF behind the site's login reaches the chat.
func TestFirefoxMenuClick(t *testing.T) {
	t.Parallel()
	e := newEnv(t, map[string]any{"extensions.background.idle.timeout": idleTimeout})
	e.logIn(t)
	ctx := context.Background()
	probe := e.open(t, "manifest.json", `true`)
	t.Cleanup(probe.Close)
	waitReady(t, probe)
	// When the PDF does not come, what the add-on did instead: the
	// picker's share, the menu's account beside the popup's, the outbox's
	// entries and their states.
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		state, err := Eval[string](ctx, probe, `Promise.all([chrome.storage.session.get(['share', 'menuAccount', 'account']), chrome.storage.local.get('outbox'), chrome.permissions.getAll(), chrome.tabs.query({}), chrome.notifications.getAll()]).then(([s, l, p, tabs, notes]) => JSON.stringify({session: s, entries: Object.values((l.outbox || {}).entries || {}).map((e) => ({state: e.state, error: e.error, text: (e.text || '').slice(0, 40), source: e.source})), origins: p.origins, tabs: tabs.map((t) => t.url), notifications: Object.keys(notes)}))`)
		t.Logf("the add-on's state: %s (%v)", state, err)
	})
	// A first message makes 张三 (remark 老张) a recent chat of the menu.
	zhangsan := e.sim.UserName("zhangsan")
	body, _ := json.Marshal(msg.Request{Name: msg.OutboxAdd, Body: msg.AddBody{To: zhangsan, Text: "你好"}})
	if a := eval[string](t, probe, sendMessage(string(body))+`.then((a) => JSON.stringify(a))`); a == "" {
		t.Fatal("outbox.add: no answer")
	}
	e.waitMessage(t, "the first text", func(m wxsim.Message) bool { return m.Content == "你好" })
	if eval[bool](t, probe, fmt.Sprintf(`chrome.permissions.contains({origins: [%q]})`, siteOrigin+"/*")) {
		t.Fatal("the site is allowed before anything was sent from it")
	}

	site, err := e.br.NewTab(ctx, siteOrigin+testsite.LoginPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := site.Navigate(ctx, siteOrigin+testsite.PagePath); err != nil {
		t.Fatal(err)
	}
	win, err := e.br.ChromeWindow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	item := menuItemID(core.ChatMenuID("张三", "老张", false))
	// The menu is built when it opens; the add-on's items come a moment
	// after.
	shown := fmt.Sprintf(`document.getElementById('contentAreaContextMenu').state === 'open' && !!document.getElementById(%q)`, item)
	if err := site.RightClick(ctx, "#pdf"); err != nil {
		t.Fatal(err)
	}
	if err := win.WaitJS(ctx, shown, 10*time.Second, "wxdrop's chat in the open context menu"); err != nil {
		ids := eval[string](t, win, `[...document.getElementById('contentAreaContextMenu').querySelectorAll('[id]')].map((e) => e.id).filter((id) => id.startsWith('wxdrop')).join(' ')`)
		t.Fatalf("%v; wxdrop's items: %s", err, ids)
	}
	if err := probe.WaitJS(ctx, suspended, 20*time.Second, "Firefox to suspend the idle background page"); err != nil {
		t.Fatal(err)
	}
	eval[bool](t, win, fmt.Sprintf(`(() => { const i = document.getElementById(%q); i.doCommand(); document.getElementById('contentAreaContextMenu').hidePopup(); return true; })()`, item))
	m := e.waitMessage(t, "the PDF sent from the menu", func(m wxsim.Message) bool { return m.FileName == testsite.PDFName })
	if md, ok := e.sim.Media(m.MediaID); m.ToKey != "zhangsan" || !ok || testsite.MD5(md.Data) != testsite.MD5(testsite.PDF) {
		t.Errorf("the PDF went to %q with %d bytes; want zhangsan with the site's %d", m.ToKey, len(md.Data), len(testsite.PDF))
	}
	if !eval[bool](t, probe, fmt.Sprintf(`chrome.permissions.contains({origins: [%q]})`, siteOrigin+"/*")) {
		t.Error("the site is not allowed after the menu's click")
	}

	// A person slow to answer the browser's prompt for a site (other.test,
	// the site under a name not allowed yet), with the prompts on: the
	// page stays awake while the prompt waits (Firefox holds it for a
	// pending permissions.request) and the click's photo goes once they
	// say yes. Headless Firefox shows the prompt in its chrome window,
	// where its button is pressed.
	eval[bool](t, win, `(Services.prefs.setBoolPref('extensions.webextOptionalPermissionPrompts', true), true)`)
	eval[bool](t, site, fmt.Sprintf(`(() => { const a = document.createElement('a'); a.id = 'other'; a.href = %q; a.textContent = 'photo'; document.body.prepend(a); return true; })()`, "https://"+otherHost+testsite.ImagePath))
	if err := probe.WaitJS(ctx, suspended, 20*time.Second, "Firefox to suspend the idle background page again"); err != nil {
		t.Fatal(err)
	}
	if err := site.RightClick(ctx, "#other"); err != nil {
		t.Fatal(err)
	}
	if err := win.WaitJS(ctx, shown, 10*time.Second, "wxdrop's chat in the menu of the photo's link"); err != nil {
		t.Fatal(err)
	}
	eval[bool](t, win, fmt.Sprintf(`(() => { const i = document.getElementById(%q); i.doCommand(); document.getElementById('contentAreaContextMenu').hidePopup(); return true; })()`, item))
	const prompt = `document.querySelector('#addon-webext-permissions-notification')`
	if err := win.WaitJS(ctx, prompt+` && !`+prompt+`.hidden`, 30*time.Second, "Firefox's prompt for other.test"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(4 * idleTimeout * time.Millisecond)
	if eval[bool](t, probe, suspended) {
		t.Fatal("Firefox suspended the background page while its prompt for the site waited")
	}
	eval[bool](t, win, `(`+prompt+`.button.click(), true)`)
	photo := e.waitMessage(t, "the photo sent once the site was allowed", func(m wxsim.Message) bool {
		return m.ToKey == "zhangsan" && m.MediaID != "" && m.FileName != testsite.PDFName
	})
	if md, ok := e.sim.Media(photo.MediaID); !ok || testsite.MD5(md.Data) != testsite.MD5(testsite.PNG) {
		t.Errorf("wxsim holds another file than the site's photo")
	}
}
