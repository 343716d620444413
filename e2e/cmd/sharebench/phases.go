//go:build !js

package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Where a send's time goes: its requests as wxsim got them, and (-net)
// as the worker made them.

// phases is when the requests of a send reached wxsim, from its start:
// the download (and the extension's MD5) end at webwxcheckupload.
type phases struct {
	// first is the time to the first chunk, chunks from it to the last.
	first, chunks time.Duration
	n             int
	gaps          []float64 // ms between chunks
	other         []string  // the other requests, with their times
}

func (b *bench) phases(start time.Time) phases {
	var p phases
	var first, last time.Time
	for _, r := range b.sim.Requests() {
		if r.Time.Before(start) {
			continue
		}
		at := fmt.Sprintf("%6.2fs ", r.Time.Sub(start).Seconds())
		if r.Method != "POST" && r.Method != "GET" {
			p.other = append(p.other, at+r.Method+" "+r.Endpoint)
		}
		switch r.Endpoint {
		case "webwxcheckupload", "webwxsendappmsg":
			p.other = append(p.other, at+r.Endpoint)
		case "webwxuploadmedia":
			if first.IsZero() {
				first = r.Time
			} else {
				p.gaps = append(p.gaps, r.Time.Sub(last).Seconds()*1000)
			}
			last = r.Time
			p.n++
		}
	}
	if p.n > 0 {
		p.first, p.chunks = first.Sub(start), last.Sub(first)
	}
	return p
}

func (p phases) print() {
	for _, o := range p.other {
		fmt.Println("  " + o)
	}
	if p.n > 0 {
		fmt.Printf("  %6.2fs first chunk, %6.2fs last (%d chunks, %.1f MiB/s); gaps ms: %.0f\n", p.first.Seconds(), (p.first + p.chunks).Seconds(), p.n, float64(p.n)/2/p.chunks.Seconds(), p.gaps)
	}
}

// logNetwork prints, once stop is called, when each request of the
// worker other than an upload chunk started and finished, from start
// (as the harness heard of it).
func logNetwork(ctx context.Context, start time.Time) (stop func(), err error) {
	var mu sync.Mutex
	var lines []string
	urls := map[network.RequestID]string{}
	err = chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		at := fmt.Sprintf("  %6.3fs ", time.Since(start).Seconds())
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			u := ev.Request.URL
			if i := strings.IndexAny(u, "?"); i >= 0 {
				u = u[:i]
			}
			urls[ev.RequestID] = u
			if !strings.HasSuffix(u, "webwxuploadmedia") {
				lines = append(lines, at+"start "+ev.Request.Method+" "+u)
			}
		case *network.EventLoadingFinished:
			if u := urls[ev.RequestID]; u != "" && !strings.HasSuffix(u, "webwxuploadmedia") {
				lines = append(lines, at+"end   "+u)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	// DevTools keeps no body of either way: kept, a 64 MiB download and
	// every chunk's body are copied for it, which doubled the times.
	one := int64(1)
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{MaxTotalBufferSize: &one, MaxResourceBufferSize: &one, MaxPostDataSize: &one}); err != nil {
		return nil, err
	}
	return func() {
		_, _ = chromedp.Call(ctx, network.Disable, cdp.Empty{})
		mu.Lock()
		defer mu.Unlock()
		for _, l := range lines {
			fmt.Println(l)
		}
	}, nil
}
