//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// wasmTrace records V8's WebAssembly events of the whole browser (-trace):
// v8.wasm.compiledModule and v8.wasm.cachedModule when a compiled module is
// written to the code cache, v8.wasm.moduleCacheHit when one is read from
// it, wasm.TopTierCompilation for each function TurboFan compiled. With
// V8's defaults the run shows tier-ups and no caching.
type wasmTrace struct {
	mu     sync.Mutex
	events []string
	done   chan struct{}
}

func startTrace(ctx context.Context) (*wasmTrace, error) {
	t := &wasmTrace{done: make(chan struct{})}
	err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			t.mu.Lock()
			for _, v := range e.Value {
				var x struct {
					Name string          `json:"name"`
					Args json.RawMessage `json:"args"`
				}
				if json.Unmarshal(v, &x) == nil && (strings.HasPrefix(x.Name, "v8.wasm.") || strings.HasPrefix(x.Name, "wasm.")) {
					t.events = append(t.events, x.Name+" "+string(x.Args))
				}
			}
			t.mu.Unlock()
		case *tracing.EventTracingComplete:
			close(t.done)
		}
	})
	if err != nil {
		return nil, err
	}
	_, err = chromedp.Call(ctx, tracing.Start, tracing.StartParams{
		TransferMode: tracing.StartTransferModeReportEvents,
		TraceConfig:  &tracing.TraceConfig{IncludedCategories: []string{"disabled-by-default-devtools.timeline", "v8.wasm", "disabled-by-default-v8.wasm.detailed", "disabled-by-default-v8.wasm.turbofan"}},
	})
	return t, err
}

// print ends the trace and prints its WebAssembly events in the order
// they came (the browser's, for the whole profile's run).
func (t *wasmTrace) print(ctx context.Context) error {
	if _, err := chromedp.Call(ctx, tracing.End, cdp.Empty{}); err != nil {
		return err
	}
	select {
	case <-t.done:
	case <-time.After(30 * time.Second):
		return fmt.Errorf("no end of the trace")
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Println("trace: v8.wasm events")
	for _, e := range t.events {
		fmt.Println("  ", e)
	}
	return nil
}
