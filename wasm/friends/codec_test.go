package friends_test

import (
	"testing"

	"github.com/wxdrop/wxdrop/wasm/friends"
	"github.com/wxdrop/wxdrop/wasm/jsonlite/jsonlitetest"
)

// Every type with a jsonlite codec, held to encoding/json (see
// jsonlitetest.Check).
func TestCodecsAreEncodingJSONs(t *testing.T) {
	t.Run("Request", jsonlitetest.Check[*friends.Request])
	t.Run("Config", jsonlitetest.Check[*friends.Config])
	t.Run("Record", jsonlitetest.Check[*friends.Record])
}
