//go:build !js

package e2e

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/internal/testsite"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

var optionsURL = "chrome-extension://" + ExtensionID + "/extension/pages/options.html"

// readmeExamples are the js code blocks of the README's "Page API"
// section.
func readmeExamples(t *testing.T) []string {
	t.Helper()
	return readmeJS(t, "Page API")
}

// TestPageAPI: window.wxdrop on the simulated page: absent until turned on
// in the options, the README's examples run as written, every error code a
// send can end with, absent again once turned off, and never on another
// site.
func TestPageAPI(t *testing.T) {
	t.Parallel()
	people := append(wxsim.DefaultPeople(), wxsim.Person{Key: "lisi2", NickName: "李四", PYInitial: "LS", PYQuanPin: "lisi", ContactFlag: 1})
	sim, br, page := newPageEnv(t, people)
	ctx := context.Background()
	_ = ctx
	eval := func(t *testing.T, js string) string {
		t.Helper()
		return evalPage[string](t, page, js)
	}
	toggle := func(t *testing.T, on bool) {
		t.Helper()
		opts := openOptions(t, br, "#api-enabled")
		defer opts.Close()
		if got, _ := Eval[bool](opts.Ctx, `document.querySelector('#api-enabled').checked`); got != on {
			click(t, opts, "#api-enabled")
		}
		want := "undefined"
		if on {
			want = "object"
		}
		if err := WaitJS(page.Ctx, fmt.Sprintf(`typeof window.wxdrop === %q`, want), 10*time.Second, "window.wxdrop to be "+want); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("off until the person turns it on", func(t *testing.T) {
		time.Sleep(time.Second)
		if got := eval(t, `typeof window.wxdrop`); got != "undefined" {
			t.Fatalf("window.wxdrop is %s before it was turned on", got)
		}
		toggle(t, true)
	})

	t.Run("the README's examples, as written", func(t *testing.T) {
		for i, ex := range readmeExamples(t) {
			got := eval(t, `(async () => {`+ex+`
})().then(() => 'ok', (e) => 'threw ' + (e && e.code) + ' ' + (e && e.message))`)
			if got != "ok" {
				t.Errorf("example %d: %s\n%s", i+1, got, ex)
			}
		}
		found := false
		for _, m := range sim.Messages() {
			if m.ToKey == "zhangsan" && m.Content == "你好，我是 wxdrop测试" {
				found = true
			}
		}
		if !found {
			t.Errorf("the first example's text did not reach 老张 at wxsim")
		}
		revoked := false
		for _, m := range sim.Messages() {
			if m.ToKey == "filehelper" && m.Content == "oops" && m.Revoked {
				revoked = true
			}
		}
		if !revoked {
			t.Errorf("the revoke example's message is not revoked at wxsim")
		}
		note := false
		for _, m := range sim.Messages() {
			if m.ToKey == "filehelper" && m.FileName == "备忘.txt" && m.Type == 6 && m.MD5 == md5hex([]byte("下周一之前交。\n")) {
				note = true
			}
		}
		if !note {
			t.Errorf("the sendFile example's file did not reach wxsim with its bytes")
		}
		// A sticker from a GIF made on the page.
		gif := base64.StdEncoding.EncodeToString(testsite.GIF)
		got := eval(t, fmt.Sprintf(`(async () => { const b = new Blob([Uint8Array.from(atob(%q), (c) => c.charCodeAt(0))], {type: 'image/gif'}); const s = await wxdrop.sendEmoticon('李四2', b).catch((e) => e.code); return typeof s === 'string' ? s : 'sent'; })()`, gif))
		if got != "NOT_FOUND" {
			t.Errorf("sendEmoticon to a chat that does not exist: %q", got)
		}
		got = eval(t, fmt.Sprintf(`(async () => { const b = new Blob([Uint8Array.from(atob(%q), (c) => c.charCodeAt(0))], {type: 'image/gif'}); const s = await wxdrop.sendEmoticon('老张', b); return s.msgId ? 'sent' : 'no msgId'; })()`, gif))
		if got != "sent" {
			t.Errorf("sendEmoticon: %q", got)
		}
		sticker := false
		for _, m := range sim.Messages() {
			if m.ToKey == "zhangsan" && m.Type == 47 && m.MD5 == md5hex(testsite.GIF) {
				sticker = true
			}
		}
		if !sticker {
			t.Errorf("the GIF did not reach wxsim as a sticker (Type 47)")
		}
	})

	t.Run("incoming messages, and the README's ping answered", func(t *testing.T) {
		eval(t, `(window.__got = [], wxdrop.on('message', (m) => window.__got.push(m)), 'ok')`)
		type in struct {
			in    wxsim.Incoming
			check string // a JS condition on m
		}
		png := testsite.PNG
		ins := []in{
			{wxsim.Incoming{From: "lisi", Type: wxsim.MsgText, Text: "ping"}, `m.type === 'text' && m.text === 'ping' && !m.isGroup`},
			{wxsim.Incoming{From: "zhangsan", Group: "family", Type: wxsim.MsgText, Text: "大家好 <b>&"}, `m.type === 'text' && m.text === '大家好 <b>&' && m.isGroup && m.groupSender === FROM`},
			{wxsim.Incoming{From: "lisi", Type: wxsim.MsgImage, FileName: "p.png", Data: png}, `m.type === 'image'`},
			{wxsim.Incoming{From: "alice", Type: wxsim.MsgApp, FileName: "合同.pdf", Data: testsite.PDF}, `m.type === 'file' && m.fileName === '合同.pdf' && m.fileSize === ` + fmt.Sprint(len(testsite.PDF))},
		}
		for _, x := range ins {
			m, err := sim.Deliver(x.in)
			if err != nil {
				t.Fatal(err)
			}
			sender := sim.UserName(x.in.From)
			cond := strings.ReplaceAll(x.check, "FROM", fmt.Sprintf("%q", sender))
			js := fmt.Sprintf(`window.__got.some((m) => m.id === %q && (%s))`, m.MsgID, cond)
			if err := WaitJS(page.Ctx, js, 20*time.Second, "on('message') to hear "+x.check); err != nil {
				got := eval(t, `JSON.stringify(window.__got)`)
				t.Fatalf("%v; heard %s", err, got)
			}
		}
		// The README's example answered the ping.
		deadline := time.Now().Add(20 * time.Second)
		for {
			pong := false
			for _, m := range sim.Messages() {
				if !m.Incoming && m.ToKey == "lisi" && m.Content == "pong" {
					pong = true
				}
			}
			if pong {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("no pong to 李四 at wxsim")
			}
			time.Sleep(100 * time.Millisecond)
		}
	})

	t.Run("download gives the bytes wxsim holds", func(t *testing.T) {
		const b64 = `const b64 = async (blob) => { const u = new Uint8Array(await blob.arrayBuffer()); let s = ''; for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode.apply(null, u.subarray(i, i + 0x8000)); return btoa(s); };`
		voice := append([]byte("ID3\x03\x00"), bytes.Repeat([]byte{0x55}, 5000)...)
		video := append([]byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00"), bytes.Repeat([]byte{0x66}, 70000)...)
		cases := []struct {
			in    wxsim.Incoming
			thumb bool
			want  []byte
		}{
			{wxsim.Incoming{From: "lisi", Type: wxsim.MsgImage, FileName: "a.png", Data: testsite.PNG}, false, testsite.PNG},
			{wxsim.Incoming{From: "lisi", Type: wxsim.MsgImage, FileName: "a.png", Data: testsite.PNG, Thumb: testsite.PNG[:200]}, true, testsite.PNG[:200]},
			{wxsim.Incoming{From: "lisi", Type: wxsim.MsgEmoticon, FileName: "e.gif", Data: testsite.GIF}, false, testsite.GIF},
			{wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgVoice, Data: voice, VoiceLength: 3000}, false, voice},
			{wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgVideo, FileName: "v.mp4", Data: video, PlayLength: 2}, false, video},
		}
		for _, c := range cases {
			m, err := sim.Deliver(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if err := WaitJS(page.Ctx, fmt.Sprintf(`window.__got.some((m) => m.id === %q)`, m.MsgID), 20*time.Second, "the message "+m.MsgID); err != nil {
				t.Fatal(err)
			}
			got := eval(t, fmt.Sprintf(`(async () => { %s const m = window.__got.find((m) => m.id === %q); return b64(await wxdrop.download(m, {thumbnail: %v})); })()`, b64, m.MsgID, c.thumb))
			data, err := base64.StdEncoding.DecodeString(got)
			if err != nil {
				t.Fatalf("type %d: %v (%.80s)", c.in.Type, err, got)
			}
			if !bytes.Equal(data, c.want) {
				t.Errorf("type %d (thumbnail %v): downloaded %d bytes, wxsim holds %d", c.in.Type, c.thumb, len(data), len(c.want))
			}
		}
		// An avatar is an image; a file message says it cannot be had yet.
		head := eval(t, `(async () => { const [c] = await wxdrop.contacts({query: 'lisi'}); const u = new Uint8Array(await (await wxdrop.avatar(c)).arrayBuffer()); return Array.from(u.slice(1, 4), (x) => String.fromCharCode(x)).join(''); })()`)
		if head != "PNG" {
			t.Errorf("the avatar starts %q, not a PNG", head)
		}
		// A file attachment comes from the file host, through the bridge.
		got := eval(t, fmt.Sprintf(`(async () => { %s const m = window.__got.find((m) => m.type === 'file' && m.fileName === '合同.pdf'); return b64(await wxdrop.download(m)); })()`, b64))
		if data, err := base64.StdEncoding.DecodeString(got); err != nil || !bytes.Equal(data, testsite.PDF) {
			t.Errorf("download of a file message: %d bytes (%v), want the %d wxsim holds (%.80s)", len(data), err, len(testsite.PDF), got)
		}
		if got := eval(t, `wxdrop.download(window.__got.find((m) => m.type === 'text')).then(() => 'resolved', (e) => e.code)`); got != "NOT_DOWNLOADABLE" {
			t.Errorf("download of a text message: %q", got)
		}
	})

	t.Run("a received sticker goes again by its MD5", func(t *testing.T) {
		sum := md5.Sum(testsite.GIF)
		want := hex.EncodeToString(sum[:])
		got := eval(t, `(async () => { const m = window.__got.find((m) => m.type === 'emoticon'); const sent = await wxdrop.sendEmoticon('老张', m.md5); return m.md5 + ' ' + sent.msgId; })()`)
		md5hex, msgID, _ := strings.Cut(got, " ")
		if md5hex != want {
			t.Fatalf("the sticker message's md5 is %q, want %q", md5hex, want)
		}
		var found bool
		for _, m := range sim.Messages() {
			if !m.Incoming && m.MsgID == msgID {
				found = m.Type == 47 && m.EMoticonMD5 == want && m.ToKey == "zhangsan"
			}
		}
		if !found {
			t.Errorf("no sticker %s to 老张 at wxsim (MsgID %s)", want, msgID)
		}
		if got := eval(t, `wxdrop.sendEmoticon('老张', 'abc').then(() => 'resolved', (e) => e.code)`); got != "BAD_REQUEST" {
			t.Errorf("a sticker by a bad MD5: %q", got)
		}
	})

	t.Run("every way a send can fail has its code", func(t *testing.T) {
		code := func(js string) string {
			return eval(t, js+`.then(() => 'resolved', (e) => e.code)`)
		}
		tests := []struct {
			name   string
			inject func()
			call   string
			want   string
		}{
			{"two chats of one name", nil, `wxdrop.sendText('李四', 'which?')`, "AMBIGUOUS"},
			{"no chat of that name", nil, `wxdrop.sendText('nobody', 'x')`, "NOT_FOUND"},
			{"a time that is no time", nil, `wxdrop.schedule({to: '老张', text: 'x', at: 'someday'})`, "BAD_TIME"},
			{"Ret 1205", func() { sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Ret: 1205}) }, `wxdrop.sendText('老张', 'too often')`, "TOO_FREQUENT"},
			{"the answer cut off", func() { sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Cut: true}) }, `wxdrop.sendText('老张', 'maybe')`, "UNCERTAIN"},
			{"logged out", func() {
				// The page notices and reloads into its login screen, where
				// the API is offered again.
				sim.Logout()
				// (The old page says 'login' too, just before it goes: the
				// login screen shown is the new one's.)
				if err := WaitJS(page.Ctx, `window.wxsimStats && wxsimStats.state === 'login' && !document.getElementById('login').hidden && typeof window.wxdrop === 'object'`, 30*time.Second, "the login screen with window.wxdrop"); err != nil {
					t.Fatal(err)
				}
			}, `wxdrop.sendText('老张', 'after the logout')`, "LOGGED_OUT"},
		}
		for _, tt := range tests {
			if tt.inject != nil {
				tt.inject()
			}
			if got := code(tt.call); got != tt.want {
				t.Errorf("%s: %s rejected with %q, want %q", tt.name, tt.call, got, tt.want)
			}
		}
	})

	t.Run("gone once turned off", func(t *testing.T) { toggle(t, false) })

	t.Run("never on another site", func(t *testing.T) {
		other, err := br.NewTab("https://"+siteHost+testsite.PagePath, "other")
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		toggle(t, true)
		time.Sleep(time.Second)
		if got, err := Eval[string](other.Ctx, `typeof window.wxdrop`); err != nil || got != "undefined" {
			t.Errorf("window.wxdrop on %s: %q %v", siteHost, got, err)
		}
	})
}

