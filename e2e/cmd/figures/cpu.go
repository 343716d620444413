//go:build !js

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// mainThreadTrace records a trace of a tab from before its navigation, to
// tell the CPU time its renderer's main thread spent before a mark: a
// figure of the work a page does, which a busy machine's scheduling does
// not blur as it blurs the wall-clock time (-cpu).
type mainThreadTrace struct {
	mu     sync.Mutex
	raw    [][]byte
	events []traceEvent
	done   chan struct{}
}

type traceEvent struct {
	Name string          `json:"name"`
	Cat  string          `json:"cat"`
	Ph   string          `json:"ph"`
	Pid  int             `json:"pid"`
	Tid  int             `json:"tid"`
	Ts   float64         `json:"ts"`
	Dur  float64         `json:"dur"`
	TDur float64         `json:"tdur"`
	Args json.RawMessage `json:"args"`
}

func startTrace(ctx context.Context) (*mainThreadTrace, error) {
	return startTraceOf(ctx, categories())
}

// startTraceOf is startTrace of the given trace categories.
func startTraceOf(ctx context.Context, cats []string) (*mainThreadTrace, error) {
	t := &mainThreadTrace{done: make(chan struct{})}
	err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			// Kept as they come, decoded after: the listener must be quick.
			t.mu.Lock()
			for _, v := range e.Value {
				t.raw = append(t.raw, append([]byte(nil), v...))
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
		TraceConfig:  &tracing.TraceConfig{IncludedCategories: cats},
	})
	return t, err
}

// cpuBefore ends the trace and returns the main-thread CPU time (ms) of
// the renderer that set mark, from the trace's start to the mark, and the
// count of tasks it ran meanwhile.
func (t *mainThreadTrace) cpuBefore(ctx context.Context, mark string) (float64, int, error) {
	if err := t.stop(ctx); err != nil {
		return 0, 0, err
	}
	if *traceDir != "" {
		if err := t.save(mark); err != nil {
			return 0, 0, err
		}
	}
	at := t.mark(mark)
	if at == nil {
		var seen []string
		for _, e := range t.events {
			if strings.Contains(e.Cat, "user_timing") {
				seen = append(seen, e.Name)
			}
		}
		return 0, 0, fmt.Errorf("no trace event of the mark %s among %d events (user timing: %v)", mark, len(t.events), seen)
	}
	var cpu float64
	n := 0
	end := -1.0 // the last top-level task counted ends here: nested ones are skipped
	for _, e := range t.events {
		if e.Pid != at.Pid || e.Tid != at.Tid || e.Ph != "X" || !strings.Contains(e.Cat, "toplevel") || e.Ts > at.Ts || e.Ts < end {
			continue
		}
		d := e.TDur
		if e.Ts+e.Dur > at.Ts && e.Dur > 0 {
			d *= (at.Ts - e.Ts) / e.Dur // the mark's own task, up to the mark
		}
		cpu += d
		n++
		end = e.Ts + e.Dur
	}
	if *verbose {
		// What the time went to (nested events counted in each: a
		// forced layout is in its FunctionCall too).
		by := map[string]float64{}
		for _, e := range t.events {
			if e.Pid == at.Pid && e.Tid == at.Tid && e.Ph == "X" && e.Ts <= at.Ts && strings.Contains(e.Cat, "devtools.timeline") {
				by[e.Name] += e.TDur / 1000
			}
		}
		var parts []string
		for k, v := range by {
			if v >= 0.3 {
				parts = append(parts, fmt.Sprintf("%s %.1f", k, v))
			}
		}
		sort.Strings(parts)
		fmt.Printf("      %s cpu %.1f: %s\n", mark, cpu/1000, strings.Join(parts, ", "))
	}
	return cpu / 1000, n, nil
}

// mark is the trace event of the performance mark named name, nil if
// there is none.
func (t *mainThreadTrace) mark(name string) *traceEvent {
	for i, e := range t.events {
		if e.Name == name && strings.Contains(e.Cat, "user_timing") {
			return &t.events[i]
		}
	}
	return nil
}

// stop ends the trace and decodes its events into t.events, by time.
func (t *mainThreadTrace) stop(ctx context.Context) error {
	if _, err := chromedp.Call(ctx, tracing.End, cdp.Empty{}); err != nil {
		return err
	}
	select {
	case <-t.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, v := range t.raw {
		var te traceEvent
		if json.Unmarshal(v, &te) == nil {
			t.events = append(t.events, te)
		}
	}
	sort.SliceStable(t.events, func(i, j int) bool { return t.events[i].Ts < t.events[j].Ts })
	return nil
}

func categories() []string {
	c := []string{"toplevel", "blink.user_timing", "__metadata"}
	if *verbose || *traceDir != "" {
		c = append(c, "devtools.timeline", "v8")
	}
	if *traceDir != "" {
		// What a page waits on besides its own work: loading, the
		// browser's answers (a sync call blocks the main thread without
		// using its CPU), blink's own phases.
		c = append(c, "loading", "blink", "mojom", "ipc", "toplevel.flow", "disabled-by-default-devtools.timeline")
	}
	return c
}

// saved counts the traces written by save, to name them.
var saved = map[string]int{}

// save writes the raw trace, for chrome://tracing or Perfetto (-tracedir):
// one file per page opened, named by its first mark and a count.
func (t *mainThreadTrace) save(mark string) error {
	saved[mark]++
	var b bytes.Buffer
	b.WriteString("[")
	for i, v := range t.raw {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.Write(v)
	}
	b.WriteString("]\n")
	return os.WriteFile(filepath.Join(*traceDir, fmt.Sprintf("%s-%02d.json", mark, saved[mark])), b.Bytes(), 0o644)
}
