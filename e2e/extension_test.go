//go:build !js

package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestExtension walks through the extension as a person uses it, in one
// browser, step by step: each step needs the ones before it. It checks the
// DOM contract of the popup (body[data-ready], #state, #search, #chats,
// #to, #text, #send, #file, #outbox) and what wxsim received, never styling.
func TestExtension(t *testing.T) {
	e := extensionEnv(t)
	var popup *Tab
	t.Cleanup(func() { e.diagnose(t, popup) })
	dir := t.TempDir()

	step := func(name string, f func(t *testing.T)) {
		t.Helper()
		if !t.Run(name, f) {
			e.diagnose(t, popup)
			t.FailNow()
		}
	}
	// soft steps do not stop the walk when they fail.
	soft := func(name string, f func(t *testing.T)) {
		t.Helper()
		t.Run(name, f)
	}
	closePopup := func() {
		if popup != nil {
			popup.Close()
			popup = nil
		}
	}

	soft("popup before login says none", func(t *testing.T) {
		popup = e.openPopup(t)
		defer closePopup()
		waitState(t, popup, msg.SessionNone, "")
	})

	step("log in on the simulated page", func(t *testing.T) {
		tab, err := e.br.NewTab("", "wechat")
		if err != nil {
			t.Fatal(err)
		}
		e.page = tab
		e.pageNet = recordNetwork(tab.Ctx)
		ctx, cancel := context.WithTimeout(tab.Ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(ctx, chromedp.Navigate("https://wx.qq.com/"), chromedp.WaitVisible(chromedp.ID("scan")), chromedp.Click(chromedp.ID("scan"))); err != nil {
			t.Fatalf("the login screen of https://wx.qq.com/ (wxsim through --host-resolver-rules): %v", err)
		}
		if err := WaitJS(tab.Ctx, `window.wxsimStats && wxsimStats.state === 'running' && wxsimStats.synccheck > 0`, 20*time.Second, "the page's sync loop after the scan"); err != nil {
			t.Fatal(err)
		}
		if _, ok := e.sim.CurrentSession(); !ok {
			t.Fatal("wxsim has no session after the scan")
		}
	})
	sess, _ := e.sim.CurrentSession()

	step("popup shows the user", func(t *testing.T) {
		popup = e.openPopup(t)
		waitState(t, popup, msg.SessionReady, sess.NickName)
	})

	zhangsan := e.sim.UserName("zhangsan")
	step("search a contact by pinyin initials", func(t *testing.T) {
		pick(t, popup, "zs", zhangsan, "张三", "老张")
		// The status line under the rows: hidden while every match is
		// listed, the no-match text for a query nothing matches, hidden
		// again after (the picker writes it only when it changes).
		statusLine(t, popup, "", "zs")
		statusLine(t, popup, "chats_no_match", "qqqqzzzz")
		statusLine(t, popup, "", "zs")
	})

	step("type before ui.wasm runs", func(t *testing.T) {
		testTypeBeforeWasm(t, e, zhangsan, e.sim.UserName("filehelper"))
	})
	step("the list's first frame is the list alone", func(t *testing.T) {
		testListFrameAlone(t, e)
	})
	step("the popup does not wake a stopped worker", func(t *testing.T) {
		testNoWake(t, e, e.sim.UserName("filehelper"))
	})

	text := "你好 " + nasty + " from wxdrop e2e"
	step("send a text", func(t *testing.T) {
		setText(t, popup, text)
		click(t, popup, "#send")
		m := e.waitMessage(t, "the text", 30*time.Second, func(m wxsim.Message) bool { return m.Type == 1 && m.Content == text })
		if m.ToKey != "zhangsan" {
			t.Errorf("text went to %q (%s), want zhangsan", m.ToKey, m.To)
		}
		j := e.waitEntry(t, "the text", 20*time.Second, func(j msg.Entry) bool { return j.Kind == "text" && j.Text == text })
		if j.State != msg.EntrySent {
			t.Errorf("text entry %s: state %s, error %v; want sent", j.ID, j.State, j.Error)
		}
		waitEntryRow(t, popup, j.ID, msg.EntrySent)
	})

	escape := e.sim.UserName("escape")
	files := []testFile{pdfFile(t, dir), pngFile(t, dir), mp4File(t, dir)}
	step("send a 3 MB PDF, a PNG and an MP4", func(t *testing.T) {
		pick(t, popup, "cs", escape, `测试&<>'"😀`)
		upload(t, popup, files...)
		for _, f := range files {
			e.checkFileSent(t, popup, f, "escape", 60*time.Second)
		}
	})

	step("paste an image and drop two files", func(t *testing.T) {
		img := pngFile(t, dir)
		before := len(e.sim.Messages())
		// A paste and a drop as the browser makes them, with a
		// DataTransfer of real Files (CDP cannot reach the clipboard or
		// drag from the desktop in headless Chromium).
		js := fmt.Sprintf(`(() => {
			const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
			const paste = new DataTransfer();
			paste.items.add(new File([bytes(%q)], 'image.png', {type: 'image/png'}));
			document.dispatchEvent(new ClipboardEvent('paste', {clipboardData: paste, bubbles: true}));
			const drop = new DataTransfer();
			drop.items.add(new File(['第一个文件 one'], '一.txt', {type: 'text/plain'}));
			drop.items.add(new File(['第二个文件 two'], '二.txt', {type: 'text/plain'}));
			document.querySelector('#drop').dispatchEvent(new DragEvent('drop', {dataTransfer: drop, bubbles: true, cancelable: true}));
			return true;
		})()`, base64.StdEncoding.EncodeToString(img.Data))
		if _, err := Eval[bool](popup.Ctx, js); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for len(e.sim.Messages()) < before+3 && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
		}
		got := e.sim.Messages()[before:]
		if len(got) != 3 {
			t.Fatalf("wxsim has %d new messages after a paste and a drop of two files, want 3", len(got))
		}
		pasted := got[0]
		if pasted.Type != 3 || pasted.MD5 != img.MD5() || !strings.HasSuffix(pasted.FileName, ".png") || pasted.FileName == "image.png" {
			t.Errorf("the pasted image arrived as Type %d, %q, MD5 %s; want Type 3, a name of its own, MD5 %s", pasted.Type, pasted.FileName, pasted.MD5, img.MD5())
		}
		if got[1].FileName != "一.txt" || got[2].FileName != "二.txt" || got[1].Type != 6 {
			t.Errorf("the dropped files arrived as %q (Type %d) and %q", got[1].FileName, got[1].Type, got[2].FileName)
		}
	})

	big := bigFile(t, dir)
	step("send a 30 MB file and close the popup in the middle", func(t *testing.T) {
		// Chunk 10 of 60 waits a little, so that the popup surely closes
		// while the upload runs.
		ten := 10
		e.sim.Inject(wxsim.Fault{Endpoint: "webwxuploadmedia", Chunk: &ten, Delay: 3 * time.Second})
		upload(t, popup, big)
		var id string
		deadline := time.Now().Add(30 * time.Second)
		for id == "" {
			es, _ := e.entries()
			for _, j := range es {
				if j.File != nil && j.File.Name == big.Name && j.State == msg.EntryUploading {
					id = j.ID
				}
				if j.File != nil && j.File.Name == big.Name && j.State.Final() {
					t.Fatalf("the 30 MB entry finished (%s, %v) before the popup could be closed", j.State, j.Error)
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("no entry uploading %q after 30 s (entries: %v)", big.Name, es)
			}
			time.Sleep(50 * time.Millisecond)
		}
		closePopup()
		t.Logf("popup closed while entry %s was uploading", id)
		e.checkFileSent(t, nil, big, "escape", 120*time.Second)
		if len(e.sim.RequestsTo("webwxcheckupload")) == 0 {
			t.Errorf("a file over 25 MiB was sent without webwxcheckupload")
		}
		popup = e.openPopup(t)
		waitEntryRow(t, popup, id, msg.EntrySent)
	})

	step("the service worker is stopped and the next action still works", func(t *testing.T) {
		if has, err := e.storageHas(msg.SessionsKey); err != nil || !has {
			t.Errorf("storage.session has no %q before the worker stops (%v)", msg.SessionsKey, err)
		}
		closePopup()
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := e.br.StopAllWorkers(ctx, ExtensionID); err != nil {
			t.Fatal(err)
		}
		popup = e.openPopup(t)
		waitState(t, popup, msg.SessionReady, sess.NickName)
		pick(t, popup, "zs", zhangsan, "张三", "老张")
		again := "after the worker stopped " + time.Now().Format("15:04:05.000")
		setText(t, popup, again)
		click(t, popup, "#send")
		e.waitMessage(t, "the text after the worker stopped", 30*time.Second, func(m wxsim.Message) bool { return m.Type == 1 && m.Content == again })
		tm, err := e.br.WorkerTiming(ctx, ExtensionID)
		if err != nil {
			t.Fatalf("the restarted worker: %v", err)
		}
		t.Logf("restarted worker: script start to core ready %.1f ms", tm.StartToReady())
	})

	soft("requests look like the page's own", func(t *testing.T) {
		for _, r := range e.refused(time.Time{}, false) {
			t.Errorf("wxsim refused %s", r)
		}
		problems, n := HeaderProblems(e.sim.Requests(), sess.Host)
		for _, p := range problems {
			t.Error(p)
		}
		if n == 0 {
			t.Error("wxsim recorded no send or upload request")
		}
	})

	soft("webwxsync and synccheck come from the page only", func(t *testing.T) {
		e.checkSyncFromPage(t)
	})

	var loggedOut time.Time
	soft("log out on the simulator and the popup says so", func(t *testing.T) {
		closePopup()
		loggedOut = time.Now()
		e.sim.Logout()
		if err := WaitJS(e.page.Ctx, `window.wxsimStats && wxsimStats.state === 'login'`, 30*time.Second, "the simulated page to notice the logout"); err != nil {
			t.Error(err)
		}
		popup = e.openPopup(t)
		waitState(t, popup, msg.SessionLoggedOut, "")
	})

	soft("a send after the logout waits for a login", func(t *testing.T) {
		if popup == nil {
			popup = e.openPopup(t)
		}
		// A logged-out popup may list no chats (the page's login screen can
		// reach the worker before the popup opens), so the send goes as the
		// popup's Send does: the outbox.add message, to the old UserName.
		late := "after the logout " + time.Now().Format("15:04:05.000")
		body, _ := json.Marshal(msg.Request{Name: msg.OutboxAdd, Body: msg.AddBody{To: zhangsan, Text: late}})
		if _, err := Eval[any](popup.Ctx, `chrome.runtime.sendMessage(`+string(body)+`)`); err != nil {
			t.Fatalf("outbox.add from the popup: %v", err)
		}
		j := e.waitEntry(t, "the text after the logout", 20*time.Second, func(j msg.Entry) bool { return j.Kind == "text" && j.Text == late },
			func(j msg.Entry) bool { return j.Waiting != "" || j.State.Final() })
		if j.State != msg.EntryQueued || j.Waiting != msg.ErrLoggedOut {
			t.Errorf("text after the logout: entry %s waiting %q, error %v; want queued, waiting for %s", j.State, j.Waiting, j.Error, msg.ErrLoggedOut)
		}
		for _, m := range e.sim.Messages() {
			if m.Content == late {
				t.Errorf("wxsim accepted a text after the logout")
			}
		}
		waitState(t, popup, msg.SessionLoggedOut, "")
		// After the logout every request is refused (Ret 1101), but none
		// for giving the extension away.
		for _, r := range e.refused(loggedOut, true) {
			t.Errorf("wxsim refused %s", r)
		}
	})
}

// refused describes the requests wxsim refused since a time, with the
// headers that tell who made them; headersOnly keeps the refusals for a
// request that did not look like the page's own (Origin, Referer,
// Sec-Fetch-Site).
func (e *env) refused(since time.Time, headersOnly bool) []string {
	var out []string
	for _, r := range e.sim.Requests() {
		if r.Reason == "" || r.Time.Before(since) {
			continue
		}
		if headersOnly && !strings.Contains(r.Reason, "Origin") && !strings.Contains(r.Reason, "Referer") && !strings.Contains(r.Reason, "Sec-Fetch") {
			continue
		}
		h := r.Header
		out = append(out, fmt.Sprintf("%s %s%s at %s: Ret %d: %s [Origin %q, Referer %q, Sec-Fetch-Site %q, Sec-Fetch-Mode %q, Sec-Fetch-Dest %q]",
			r.Method, r.Host, "/"+r.Endpoint, r.Time.Format("15:04:05.000"), r.Ret, r.Reason,
			h.Get("Origin"), h.Get("Referer"), h.Get("Sec-Fetch-Site"), h.Get("Sec-Fetch-Mode"), h.Get("Sec-Fetch-Dest")))
	}
	return out
}

// waitState waits for #state[data-status=status], with nick in its text.
func waitState(t *testing.T, popup *Tab, status msg.SessionStatus, nick string) {
	t.Helper()
	expr := fmt.Sprintf(`(() => { const s = document.querySelector('#state'); return !!s && s.getAttribute('data-status') === %q && s.textContent.includes(%q); })()`, status, nick)
	what := fmt.Sprintf("#state[data-status=%s]", status)
	if nick != "" {
		what += fmt.Sprintf(" with %q in its text", nick)
	}
	if err := WaitJS(popup.Ctx, expr, 20*time.Second, what); err != nil {
		t.Fatal(err)
	}
}

// pick types query into #search with key events, waits for the chat of
// userName in #chats, clicks it and checks it is selected and named in
// #to (by one of names).
func pick(t *testing.T, popup *Tab, query, userName string, names ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(popup.Ctx, 20*time.Second)
	defer cancel()
	sel := fmt.Sprintf(`#chats li.chat[data-user=%q]`, userName)
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("search")), chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector('#search'); s.select(); })()`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\b"), chromedp.SendKeys(chromedp.ID("search"), query)); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(popup.Ctx, fmt.Sprintf(`!!document.querySelector(%q)`, sel), 10*time.Second, fmt.Sprintf("%s after typing %q in #search", sel, query)); err != nil {
		list, _ := Eval[string](ctx, `Array.from(document.querySelectorAll('#chats li.chat')).slice(0, 10).map((li) => li.dataset.user.slice(0, 8) + ' ' + (li.querySelector('.name') || {}).textContent).join(' | ')`)
		t.Fatalf("%v; #chats shows: %s", err, list)
	}
	first, _ := Eval[string](ctx, `(document.querySelector('#chats li.chat') || {dataset: {}}).dataset.user || ''`)
	if first != userName {
		t.Logf("note: %q does not rank %v first", query, names)
	}
	name, err := Eval[string](ctx, fmt.Sprintf(`(() => { const n = document.querySelector(%q + ' .name'); return n ? (n.children.length ? 'ELEMENTS:' + n.innerHTML : n.textContent) : 'NO .name'; })()`, sel))
	if err != nil {
		t.Fatal(err)
	}
	if !containsAny(name, names) {
		t.Errorf("%s .name is %q, want one of %q as text", sel, name, names)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(popup.Ctx, fmt.Sprintf(`document.querySelector(%q).classList.contains('selected')`, sel), 5*time.Second, sel+" to have class selected after a click"); err != nil {
		t.Fatal(err)
	}
	to, _ := Eval[string](ctx, `document.querySelector('#to').textContent`)
	if !containsAny(to, names) {
		t.Errorf("#to says %q after picking, want one of %q", to, names)
	}
}

// statusLine types query into #search and waits until the list's status
// line (li.status) says the _locales message key, or is hidden for "".
func statusLine(t *testing.T, popup *Tab, key, query string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(popup.Ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('#search').select()`), chromedp.KeyEvent("\b"), chromedp.SendKeys(chromedp.ID("search"), query)); err != nil {
		t.Fatal(err)
	}
	expr := `(() => { const s = document.querySelector('#chats li.status'); return !!s && s.hidden; })()`
	what := fmt.Sprintf("#chats li.status hidden after typing %q", query)
	if key != "" {
		expr = fmt.Sprintf(`(() => { const s = document.querySelector('#chats li.status'); return !!s && !s.hidden && s.textContent === chrome.i18n.getMessage(%q); })()`, key)
		what = fmt.Sprintf("#chats li.status saying %s after typing %q", key, query)
	}
	if err := WaitJS(popup.Ctx, expr, 10*time.Second, what); err != nil {
		got, _ := Eval[string](ctx, `(() => { const s = document.querySelector('#chats li.status'); return s ? (s.hidden ? 'hidden: ' : 'shown: ') + s.textContent : 'none'; })()`)
		t.Fatalf("%v; it is %s", err, got)
	}
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// setText puts text into #text as typing does (value, then an input event).
func setText(t *testing.T, popup *Tab, text string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(popup.Ctx, 10*time.Second)
	defer cancel()
	js := fmt.Sprintf(`(() => { const a = document.querySelector('#text'); a.focus(); a.value = %s; a.dispatchEvent(new Event('input', {bubbles: true})); return a.value; })()`, jsString(text))
	if v, err := Eval[string](ctx, js); err != nil || v != text {
		t.Fatalf("#text: %q, %v", v, err)
	}
}

