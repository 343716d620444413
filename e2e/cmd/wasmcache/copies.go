//go:build !js

package main

import (
	"crypto/sha256"
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The two copies the harness measures beside the extension as built: its
// pages patched to load their program from CacheStorage, and the
// hello-world baseline loading hello.wasm from it; each without the
// manifest's key, so that its id comes from its path.

//go:embed loader
var loader embed.FS

// patch is one replacement in a file of a copy; old must be there.
type patch struct{ file, old, new string }

// cachedCopy copies the built extension at root into dir (without its
// manifest's key: the copy's id comes from its path) with the pages
// patched to load their program through wasmcache.js (its worker loads
// core.wasm from its copy, as the extension does).
func cachedCopy(root, dir string) (string, error) {
	if err := copyDir(root, dir, "manifest.json", "_locales", "extension"); err != nil {
		return "", err
	}
	if err := dropKey(filepath.Join(dir, "manifest.json"), nil); err != nil {
		return "", err
	}
	ids := map[string]string{}
	for _, w := range []string{"core", "popup", "options"} {
		p := "extension/" + w + ".wasm"
		sum, err := hashOf(filepath.Join(dir, p))
		if err != nil {
			return "", err
		}
		ids[p] = sum
	}
	if err := addLoader(filepath.Join(dir, "extension"), ids, "wasmcache.js"); err != nil {
		return "", err
	}
	return dir, apply(dir, []patch{
		{"extension/pages/boot.js", `if (typeof Go === "undefined") await load("../wasm_exec.js");`,
			`if (typeof Go === "undefined") await load("../wasm_exec.js"); await Promise.all([load("../wasmcache.js"), load("../wasm-ids.js")]);`},
		{"extension/pages/boot.js", `WebAssembly.instantiateStreaming(fetch("../" + program + ".wasm"), go.importObject)`,
			`wxdropWasm.instantiate("extension/" + program + ".wasm", go.importObject)`},
		{"extension/pages/boot.js", `performance.mark("wxdrop-wasm-ready");`, `performance.mark("wxdrop-wasm-ready", { detail: globalThis.wxdropWasmSource });`},
	})
}

// helloCachedCopy copies the hello-world baseline (BuildHello's) into dir
// with its worker and page loading hello.wasm through wasmcache.js.
func helloCachedCopy(hello, dir string) (string, error) {
	if err := copyDir(hello, dir, "."); err != nil {
		return "", err
	}
	if err := dropKey(filepath.Join(dir, "manifest.json"), map[string]any{"service_worker": "sw-cache.js"}); err != nil {
		return "", err
	}
	sum, err := hashOf(filepath.Join(dir, "hello.wasm"))
	if err != nil {
		return "", err
	}
	return dir, addLoader(dir, map[string]string{"hello.wasm": sum}, "wasmcache.js", "sw-cache.js", "hello-cache.html", "hello-cache.js")
}

// addLoader writes the loader's files and wasm-ids.js (each program's
// name by content, as a build would write it) into dir.
func addLoader(dir string, ids map[string]string, files ...string) error {
	for _, f := range files {
		b, err := loader.ReadFile("loader/" + f)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			return err
		}
	}
	b, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "wasm-ids.js"), []byte("globalThis.wxdropWasmIDs = "+string(b)+";\n"), 0o644)
}

func apply(dir string, ps []patch) error {
	for _, p := range ps {
		f := filepath.Join(dir, p.file)
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if !strings.Contains(string(b), p.old) {
			return fmt.Errorf("%s no longer has %q: the harness's patch needs updating", p.file, p.old)
		}
		if err := os.WriteFile(f, []byte(strings.Replace(string(b), p.old, p.new, 1)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func copyDir(src, dst string, parts ...string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	for _, p := range parts {
		from := filepath.Join(src, p)
		if p == "." {
			from += "/."
		}
		if out, err := exec.Command("cp", "-r", from, dst).CombinedOutput(); err != nil {
			return fmt.Errorf("copying %s: %v: %s", from, err, out)
		}
	}
	return nil
}

// dropKey removes the manifest's key (the copy's id then comes from its
// path) and sets background to the given one, if any.
func dropKey(path string, background map[string]any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	delete(m, "key")
	if background != nil {
		m["background"] = background
	}
	if b, err = json.MarshalIndent(m, "", "  "); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

func hashOf(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return fmt.Sprintf("%x", sum[:8]), nil
}

// idOf is the id Chromium gives the unpacked extension at dir, which has
// no key: the SHA-256 of its absolute path, in hex written with a–p.
func idOf(dir string) string {
	abs, _ := filepath.Abs(dir)
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	sum := sha256.Sum256([]byte(abs))
	var b strings.Builder
	for _, c := range fmt.Sprintf("%x", sum[:16]) {
		if c <= '9' {
			b.WriteByte(byte('a' + c - '0'))
		} else {
			b.WriteByte(byte('a' + 10 + c - 'a'))
		}
	}
	return b.String()
}
