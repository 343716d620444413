//go:build js && wasm

package ui

import (
	"context"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// readContacts is the contact list's JSON text as stored under
// msg.ContactsKey in storage.session: the read the popup's first script
// (instant.js) started before this program ran, kept current by it, or
// else a read now.
func readContacts(ctx context.Context) (text string, found bool, err error) {
	if in := js.Global().Get("wxdropInstant"); in.Type() == js.TypeObject {
		if p := in.Get("contacts"); p.Type() == js.TypeObject {
			v, err := jsx.Await(ctx, p)
			if err == nil {
				if v.Type() != js.TypeString {
					return "", false, nil
				}
				return v.String(), true, nil
			}
		}
	}
	return jsx.StorageGetText(ctx, jsx.Session, msg.ContactsKey)
}
