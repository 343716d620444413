//go:build !js

package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"strings"
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
	// The first wakes after the browser's start are sometimes refused
	// ("Receiving end does not exist": the worker is still being
	// installed); the message is sent again, for up to 5 s. Round 0, which
	// is not counted, takes these.
	for try := 0; ; try++ {
		_, err := e2e.Eval[json.RawMessage](ctx, `chrome.runtime.sendMessage({name: `+jsString(name)+`})`)
		if err == nil {
			return tab, nil
		}
		if try >= 20 || !strings.Contains(err.Error(), "Receiving end does not exist") {
			tab.Close()
			return nil, fmt.Errorf("waking %s: %w", extID, err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// The floor of the start and size figures (e2e/testdata/floors).
var (
	floor     = flag.String("floor", "sendpath", "the floor of e2e/testdata/floors whose worker the start figure also wakes, in the same rotation, and whose size the size figure prints (\"\": none)")
	floorWasm = flag.String("floorwasm", "", "a built .wasm to load as the floor instead of -floor's program built here (one built on another branch, or with go build -overlay); -floor then only names it")
)

type workerTimes struct{ startToReady, originToReady, startToInstantiated, instantiatedToReady series }

// worker is one extension of the start figure: its id, its label and the
// message that wakes it.
type worker struct{ id, label, wake string }

// startWorkers are the workers the start figure wakes in turn: wxdrop's,
// the hello-world baseline's (the first two), and with -floor the floor's
// (e2e/testdata/floors: the smallest Go program that does one job of the
// worker, loaded as the baseline loads hello.wasm).
func startWorkers() []worker {
	w := []worker{
		{e2e.ExtensionID, "wxdrop core.wasm", msg.GetState},
		{e2e.HelloID, "hello-world wasm", "hello"},
	}
	if *floor != "" {
		w = append(w, worker{e2e.FloorID, "floor " + *floor, "hello"})
	}
	return w
}

// startup measures each worker from a stopped start, rotating which
// extension goes first, one at a time so they do not share the CPU, in
// -runs runs of rounds whose ratios are printed apart: a noisy machine
// shows as a spread, not as a result.
func startup(ctx context.Context, br *e2e.Browser) error {
	exts := startWorkers()
	ids := make([]string, len(exts))
	w := 0 // the labels' width
	for i, x := range exts {
		ids[i] = x.id
		w = max(w, len(x.label))
	}
	times := make([]workerTimes, len(exts))
	perRun := max((*rounds+*runs-1) / *runs, 1)
	for i := range times {
		times[i] = workerTimes{make(series, *runs), make(series, *runs), make(series, *runs), make(series, *runs)}
	}
	for r := 0; r <= perRun**runs; r++ {
		for k := range exts {
			i := (k + r) % len(exts)
			x := exts[i]
			sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			err := br.StopAllWorkers(sctx, ids...)
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
				fmt.Printf("  round %2d %-*s script→ready %7.1f ms, worker origin→ready %7.1f ms\n", r, w, x.label, tm.StartToReady(), *tm.CoreReady)
			}
			if r == 0 {
				continue // warm-up: the first start also compiles and caches
			}
			run := (r - 1) / perRun
			times[i].startToReady[run] = append(times[i].startToReady[run], tm.StartToReady())
			times[i].originToReady[run] = append(times[i].originToReady[run], *tm.CoreReady)
			if tm.Instantiated != nil {
				times[i].startToInstantiated[run] = append(times[i].startToInstantiated[run], tm.StartToInstantiated())
				times[i].instantiatedToReady[run] = append(times[i].instantiatedToReady[run], tm.StartToReady()-tm.StartToInstantiated())
			}
		}
	}
	fmt.Printf("service worker start (stopped with ServiceWorker.stopAllWorkers, woken by a runtime message; %d runs of %d rounds)\n", *runs, perRun)
	for i, x := range exts {
		a := times[i].startToReady.all()
		fmt.Printf("  %-*s script start → core ready: %s (min %6.1f, max %6.1f); worker time origin → ready: median %6.1f ms\n",
			w, x.label, times[i].startToReady, slices.Min(a), slices.Max(a), median(times[i].originToReady.all()))
	}
	// The two parts of the wake: what grows with the module's size, and
	// what Go does before main is ready.
	for i, x := range exts {
		if len(times[i].startToInstantiated.all()) > 0 {
			fmt.Printf("  %-*s   script start → instantiated (fetch, compile, instantiate): %s\n", w, x.label, times[i].startToInstantiated)
			fmt.Printf("  %-*s   instantiated → core ready (Go runtime, package init, main): %s\n", w, x.label, times[i].instantiatedToReady)
		}
	}
	// Each worker against the baseline (the second), in the same rounds.
	base := times[1]
	for i, x := range exts {
		if i == 1 {
			continue
		}
		if len(times[i].startToInstantiated.all()) > 0 && len(base.startToInstantiated.all()) > 0 {
			a, alo, ahi := ratio(times[i].startToInstantiated, base.startToInstantiated)
			b, blo, bhi := ratio(times[i].instantiatedToReady, base.instantiatedToReady)
			fmt.Printf("  %-*s ÷ hello-world, parts: to instantiated %.2f (per run %.2f–%.2f), instantiated → ready %.2f (per run %.2f–%.2f)\n", w, x.label, a, alo, ahi, b, blo, bhi)
		}
		r, lo, hi := ratio(times[i].startToReady, base.startToReady)
		r2, _, _ := ratio(times[i].originToReady, base.originToReady)
		fmt.Printf("  %-*s ÷ hello-world: %.2f (per run %.2f–%.2f; script start → ready; goal ≤ 1.3 → %s), %.2f (time origin → ready)\n", w, x.label, r, lo, hi, ok(r <= 1.3), r2)
	}
	fmt.Println()
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
