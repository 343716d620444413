//go:build js && wasm

// Package worker is the browser's side of the service worker: each role of
// core.Env over its chrome.* API, IndexedDB or fetch, and Run, which hands
// the worker script one object, globalThis.wxdropCore, whose handle method
// answers runtime messages. wasm/cmd/core only calls Run.
//
// What a role keeps between calls (the downloads of this wake, the menus
// last set) is a field of its value, not package state, so that its tests
// (under Node) start from nothing.
package worker

import (
	"context"
	"encoding/json"
	"errors"
	"syscall/js"
	"time"

	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/jsx"
)

// newEnv is core.Env over the browser, for the extension whose runtime id
// and URL host are id and host.
func newEnv(id, host string) core.Env {
	f := newFiles()
	return core.Env{
		Storage:       storage{},
		Files:         f,
		Kept:          kept{files: f},
		Tabs:          tabs{},
		Notifications: notifications{},
		Menus:         &menus{},
		Downloads:     downloads{files: f},
		Network:       network{},
		Runtime:       extension{id: id, host: host},
		Clock:         clock{},
	}
}

// Run starts the core over the browser, gives the worker script its
// object, and never returns.
func Run() {
	c := core.New(newEnv(jsx.ExtensionID(), jsx.ExtensionHost()))
	api := js.Global().Get("Object").New()
	// handle(requestJSON, senderJSON) → Promise<answerJSON>
	api.Set("handle", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 2 {
			return jsx.Promise(func() (any, error) { return nil, errors.New("handle needs a request and a sender") })
		}
		req, senderJSON := args[0].String(), args[1].String()
		return jsx.Promise(func() (any, error) {
			var from core.Sender
			if err := json.Unmarshal([]byte(senderJSON), &from); err != nil {
				return nil, err
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			return string(c.Handle(ctx, []byte(req), from)), nil
		})
	}))
	// event(name, arg) → Promise: a chrome.* event the worker script
	// heard (an alarm, the browser's start, a notification's click).
	api.Set("event", js.FuncOf(func(_ js.Value, args []js.Value) any {
		name, arg := "", ""
		if len(args) > 0 {
			name = args[0].String()
		}
		if len(args) > 1 && args[1].Type() == js.TypeString {
			arg = args[1].String()
		}
		return jsx.Promise(func() (any, error) {
			ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
			defer cancel()
			return nil, c.Event(ctx, name, arg)
		})
	}))
	api.Set("state", runState(c))
	js.Global().Set("wxdropCore", api)
	// Every wake: end what a stopped worker left, send what fell due.
	c.Start()
	if ready := js.Global().Get("wxdropCoreReady"); ready.Type() == js.TypeFunction {
		ready.Invoke(api)
	}
	select {}
}
