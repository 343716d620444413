// Package storepkg makes the package each browser store takes from the
// repository's one manifest.json: the Chrome Web Store and Edge Add-ons
// take a manifest with a service worker and no "key" (the store gives the
// id; it refuses a key), and addons.mozilla.org one with background
// scripts (Firefox has no extension service worker) and
// browser_specific_settings.gecko (the add-on's id, the oldest Firefox
// the tests ran on, and the data it collects: none). tools/dist writes
// them as zips; the Firefox end-to-end tests install the Firefox one.
package storepkg

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Store is a browser store.
type Store string

const (
	// Chrome is the Chrome Web Store and Edge Add-ons (the same package).
	Chrome Store = "chrome"
	// Firefox is addons.mozilla.org.
	Firefox Store = "firefox"
)

// Stores are every store, in the order dist writes them.
var Stores = []Store{Chrome, Firefox}

const (
	// GeckoID is the add-on's id on addons.mozilla.org.
	GeckoID = "wxdrop@wxdrop.invalid"
	// FirefoxMinVersion is the oldest Firefox the end-to-end tests
	// (e2e/firefox) ran on: Debian's firefox-esr 153. The tests refuse
	// to run on an older one (the package would not install there).
	FirefoxMinVersion = "153.0"
)

// shipped are the paths of the repository that make the extension.
var shipped = []string{"manifest.json", "_locales", "extension"}

// Required are build outputs without which a package is no extension.
var Required = []string{"extension/core.wasm", "extension/popup.wasm", "extension/options.wasm", "extension/wasm_exec.js", "extension/wasm-ids.json"}

// chromeOnly are files only Chromium uses: the offscreen document (a
// service worker cannot make a blob: URL; Firefox's background page can).
var chromeOnly = []string{"extension/pages/offscreen.html", "extension/pages/offscreen.js"}

// chromeOnlyPermissions are API permissions Firefox does not know.
var chromeOnlyPermissions = []string{"offscreen"}

// FirefoxOnlyPermissions let Firefox's background page read the answers
// of the page's webwxsync as they pass (webRequest.filterResponseData):
// there the worker takes the incoming messages from the network, not
// from the content scripts (docs/security.md row 24). The WeChat hosts'
// host permissions cover the requests.
var FirefoxOnlyPermissions = []string{"webRequest", "webRequestBlocking", "webRequestFilterResponse"}

// Manifest is the repository's manifest.json made for a store.
func Manifest(src []byte, s Store) ([]byte, error) {
	var m map[string]any
	if err := json.Unmarshal(src, &m); err != nil {
		return nil, fmt.Errorf("storepkg: manifest.json: %w", err)
	}
	bg, _ := m["background"].(map[string]any)
	worker, _ := bg["service_worker"].(string)
	scripts, _ := bg["scripts"].([]any)
	if worker == "" || len(scripts) == 0 {
		return nil, fmt.Errorf("storepkg: manifest.json's background needs both service_worker (Chromium) and scripts (Firefox)")
	}
	// The Chrome Web Store refuses a manifest with a key; Firefox
	// ignores it. The repository's key only fixes the id of the
	// unpacked extension for the Chromium tests.
	delete(m, "key")
	switch s {
	case Chrome:
		delete(m, "browser_specific_settings")
		m["background"] = map[string]any{"service_worker": worker}
	case Firefox:
		delete(m, "minimum_chrome_version")
		m["background"] = map[string]any{"scripts": scripts}
		if perms, ok := m["permissions"].([]any); ok {
			perms = slices.DeleteFunc(slices.Clone(perms), func(p any) bool {
				s, _ := p.(string)
				return slices.Contains(chromeOnlyPermissions, s)
			})
			for _, p := range FirefoxOnlyPermissions {
				perms = append(perms, p)
			}
			m["permissions"] = perms
		}
		m["browser_specific_settings"] = map[string]any{"gecko": map[string]any{
			"id":                 GeckoID,
			"strict_min_version": FirefoxMinVersion,
			// wxdrop sends nothing anywhere but to WeChat, as the
			// person asks: no data is collected.
			"data_collection_permissions": map[string]any{"required": []string{"none"}},
		}}
	default:
		return nil, fmt.Errorf("storepkg: no store %q", s)
	}
	return json.MarshalIndent(m, "", "  ")
}

// File is one file of a package.
type File struct {
	Path string // slash-separated, relative to the package's root
	Src  string // the file on disk ("" for Data)
	Data []byte
}

// Files are the files of the package of a store, from the repository at
// root.
func Files(root string, s Store) ([]File, error) {
	for _, p := range Required {
		if _, err := os.Stat(filepath.Join(root, p)); err != nil {
			return nil, fmt.Errorf("storepkg: %s is missing: run ./build.sh first", p)
		}
	}
	src, err := os.ReadFile(filepath.Join(root, "manifest.json"))
	if err != nil {
		return nil, err
	}
	man, err := Manifest(src, s)
	if err != nil {
		return nil, err
	}
	files := []File{{Path: "manifest.json", Data: man}}
	for _, top := range shipped[1:] {
		err := filepath.WalkDir(filepath.Join(root, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return err
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if s != Chrome && slices.Contains(chromeOnly, rel) {
				return nil
			}
			files = append(files, File{Path: rel, Src: p})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// WriteDir writes the package of a store into dir, unpacked.
func WriteDir(root string, s Store, dir string) error {
	files, err := Files(root, s)
	if err != nil {
		return err
	}
	for _, f := range files {
		to := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		b := f.Data
		if f.Src != "" {
			if b, err = os.ReadFile(f.Src); err != nil {
				return err
			}
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// WriteZip writes the package of a store as a zip to w; it returns the
// number of files.
func WriteZip(root string, s Store, w io.Writer) (int, error) {
	files, err := Files(root, s)
	if err != nil {
		return 0, err
	}
	zw := zip.NewWriter(w)
	for _, f := range files {
		fw, err := zw.Create(f.Path)
		if err != nil {
			return 0, err
		}
		if f.Src == "" {
			_, err = fw.Write(f.Data)
		} else {
			err = copyFile(fw, f.Src)
		}
		if err != nil {
			return 0, err
		}
	}
	return len(files), zw.Close()
}

func copyFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}
