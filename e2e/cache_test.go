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
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
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

// TestAvatarsLeaveNoSkeyInTheCache (security.md row 82): the popup shows
// the chats' and the account's avatars from URLs that carry the session's
// skey (§7). The browser's HTTP cache, on disk, keys each answer by its
// URL; none of the extension's may be there. Chromium keeps answers of a
// certificate it trusts only, so wxsim's CA is trusted here; the page's
// own avatars in the cache show that the cache was on.
func TestAvatarsLeaveNoSkeyInTheCache(t *testing.T) {
	t.Parallel()
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
	log := &Log{}
	br, err := Start(context.Background(), Options{Extensions: []string{root}, UserDataDir: profile, ResolverRules: sim.ResolverRules(), WatchWorkers: true, Log: log, TrustedSPKI: spki})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(br.Close)
	ctx := context.Background()
	page, err := br.OpenWeChat(ctx, "wechat", true)
	if err != nil {
		t.Fatal(err)
	}
	sess, _ := sim.CurrentSession()
	if err := br.WaitReady(ctx, sess.UserName, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	// The page's own chat list shows avatars too (its business, not the
	// extension's): they show that answers of wxsim are cached at all.
	if err := WaitJS(page.Ctx, `[...document.images].some(i => i.complete && i.naturalWidth > 0 && i.src.includes('skey='))`, 20*time.Second, "an avatar on the page"); err != nil {
		t.Fatal(err)
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
	var ext, pages []string
	err = filepath.WalkDir(filepath.Join(profile, "Default"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for rest := b; ; {
			i := bytes.Index(rest, []byte(sess.Skey))
			if i < 0 {
				break
			}
			// A cache entry's key: "1/0/_dk_<top site> <frame site> <URL>".
			head := rest[:i]
			if k := bytes.LastIndex(head, []byte("_dk_")); k >= 0 && bytes.HasPrefix(head[k:], []byte("_dk_chrome-extension://")) {
				ext = append(ext, string(head[k:])+sess.Skey)
			} else {
				pages = append(pages, path)
			}
			rest = rest[i+len(sess.Skey):]
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the popup showed %d avatars; the skey is on disk %d times for the page, %d for the extension", n, len(pages), len(ext))
	if len(pages) == 0 {
		t.Fatal("no answer of wxsim is in the HTTP cache: the test shows nothing")
	}
	if len(ext) > 0 {
		t.Errorf("the session's skey is on disk in the extension's HTTP cache entries: %q", ext)
	}
}
