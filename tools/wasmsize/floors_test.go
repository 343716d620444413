//go:build !js

package main

import (
	"os"
	"slices"
	"testing"
)

// TestFloorsLinkTheirPaths builds each floor of e2e/testdata/floors (which
// ./... leaves out) for js/wasm, as `make size` and the figures' start
// figure do, and checks that the functions of the job it stands for are
// in the module: a floor that no longer compiles, or whose calls the
// linker could drop, would give a size that measures nothing.
func TestFloorsLinkTheirPaths(t *testing.T) {
	t.Parallel()
	const (
		client = "github.com_wxdrop_wxdrop_protocol.__Client_."
		box    = "github.com_wxdrop_wxdrop_wasm_outbox.__Outbox_."
	)
	// The outbox uploads, then sends what was uploaded; the protocol
	// floor does both in one call.
	wire := []string{client + "SendText", client + "Upload", client + "Contacts",
		"github.com_wxdrop_wxdrop_wasm_jsfetch.Fetch.Do"}
	sendpath := append(slices.Clone(wire), client+"SendUploaded", box+"Add", box+"Edit", box+"Cancel", box+"SendNow", box+"Kick", box+"Step",
		"github.com_wxdrop_wxdrop_wasm_jsx.IDBGet", "github.com_wxdrop_wxdrop_wasm_jsx.SetAlarm")
	overlay, err := fmtOverlay(t.TempDir(), "../../e2e/testdata/floors/nofmt/fmt.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		floor string
		more  []string // go build flags
		want  []string
		// gone are functions the build must not have.
		gone []string
	}{
		{floor: "protocol", want: append(slices.Clone(wire), client+"SendFileData")},
		{floor: "sendpath", want: sendpath},
		// -nofmt: the stub is fmt, the floor's paths are still linked.
		{floor: "sendpath", more: []string{"-overlay=" + overlay}, want: append(sendpath, "fmt.__wrapError_.Unwrap"), gone: []string{"fmt.__pp_.doPrintf"}},
	} {
		name := tc.floor
		if tc.more != nil {
			name += "-nofmt"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			have := linked(t, "../../e2e/testdata/floors/"+tc.floor, tc.more...)
			for _, name := range tc.want {
				if !have[name] {
					t.Errorf("floor %s %v links no %s", tc.floor, tc.more, name)
				}
			}
			for _, name := range tc.gone {
				if have[name] {
					t.Errorf("floor %s %v links %s", tc.floor, tc.more, name)
				}
			}
		})
	}
}

// linked builds the program of pkg for js/wasm (with names) and returns
// the names of the functions it links.
func linked(t *testing.T, pkg string, flags ...string) map[string]bool {
	t.Helper()
	out, err := build(t.TempDir(), "program.wasm", pkg, "-w", flags...)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	m, err := parse(b)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, f := range m.funcs {
		have[f.name] = true
	}
	return have
}