// newPageEnv starts wxsim with people, the test site, and a browser with
// the extension, logged in on the simulated page.
func newPageEnv(t *testing.T, people []wxsim.Person) (*wxsim.Server, *Browser, *Tab) {
	t.Helper()
	return newPageEnvOf(t, people, root, "")
}

// newPageEnvOf is newPageEnv with the extension in ext and the profile
// in profile ("" for a fresh one).
func newPageEnvOf(t *testing.T, people []wxsim.Person, ext, profile string) (*wxsim.Server, *Browser, *Tab) {
	t.Helper()
	return newPageEnvOpts(t, people, Options{Extensions: []string{ext}, UserDataDir: profile})
}

// newPageEnvOpts is newPageEnv with the browser's options (its
// resolver rules, worker watch and log are set here).
func newPageEnvOpts(t *testing.T, people []wxsim.Person, o Options) (*wxsim.Server, *Browser, *Tab) {
	t.Helper()
	sim, br := startPageEnvOpts(t, people, o)
	return sim, br, logInPage(t, sim, br)
}

// logInPage opens the simulated web WeChat in br, logs in and waits until
// the worker is ready in that login.
func logInPage(t *testing.T, sim *wxsim.Server, br *Browser) *Tab {
	t.Helper()
	ctx := context.Background()
	page, err := br.OpenWeChat(ctx, "wechat", true)
	if err != nil {
		t.Fatal(err)
	}
	sess, _ := sim.CurrentSession()
	if err := br.WaitReady(ctx, sess.UserName, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	return page
}

// startPageEnv starts wxsim with people, the test site, and a browser with
// the extension, before any login.
func startPageEnv(t *testing.T, people []wxsim.Person, ext, profile string) (*wxsim.Server, *Browser) {
	t.Helper()
	return startPageEnvOpts(t, people, Options{Extensions: []string{ext}, UserDataDir: profile})
}

// startPageEnvOpts is startPageEnv with the browser's options.
func startPageEnvOpts(t *testing.T, people []wxsim.Person, o Options) (*wxsim.Server, *Browser) {
	t.Helper()
	return startPageEnvConfig(t, wxsim.Config{People: people}, o)
}

// startPageEnvConfig is startPageEnvOpts with the simulator's config
// (its SyncHold is set here).
func startPageEnvConfig(t *testing.T, cfg wxsim.Config, o Options) (*wxsim.Server, *Browser) {
	t.Helper()
	need(t)
	cfg.SyncHold = 3 * time.Second
	sim, err := wxsim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	site := testsite.New()
	log := &Log{}
	var br *Browser
	t.Cleanup(func() {
		if t.Failed() || *keepLog {
			dumpState(t, br, sim, log)
		}
		if br != nil {
			br.Close()
		}
		sim.Close()
		site.Close()
	})
	rules := sim.ResolverRules() + ", MAP " + siteHost + " " + site.Addr()
	o.ResolverRules, o.WatchWorkers, o.Log = rules, true, log
	if br, err = Start(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	return sim, br
}

// TestRulesOnThePage: a keyword auto-reply and an auto-forward set up in
// the options page fire once for messages that reach the simulated page;
// two accounts whose replies would answer each other stop at the
// cool-down; the options page logs what the rules did.
func TestRulesOnThePage(t *testing.T) {
	t.Parallel()
	sim, br, _ := newPageEnv(t, nil)
	opts := openOptions(t, br, "#rules-on")
	defer opts.Close()
	set := func(id, v string) { t.Helper(); setValue(t, opts, id, v) }
	click(t, opts, "#rules-on")
	addRule(t, opts, 1, "rule-kind", "reply", "rule-match", "contains", "rule-pattern", "hi", "rule-reply", "hi", "rule-cooldown", "60")
	addRule(t, opts, 2, "rule-kind", "forward", "rule-from", "相亲相爱一家人", "rule-to", "文件传输助手")
	// A bad expression is refused, in words.
	set("rule-kind", "reply")
	set("rule-match", "regexp")
	set("rule-pattern", "(")
	set("rule-reply", "x")
	click(t, opts, "#rule-add")
	if err := WaitJS(opts.Ctx, `!document.querySelector('#error').hidden && document.querySelector('#error').textContent.includes('regular expression')`, 10*time.Second, "the refusal of a bad expression"); err != nil {
		t.Error(err)
	}
	// Look-ahead, which the rules' linear-time engine has not, is refused
	// in words of its own.
	set("rule-pattern", "几点(?=开)")
	click(t, opts, "#rule-add")
	if err := WaitJS(opts.Ctx, `!document.querySelector('#error').hidden && document.querySelector('#error').textContent.includes('look-ahead')`, 10*time.Second, "the refusal of a look-ahead"); err != nil {
		t.Error(err)
	}

	// 李四's side answers every "hi" with "hi": the rule answers once,
	// then the cool-down holds.
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		seen := 0
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			n := 0
			for _, m := range sim.Messages() {
				if !m.Incoming && m.ToKey == "lisi" && m.Content == "hi" {
					n++
				}
			}
			for ; seen < n; seen++ {
				_, _ = sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgText, Text: "hi"})
			}
		}
	}()
	if _, err := sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgText, Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Deliver(wxsim.Incoming{From: "zhangsan", Group: "family", Type: wxsim.MsgText, Text: "周末聚餐"}); err != nil {
		t.Fatal(err)
	}
	count := func(to, text string) int {
		n := 0
		for _, m := range sim.Messages() {
			if !m.Incoming && m.ToKey == to && m.Content == text {
				n++
			}
		}
		return n
	}
	deadline := time.Now().Add(30 * time.Second)
	for (count("lisi", "hi") < 1 || count("filehelper", "[相亲相爱一家人] 周末聚餐") < 1) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	// The other side answered the reply at once: the loop is held when
	// the log shows the cool-down holding that answer, and the outbox has
	// nothing left to send.
	if err := WaitJS(opts.Ctx, `Array.from(document.querySelectorAll('#rules-log li')).some((li) => li.textContent.includes('answered a moment ago'))`, 10*time.Second, "the log to show the held reply"); err != nil {
		t.Error(err)
	}
	waitUntil(t, 30*time.Second, "no entry pending", func() (bool, string) {
		ob, err := br.Outbox(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		pending := 0
		for _, e := range ob.Entries {
			if e.State.Pending() {
				pending++
			}
		}
		return pending == 0, fmt.Sprintf("%d entries still pending", pending)
	})
	if n := count("lisi", "hi"); n != 1 {
		t.Errorf("the auto-reply answered %d times; want once (the cool-down holds the loop)", n)
	}
	if n := count("filehelper", "[相亲相爱一家人] 周末聚餐"); n != 1 {
		t.Errorf("the group's text was forwarded %d times, want once", n)
	}
}

