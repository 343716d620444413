//go:build !js

package e2e

import (
	"context"
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
	return Poll(ctx, timeout, 50*time.Millisecond, what, func() (bool, string) {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		v, err := chromedp.Run(cctx, chromedp.Evaluate[*runtime.RemoteObject](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			return false, "error: " + err.Error()
		}
		return truthy(v), describe(v)
	})
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
