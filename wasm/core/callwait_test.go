//go:build !js

package core

import (
	"encoding/json"
	"os/exec"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestCallWaitIsTheWorkers: isolated.js's callWait, run under Node as it
// is written, gives the worker the wait the worker would take (apiWait),
// for every kind of {timeout} a page can pass; a timeout past
// setTimeout's largest made the call UNCERTAIN at once (attack26).
func TestCallWaitIsTheWorkers(t *testing.T) {
	t.Parallel()
	node, err := exec.LookPath("node")
	require.NoError(t, err, "Node.js runs isolated.js's callWait (make test installs it)")
	src := readSource(t, "../../extension/content/isolated.js")
	code := regexp.MustCompile(`(?s)\n  const API_WAIT_MS = .*?\n  function callWait\(timeout\) \{.*?\n  \}\n`).FindString(src)
	require.NotEmpty(t, code, "isolated.js has no callWait with its bounds")
	inputs := `[undefined, null, 0, -5, "x", "2500", 1, 999.6, 5000, 89999.5, 90001, 3e9, 1e308, Infinity, -Infinity, NaN, true, {}]`
	out, err := exec.Command(node, "-e", code+`
const r = `+inputs+`.map((v) => { const ms = callWait(v); return ms === undefined ? -1 : ms; });
process.stdout.write(JSON.stringify(r));`).Output()
	require.NoError(t, err)
	var got []int64
	require.NoError(t, json.Unmarshal(out, &got))
	// -1: none said, the worker waits its own APIWaitMs.
	lo, hi := int64(msg.MinAPIWaitMs), int64(msg.APIWaitMs)
	want := []int64{-1, -1, -1, -1, -1, 2500, lo, lo, 5000, hi, hi, hi, hi, -1, -1, -1, lo, -1}
	require.Equal(t, want, got)
	for _, ms := range got {
		if ms > 0 {
			// relay waits for what the worker waits.
			require.Equal(t, time.Duration(ms)*time.Millisecond, apiWait(msg.APICallBody{TimeoutMs: ms}))
		}
	}
}
