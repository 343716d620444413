package core

import (
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestSaveWaitsAsBeforeForATornBody: a save whose download came torn
// (jsx.ErrTornBody, SOURCE_TORN since it has its own code) waits for a
// download again, as it did while it was said SOURCE_UNREACHABLE; a
// refusal of WeChat's does not.
func TestSaveWaitsAsBeforeForATornBody(t *testing.T) {
	for code, want := range map[msg.Code]bool{
		msg.ErrUnreachable:  true,
		msg.ErrSourceTorn:   true,
		msg.ErrNetwork:      true,
		msg.ErrMediaRefused: false,
		msg.ErrSaveFailed:   false,
	} {
		if got := waits(code); got != want {
			t.Errorf("waits(%s) = %v, want %v", code, got, want)
		}
	}
}

// RevokedWords is revokedWords, for the tests of package core_test
// (which read the English locale).
var RevokedWords = revokedWords
