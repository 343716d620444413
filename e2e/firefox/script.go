//go:build !js

package firefox

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/wxdrop/wxdrop/e2e"
)

// JSError is an exception thrown by an evaluated script.
type JSError struct{ Text string }

func (e *JSError) Error() string { return "firefox: script threw: " + e.Text }

// evaluate evaluates expr in the tab's page realm (where window.wxdrop
// lives) and returns the RemoteValue of its awaited result; own keeps the
// value alive for a later command (an element to click).
func (t *Tab) evaluate(ctx context.Context, expr string, own bool) (json.RawMessage, error) {
	ownership := "none"
	if own {
		ownership = "root"
	}
	var r struct {
		Type             string          `json:"type"`
		Result           json.RawMessage `json:"result"`
		ExceptionDetails struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	err := t.b.Call(ctx, "script.evaluate", map[string]any{
		"expression": expr, "target": map[string]any{"context": t.ID}, "awaitPromise": true,
		"resultOwnership": ownership,
	}, &r)
	if err != nil {
		return nil, err
	}
	if r.Type == "exception" {
		return nil, &JSError{Text: r.ExceptionDetails.Text}
	}
	return r.Result, nil
}

// Eval evaluates expr in the tab, awaiting a promise, and decodes its
// value (passed through JSON.stringify in the page) into T.
func Eval[T any](ctx context.Context, t *Tab, expr string) (T, error) {
	var out T
	raw, err := t.evaluate(ctx, `(async () => { const v = await (`+expr+`
); return v === undefined ? 'null' : JSON.stringify(v); })()`, false)
	if err != nil {
		return out, err
	}
	var v struct {
		Type  string `json:"type"`
		Value string `json:"value"`
	}
	if err := json.Unmarshal(raw, &v); err != nil || v.Type != "string" {
		return out, fmt.Errorf("firefox: the result of %.80q is not a string: %.200s", expr, raw)
	}
	if err := json.Unmarshal([]byte(v.Value), &out); err != nil {
		return out, fmt.Errorf("firefox: the result of %.80q: %w (%.200s)", expr, err, v.Value)
	}
	return out, nil
}

// WaitJS evaluates expr every 50 ms until it is truthy, for at most
// timeout; what names the wait in the error, with the last value seen.
func (t *Tab) WaitJS(ctx context.Context, expr string, timeout time.Duration, what string) error {
	return e2e.Poll(ctx, timeout, 50*time.Millisecond, what, func() (bool, string) {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		v, err := Eval[any](cctx, t, `(`+expr+`) || false`)
		if err != nil {
			return false, "error: " + err.Error()
		}
		return v != nil && v != false && v != "" && v != float64(0), fmt.Sprint(v)
	})
}
