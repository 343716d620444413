//go:build !js

package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// storageLocalQuota is chrome.storage.local's quota without the
// unlimitedStorage permission (QUOTA_BYTES), which wxdrop does not ask
// for: the outbox, the rules, the settings and the rest share it.
const storageLocalQuota = 10 << 20

// TestPageScriptCannotFillLocalStorage (security.md row 83): a page
// script (page API on) schedules runs of texts of 16 KB of backslashes an
// hour ahead, as many as it is let. The outbox is bounded in bytes, but
// the browser counts a stored JSON text's '\' twice: the quota was full
// (INTERNAL, QUOTA_BYTES) with the outbox under its bound, and nothing of
// the extension could write storage.local. Now the page is refused with
// OUTBOX_FULL while room is left, and the person's rules still save.
func TestPageScriptCannotFillLocalStorage(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com")
	tab := s.open("wx.qq.com")
	ctx := context.Background()
	if n := s.eval(tab, `(async () => { window.__to = (await wxdrop.contacts()).filter((c) => !c.isGroup).map((c) => c.userName); return String(window.__to.length); })()`); n == "0" {
		t.Fatal("no chats to send to")
	}
	refused := ""
	for i := 0; i < 80 && refused == ""; i++ {
		got := s.eval(tab, outcomeJS(`wxdrop.sendMany(window.__to, '\\'.repeat(16384), {at: Date.now() + 3600e3})`))
		if !strings.HasPrefix(got, "resolved") {
			refused = got
		}
	}
	used, err := ExtEval[float64](ctx, s.br, `chrome.storage.local.getBytesInUse(null)`)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the page was refused (%s) with %.0f bytes of storage.local in use", refused, used)
	if refused != "rejected string:OUTBOX_FULL" {
		t.Errorf("the page's last run: %s, want OUTBOX_FULL", refused)
	}
	if used > storageLocalQuota-1<<20 {
		t.Errorf("%.0f bytes of storage.local in use, less than 1 MiB left of %d", used, storageLocalQuota)
	}
	// The person's own rules still save.
	cfg := rules.Config{On: true, Rules: []rules.Rule{{ID: "r1", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "几点", Reply: "九点"}}}
	if err := s.br.Ask(ctx, msg.SetRules, cfg, nil); err != nil {
		t.Errorf("the person's rules after the page's runs: %v", err)
	}
}
