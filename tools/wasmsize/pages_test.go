//go:build !js

package main

import (
	"strings"
	"testing"
)

// TestPagesLinkOnlyTheirOwn: the popup and the options page are two
// programs of the one package wasm/ui, so that each carries only what it
// calls (README: "Two programs, and no DOM library"). A package-level
// value of the other page's code links it all the same: a table of the
// picker's keys put the picker and the contact search into options.wasm
// (+171 KB), and nothing said so but the size figure.
func TestPagesLinkOnlyTheirOwn(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		page string
		// not are prefixes of names the program must not link.
		not []string
	}{
		{"options", []string{"github.com_wxdrop_wxdrop_wasm_ui.__picker_.", "github.com_wxdrop_wxdrop_wasm_search.__Index_."}},
		{"popup", []string{"github.com_wxdrop_wxdrop_wasm_ui.__rulesView_.", "regexp."}},
	} {
		t.Run(tc.page, func(t *testing.T) {
			t.Parallel()
			seen := 0
			for name := range linked(t, "../../wasm/cmd/"+tc.page) {
				for _, p := range tc.not {
					if strings.HasPrefix(name, p) {
						if seen++; seen <= 5 {
							t.Errorf("%s.wasm links %s", tc.page, name)
						}
					}
				}
			}
		})
	}
}
