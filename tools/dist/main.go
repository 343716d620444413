// Command dist writes the zip a browser store takes: manifest.json,
// _locales and the built extension/ directory, nothing else (no Go source,
// no tests). Run it through `make dist`, after ./build.sh.
package main

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// shipped are the paths of the repository that make the extension.
var shipped = []string{"manifest.json", "_locales", "extension"}

// required are build outputs without which the zip is no extension.
var required = []string{"extension/core.wasm", "extension/ui.wasm", "extension/wasm_exec.js"}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "dist:", err)
		os.Exit(1)
	}
}

func run() error {
	for _, p := range required {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("%s is missing: run ./build.sh first", p)
		}
	}
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
	out := filepath.Join("dist", "wxdrop-"+man.Version+".zip")
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	n := 0
	for _, root := range shipped {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return err
			}
			w, err := zw.Create(filepath.ToSlash(p))
			if err != nil {
				return err
			}
			src, err := os.Open(p)
			if err != nil {
				return err
			}
			defer src.Close()
			n++
			_, err = io.Copy(w, src)
			return err
		})
		if err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	st, _ := f.Stat()
	fmt.Printf("%s: %d files, %d bytes\n", out, n, st.Size())
	return nil
}
