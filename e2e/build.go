//go:build !js

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Extension IDs, fixed by the "key" of each manifest.
const (
	// ExtensionID is wxdrop's (manifest.json at the repository root).
	ExtensionID = "jfjbkganhpjfmkcjimablphajngdpggf"
	// HelloID is the hello-world baseline's (testdata/hello-ext).
	HelloID = "jbajeolencegkkofcigkgdpjjfbdlpgo"
)

const module = "module github.com/wxdrop/wxdrop"

// RepoRoot finds the repository root (the unpacked extension) from the
// working directory upwards: the directory whose go.mod is wxdrop's.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(b, []byte(module)) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("e2e: no wxdrop go.mod above the working directory")
		}
		dir = parent
	}
}

// ChromiumPath is the browser the tests run: $WXDROP_CHROMIUM, or the
// Debian package's /usr/bin/chromium. Nothing here ever downloads a browser.
func ChromiumPath() string {
	if p := os.Getenv("WXDROP_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// HaveChromium reports whether ChromiumPath is an executable file.
func HaveChromium() bool { return IsExecutable(ChromiumPath()) }

// IsExecutable reports whether path is a file someone may execute: how the
// tests tell whether a browser is installed.
func IsExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// Missing decides what a browser that is not there means for a test run
// (pkg is the Debian package that has it): an error, in CI and on a
// developer's machine alike, since a run that skipped the browser's tests
// looks green and tested nothing in a browser; WXDROP_SKIP_E2E=1 is the
// way to skip them on purpose.
func Missing(path, pkg string) (skip string, err error) {
	if os.Getenv("WXDROP_SKIP_E2E") == "1" {
		return "WXDROP_SKIP_E2E=1: the end-to-end tests are skipped (" + path + " is missing)", nil
	}
	return "", fmt.Errorf("%s is missing: install the %s package (scripts/deps.sh, run by make test), or set WXDROP_SKIP_E2E=1 to skip the end-to-end tests", path, pkg)
}

// BuildExtension runs the repository's build.sh: extension/core.wasm,
// popup.wasm, options.wasm and wasm_exec.js, in place.
func BuildExtension(ctx context.Context, root string) error {
	cmd := exec.CommandContext(ctx, filepath.Join(root, "build.sh"))
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("e2e: build.sh: %v\n%s", err, out)
	}
	return nil
}

// BuildHello makes the hello-world baseline extension in dir: a copy of
// e2e/testdata/hello-ext with hello.wasm (e2e/testdata/hellowasm, built with
// build.sh's flags) and the toolchain's wasm_exec.js, the files wxdrop's
// worker loads the same way, and the popup's ui.css for the baseline list
// page. It returns dir.
func BuildHello(ctx context.Context, root, dir string) (string, error) {
	if err := copyTree(filepath.Join(root, "e2e", "testdata", "hello-ext"), dir); err != nil {
		return "", fmt.Errorf("e2e: copying hello-ext: %w", err)
	}
	if err := buildWasm(ctx, root, filepath.Join(dir, "hello.wasm"), "./e2e/testdata/hellowasm"); err != nil {
		return "", err
	}
	goroot, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("e2e: go env GOROOT: %w", err)
	}
	b, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "wasm_exec.js"), b, 0o644); err != nil {
		return "", err
	}
	// The baseline list page (list.html) is styled as the popup is.
	css, err := os.ReadFile(filepath.Join(root, "extension", "pages", "ui.css"))
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "ui.css"), css, 0o644); err != nil {
		return "", err
	}
	return dir, nil
}

// GrantedCopy copies the built extension at root into dir with the
// host permissions of sites added to its manifest, as if the person had
// allowed them; a grant without "://" is an API permission (an optional
// one of the manifest, such as "downloads"). Headless Chromium cannot
// answer the browser's prompt for an optional permission, and a test
// invokes the context menu's handler outside any user gesture, where
// chrome.permissions.request is refused; everything else is the
// extension as built, key (and so id) included. It returns dir.
func GrantedCopy(root, dir string, grants ...string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, "manifest.json"))
	if err != nil {
		return "", err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return "", fmt.Errorf("e2e: manifest.json: %w", err)
	}
	hosts, _ := m["host_permissions"].([]any)
	perms, _ := m["permissions"].([]any)
	for _, g := range grants {
		if strings.Contains(g, "://") {
			hosts = append(hosts, g)
		} else {
			perms = append(perms, g)
		}
	}
	m["host_permissions"], m["permissions"] = hosts, perms
	if b, err = json.MarshalIndent(m, "", "  "); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), b, 0o644); err != nil {
		return "", err
	}
	for _, sub := range []string{"_locales", "extension"} {
		if err := copyTree(filepath.Join(root, sub), filepath.Join(dir, sub)); err != nil {
			return "", fmt.Errorf("e2e: copying the extension: %w", err)
		}
	}
	return dir, nil
}

// copyTree copies the files below src into dst.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	})
}
