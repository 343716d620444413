//go:build !js

package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/internal/testsite"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/recall"
)

// spkiOf is the base64 SHA-256 of the public key of the first certificate
// of certPEM, as --ignore-certificate-errors-spki-list takes it.
func spkiOf(certPEM []byte) (string, error) {
	b, _ := pem.Decode(certPEM)
	if b == nil {
		return "", errors.New("e2e: no PEM certificate")
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		return "", err
	}
	h := sha256.Sum256(c.RawSubjectPublicKeyInfo)
	return base64.StdEncoding.EncodeToString(h[:]), nil
}

// TestAvatarsLeaveNoSkeyInTheCache (security.md rows 82 and 87): the
// popup shows the chats' and the account's avatars from URLs that carry
// the session's skey (§7), and the page API's download() and avatar()
// fetch such URLs in the page. The browser's HTTP cache, on disk, keys
// each answer by its URL; none of the extension's may be there, nor what
// only the page API asked for. Chromium keeps answers of a certificate it
// trusts only, so wxsim's CA is trusted here; the page's own avatars in
// the cache show that the cache was on.
func TestAvatarsLeaveNoSkeyInTheCache(t *testing.T) {
	t.Parallel()
	sim, br, page, profile := newCacheEnv(t)
	ctx := context.Background()
	sess, _ := sim.CurrentSession()
	// The page API's download() and avatar() are fetches of page.js, in
	// the page (its cache): a picture in full, which the page itself
	// shows as a thumbnail only (&type=slave), and an avatar by seq=0,
	// which the page's own list does not ask for.
	if err := br.Ask(ctx, msg.SetAutomation, msg.Automation{API: true}, nil); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(page.Ctx, `typeof window.wxdrop === 'object'`, 20*time.Second, "window.wxdrop"); err != nil {
		t.Fatal(err)
	}
	if _, err := Eval[string](page.Ctx, `(window.__got = [], wxdrop.on('message', (m) => window.__got.push(m)), 'ok')`); err != nil {
		t.Fatal(err)
	}
	img, err := sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgImage, Data: testsite.PNG})
	if err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(page.Ctx, fmt.Sprintf(`window.__got.some((m) => m.id === %q)`, img.MsgID), 20*time.Second, "the picture on the page"); err != nil {
		t.Fatal(err)
	}
	api := fmt.Sprintf(`(async () => {
		const m = window.__got.find((m) => m.id === %q);
		const b = await wxdrop.download(m);
		const c = (await wxdrop.contacts({query: 'ls'}))[0];
		const a = await wxdrop.avatar(c);
		return b.size + ' ' + a.size;
	})()`, img.MsgID)
	if got, err := Eval[string](page.Ctx, api); err != nil || strings.HasPrefix(got, "0 ") || strings.HasSuffix(got, " 0") {
		t.Fatalf("the page API's download and avatar: %q, %v", got, err)
	}
	// What only the page API asks for: the picture without &type=slave,
	// an avatar of seq=0 in the page's cache.
	apiOnly := func(key []byte) bool {
		full := []byte("/webwxgetmsgimg?&MsgID=" + img.MsgID + "&skey=" + url.QueryEscape(sess.Skey))
		if i := bytes.Index(key, full); i >= 0 && !bytes.HasPrefix(key[i+len(full):], []byte("&type")) {
			return true
		}
		return bytes.Contains(key, []byte("_dk_https://")) && bytes.Contains(key, []byte("/webwxgeticon?seq=0&"))
	}

	popup, err := br.NewTab(popupURL, "popup")
	if err != nil {
		t.Fatal(err)
	}
	const loaded = `[...document.images].filter(i => i.complete && i.naturalWidth > 0 && i.src.includes('skey=')).length`
	if err := WaitJS(popup.Ctx, loaded+` >= 4 && document.querySelector('#state img') && document.querySelector('#state img').complete && document.querySelector('#state img').naturalWidth > 0`, 30*time.Second, "the popup's avatars and the account's"); err != nil {
		t.Fatal(err)
	}
	n, err := Eval[int](popup.Ctx, loaded)
	if err != nil {
		t.Fatal(err)
	}
	popup.Close()
	// Quitting writes the cache out.
	if err := br.Quit(20 * time.Second); err != nil {
		t.Log(err)
	}
	ext, pages := extensionCacheEntries(t, profile, []string{sess.Skey}, func(b []byte) string {
		if apiOnly(b) {
			return "a fetch of the page API"
		}
		return ""
	})
	t.Logf("the popup showed %d avatars; the skey is on disk %d times for the page, %d for the extension", n, pages, len(ext))
	if pages == 0 {
		t.Fatal("no answer of wxsim is in the HTTP cache: the test shows nothing")
	}
	if len(ext) > 0 {
		t.Errorf("the session's skey is on disk in HTTP cache entries of the extension or the page API: %q", ext)
	}
}

