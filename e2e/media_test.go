//go:build !js

package e2e

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/internal/testsite"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

// TestMediaRulesOnThePage: an auto-save rule and an auto-forward rule of
// images, set up in the options page, act on media that reach the
// simulated page: the image and the file land in Downloads/<folder>
// with the bytes wxsim holds, through the browser's real downloads (from
// a blob: URL, so the history keeps no WeChat URL and no skey); the image
// reaches another chat, uploaded again. The profile's Downloads folder is
// a temporary directory, and the extension is a copy with the
// "downloads" permission granted (headless Chromium cannot answer its
// prompt).
func TestMediaRulesOnThePage(t *testing.T) {
	t.Parallel()
	need(t)
	downloads, profile, ext := withDownloads(t)
	sim, br, _ := newPageEnvOf(t, nil, ext, profile)
	opts := openOptions(t, br, "#rules-on")
	defer opts.Close()
	// checkOnly leaves only the types named checked.
	checkOnly := func(types ...string) {
		t.Helper()
		list, _ := json.Marshal(types)
		if _, err := Eval[bool](opts.Ctx, fmt.Sprintf(`(() => { for (const b of document.querySelectorAll('#rule-types input')) b.checked = %s.includes(b.value); return true; })()`, list)); err != nil {
			t.Fatal(err)
		}
	}
	click(t, opts, "#rules-on")
	// A rule refused is told in its own words, not as "wxdrop ran into a
	// problem of its own" (RULE_TYPES_BAD and RULE_FOLDER_BAD were not in
	// the pages' list of codes).
	refused := func(words string, fields ...string) {
		t.Helper()
		for i := 0; i+1 < len(fields); i += 2 {
			setValue(t, opts, fields[i], fields[i+1])
		}
		click(t, opts, "#rule-add")
		if err := WaitJS(opts.Ctx, fmt.Sprintf(`!document.querySelector('#error').hidden && document.querySelector('#error').textContent.startsWith(%s)`, jsString(words)), 10*time.Second, "the refusal: "+words); err != nil {
			shown, _ := Eval[string](opts.Ctx, `document.querySelector('#error').textContent`)
			t.Errorf("%v: the error line reads %q", err, shown)
		}
	}
	checkOnly([]string{}...)
	refused("Choose what the rule takes from the list.", "rule-kind", "forward", "rule-from", "相亲相爱一家人", "rule-to", "文件传输助手")
	checkOnly("image")
	refused("A folder name cannot contain", "rule-kind", "save", "rule-chats", "相亲相爱一家人", "rule-folder", "a:b")
	checkOnly("image", "video", "voice", "file")
	addRule(t, opts, 1, "rule-kind", "save", "rule-chats", "相亲相爱一家人", "rule-folder", "微信/家")
	checkOnly("image")
	addRule(t, opts, 2, "rule-kind", "forward", "rule-from", "相亲相爱一家人", "rule-to", "文件传输助手")

	img, err := sim.Deliver(wxsim.Incoming{From: "zhangsan", Group: "family", Type: wxsim.MsgImage, Data: testsite.PNG})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Deliver(wxsim.Incoming{From: "zhangsan", Group: "family", Type: wxsim.MsgApp, FileName: "周报 12.pdf", Data: testsite.PDF}); err != nil {
		t.Fatal(err)
	}
	video, err := sim.Deliver(wxsim.Incoming{From: "zhangsan", Group: "family", Type: wxsim.MsgVideo, FileName: "clip.mp4", Data: testsite.MP4, PlayLength: 2})
	if err != nil {
		t.Fatal(err)
	}
	// Not of the rules' chat: neither saved nor forwarded.
	if _, err := sim.Deliver(wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgApp, FileName: "私人.pdf", Data: testsite.PDF}); err != nil {
		t.Fatal(err)
	}

	folder := filepath.Join(downloads, "微信", "家")
	want := map[string][]byte{"image-" + img.MsgID + ".jpg": testsite.PNG, "周报 12.pdf": testsite.PDF, "clip.mp4": testsite.MP4}
	deadline := time.Now().Add(45 * time.Second)
	var names []string
	for {
		names = nil
		entries, _ := os.ReadDir(folder)
		for _, e := range entries {
			// A download still running is a .crdownload.
			if !strings.HasSuffix(e.Name(), ".crdownload") {
				names = append(names, e.Name())
			}
		}
		if len(names) >= len(want) || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if len(names) != len(want) {
		t.Fatalf("Downloads/微信/家 holds %q, want %d files", names, len(want))
	}
	for _, n := range names {
		if !strings.HasPrefix(n, "相亲相爱一家人 - ") {
			t.Errorf("saved as %q: the chat and its member first", n)
		}
		found := false
		for suffix, data := range want {
			if strings.HasSuffix(n, " "+suffix) {
				found = true
				got, err := os.ReadFile(filepath.Join(folder, n))
				if err != nil || !bytes.Equal(got, data) {
					t.Errorf("%s: %d bytes (%v), want the %d wxsim holds", n, len(got), err, len(data))
				}
			}
		}
		if !found {
			t.Errorf("saved an unexpected file %q", n)
		}
	}

	// The video was fetched as the page's <video> fetches it.
	for _, r := range sim.RequestsTo("webwxgetvideo") {
		if r.Query.Get("msgid") == video.MsgID && r.Header.Get("Range") != "bytes=0-" {
			t.Errorf("webwxgetvideo of the save sent Range %q, want the page's bytes=0-", r.Header.Get("Range"))
		}
	}

	// The image, forwarded: uploaded again, the same bytes.
	sum := md5.Sum(testsite.PNG)
	waitUntil(t, 30*time.Second, "the image forwarded once", func() (bool, string) {
		n := 0
		for _, m := range sim.Messages() {
			if !m.Incoming && m.ToKey == "filehelper" {
				if md, ok := sim.Media(m.MediaID); ok && m.Type == 3 && md.MD5 == hex.EncodeToString(sum[:]) {
					n++
				}
			}
		}
		return n == 1, fmt.Sprintf("%d forwarded images at wxsim, want 1", n)
	})

	// The download history has blob: URLs only: no WeChat URL, no skey.
	page, err := br.ExtPage()
	if err != nil {
		t.Fatal(err)
	}
	urls, err := Eval[[]string](page.Ctx, `chrome.downloads.search({}).then((items) => items.map((i) => i.url + ' ' + i.finalUrl))`)
	if err != nil {
		t.Fatal(err)
	}
	sess, _ := sim.CurrentSession()
	if len(urls) < len(want) {
		t.Errorf("the download history has %d items, want the %d saves", len(urls), len(want))
	}
	for _, u := range urls {
		if !strings.HasPrefix(u, "blob:chrome-extension://") || strings.Contains(u, sess.Skey) || strings.Contains(u, "qq.com") {
			t.Errorf("a download's URL is %q; want a blob: URL of the extension", u)
		}
	}
	if err := WaitJS(opts.Ctx, `Array.from(document.querySelectorAll('#rules-log li')).filter((li) => li.textContent.includes('saved as 微信/家/')).length === 3`, 10*time.Second, "the log to show the 3 saves"); err != nil {
		t.Error(err)
	}
}
