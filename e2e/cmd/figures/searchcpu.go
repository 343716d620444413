//go:build !js

package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// searchCategories are what -cpu traces while the search figure types:
// the tasks, the timeline's events (event dispatch, style, layout, GC,
// paint) and the marks that place the keystrokes on the trace's clock.
var searchCategories = []string{"toplevel", "devtools.timeline", "v8", "blink.user_timing", "__metadata"}

// keyCPU is what the main thread did during one keystroke's window: its
// CPU time, and that time by the innermost trace event it was spent in
// (self time: a forced layout is Layout, not the FunctionCall that
// forced it).
type keyCPU struct {
	wall, cpu float64
	// busy is the wall time of the main thread's tasks in the window;
	// the rest it was idle, waiting for the harness's next key event
	// (chromedp sends a key's keyDown and char one after the other,
	// each a round trip from this process to the page).
	busy float64
	self map[string]float64
}

// keystrokeCPU splits the trace by the keystrokes' windows (performance.now
// times; origin is the performance.now of the mark originMark, which ties
// them to the trace's clock).
func (t *mainThreadTrace) keystrokeCPU(originMark string, origin float64, windows [][2]float64) ([]keyCPU, error) {
	at := t.mark(originMark)
	if at == nil {
		return nil, fmt.Errorf("no trace event of the mark %s among %d events", originMark, len(t.events))
	}
	var main []traceEvent
	for _, e := range t.events {
		if e.Pid == at.Pid && e.Tid == at.Tid && e.Ph == "X" && e.Dur > 0 {
			main = append(main, e)
		}
	}
	// Parents before their children: by start, the longer first.
	slices.SortStableFunc(main, func(a, b traceEvent) int {
		return cmp.Or(cmp.Compare(a.Ts, b.Ts), cmp.Compare(b.Dur, a.Dur))
	})
	out := make([]keyCPU, 0, len(windows))
	for _, w := range windows {
		from, to := at.Ts+(w[0]-origin)*1000, at.Ts+(w[1]-origin)*1000
		k := keyCPU{wall: w[1] - w[0], self: map[string]float64{}}
		type open struct {
			end         float64
			name, event string
		}
		var stack []open
		for _, e := range main {
			if e.Ts+e.Dur <= from || e.Ts >= to {
				continue
			}
			// The part of the event inside the window, in thread time.
			part := e.TDur * (min(e.Ts+e.Dur, to) - max(e.Ts, from)) / e.Dur
			for len(stack) > 0 && stack[len(stack)-1].end <= e.Ts {
				stack = stack[:len(stack)-1]
			}
			o := open{end: e.Ts + e.Dur, name: e.Name}
			if len(stack) == 0 {
				k.cpu += part
				k.busy += min(e.Ts+e.Dur, to) - max(e.Ts, from)
			} else {
				k.self[stack[len(stack)-1].name] -= part
				o.event = stack[len(stack)-1].event
			}
			// Script is named by the DOM event it handles: keydown's
			// handlers apart from input's.
			if t := eventType(e); t != "" {
				o.event = t
			}
			if o.event != "" && (e.Name == "FunctionCall" || e.Name == "EventDispatch" || strings.HasPrefix(e.Name, "v8.")) {
				o.name += " " + o.event
			}
			k.self[o.name] += part
			stack = append(stack, o)
		}
		k.cpu /= 1000
		k.busy /= 1000
		for n, v := range k.self {
			k.self[n] = v / 1000
		}
		out = append(out, k)
	}
	return out, nil
}

// printKeystrokeCPU prints the keystrokes' main-thread CPU time and, for
// all of them and for the twentieth slowest (by wall time) and of most
// CPU time, what it was spent in.
func printKeystrokeCPU(keys []keyCPU) {
	if len(keys) == 0 {
		return
	}
	cpus := make([]float64, len(keys))
	for i, k := range keys {
		cpus[i] = k.cpu
	}
	if *verbose {
		for i, k := range keys {
			fmt.Printf("    keystroke %3d: wall %5.1f ms (tasks %5.1f), CPU %5.1f ms: %s\n", i, k.wall, k.busy, k.cpu, topSelf(k.self, 4))
		}
	}
	fmt.Printf("  main thread's CPU time a keystroke (-cpu): median %5.1f ms, p95 %5.1f ms, max %5.1f ms\n", median(cpus), p95(cpus), slices.Max(cpus))
	busy := make([]float64, len(keys))
	for i, k := range keys {
		busy[i] = k.busy
	}
	fmt.Printf("  its tasks' wall time (the keystroke without the harness's round trip between keyDown and char): median %5.1f ms, p95 %5.1f ms\n", median(busy), p95(busy))
	slowest := func(by func(keyCPU) float64) []keyCPU {
		s := slices.Clone(keys)
		slices.SortFunc(s, func(a, b keyCPU) int { return cmp.Compare(by(b), by(a)) })
		return s[:max(1, len(s)/20)]
	}
	n := max(1, len(keys)/20)
	for _, g := range []struct {
		label string
		keys  []keyCPU
	}{
		{"every keystroke", keys},
		{fmt.Sprintf("the %d slowest", n), slowest(func(k keyCPU) float64 { return k.wall })},
		{fmt.Sprintf("the %d of most CPU", n), slowest(func(k keyCPU) float64 { return k.cpu })},
	} {
		sum := map[string]float64{}
		var wall, cpu, busy float64
		for _, k := range g.keys {
			wall += k.wall
			cpu += k.cpu
			busy += k.busy
			for n, v := range k.self {
				sum[n] += v
			}
		}
		n := float64(len(g.keys))
		for name := range sum {
			sum[name] /= n
		}
		fmt.Printf("    %s, mean a keystroke: wall %.1f ms (tasks %.1f), CPU %.1f ms: %s\n", g.label, wall/n, busy/n, cpu/n, topSelf(sum, 9))
	}
}

// topSelf is the first few kinds of self time, the largest first.
func topSelf(self map[string]float64, top int) string {
	names := make([]string, 0, len(self))
	for name := range self {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(self[b], self[a]) })
	var parts []string
	for _, name := range names[:min(len(names), top)] {
		if self[name] >= 0.05 {
			parts = append(parts, fmt.Sprintf("%s %.2f", name, self[name]))
		}
	}
	return strings.Join(parts, ", ")
}

// eventType is the DOM event an EventDispatch event dispatched.
func eventType(e traceEvent) string {
	if e.Name != "EventDispatch" || len(e.Args) == 0 {
		return ""
	}
	var a struct {
		Data struct {
			Type string `json:"type"`
		} `json:"data"`
	}
	if json.Unmarshal(e.Args, &a) != nil {
		return ""
	}
	return a.Data.Type
}
