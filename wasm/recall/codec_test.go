package recall_test

import (
	"testing"

	"github.com/wxdrop/wxdrop/wasm/jsonlite/jsonlitetest"
	"github.com/wxdrop/wxdrop/wasm/recall"
)

// Every type with a jsonlite codec, held to encoding/json (see
// jsonlitetest.Check).
func TestCodecsAreEncodingJSONs(t *testing.T) {
	t.Run("Config", jsonlitetest.Check[*recall.Config])
	t.Run("Recalled", jsonlitetest.Check[*recall.Recalled])
	t.Run("View", jsonlitetest.Check[*recall.View])
}
