//go:build !js

package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/httpdoer"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

var docsShots = flag.Bool("e2e.docs", false, "save the friend-request and export screenshots in docs/ (else in a temporary directory)")

// quoteName is a contact whose names break a naive CSV.
var quoteName = `王,"小"二 😀`

// TestFriendRequestsAndExport: friend requests that reach the simulated
// page are listed in the popup and accepted there by hand, by the
// options' rule (with its greeting) and by the README's page API example,
// each leaving the new friend in wxsim's contact list; the contacts
// export from the options lands in Downloads as a CSV read back row by
// row (a name with `,"` and emoji among them), from a blob: URL; the
// page API's export gives the same rows.
func TestFriendRequestsAndExport(t *testing.T) {
	t.Parallel()
	need(t)
	downloads, profile, ext := withDownloads(t)
	people := append(wxsim.DefaultPeople(), wxsim.Person{Key: "quote", NickName: quoteName, RemarkName: "老王\n第二行", Alias: "wang_2", Sex: 1, Signature: `签名, "引号"`, Province: "广东", City: "深圳", ContactFlag: 3})
	sim, br, page := newPageEnvOf(t, people, ext, profile)
	shots := t.TempDir()
	if *docsShots {
		shots = filepath.Join(root, "docs")
	}

	// inContacts reports whether wxsim's webwxgetcontact lists key, as a
	// client of the session sees it.
	inContacts := func(key string) bool {
		t.Helper()
		sess, _ := sim.CurrentSession()
		cl, err := protocol.NewClient(httpdoer.New(sim.Client()), sess.Protocol())
		if err != nil {
			t.Fatal(err)
		}
		cs, err := cl.Contacts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		un := sim.UserName(key)
		for _, c := range cs {
			if un != "" && c.UserName == un {
				return true
			}
		}
		return false
	}
	waitVerified := func(key string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			for _, v := range sim.Verifications() {
				if v.Key == key {
					if !inContacts(key) {
						t.Errorf("%s was accepted but webwxgetcontact does not list them", key)
					}
					return
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("wxsim never accepted the request of %s (%d accepted, rejections %+v)", key, len(sim.Verifications()), sim.Rejections())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	ask := func(key, nick, content string) {
		t.Helper()
		if _, err := sim.DeliverFriendRequest(wxsim.FriendRequest{Person: wxsim.Person{Key: key, NickName: nick, Province: "广东", City: "广州", Sex: 1}, Content: content}); err != nil {
			t.Fatal(err)
		}
	}
	greeted := func(key, text string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			for _, m := range sim.Messages() {
				if !m.Incoming && m.ToKey == key && m.Content == text {
					return
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("no greeting %q to %s at wxsim", text, key)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}

	t.Run("accepted by hand in the popup", func(t *testing.T) {
		ask("zhaoliu", "赵六", "我是赵六，上周会上见过")
		ask("sunqi", "孙七", "你好，我是孙七")
		popup := openPopupSized(t, br)
		if err := WaitJS(popup.Ctx, `document.querySelectorAll('#friends li button[data-id]').length === 2 && !document.querySelector('#friends-section').hidden`, 30*time.Second, "two requests with Accept in the popup"); err != nil {
			t.Fatal(err)
		}
		listed, _ := Eval[string](popup.Ctx, `document.querySelector('#friends').textContent`)
		for _, want := range []string{"赵六", "我是赵六，上周会上见过", "广东 广州", "孙七"} {
			if !strings.Contains(listed, want) {
				t.Errorf("the popup's list %q lacks %q", listed, want)
			}
		}
		if p, err := screenshot(popup, shots, "friend-requests.png"); err != nil {
			t.Error(err)
		} else {
			t.Logf("screenshot: %s", p)
		}
		// The newest first: 孙七, then 赵六.
		click(t, popup, `#friends li:nth-child(2) button[data-id]`)
		waitVerified("zhaoliu")
		if err := WaitJS(popup.Ctx, `Array.from(document.querySelectorAll('#friends li')).some((li) => li.textContent.includes('赵六') && li.textContent.includes('Accepted'))`, 20*time.Second, "赵六 shown accepted"); err != nil {
			t.Error(err)
		}
		if n := len(sim.Verifications()); n != 1 {
			t.Errorf("%d requests accepted, want 赵六's only", n)
		}
	})

	t.Run("accepted by the rule, with its greeting", func(t *testing.T) {
		opts := openOptions(t, br, "#friends-auto")
		defer opts.Close()
		setValue(t, opts, "friends-auto", "word")
		setValue(t, opts, "friends-word", "同事")
		setValue(t, opts, "friends-greeting", "你好 {name}，很高兴认识你")
		click(t, opts, "#friends-save")
		if err := WaitJS(opts.Ctx, `!document.querySelector('#friends-saved').hidden`, 10*time.Second, "the settings saved"); err != nil {
			t.Fatal(err)
		}
		ask("zhou", "周八", "我是你的新同事周八")
		ask("wu", "吴九", "推销保险")
		waitVerified("zhou")
		greeted("zhou", "你好 周八，很高兴认识你")
		for _, v := range sim.Verifications() {
			if v.Key == "wu" {
				t.Error("the rule accepted a request without its word")
			}
		}
	})

	t.Run("the README's friendRequest example, as written", func(t *testing.T) {
		opts := openOptions(t, br, "#api-enabled")
		if on, _ := Eval[bool](opts.Ctx, `document.querySelector('#api-enabled').checked`); !on {
			click(t, opts, "#api-enabled")
		}
		opts.Close()
		if err := WaitJS(page.Ctx, `typeof window.wxdrop === 'object'`, 10*time.Second, "window.wxdrop"); err != nil {
			t.Fatal(err)
		}
		ex := readmeExample(t, "friendRequest")
		if got := runExample(t, page, ex); got != "ok" {
			t.Fatalf("%s\n%s", got, ex)
		}
		ask("zheng", "郑十", "我是客户郑十")
		waitVerified("zheng")
		greeted("zheng", "你好 郑十，我是 wxdrop")
	})

	t.Run("the options' CSV, read back row by row", func(t *testing.T) {
		opts := openOptions(t, br, "#friends-auto")
		defer opts.Close()
		click(t, opts, "#export-csv")
		if err := WaitJS(opts.Ctx, `!!document.querySelector('#export-state').dataset.saved`, 30*time.Second, "the export saved"); err != nil {
			shown, _ := Eval[string](opts.Ctx, `document.querySelector('#error').textContent`)
			t.Fatalf("%v: %s", err, shown)
		}
		if err := chromedp.Do(opts.Ctx, chromedp.EmulateViewport(640, 720), chromedp.ScrollIntoView(`#export-state`)); err == nil {
			if p, err := screenshot(opts, shots, "options-export.png"); err != nil {
				t.Error(err)
			} else {
				t.Logf("screenshot: %s", p)
			}
		}
		saved, _ := Eval[string](opts.Ctx, `document.querySelector('#export-state').dataset.saved`)
		data, err := os.ReadFile(filepath.Join(downloads, saved))
		if err != nil {
			t.Fatal(err)
		}
		checkCSV(t, data)

		// The JSON, the same contacts.
		click(t, opts, "#export-json")
		if err := WaitJS(opts.Ctx, `(document.querySelector('#export-state').dataset.saved || '').endsWith('.json')`, 30*time.Second, "the JSON export saved"); err != nil {
			t.Fatal(err)
		}
		saved, _ = Eval[string](opts.Ctx, `document.querySelector('#export-state').dataset.saved`)
		var rows []map[string]any
		if data, err = os.ReadFile(filepath.Join(downloads, saved)); err == nil {
			err = json.Unmarshal(data, &rows)
		}
		if err != nil {
			t.Fatal(err)
		}
		var quote map[string]any
		for _, r := range rows {
			if r["nick"] == quoteName {
				quote = r
			}
		}
		if quote == nil || quote["remark"] != "老王\n第二行" || quote["kind"] != "friend" || quote["sex"] != "male" {
			t.Errorf("the JSON's row of %s: %v", quoteName, quote)
		}

		// From a blob: URL of the extension, never a WeChat URL.
		ep, err := br.ExtPage()
		if err != nil {
			t.Fatal(err)
		}
		urls, err := Eval[[]string](ep.Ctx, `chrome.downloads.search({}).then((items) => items.map((i) => i.url))`)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range urls {
			if !strings.HasPrefix(u, "blob:chrome-extension://") {
				t.Errorf("a download's URL is %q; want a blob: URL of the extension", u)
			}
		}
	})

	t.Run("the page API's export", func(t *testing.T) {
		ex := readmeExample(t, "exportContacts")
		if got := runExample(t, page, ex); got != "ok" {
			t.Fatalf("%s\n%s", got, ex)
		}
		ctx, cancel := context.WithTimeout(page.Ctx, 30*time.Second)
		defer cancel()
		b64, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => { const b = await wxdrop.exportContacts({format: 'csv'}); const u = new Uint8Array(await b.arrayBuffer()); let s = ''; for (const x of u) s += String.fromCharCode(x); return btoa(s); })()`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		data, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			t.Fatal(err)
		}
		checkCSV(t, data)
	})
}

// withDownloads makes a profile whose Downloads folder is a temporary
// directory, and a copy of the extension with the "downloads" permission
// granted (headless Chromium cannot answer its prompt).
func withDownloads(t *testing.T) (downloads, profile, ext string) {
	t.Helper()
	downloads, profile, ext = t.TempDir(), t.TempDir(), t.TempDir()
	prefs := map[string]any{"download": map[string]any{"default_directory": downloads, "prompt_for_download": false, "directory_upgrade": true}}
	b, _ := json.Marshal(prefs)
	if err := os.MkdirAll(filepath.Join(profile, "Default"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(profile, "Default", "Preferences"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := GrantedCopy(root, ext, "downloads"); err != nil {
		t.Fatal(err)
	}
	return downloads, profile, ext
}

// checkCSV parses an exported CSV and checks it row by row.
func checkCSV(t *testing.T, data []byte) {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		t.Fatalf("the CSV does not start with a UTF-8 byte order mark: % x", data[:min(len(data), 8)])
	}
	r := csv.NewReader(bytes.NewReader(data[3:]))
	r.FieldsPerRecord = 9
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	want := map[string][]string{
		"":         {"Remark", "Nickname", "WeChat ID", "Sex", "Province", "City", "Signature", "Kind", "Members"},
		quoteName:  {"老王\n第二行", quoteName, "wang_2", "male", "广东", "深圳", `签名, "引号"`, "friend", ""},
		"张三":       {"老张", "张三", "", "male", "北京", "海淀", "", "friend", ""},
		"相亲相爱一家人":  {"", "相亲相爱一家人", "", "", "", "", "", "group", "2"},
		"微信支付":     {"", "微信支付", "", "", "", "", "", "official account", ""},
		"赵六":       {"", "赵六", "", "male", "广东", "广州", "", "friend", ""},
		`测试&<>'"😀`: {"", `测试&<>'"😀`, "", "", "", "", "", "friend", ""},
	}
	got := map[string][]string{"": recs[0]}
	for _, rec := range recs[1:] {
		got[rec[1]] = rec
	}
	for k, w := range want {
		if g := got[k]; strings.Join(g, "|") != strings.Join(w, "|") {
			t.Errorf("row %q: %q, want %q", k, g, w)
		}
	}
	if _, ok := got["文件传输助手"]; ok {
		t.Error("the file helper is exported")
	}
	if _, ok := got["孙七"]; ok {
		t.Error("孙七 was not accepted, yet is exported")
	}
}

// readmeExample is the README's Page API example that mentions word.
func readmeExample(t *testing.T, word string) string {
	t.Helper()
	for _, ex := range readmeExamples(t) {
		if strings.Contains(ex, word) {
			return ex
		}
	}
	t.Fatalf("no README example mentions %s", word)
	return ""
}

// runExample runs a README example in an async function on the page.
func runExample(t *testing.T, page *Tab, ex string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(page.Ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {`+ex+`
})().then(() => 'ok', (e) => 'threw ' + (e && e.code) + ' ' + (e && e.message))`, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Sprint(err)
	}
	return v
}
