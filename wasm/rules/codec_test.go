package rules_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/wasm/jsonlite/jsonlitetest"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// Every type with a jsonlite codec, held to encoding/json (see
// jsonlitetest.Check).
func TestCodecsAreEncodingJSONs(t *testing.T) {
	t.Run("Config", jsonlitetest.Check[*rules.Config])
	t.Run("View", jsonlitetest.Check[*rules.View])
	t.Run("Rule", jsonlitetest.Check[*rules.Rule])
	t.Run("LogEntry", jsonlitetest.Check[*rules.LogEntry])
	t.Run("State", jsonlitetest.Check[*rules.State])
}

// Stamp writes what fmt's "%04d-%02d-%02d %02d.%02d.%02d" writes.
func TestStampIsFmts(t *testing.T) {
	for _, d := range [][6]int{{2026, 12, 6, 9, 5, 0}, {999, 1, 1, 0, 0, 0}, {12026, 10, 31, 23, 59, 59}, {-5, 1, 2, 3, 4, 5}} {
		want := fmt.Sprintf("%04d-%02d-%02d %02d.%02d.%02d", d[0], d[1], d[2], d[3], d[4], d[5])
		if got := rules.Stamp(d[0], time.Month(d[1]), d[2], d[3], d[4], d[5]); got != want {
			t.Errorf("Stamp(%v) = %q, want %q", d, got, want)
		}
	}
}
