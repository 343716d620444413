//go:build !js

package e2e

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// WorkerURL is the script URL of an extension's service worker.
func WorkerURL(extID, script string) string {
	return "chrome-extension://" + extID + "/" + script
}

// Workers returns the running service workers of an extension.
func (b *Browser) Workers(extID string) ([]*target.Info, error) {
	ts, err := chromedp.Targets(b.Ctx)
	if err != nil {
		return nil, err
	}
	var out []*target.Info
	for _, t := range ts {
		if t.Type == "service_worker" && strings.HasPrefix(t.URL, "chrome-extension://"+extID+"/") {
			out = append(out, t)
		}
	}
	return out, nil
}

// StopAllWorkers stops every service worker (CDP ServiceWorker.stopAllWorkers,
// sent on the first tab) and waits until none of the extensions is listed.
// A worker still starting (just installed) is not stopped by the command,
// so it is sent again until they are all gone.
func (b *Browser) StopAllWorkers(ctx context.Context, extIDs ...string) error {
	// The domain answers only once enabled on the session.
	if _, err := chromedp.Call(b.Ctx, serviceworker.Enable, cdp.Empty{}); err != nil {
		return fmt.Errorf("e2e: ServiceWorker.enable: %w", err)
	}
	for i := 0; ; i++ {
		if i%5 == 0 {
			if _, err := chromedp.Call(b.Ctx, serviceworker.StopAllWorkers, cdp.Empty{}); err != nil {
				return fmt.Errorf("e2e: ServiceWorker.stopAllWorkers: %w", err)
			}
		}
		var running []string
		for _, id := range extIDs {
			ws, err := b.Workers(id)
			if err != nil {
				return err
			}
			for _, w := range ws {
				running = append(running, w.URL)
			}
		}
		if len(running) == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("e2e: workers still running after stopAllWorkers (%v): %w", running, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Timing is what a worker script records in globalThis.wxdropTiming:
// performance.now() at the top of the script and when the Go core called
// back ready (0 while not yet).
type Timing struct {
	ScriptStart float64 `json:"scriptStart"`
	// Instantiated is when the module was fetched, compiled and
	// instantiated, before the Go runtime starts.
	Instantiated *float64 `json:"instantiated"`
	CoreReady    *float64 `json:"coreReady"`
}

// StartToReady is CoreReady - ScriptStart in milliseconds.
func (t Timing) StartToReady() float64 {
	if t.CoreReady == nil {
		return -1
	}
	return *t.CoreReady - t.ScriptStart
}

// StartToInstantiated is Instantiated - ScriptStart in milliseconds:
// loading wasm_exec.js, fetching, compiling and instantiating the module.
func (t Timing) StartToInstantiated() float64 {
	if t.Instantiated == nil {
		return -1
	}
	return *t.Instantiated - t.ScriptStart
}

// ErrNoWorker says an extension has no running service worker.
var ErrNoWorker = errors.New("e2e: no running service worker")

// WorkerTiming attaches to the running worker of an extension, waits until
// its core is ready, reads its timing and detaches.
func (b *Browser) WorkerTiming(ctx context.Context, extID string) (Timing, error) {
	var tm Timing
	err := b.InWorker(ctx, extID, func(wctx context.Context) error {
		for {
			v, err := chromedp.Run(wctx, chromedp.Evaluate[Timing](`globalThis.wxdropTiming || {scriptStart: -1, coreReady: null}`))
			if err != nil {
				return err
			}
			if v.CoreReady != nil {
				tm = v
				return nil
			}
			select {
			case <-wctx.Done():
				return fmt.Errorf("e2e: worker of %s: core not ready (wxdropTiming %+v): %w", extID, v, wctx.Err())
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
	return tm, err
}

// InWorker runs f with a context attached to the running service worker of
// an extension, waiting for one to be listed, and detaches after.
func (b *Browser) InWorker(ctx context.Context, extID string, f func(context.Context) error) error {
	var id target.ID
	for id == "" {
		ws, err := b.Workers(extID)
		if err != nil {
			return err
		}
		if len(ws) > 0 {
			id = ws[0].TargetID
			break
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w for %s: %w", ErrNoWorker, extID, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
	wctx, cancel := chromedp.NewContext(b.Ctx, chromedp.WithTargetID(id), chromedp.WithDetachOnCancel())
	defer cancel()
	wctx, tcancel := context.WithCancel(wctx)
	defer tcancel()
	stop := context.AfterFunc(ctx, tcancel)
	defer stop()
	if err := chromedp.Do(wctx); err != nil {
		return fmt.Errorf("e2e: attaching to the worker of %s: %w", extID, err)
	}
	return f(wctx)
}

// EvalWorker evaluates an expression in the running worker of an extension
// (awaiting a promise) and returns its value as JSON.
func (b *Browser) EvalWorker(ctx context.Context, extID, expr string) ([]byte, error) {
	var out []byte
	err := b.InWorker(ctx, extID, func(wctx context.Context) error {
		v, err := chromedp.Run(wctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
		out = v
		return err
	})
	return out, err
}

// watchWorkers attaches to every new service worker of ExtensionID and
// copies its console into the Log, until Close.
func (b *Browser) watchWorkers() {
	defer close(b.watchDone)
	seen := map[target.ID]context.CancelFunc{}
	defer func() {
		for _, c := range seen {
			c()
		}
	}()
	n := 0
	for {
		select {
		case <-b.stopWatch:
			return
		case <-time.After(100 * time.Millisecond):
		}
		ws, err := b.Workers(ExtensionID)
		if err != nil {
			continue
		}
		// A stopped worker's target goes away; the next start of the
		// worker may come back under the same id.
		for id, c := range seen {
			if !slices.ContainsFunc(ws, func(w *target.Info) bool { return w.TargetID == id }) {
				c()
				delete(seen, id)
			}
		}
		for _, w := range ws {
			if _, ok := seen[w.TargetID]; ok {
				continue
			}
			n++
			wctx, cancel := chromedp.NewContext(b.Ctx, chromedp.WithTargetID(w.TargetID), chromedp.WithDetachOnCancel())
			seen[w.TargetID] = cancel
			name := fmt.Sprintf("worker#%d", n)
			b.collect(wctx, name)
			go func() {
				actx, acancel := context.WithTimeout(wctx, 5*time.Second)
				defer acancel()
				if err := chromedp.Do(actx); err != nil {
					b.Log.Add(name, "(attach failed: "+err.Error()+")")
					return
				}
				b.Log.Add(name, "(attached)")
			}()
		}
	}
}
