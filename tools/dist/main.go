// Command dist writes one zip per browser store into dist/ (see
// internal/storepkg): wxdrop-<version>-chrome.zip for the Chrome Web
// Store and Edge Add-ons, wxdrop-<version>-firefox.zip for
// addons.mozilla.org; manifest.json made for the store, _locales and the
// built extension/ directory, nothing else (no Go source, no tests). Run
// it through `make dist`, after ./build.sh.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/wxdrop/wxdrop/internal/storepkg"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "dist:", err)
		os.Exit(1)
	}
}

func run() error {
	var man struct{ Version string }
	b, err := os.ReadFile("manifest.json")
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &man); err != nil {
		return fmt.Errorf("manifest.json: %w", err)
	}
	if err := os.MkdirAll("dist", 0o755); err != nil {
		return err
	}
	for _, s := range storepkg.Stores {
		out := filepath.Join("dist", "wxdrop-"+man.Version+"-"+string(s)+".zip")
		if err := write(s, out); err != nil {
			return fmt.Errorf("%s: %w", out, err)
		}
	}
	return nil
}

func write(s storepkg.Store, out string) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	n, err := storepkg.WriteZip(".", s, f)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d files, %d bytes\n", out, n, st.Size())
	return f.Close()
}
