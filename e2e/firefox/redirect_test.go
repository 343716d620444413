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

// TestFirefoxRedirectGoesWithoutCookies (security.md row 96) in Firefox:
// a page of other.test asks to be sent its own picture, which other.test
// answers with a redirect to files.test's private PDF, where the person
// is logged in. The picture goes with the person's cookies of other.test
// (the page's own site); the browser's request to files.test carried
// theirs there too, its answer then left unread. While the download
// runs, the session rule of wxdrop takes the cookies off any other site's
// request: files.test sees none. A redirect within the page's own site
// keeps them (the PDF is sent).
func TestFirefoxRedirectGoesWithoutCookies(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.logIn(t)
	ctx := context.Background()
	probe := e.open(t, "manifest.json", `true`)
	defer probe.Close()
	waitReady(t, probe)
	body, _ := json.Marshal(msg.Request{Name: msg.OutboxAdd, Body: msg.AddBody{To: e.sim.UserName("zhangsan"), Text: "你好"}})
	if a := eval[string](t, probe, `chrome.runtime.sendMessage(`+string(body)+`).then((a) => JSON.stringify(a))`); a == "" {
		t.Fatal("outbox.add: no answer")
	}
	e.waitMessage(t, "the first text", func(m wxsim.Message) bool { return m.Content == "你好" })
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

	popup := e.openPopup(t)
	defer popup.Close()
	click := func(srcURL, pageURL string) {
		t.Helper()
		a, _ := json.Marshal(map[string]string{"menuItemId": core.ChatMenuID("张三", "老张", false), "mediaType": "image", "srcUrl": srcURL, "pageUrl": pageURL})
		tab, _ := json.Marshal(map[string]string{"title": "meme", "url": pageURL})
		inBackground[bool](t, popup, fmt.Sprintf(`bg.wxdropMenuClicked(%s, %s).then(() => true)`, a, tab))
	}
	other := "https://" + otherHost
	click(other+testsite.RedirectTo(siteOrigin+testsite.PDFPath), other+testsite.PagePath)
	deadline := time.Now().Add(120 * time.Second)
	for {
		var failed []msg.Entry
		for _, en := range outbox(t, probe) {
			if en.State == msg.EntryFailed || en.State == msg.EntrySent && en.Content.Kind != "text" {
				failed = append(failed, en)
			}
		}
		if len(failed) > 0 {
			if en := failed[0]; en.State != msg.EntryFailed || en.Error == nil || en.Error.Code != msg.ErrSourceRefused {
				t.Fatalf("the redirect to files.test: %+v; want failed SOURCE_REFUSED", en)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the picture's entry did not end")
		}
		time.Sleep(500 * time.Millisecond)
	}
	if n := e.site.WithLogin(testsite.PDFPath); n != 0 {
		t.Errorf("files.test's private PDF was asked for %d times with the person's cookies there", n)
	}

	before := len(e.sim.Messages())
	click(siteOrigin+testsite.RedirectTo(siteOrigin+testsite.PDFPath), siteOrigin+testsite.PagePath)
	m := e.waitMessage(t, "the PDF through a redirect within its site", func(m wxsim.Message) bool { return m.FileName == testsite.PDFName }, before)
	if md, ok := e.sim.Media(m.MediaID); !ok || testsite.MD5(md.Data) != testsite.MD5(testsite.PDF) {
		t.Errorf("through the redirect within the site, wxsim holds another file than the site's PDF")
	}
}
