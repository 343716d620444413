//go:build js && wasm

package ui

import (
	"context"
	"time"

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
func request(name string, body any, out any) *msg.Error {
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	text, err := jsx.SendMessage(ctx, msg.Request{Name: name, Body: body})
	if err != nil {
		return model.Internal(err.Error())
	}
	return model.Decode(text, out)
}
