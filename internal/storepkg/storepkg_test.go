package storepkg

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/wxdrop/wxdrop/protocol"
)

// TestManifest: each store's manifest from the repository's own: no key
// anywhere, a service worker only for Chrome, background scripts and the
// gecko settings (id, oldest tested version, no data collected) only for
// Firefox, and no permission Firefox does not know.
func TestManifest(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		store       Store
		background  map[string]any
		gecko       map[string]any
		chromeMin   bool
		offscreen   bool
		hasSettings bool
	}{
		{store: Chrome, background: map[string]any{"service_worker": "extension/sw.js"}, chromeMin: true, offscreen: true},
		{store: Firefox, background: map[string]any{"scripts": []any{"extension/wasm_exec.js", "extension/sync.js", "extension/sw.js"}}, hasSettings: true,
			gecko: map[string]any{"id": GeckoID, "strict_min_version": FirefoxMinVersion, "data_collection_permissions": map[string]any{"required": []any{"none"}}}},
	} {
		t.Run(string(tc.store), func(t *testing.T) {
			b, err := Manifest(src, tc.store)
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			if _, ok := m["key"]; ok {
				t.Error("the manifest has a key")
			}
			if got, _ := json.Marshal(m["background"]); string(got) != mustJSON(tc.background) {
				t.Errorf("background %s, want %s", got, mustJSON(tc.background))
			}
			bss, ok := m["browser_specific_settings"].(map[string]any)
			if ok != tc.hasSettings {
				t.Fatalf("browser_specific_settings present: %v, want %v", ok, tc.hasSettings)
			}
			if tc.hasSettings {
				if got, _ := json.Marshal(bss["gecko"]); string(got) != mustJSON(tc.gecko) {
					t.Errorf("gecko %s, want %s", got, mustJSON(tc.gecko))
				}
			}
			if _, ok := m["minimum_chrome_version"]; ok != tc.chromeMin {
				t.Errorf("minimum_chrome_version present: %v, want %v", ok, tc.chromeMin)
			}
			perms, _ := m["permissions"].([]any)
			if slices.Contains(perms, any("offscreen")) != tc.offscreen {
				t.Errorf("permissions %v: offscreen should be there: %v", perms, tc.offscreen)
			}
			// Firefox reads the incoming messages from the network.
			for _, p := range FirefoxOnlyPermissions {
				if slices.Contains(perms, any(p)) != (tc.store == Firefox) {
					t.Errorf("permissions %v: %s should be there: %v", perms, p, tc.store == Firefox)
				}
			}
		})
	}
}

// TestManifestNeedsBothBackgrounds: a manifest that lost one of its two
// backgrounds cannot make both packages.
func TestManifestNeedsBothBackgrounds(t *testing.T) {
	for _, bg := range []string{`{"service_worker": "sw.js"}`, `{"scripts": ["sw.js"]}`, `{}`} {
		if _, err := Manifest([]byte(`{"background": `+bg+`}`), Chrome); err == nil {
			t.Errorf("background %s: no error", bg)
		}
	}
}

// TestFiles: the offscreen document ships to Chrome only; the rest is the
// same in both.
func TestFiles(t *testing.T) {
	root := t.TempDir()
	for _, p := range append(slices.Clone(Required), "extension/sw.js", "extension/pages/offscreen.html", "extension/pages/offscreen.js", "_locales/en/messages.json") {
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, p), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src, _ := os.ReadFile(filepath.Join("..", "..", "manifest.json"))
	if err := os.WriteFile(filepath.Join(root, "manifest.json"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		store     Store
		offscreen bool
	}{{Chrome, true}, {Firefox, false}} {
		files, err := Files(root, tc.store)
		if err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, f := range files {
			paths = append(paths, f.Path)
		}
		if got := slices.Contains(paths, "extension/pages/offscreen.html"); got != tc.offscreen {
			t.Errorf("%s: offscreen.html shipped: %v, want %v (%v)", tc.store, got, tc.offscreen, paths)
		}
		for _, want := range []string{"manifest.json", "extension/core.wasm", "extension/sw.js", "_locales/en/messages.json"} {
			if !slices.Contains(paths, want) {
				t.Errorf("%s: %s is not shipped (%v)", tc.store, want, paths)
			}
		}
	}
	for _, p := range []string{"extension/core.wasm", "extension/popup.wasm", "extension/options.wasm", "extension/wasm_exec.js"} {
		b, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(root, p)); err != nil {
			t.Fatal(err)
		}
		if _, err := Files(root, Firefox); err == nil {
			t.Errorf("a package without %s: no error", p)
		}
		if err := os.WriteFile(filepath.Join(root, p), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestWebAccessibleIsOnlyTheBridge: of the extension's files, a web page
// can load only the file bridge's frame, only on the WeChat hosts, and
// under a URL that changes with each session (use_dynamic_url), so that a
// page cannot tell from a fixed URL that wxdrop is installed
// (docs/security.md, row 46). Its script is loaded by the frame itself
// and need not be reachable.
func TestWebAccessibleIsOnlyTheBridge(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		WAR []struct {
			Resources     []string `json:"resources"`
			Matches       []string `json:"matches"`
			UseDynamicURL bool     `json:"use_dynamic_url"`
		} `json:"web_accessible_resources"`
	}
	if err := json.Unmarshal(src, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.WAR) != 1 {
		t.Fatalf("web_accessible_resources: %d entries, want 1", len(m.WAR))
	}
	w := m.WAR[0]
	if !slices.Equal(w.Resources, []string{"extension/pages/bridge.html"}) {
		t.Errorf("web-accessible resources %q, want only the bridge's frame", w.Resources)
	}
	if !w.UseDynamicURL {
		t.Error("use_dynamic_url is off: any WeChat page could detect wxdrop by its fixed URL")
	}
	want := []string{"https://wx.qq.com/*", "https://wx2.qq.com/*", "https://wx8.qq.com/*", "https://web.wechat.com/*", "https://web2.wechat.com/*"}
	if !slices.Equal(w.Matches, want) {
		t.Errorf("matches %q, want the WeChat page hosts %q", w.Matches, want)
	}
}

// TestFirefoxReadsEverySync: Firefox's background page reads the page's
// webwxsync answers on the hosts the content scripts run on (sw.js makes
// its filter's URLs from their matches, "https://<host>/*"): those must be
// every host a session lives on, or a session there would bring no
// incoming message to the worker.
func TestFirefoxReadsEverySync(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Manifest(src, Firefox)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		ContentScripts []struct {
			Matches []string `json:"matches"`
		} `json:"content_scripts"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, host := range protocol.MainHosts {
		for i, cs := range m.ContentScripts {
			if !slices.Contains(cs.Matches, "https://"+host+"/*") {
				t.Errorf("content script %d does not run on %s (its matches: %v)", i, host, cs.Matches)
			}
		}
	}
}
