//go:build !js

package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/internal/storepkg"
)

// TestChromePackage: the package make dist writes for the Chrome Web
// Store (no key, a service worker only) loads in Chromium under the id
// Chromium gives it, and its worker starts the Go core. The other tests
// load the repository root, whose key fixes the id.
func TestChromePackage(t *testing.T) {
	t.Parallel()
	need(t)
	dir := t.TempDir()
	if err := storepkg.WriteDir(root, storepkg.Chrome, dir); err != nil {
		t.Fatal(err)
	}
	br, err := Start(context.Background(), Options{Extensions: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	defer br.Close()
	var id string
	deadline := time.Now().Add(20 * time.Second)
	for id == "" {
		ts, err := br.Targets(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, tg := range ts {
			if tg.Type == "service_worker" && strings.HasSuffix(tg.URL, "/extension/sw.js") {
				id = strings.TrimPrefix(strings.TrimSuffix(tg.URL, "/extension/sw.js"), "chrome-extension://")
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("no service worker of the Chrome package after 20 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if id == ExtensionID {
		t.Errorf("the Chrome package has the repository's id %s: its manifest still has the key", id)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	tm, err := br.WorkerTiming(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the Chrome package as %s: its worker's core was ready in %.0f ms", id, tm.StartToReady())
}
