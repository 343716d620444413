//go:build js && wasm

package ui

import (
	"context"
	"time"

	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

// requestTimeout bounds the wait for the service worker. A sleeping
// worker starts its Go runtime first (tens of milliseconds); a send
// answers once the outbox entry is stored, not when it is sent.
const requestTimeout = 20 * time.Second

// request sends one message to the service worker and decodes the answer
// into out (nil: not wanted). A worker that does not answer is INTERNAL.
func request(name string, body, out jsonlite.Object) *msg.Error {
	text, e := ask(name, body)
	if e != nil {
		return e
	}
	return model.Decode(text, out)
}

// ask sends one message to the service worker and returns its answer's
// JSON text, for an answer that is not an object (model.DecodeWith).
func ask(name string, body jsonlite.Object) (string, *msg.Error) {
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	text, err := jsx.SendMessage(ctx, name, body)
	if err != nil {
		return "", model.Internal(err.Error())
	}
	return text, nil
}
