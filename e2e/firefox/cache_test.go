//go:build !js

package firefox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/internal/testsite"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/recall"
)

// TestFirefoxAvatarsLeaveNoSkeyInTheCache (security.md rows 91 and 92):
// rows 82, 87 and 92 in Firefox, whose HTTP cache the Chromium tests do
// not see. The popup shows the chats' and the account's avatars from
// URLs that carry the skey (§7), the page API's download() and avatar()
// fetch such URLs in the page, and the background page downloads kept
// media (the skey; pass_ticket and the data ticket); Firefox's cache (the
// profile's cache2) keys each answer by its URL. None of the add-on's may
// be there, nor what only the page API asked for. Firefox caches answers
// of wxsim's certificate accepted by the session (the page's own
// avatars, web WeChat's doing, are there: they show that the cache was
// on).
func TestFirefoxAvatarsLeaveNoSkeyInTheCache(t *testing.T) {
	e := newEnv(t, nil)
	e.logIn(t)
	ctx := context.Background()
	sess, _ := e.sim.CurrentSession()
	// Kept media: the background page downloads a picture's and a file's
	// (row 92's URLs, with the skey, pass_ticket and the data ticket).
	opts := e.apiAndKeepingOn(t)
	defer opts.Close()
	if _, err := e.sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgApp, FileName: "报价.pdf", Data: testsite.PDF}); err != nil {
		t.Fatal(err)
	}
	eval[string](t, e.page, `(window.__got = [], wxdrop.on('message', (m) => window.__got.push(m)), 'ok')`)
	img, err := e.sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgImage, Data: testsite.PNG})
	if err != nil {
		t.Fatal(err)
	}
	wait(t, e.page, fmt.Sprintf(`window.__got.some((m) => m.id === %q)`, img.MsgID), "the picture on the page")
	got := eval[string](t, e.page, fmt.Sprintf(`(async () => {
		const m = window.__got.find((m) => m.id === %q);
		const b = await wxdrop.download(m);
		const c = (await wxdrop.contacts({query: 'ls'}))[0];
		const a = await wxdrop.avatar(c);
		return b.size > 0 && a.size > 0 ? 'ok' : b.size + ' ' + a.size;
	})().catch((e) => 'threw ' + e.code + ' ' + e.message)`, img.MsgID))
	if got != "ok" {
		t.Fatalf("the page API's download and avatar: %s", got)
	}

	wait(t, opts, `chrome.runtime.sendMessage({name: 'recall.get'}).then((r) => r.ok.media >= 2)`, "the picture's and the file's media kept")

	popup := e.openPopup(t)
	const loaded = `[...document.images].filter(i => i.complete && i.naturalWidth > 0 && i.src.includes('skey=')).length`
	wait(t, popup, loaded+` >= 4 && document.querySelector('#state img') && document.querySelector('#state img').complete && document.querySelector('#state img').naturalWidth > 0`, "the popup's avatars and the account's")
	n := eval[int](t, popup, loaded)
	popup.Close()
	// Quitting writes the cache out.
	qctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	_ = e.br.Call(qctx, "browser.close", nil, nil)
	cancel()
	select {
	case <-e.br.exited:
	case <-time.After(30 * time.Second):
		t.Fatal("Firefox did not quit")
	}

	// An entry's key: "O^partitionKey=%28https%2Cqq.com%29,:<URL>" for the
	// page's ("…,~<post id>,:<URL>" for a POST); the add-on's pages are of
	// another partition.
	const pagePart = "partitionKey=%28https%2Cqq.com%29,"
	full := []byte("/webwxgetmsgimg?&MsgID=" + img.MsgID + "&skey=" + url.QueryEscape(sess.Skey))
	var ext, pages []string
	err = filepath.WalkDir(filepath.Join(e.br.Profile(), "cache2"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if i := bytes.Index(b, full); i >= 0 && !bytes.HasPrefix(b[i+len(full):], []byte("&type")) {
			ext = append(ext, path+": the page API's download")
		}
		if bytes.Contains(b, []byte("/webwxgeticon?seq=0&")) {
			ext = append(ext, path+": the page API's avatar")
		}
		for _, secret := range []string{sess.Skey, url.QueryEscape(sess.Skey), sess.PassTicket, url.QueryEscape(sess.PassTicket), sess.DataTicket, url.QueryEscape(sess.DataTicket)} {
			for rest := b; ; {
				i := bytes.Index(rest, []byte(secret))
				if i < 0 {
					break
				}
				head := rest[:i]
				k := bytes.LastIndex(head, []byte(":http"))
				switch {
				case k < 0:
					pages = append(pages, path) // an answer's body (webwxinit's)
				case bytes.HasPrefix(head[max(0, bytes.LastIndex(head[:k], []byte("partitionKey="))):], []byte(pagePart)):
					pages = append(pages, path)
				default:
					lo := max(0, k-120)
					ext = append(ext, string(head[lo:])+secret)
				}
				rest = rest[i+len(secret):]
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the popup showed %d avatars; the session's secrets are on disk %d times for the page, %d for the add-on", n, len(pages), len(ext))
	if len(pages) == 0 {
		t.Fatal("no answer of wxsim is in the HTTP cache: the test shows nothing")
	}
	if len(ext) > 0 {
		t.Errorf("the session's secrets are on disk in HTTP cache entries of the add-on or the page API: %q", ext)
	}
}

// apiAndKeepingOn turns the page API on (the options' switch, which the
// page then shows) and the keeping of messages; it returns the options
// page, open.
func (e *env) apiAndKeepingOn(t *testing.T) *Tab {
	t.Helper()
	opts := e.openOptions(t, "#api-enabled")
	waitReady(t, opts)
	click(t, opts, "#api-enabled")
	wait(t, e.page, `typeof window.wxdrop === 'object'`, "window.wxdrop on the page once turned on")
	on, _ := json.Marshal(msg.Request{Name: msg.SetRecall, Body: recall.Config{On: true}})
	if got := eval[string](t, opts, fmt.Sprintf(`chrome.runtime.sendMessage(%s).then((a) => a.error ? JSON.stringify(a) : '')`, on)); got != "" {
		t.Fatalf("turning keeping on: %s", got)
	}
	return opts
}
