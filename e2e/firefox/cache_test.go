//go:build !js

package firefox

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestFirefoxAvatarsLeaveNoSkeyInTheCache (security.md row 82 in
// Firefox): the popup shows the chats' and the account's avatars from
// URLs that carry the skey (§7). Firefox's HTTP cache, in the profile's
// cache2 directory, keys each answer by its URL: none of the add-on's
// may be there. The header rules that keep them out of Chromium's cache
// (Cache-Control: no-store on the answer, If-Match: * on the request)
// keep them out of Firefox's too. The control: with those rules removed,
// Firefox keeps the popup's avatars on disk, skey and all (entries
// without the page's partition key), so the test sees them when they
// are there. The page's own avatars (partitioned by qq.com) are the
// page's business.
func TestFirefoxAvatarsLeaveNoSkeyInTheCache(t *testing.T) {
	t.Parallel()
	for _, keep := range []bool{true, false} {
		t.Run(map[bool]string{true: "with the header rules", false: "without them"}[keep], func(t *testing.T) {
			t.Parallel()
			testAvatarsCache(t, keep)
		})
	}
}

func testAvatarsCache(t *testing.T, keep bool) {
	e := newEnv(t, nil)
	e.logIn(t)
	sess, _ := e.sim.CurrentSession()
	wait(t, e.page, `[...document.images].some(i => i.complete && i.naturalWidth > 0 && i.src.includes('skey='))`, "an avatar on the page")
	if !keep {
		opts := e.openOptions(t, "#api-enabled")
		got := eval[string](t, opts, `(async () => {
			const d = chrome.declarativeNetRequest;
			for (let i = 0; i < 100; i++) {
				const ids = (await d.getSessionRules()).filter((r) => JSON.stringify(r.action).match(/if-match|cache-control/i)).map((r) => r.id);
				if (ids.length === 2) { await d.updateSessionRules({removeRuleIds: ids}); return ids.join(','); }
				await new Promise((r) => setTimeout(r, 100));
			}
			return 'none';
		})()`)
		if got == "none" {
			t.Fatal("the worker set no header rules")
		}
		t.Logf("removed the rules %s", got)
		opts.Close()
	}
	popup := e.openPopup(t)
	const loaded = `[...document.images].filter(i => i.complete && i.naturalWidth > 0 && i.src.includes('skey=')).length`
	wait(t, popup, loaded+` >= 4`, "the popup's avatars")
	n := eval[int](t, popup, loaded)
	popup.Close()
	// Firefox writes an entry in the background: look until the page's
	// own avatars are there (or a bound passes, which the check below
	// then says).
	var ext, pages []string
	scan := func() {
		ext, pages = nil, nil
		_ = filepath.WalkDir(e.br.Profile(), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil || !bytes.Contains(b, []byte(sess.Skey)) {
				return nil
			}
			// An entry's key, at its end: "O^partitionKey=%28https%2Cqq.com%29,:https://…"
			// for the page's loads; the popup's have no partition key.
			if !bytes.Contains(b, []byte("O^partitionKey=%28https%2Cqq.com%29,")) {
				ext = append(ext, path)
			} else {
				pages = append(pages, path)
			}
			return nil
		})
	}
	// Firefox writes an entry in the background: without the rules the
	// popup's come within seconds; with them, the look lasts its bound.
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if scan(); len(pages) > 0 && len(ext) > 0 {
			break
		}
	}
	t.Logf("the popup showed %d avatars; the skey is on disk in %d cache entries of the page, %d of the add-on", n, len(pages), len(ext))
	if len(pages) == 0 {
		t.Fatal("no answer of wxsim is in the HTTP cache: the test shows nothing")
	}
	switch {
	case keep && len(ext) > 0:
		t.Errorf("the session's skey is on disk in HTTP cache entries of the add-on: %v", ext)
	case !keep && len(ext) == 0:
		t.Error("without the header rules, no avatar of the popup is in the cache: the test shows nothing")
	}
}
