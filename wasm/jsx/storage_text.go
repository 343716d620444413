//go:build js && wasm

package jsx

import (
	"context"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/browser"
)

// StorageGetText returns the JSON text stored under key as it is, for a
// caller that decodes it its own way (the popup reads 1 MB of contacts
// with a faster decoder than encoding/json). found is false when the key
// is not set.
func StorageGetText(ctx context.Context, area browser.Area, key string) (text string, found bool, err error) {
	res, err := Await(ctx, chrome().Get("storage").Get(string(area)).Call("get", key))
	if err != nil {
		return "", false, err
	}
	s := res.Get(key)
	if s.Type() != js.TypeString {
		return "", false, nil
	}
	return s.String(), true, nil
}
