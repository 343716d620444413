//go:build !js

package e2e

import "testing"

// Gate is what a test package's TestMain decided for all its tests: skip
// them (Skip says why: -short, or WXDROP_SKIP_E2E=1), or fail them (Err: a
// build that failed, a browser missing in CI). The zero Gate runs them.
type Gate struct {
	Skip string
	Err  error
}

// Need skips or fails t as the gate says; every end-to-end test calls it
// first.
func (g *Gate) Need(t testing.TB) {
	t.Helper()
	if g.Skip != "" {
		t.Skip(g.Skip)
	}
	if g.Err != nil {
		t.Fatal(g.Err)
	}
}
