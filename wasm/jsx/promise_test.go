//go:build js && wasm

package jsx

import (
	"context"
	"errors"
	"syscall/js"
	"testing"
	"time"
)

// TestAwaitCall: a browser API that throws at once (as Firefox's argument
// checks do) gives an error, not a panic; one that resolves or rejects
// gives its value or its error.
func TestAwaitCall(t *testing.T) {
	obj := js.Global().Get("Function").New(`return {
		throws() { throw new TypeError('Type error for parameter options'); },
		resolves(x) { return Promise.resolve(x + 1); },
		rejects() { return Promise.reject(new RangeError('no')); },
	};`).Invoke()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, tc := range []struct {
		method   string
		wantName string // "" for no error
	}{
		{"throws", "TypeError"},
		{"rejects", "RangeError"},
		{"resolves", ""},
	} {
		v, err := AwaitCall(ctx, obj, tc.method, 41)
		var je *JSError
		switch {
		case tc.wantName == "" && err != nil:
			t.Errorf("%s: %v", tc.method, err)
		case tc.wantName == "" && v.Int() != 42:
			t.Errorf("%s: %v, want 42", tc.method, v)
		case tc.wantName != "" && (!errors.As(err, &je) || je.Name != tc.wantName):
			t.Errorf("%s: error %v, want a %s", tc.method, err, tc.wantName)
		}
	}
}
