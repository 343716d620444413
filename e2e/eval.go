//go:build !js

package e2e

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Eval evaluates an expression in a tab, awaiting a promise, into T.
func Eval[T any](ctx context.Context, expr string) (T, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// WaitJS waits until expr is truthy in the tab, evaluating it every 50 ms
// (across navigations), for at most timeout. what names the wait in the
// error, with the last value seen.
func WaitJS(ctx context.Context, expr string, timeout time.Duration, what string) error {
	deadline := time.Now().Add(timeout)
	var last string
	for {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		v, err := chromedp.Run(cctx, chromedp.Evaluate[*runtime.RemoteObject](expr, chromedp.EvalAwaitPromise))
		cancel()
		switch {
		case err != nil:
			last = "error: " + err.Error()
		case truthy(v):
			return nil
		default:
			last = describe(v)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out after %v waiting for %s (last: %s)", timeout, what, last)
		}
		if ctx.Err() != nil {
			return fmt.Errorf("waiting for %s: %w (last: %s)", what, ctx.Err(), last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func truthy(v *runtime.RemoteObject) bool {
	if v == nil {
		return false
	}
	switch v.Type {
	case "undefined":
		return false
	case "object":
		return v.Subtype != "null"
	case "boolean":
		return string(v.Value) == "true"
	case "number":
		s := string(v.Value)
		return s != "0" && s != "" && v.UnserializableValue != "NaN" && v.UnserializableValue != "-0"
	case "string":
		return string(v.Value) != `""`
	}
	return true
}

func describe(v *runtime.RemoteObject) string {
	if v == nil {
		return "nil"
	}
	if len(v.Value) > 0 {
		return string(v.Value)
	}
	if v.Description != "" {
		return v.Description
	}
	return string(v.Type)
}
