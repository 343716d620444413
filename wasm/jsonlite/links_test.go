//go:build !js

package jsonlite_test

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestPagesImportNoEncodingJSON: the pages' programs do not import
// encoding/json, nor fmt, not even through a package they share with the
// worker: importing encoding/json alone costs a program some 386 KB (its
// init keeps reflect and fmt), the popup's way under 4,000,000 bytes
// (issue 15).
func TestPagesImportNoEncodingJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	for _, cmd := range []string{"popup", "options"} {
		c := exec.Command("go", "list", "-deps", "github.com/wxdrop/wxdrop/wasm/cmd/"+cmd)
		c.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		out, err := c.Output()
		if err != nil {
			t.Fatalf("go list %s: %v", cmd, err)
		}
		deps := strings.Fields(string(out))
		for _, no := range []string{"encoding/json", "fmt"} {
			if slices.Contains(deps, no) {
				t.Errorf("wasm/cmd/%s imports %s (go list -deps; see which package with go list -f '{{.ImportPath}} {{.Imports}}' -deps)", cmd, no)
			}
		}
	}
}