// TestWorkerDownloadsLeaveNoSecretInTheCache (security.md row 92): with
// recalled messages kept, a contact sends a picture and a file; the
// worker downloads each (webwxgetmsgimg?…&skey=…, and webwxgetmedia?…
// &pass_ticket=…&webwx_data_ticket=… on the file host), as it does for a
// picture sent on from the page's menu, a forward or an auto-save. None
// of the extension's HTTP cache entries may hold the session's skey,
// pass_ticket or data ticket.
func TestWorkerDownloadsLeaveNoSecretInTheCache(t *testing.T) {
	t.Parallel()
	sim, br, page, profile := newCacheEnv(t)
	ctx := context.Background()
	sess, _ := sim.CurrentSession()
	if err := br.Ask(ctx, msg.SetRecall, recall.Config{On: true}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgImage, Data: testsite.PNG}); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgApp, FileName: "报价.pdf", Data: testsite.PDF}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, 60*time.Second, "the picture's and the file's media kept", func() (bool, string) {
		var v recall.View
		if err := br.Ask(ctx, msg.GetRecall, struct{}{}, &v); err != nil {
			t.Fatal(err)
		}
		return v.Media >= 2, fmt.Sprintf("%d kept, %d with media", v.Kept, v.Media)
	})
	page.Close()
	// Quitting writes the cache out.
	if err := br.Quit(20 * time.Second); err != nil {
		t.Log(err)
	}
	var secrets []string
	for _, v := range []string{sess.Skey, sess.PassTicket, sess.DataTicket} {
		secrets = append(secrets, v, url.QueryEscape(v))
	}
	ext, pages := extensionCacheEntries(t, profile, secrets, nil)
	t.Logf("the session's secrets are on disk %d times for the page, %d for the extension", pages, len(ext))
	if pages == 0 {
		t.Fatal("no answer of wxsim is in the HTTP cache: the test shows nothing")
	}
	if len(ext) > 0 {
		t.Errorf("the session's secrets are on disk in HTTP cache entries of the extension: %q", ext)
	}
}

// newCacheEnv is wxsim and Chromium on a profile of the test's (the HTTP
// cache is on disk under it), wxsim's CA trusted (Chromium keeps answers
// of a certificate it trusts only), with the page logged in and showing
// an avatar: the page's own chat list (its business, not the
// extension's) shows that answers of wxsim are cached at all.
func newCacheEnv(t *testing.T) (*wxsim.Server, *Browser, *Tab, string) {
	t.Helper()
	need(t)
	sim, err := wxsim.New(wxsim.Config{SyncHold: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	spki, err := spkiOf(sim.CertPEM())
	if err != nil {
		t.Fatal(err)
	}
	profile := t.TempDir()
	br, err := Start(context.Background(), Options{Extensions: []string{root}, UserDataDir: profile, ResolverRules: sim.ResolverRules(), WatchWorkers: true, Log: &Log{}, TrustedSPKI: spki})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(br.Close)
	page := logInPage(t, sim, br)
	if err := WaitJS(page.Ctx, `[...document.images].some(i => i.complete && i.naturalWidth > 0 && i.src.includes('skey='))`, 20*time.Second, "an avatar on the page"); err != nil {
		t.Fatal(err)
	}
	return sim, br, page, profile
}

// extensionCacheEntries reads every file of the profile (after the
// browser quit) for the secrets: ext are the extension's cache entries
// that hold one (a key "1/0/_dk_chrome-extension://… <URL>") and what
// also says of a file; pages counts the others (the page's own).
func extensionCacheEntries(t *testing.T, profile string, secrets []string, also func([]byte) string) (ext []string, pages int) {
	t.Helper()
	err := filepath.WalkDir(filepath.Join(profile, "Default"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if also != nil {
			if what := also(b); what != "" {
				ext = append(ext, path+": "+what)
			}
		}
		for _, v := range secrets {
			if len(v) < 4 {
				continue
			}
			for rest := b; ; {
				i := bytes.Index(rest, []byte(v))
				if i < 0 {
					break
				}
				head := rest[:i]
				if k := bytes.LastIndex(head, []byte("_dk_")); k >= 0 && bytes.HasPrefix(head[k:], []byte("_dk_chrome-extension://")) {
					ext = append(ext, string(head[k:])+v)
				} else {
					pages++
				}
				rest = rest[i+len(v):]
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ext, pages
}