func click(t *testing.T, popup *Tab, sel string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(popup.Ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
}

// upload chooses files in #file (DOM.setFileInputFiles), which sends them.
func upload(t *testing.T, popup *Tab, files ...testFile) {
	t.Helper()
	ctx, cancel := context.WithTimeout(popup.Ctx, 10*time.Second)
	defer cancel()
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path)
	}
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#file"), paths)); err != nil {
		t.Fatalf("#file: %v", err)
	}
}

// waitEntryRow waits for li.entry[data-id=id][data-state=state] in the
// popup's lists.
func waitEntryRow(t *testing.T, popup *Tab, id string, state msg.EntryState) {
	t.Helper()
	sel := fmt.Sprintf(`li.entry[data-id=%q][data-state=%q]`, id, state)
	if err := WaitJS(popup.Ctx, fmt.Sprintf(`!!document.querySelector(%q)`, sel), 10*time.Second, sel); err != nil {
		t.Error(err)
	}
}

// checkFileSent waits for the message of a file in wxsim and compares it
// with the file: kind, name, size, MD5 and bytes; then its job.
func (e *env) checkFileSent(t *testing.T, popup *Tab, f testFile, toKey string, timeout time.Duration) {
	t.Helper()
	m := e.waitMessage(t, f.Name, timeout, func(m wxsim.Message) bool { return m.FileName == f.Name || m.MD5 == f.MD5() })
	if m.FileName != f.Name {
		t.Errorf("%q arrived named %q", f.Name, m.FileName)
	}
	if m.Type != f.Type {
		t.Errorf("%q: message Type %d, want %d", f.Name, m.Type, f.Type)
	}
	if m.ToKey != toKey {
		t.Errorf("%q went to %q, want %q", f.Name, m.ToKey, toKey)
	}
	if m.FileSize != int64(len(f.Data)) || m.MD5 != f.MD5() {
		t.Errorf("%q: wxsim has %d bytes, MD5 %s; sent %d bytes, MD5 %s", f.Name, m.FileSize, m.MD5, len(f.Data), f.MD5())
	}
	if md, ok := e.sim.Media(m.MediaID); !ok {
		t.Errorf("%q: no media %s in wxsim", f.Name, m.MediaID)
	} else if !bytes.Equal(md.Data, f.Data) {
		t.Errorf("%q: the uploaded bytes differ from the file (%d bytes, MD5 %s)", f.Name, len(md.Data), md.MD5)
	}
	j := e.waitEntry(t, f.Name, 30*time.Second, func(j msg.Entry) bool { return j.File != nil && j.File.Name == f.Name })
	if j.State != msg.EntrySent {
		t.Errorf("entry of %q: state %s, error %v; want sent", f.Name, j.State, j.Error)
	}
	if j.File.Size != int64(len(f.Data)) {
		t.Errorf("entry of %q: size %d, want %d", f.Name, j.File.Size, len(f.Data))
	}
	if popup != nil {
		waitEntryRow(t, popup, j.ID, msg.EntrySent)
	}
}

