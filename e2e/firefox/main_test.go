//go:build !js

package firefox

import (
	"context"
	"flag"
	"os"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/e2e"
)

var (
	// root is the repository root (the unpacked extension).
	root string
	// gate skips every test (no Firefox on a developer's machine) or fails it
	// (a build that failed; no Firefox under CI).
	gate e2e.Gate

	keepLog = flag.Bool("firefox.log", false, "print Firefox's output at the end of each test, also when it passes")
)

// TestMain builds the extension once per run (build.sh; with
// WXDROP_NOBUILD set it uses what is built, for a quicker run again while
// working on the tests).
func TestMain(m *testing.M) {
	flag.Parse()
	code := func() int {
		if testing.Short() {
			gate.Skip = "end-to-end tests are not run with -short"
			return m.Run()
		}
		if !Have() {
			gate.Skip, gate.Err = e2e.Missing(Path(), "firefox-esr")
			return m.Run()
		}
		var err error
		if root, err = e2e.RepoRoot(); err != nil {
			gate.Err = err
			return m.Run()
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		if os.Getenv("WXDROP_NOBUILD") == "" {
			if err := e2e.BuildExtension(ctx, root); err != nil {
				gate.Err = err
			}
		}
		return m.Run()
	}()
	os.Exit(code)
}

// need skips or fails a test as TestMain decided.
func need(t *testing.T) {
	t.Helper()
	gate.Need(t)
}
