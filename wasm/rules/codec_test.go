package rules_test

import (
	"testing"

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
