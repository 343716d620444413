//go:build js && wasm

package jsxjson

import (
	"encoding/json"
	"testing"
)

// TestStoredJSON: stored values keep & < > as they are (no \u0026), stay
// JSON that encoding/json reads back, and carry no trailing newline.
func TestStoredJSON(t *testing.T) {
	t.Parallel()
	type rec struct {
		H string `json:"h"`
		N int    `json:"n,omitempty"`
	}
	tests := []struct {
		in   any
		want string
	}{
		{rec{H: "https://wx.qq.com/icon?seq=0&username=@a&skey=b"}, `{"h":"https://wx.qq.com/icon?seq=0&username=@a&skey=b"}`},
		{rec{H: `<b>"x"</b>`, N: 2}, `{"h":"<b>\"x\"</b>","n":2}`},
		{json.RawMessage(`{"a": "\u0026"}`), `{"a":"\u0026"}`},
		{nil, `null`},
	}
	for _, tt := range tests {
		b, err := storedJSON(tt.in)
		if err != nil {
			t.Fatalf("storedJSON(%v): %v", tt.in, err)
		}
		if string(b) != tt.want {
			t.Errorf("storedJSON(%v) = %s, want %s", tt.in, b, tt.want)
		}
		var back any
		if err := json.Unmarshal(b, &back); err != nil {
			t.Errorf("%s does not read back: %v", b, err)
		}
	}
}