// storageHas reports whether chrome.storage.session has a key (its value,
// which may hold secrets, is never read).
func (e *env) storageHas(key string) (bool, error) {
	return ExtEval[bool](context.Background(), e.br, fmt.Sprintf(`chrome.storage.session.getKeys ? chrome.storage.session.getKeys().then((k) => k.includes(%q)) : chrome.storage.session.get(%q).then((o) => %q in o)`, key, key, key))
}

// checkSyncFromPage checks that every synccheck and webwxsync request wxsim
// received was made by the page itself: each carries a DeviceID the page
// makes afresh per request (accountFactory.getDeviceID), and each of those
// DeviceIDs is one the page's own requests carried (CDP Network on the
// page's tab), none of which an extension script started.
func (e *env) checkSyncFromPage(t *testing.T) {
	t.Helper()
	page := map[string]int{}
	stacks := 0
	for _, ev := range e.pageNet.all() {
		u, err := url.Parse(ev.Request.URL)
		if err != nil {
			continue
		}
		var id string
		switch {
		case strings.HasSuffix(u.Path, "/synccheck"):
			id = "synccheck " + u.Query().Get("deviceid")
		case strings.HasSuffix(u.Path, "/webwxsync"):
			id = "webwxsync " + deviceID(postBody(ev))
		default:
			continue
		}
		if ev.Initiator != nil && ev.Initiator.Stack != nil {
			stacks++
		}
		if fromExtension(ev) {
			t.Errorf("the page's tab requested %s from an extension script", u.Path)
		}
		if page[id] > 0 && strings.HasPrefix(id, "webwxsync ") {
			// The page makes a new DeviceID for every call: the same one
			// twice is a request made again (by a wrapper of wxdrop's).
			t.Errorf("the page's tab requested %s twice", id)
		}
		page[id]++
	}
	var sim, sync int
	for _, r := range e.sim.Requests() {
		var id string
		switch r.Endpoint {
		case "synccheck":
			id = "synccheck " + r.Query.Get("deviceid")
		case "webwxsync":
			id = "webwxsync " + deviceID(r.Body)
			sync++
		default:
			continue
		}
		sim++
		if page[id] == 0 {
			t.Errorf("wxsim received a %s the page did not make (%s)", r.Endpoint, id)
			continue
		}
		page[id]--
	}
	if sim == 0 || sync == 0 {
		t.Errorf("wxsim received %d synccheck/webwxsync requests (%d webwxsync): the page's loop did not run", sim, sync)
	}
	t.Logf("%d synccheck/webwxsync requests, all the page's (%d of the page's with an initiator stack)", sim, stacks)
}

// deviceID is BaseRequest.DeviceID of a JSON body.
func deviceID(body []byte) string {
	var b struct {
		BaseRequest struct{ DeviceID string }
	}
	_ = json.Unmarshal(body, &b)
	return b.BaseRequest.DeviceID
}
