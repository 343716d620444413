//go:build js && wasm

// Command protocol is the floor of a Go program that speaks web WeChat's
// protocol from the worker (see e2e/testdata/floors): the client of the
// stored session over jsfetch, sending a text, uploading and sending a
// file (a Blob of IndexedDB's file store), and reading the contacts.
package main

import (
	"context"
	"encoding/json"
	"syscall/js"

	"github.com/wxdrop/wxdrop/e2e/testdata/floors/wire"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

func main() {
	api := js.Global().Get("Object").New()
	// sendText(to, text) → Promise<MsgID>
	wire.Method(api, "sendText", func(ctx context.Context, a []string) (string, error) {
		cl, err := wire.Client(ctx)
		if err != nil || len(a) < 2 {
			return "", err
		}
		r, err := cl.SendText(ctx, protocol.Text{To: a[0], Content: a[1]})
		return r.MsgID, err
	})
	// sendFile(to, fileID, name) → Promise<MsgID>: the file's Blob is
	// read from IndexedDB one chunk at a time, as the outbox uploads.
	wire.Method(api, "sendFile", func(ctx context.Context, a []string) (string, error) {
		cl, err := wire.Client(ctx)
		if err != nil || len(a) < 3 {
			return "", err
		}
		v, err := jsx.IDBGet(ctx, msg.FileDB, msg.FileStore, a[1])
		if err != nil {
			return "", err
		}
		blob := jsx.NewBlob(v)
		r, _, err := cl.SendFileData(ctx, protocol.Upload{To: a[0], Name: a[2], Size: blob.Size(), Data: blob}, "")
		return r.MsgID, err
	})
	// chats() → Promise<JSON of the chats>
	wire.Method(api, "chats", func(ctx context.Context, _ []string) (string, error) {
		cl, err := wire.Client(ctx)
		if err != nil {
			return "", err
		}
		all, err := cl.Contacts(ctx)
		if err != nil {
			return "", err
		}
		b, err := json.Marshal(wire.Chats(all))
		return string(b), err
	})
	wire.Ready(api)
}
