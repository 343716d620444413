//go:build js && wasm

package worker

import (
	"syscall/js"
	"time"

	"github.com/wxdrop/wxdrop/wasm/core"
)

// runState answers wxdropCore.state(): what the outbox's runner does now
// (outbox.RunState), times in Unix milliseconds (0: none). Only the
// worker's own global scope reaches it; the end-to-end tests read it
// when a scheduled message is late, so that the failure says why.
func runState(c *core.Core) js.Func {
	return js.FuncOf(func(js.Value, []js.Value) any {
		s := c.Outbox().State()
		msOf := func(t time.Time) any {
			if t.IsZero() {
				return 0
			}
			return float64(t.UnixMilli())
		}
		return js.ValueOf(map[string]any{
			"now":     msOf(time.Now()),
			"runs":    s.Runs,
			"running": s.Running,
			"again":   s.Again,
			"phase":   s.Phase,
			"entry":   s.Entry,
			"since":   msOf(s.Since),
			"timer":   msOf(s.Timer),
			"wake":    msOf(s.Wake),
			"wakeRun": s.WakeRun,
			"wakeSet": msOf(s.WakeSet),
			"waking":  s.Waking,
		})
	})
}
