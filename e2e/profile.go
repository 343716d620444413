//go:build !js

package e2e

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// Profile starts the CPU profiler of ctx's target; the returned stop
// prints its top functions to w (PrintProfile).
func Profile(ctx context.Context, w io.Writer, top int) (stop func(), err error) {
	if _, err := chromedp.Call(ctx, profiler.Enable, cdp.Empty{}); err != nil {
		return nil, err
	}
	if _, err := chromedp.Call(ctx, profiler.Start, cdp.Empty{}); err != nil {
		return nil, err
	}
	return func() {
		if res, err := chromedp.Call(ctx, profiler.Stop, cdp.Empty{}); err == nil && res.Profile != nil {
			PrintProfile(w, res.Profile, top)
		}
	}, nil
}

// PrintProfile prints the top functions of most self time in a CPU
// profile (the benchmarks' -profile).
func PrintProfile(w io.Writer, p *profiler.Profile, top int) {
	self := map[string]float64{}
	byID := map[int64]*profiler.ProfileNode{}
	for _, n := range p.Nodes {
		byID[n.ID] = n
	}
	var total float64
	for i, id := range p.Samples {
		if i >= len(p.TimeDeltas) {
			break
		}
		d := float64(p.TimeDeltas[i]) / 1000
		name := "?"
		if n := byID[id]; n != nil && n.CallFrame != nil {
			name = n.CallFrame.FunctionName
			if name == "" {
				name = "(anonymous) " + n.CallFrame.URL
			}
		}
		self[name] += d
		total += d
	}
	names := make([]string, 0, len(self))
	for k := range self {
		names = append(names, k)
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(self[b], self[a]) })
	fmt.Fprintf(w, "  profile: %.0f ms sampled\n", total)
	for i, k := range names {
		if i == top {
			break
		}
		fmt.Fprintf(w, "  %8.1f ms %5.1f%%  %s\n", self[k], 100*self[k]/total, k)
	}
}