// openOptions opens the options page and waits until the control sel
// shows what is stored (data-loaded).
func openOptions(t *testing.T, br *Browser, sel string) *Tab {
	t.Helper()
	opts, err := br.NewTab(optionsURL, "options")
	if err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(opts.Ctx, fmt.Sprintf(`document.querySelector(%q).dataset.loaded === '1'`, sel), 20*time.Second, sel+" loaded"); err != nil {
		opts.Close()
		t.Fatal(err)
	}
	return opts
}

// setValue sets the form control #id of tab to v as typing would, with
// its change event.
func setValue(t *testing.T, tab *Tab, id, v string) {
	t.Helper()
	if _, err := Eval[bool](tab.Ctx, fmt.Sprintf(`(() => { const e = document.querySelector('#%s'); e.value = %s; e.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`, id, jsString(v))); err != nil {
		t.Fatal(err)
	}
}

// addRule fills the options' rule form with fields (id, value pairs, in
// order), adds the rule and waits until the list holds n rules.
func addRule(t *testing.T, opts *Tab, n int, fields ...string) {
	t.Helper()
	for i := 0; i+1 < len(fields); i += 2 {
		setValue(t, opts, fields[i], fields[i+1])
	}
	click(t, opts, "#rule-add")
	if err := WaitJS(opts.Ctx, fmt.Sprintf(`document.querySelectorAll('#rules-list li.rule').length === %d`, n), 10*time.Second, fmt.Sprintf("%d rules listed", n)); err != nil {
		shown, _ := Eval[string](opts.Ctx, `document.querySelector('#rules-list').textContent + ' | error: ' + document.querySelector('#error').textContent`)
		t.Fatalf("%v: %s", err, shown)
	}
}
