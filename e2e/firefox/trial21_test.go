//go:build !js

package firefox

import (
	"context"
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/e2e"
)

// TestFirefoxOptionsFitANarrowWindow: in Firefox too, the options page
// 320 pixels wide shows each field under its label, nothing past the
// right edge (e2e.TestOptionsFitANarrowWindow). Labels ran over their
// fields.
func TestFirefoxOptionsFitANarrowWindow(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.logIn(t)
	opts := e.openOptions(t, "#rules-on")
	defer opts.Close()
	if err := e.br.Call(context.Background(), "browsingContext.setViewport", map[string]any{"context": opts.ID, "viewport": map[string]any{"width": 320, "height": 900}}, nil); err != nil {
		t.Fatal(err)
	}
	got := eval[[]string](t, opts, e2e.OverflowJS)
	if last := got[len(got)-1]; !strings.Contains(last, "Accept automatically") {
		t.Fatalf("the friend requests' label says %q: not the page looked for", last)
	}
	if len(got) > 1 {
		t.Errorf("at 320 pixels wide: %q", got[:len(got)-1])
	}
}
