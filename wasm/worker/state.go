//go:build js && wasm

package worker

import (
	"encoding/json"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/core"
)

// runState answers wxdropCore.state(): what the outbox's runner does now,
// as outbox.RunState's JSON (the end-to-end tests decode it into that
// type). Only the worker's own global scope reaches it; the tests read it
// when a scheduled message is late, so that the failure says why.
func runState(c *core.Core) js.Func {
	return js.FuncOf(func(js.Value, []js.Value) any {
		b, err := json.Marshal(c.Outbox().State())
		if err != nil {
			return js.Null() // a RunState always encodes; nothing to say
		}
		return string(b)
	})
}
