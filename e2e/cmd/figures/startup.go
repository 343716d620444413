//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/wxdrop/wxdrop/e2e"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// wake sends a runtime message from an extension page of extID (its
// manifest.json, which runs no script of its own), which starts its worker.
func wake(br *e2e.Browser, extID string, name string) (*e2e.Tab, error) {
	tab, err := br.NewTab("chrome-extension://"+extID+"/manifest.json", "wake-"+extID[:6])
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(tab.Ctx, 20*time.Second)
	defer cancel()
	if _, err := e2e.Eval[json.RawMessage](ctx, `chrome.runtime.sendMessage({name: `+jsString(name)+`})`); err != nil {
		tab.Close()
		return nil, fmt.Errorf("waking %s: %w", extID, err)
	}
	return tab, nil
}

type workerTimes struct{ startToReady, originToReady []float64 }

// startup measures each worker from a stopped start, alternating which of
// the two extensions goes first, one at a time so they do not share the CPU.
func startup(ctx context.Context, br *e2e.Browser) error {
	exts := []struct {
		id, label, wake string
	}{
		{e2e.ExtensionID, "wxdrop core.wasm", msg.GetState},
		{e2e.HelloID, "hello-world wasm", "hello"},
	}
	times := make([]workerTimes, len(exts))
	for r := 0; r <= *rounds; r++ {
		for k := range exts {
			x := exts[(k+r)%len(exts)]
			i := (k + r) % len(exts)
			sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			err := br.StopAllWorkers(sctx, e2e.ExtensionID, e2e.HelloID)
			cancel()
			if err != nil {
				return err
			}
			tab, err := wake(br, x.id, x.wake)
			if err != nil {
				return err
			}
			sctx, cancel = context.WithTimeout(ctx, 20*time.Second)
			tm, err := br.WorkerTiming(sctx, x.id)
			cancel()
			tab.Close()
			if err != nil {
				return err
			}
			if *verbose {
				fmt.Printf("  round %2d %-18s script→ready %7.1f ms, worker origin→ready %7.1f ms\n", r, x.label, tm.StartToReady(), *tm.CoreReady)
			}
			if r == 0 {
				continue // warm-up: the first start also compiles and caches
			}
			times[i].startToReady = append(times[i].startToReady, tm.StartToReady())
			times[i].originToReady = append(times[i].originToReady, *tm.CoreReady)
		}
	}
	fmt.Println("service worker start (stopped with ServiceWorker.stopAllWorkers, woken by a runtime message)")
	for i, x := range exts {
		fmt.Printf("  %-18s script start → core ready: median %6.1f ms (min %6.1f, max %6.1f); worker time origin → ready: median %6.1f ms\n",
			x.label, median(times[i].startToReady), slices.Min(times[i].startToReady), slices.Max(times[i].startToReady), median(times[i].originToReady))
	}
	ratio := median(times[0].startToReady) / median(times[1].startToReady)
	ratio2 := median(times[0].originToReady) / median(times[1].originToReady)
	fmt.Printf("  ratio wxdrop ÷ hello-world: %.2f (script start → ready; goal ≤ 1.3 → %s), %.2f (time origin → ready)\n\n", ratio, ok(ratio <= 1.3), ratio2)
	return nil
}

// wakeBoth makes sure both extensions' workers run, so that each page
// opens in a live extension process.
func wakeBoth(br *e2e.Browser) error {
	for _, x := range []struct{ id, name string }{{e2e.ExtensionID, msg.GetState}, {e2e.HelloID, "hello"}} {
		tab, err := wake(br, x.id, x.name)
		if err != nil {
			return err
		}
		tab.Close()
	}
	return nil
}
