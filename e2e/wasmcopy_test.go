//go:build !js

package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestCoreFromItsCopy checks that the worker loads core.wasm from its copy
// in CacheStorage once a wake of the build has stored it (sw.js loadCore),
// and that a build with another core.wasm, found at the next start as an
// update is, stores and runs its own copy and deletes the old one (a new
// build never runs an old program), and that a damaged copy is replaced.
func TestCoreFromItsCopy(t *testing.T) {
	dir, err := GrantedCopy(root, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	profile := t.TempDir()
	br, err := Start(context.Background(), Options{Extensions: []string{dir}, UserDataDir: profile})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { br.Close() }()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	first, err := os.ReadFile(filepath.Join(dir, "extension", "core.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	// The first wake of the build (the install's, or this one) stores the
	// copy; a worker stopped and woken again loads it.
	if src := wakeCore(ctx, t, br); src != "stored" && src != "copy" {
		t.Fatalf("first wake: core.wasm came from %q, want stored or copy", src)
	}
	if src := restartCore(ctx, t, br); src != "copy" {
		t.Fatalf("second wake: core.wasm came from %q, want copy", src)
	}
	checkCopies(ctx, t, br, first)

	// Another build: core.wasm with one more custom section (a valid
	// module of other bytes) and its hash in wasm-ids.json as build.sh
	// writes it, found by the browser started again on the same profile
	// (an unpacked extension is read again at each start; its storage
	// stays), as an update is.
	if err := br.Quit(20 * time.Second); err != nil {
		t.Log(err)
	}
	second := append(slices.Clone(first), customSection("wxdrop-test", []byte("second build"))...)
	if err := os.WriteFile(filepath.Join(dir, "extension", "core.wasm"), second, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "extension", "wasm-ids.json"), []byte(idsJSON(second)), 0o644); err != nil {
		t.Fatal(err)
	}
	if br, err = Start(context.Background(), Options{Extensions: []string{dir}, UserDataDir: profile}); err != nil {
		t.Fatal(err)
	}
	if src := wakeCore(ctx, t, br); src != "stored" && src != "copy" {
		t.Fatalf("first wake of the second build: core.wasm came from %q, want stored or copy", src)
	}
	checkCopies(ctx, t, br, second)
	if src := restartCore(ctx, t, br); src != "copy" {
		t.Fatalf("second wake of the second build: core.wasm came from %q, want copy", src)
	}

	// A copy that does not compile (a disk's damage) is dropped: the file
	// serves that wake, and the next stores a new copy.
	if _, err := br.EvalWorker(ctx, ExtensionID, `(async () => {
		const c = await caches.open('wxdrop-wasm');
		const [k] = await c.keys();
		await c.put(k.url, new Response(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99]), {headers: {'Content-Type': 'application/wasm'}}));
		return true;
	})()`); err != nil {
		t.Fatal(err)
	}
	if src := restartCore(ctx, t, br); src != "file" {
		t.Fatalf("wake on a damaged copy: core.wasm came from %q, want file", src)
	}
	if src := restartCore(ctx, t, br); src != "stored" {
		t.Fatalf("wake after a damaged copy: core.wasm came from %q, want stored", src)
	}
	checkCopies(ctx, t, br, second)
}

// wakeCore wakes the worker with a runtime message (retried while the
// extension is still loading or reloading), waits for its core and
// returns where core.wasm came from (wxdropTiming.source).
func wakeCore(ctx context.Context, t *testing.T, br *Browser) string {
	t.Helper()
	err := Poll(ctx, 60*time.Second, 100*time.Millisecond, "waking the worker", func() (bool, string) {
		// A reloading extension's pages are refused for a moment.
		tab, err := br.NewTab("chrome-extension://"+ExtensionID+"/manifest.json", "wake")
		if err != nil {
			return false, err.Error()
		}
		defer tab.Close()
		if _, err := Eval[json.RawMessage](tab.Ctx, fmt.Sprintf(`chrome.runtime.sendMessage({name: %q})`, msg.GetState)); err != nil {
			return false, err.Error()
		}
		return true, ""
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := br.WorkerTiming(ctx, ExtensionID); err != nil {
		t.Fatal(err)
	}
	b, err := br.EvalWorker(ctx, ExtensionID, `globalThis.wxdropTiming.source`)
	if err != nil {
		t.Fatal(err)
	}
	var src string
	_ = json.Unmarshal(b, &src)
	return src
}

// restartCore stops the worker and wakes it again.
func restartCore(ctx context.Context, t *testing.T, br *Browser) string {
	t.Helper()
	if err := br.StopAllWorkers(ctx, ExtensionID); err != nil {
		t.Fatal(err)
	}
	return wakeCore(ctx, t, br)
}

// checkCopies checks that CacheStorage holds one copy, named by want's
// hash, with want's bytes.
func checkCopies(ctx context.Context, t *testing.T, br *Browser, want []byte) {
	t.Helper()
	b, err := br.EvalWorker(ctx, ExtensionID, `(async () => {
		const c = await caches.open('wxdrop-wasm');
		const out = [];
		for (const r of await c.keys()) out.push({url: r.url, size: (await (await c.match(r)).arrayBuffer()).byteLength});
		return JSON.stringify(out);
	})()`)
	if err != nil {
		t.Fatal(err)
	}
	var text string
	var copies []struct {
		URL  string
		Size int
	}
	if err := json.Unmarshal(b, &text); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(text), &copies); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(want)
	var man struct{ Version string }
	if b, err := os.ReadFile(filepath.Join(root, "manifest.json")); err != nil || json.Unmarshal(b, &man) != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	wantURL := fmt.Sprintf("https://wxdrop.invalid/%s/%x/extension/core.wasm", man.Version, sum[:8])
	if len(copies) != 1 || copies[0].URL != wantURL || copies[0].Size != len(want) {
		t.Fatalf("CacheStorage holds %+v; want only %s of %d bytes", copies, wantURL, len(want))
	}
}

// idsJSON is wasm-ids.json for core.wasm's bytes b, as build.sh writes it.
func idsJSON(b []byte) string {
	sum := sha256.Sum256(b)
	return fmt.Sprintf("{\"extension/core.wasm\": \"%x\"}\n", sum[:8])
}

// customSection is a WebAssembly custom section (id 0) named name; both
// fit the one-byte LEB128 sizes used here.
func customSection(name string, payload []byte) []byte {
	body := append([]byte{byte(len(name))}, name...)
	body = append(body, payload...)
	return append([]byte{0, byte(len(body))}, body...)
}
