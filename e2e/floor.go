//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// FloorID is the id of the floor extension BuildFloor makes, fixed by
// floorKey (TestFloorIDIsItsKeys).
const FloorID = "iailjadafekbpfhhkpkphnllboapadlf"

// floorKey is the floor extension's manifest "key": a public key made for
// it, whose private half nobody kept (an unpacked extension needs none).
const floorKey = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAukkYa0lKGVjkeSoll+X0Oc7IlmBT3xQ0U9CTURiOhArMa9tSOIYslhaXzrtG3yvSXiYblB9N9kFosi76huIeaUGyazpQNsfHpOPZ0TKqjcMYU28aseAtEidK86amYvNXnJOrUoGZ/Yp+2VAON50f4gxSoLGBm2JKVF3ssOCuWZPLHVgpJLb3y7B+3ir1QyFTcX1u0pTGQG0mrC7kUWdoZKvd6Bbrop1NAxB0FgIOenQYvOoR7LAMKcDr/PvPLOcRKOi2kGev9s2SsQ2WV6MEF2U8390q4qYnn3Ldp+4G86MAr5g9AAzs2fOeRmwO6tOOQFpTddsEO3elOrP4uzuhVwIDAQAB"

// BuildFloor makes, in dir, an extension whose worker loads a floor of
// e2e/testdata/floors (floor is its directory's name, e.g. "sendpath")
// exactly as the hello-world baseline loads hello.wasm: BuildHello's
// extension with the floor, built with build.sh's flags, as its
// hello.wasm, and a key (so an id, FloorID) of its own, so that the three
// workers can be woken in turn in one browser. With built set, that file
// is the program instead (a floor built on another branch, or with
// go build -overlay), and floor only names it. It returns dir.
func BuildFloor(ctx context.Context, root, dir, floor, built string) (string, error) {
	if _, err := BuildHello(ctx, root, dir); err != nil {
		return "", err
	}
	wasm := filepath.Join(dir, "hello.wasm")
	if built == "" {
		if err := buildWasm(ctx, root, wasm, "./e2e/testdata/floors/"+floor); err != nil {
			return "", err
		}
	} else if err := copyFile(built, wasm); err != nil {
		return "", err
	}
	p := filepath.Join(dir, "manifest.json")
	b, err := os.ReadFile(p)
	if err != nil {
		return "", err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return "", fmt.Errorf("e2e: hello-ext's manifest.json: %w", err)
	}
	m["key"] = floorKey
	m["name"] = "wxdrop e2e floor: " + floor
	m["description"] = "The floor " + floor + " of e2e/testdata/floors in a service worker, loaded as the hello-world baseline loads its wasm."
	if b, err = json.MarshalIndent(m, "", "  "); err != nil {
		return "", err
	}
	return dir, os.WriteFile(p, b, 0o644)
}

// buildWasm builds the js/wasm program pkg (a path from root) into out
// with build.sh's flags.
func buildWasm(ctx context.Context, root, out, pkg string) error {
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, pkg)
	build.Dir = root
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("e2e: building %s: %v\n%s", pkg, err, b)
	}
	return nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}
