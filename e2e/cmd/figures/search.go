//go:build !js

package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/wxdrop/wxdrop/e2e"
)

// benchJS instruments the popup: for every keystroke in #search it records
// the keydown (capture phase, before the page's handlers) and the time the
// last change to #chats had been made and laid out, or when the input event
// had been handled if the list did not change.
const benchJS = `(() => {
  const s = document.querySelector('#search'), list = document.querySelector('#chats');
  const W = window.__wxdropBench = {marks: []};
  const last = () => W.marks[W.marks.length - 1];
  window.addEventListener('keydown', (e) => { if (e.target === s) W.marks.push({t0: performance.now(), done: 0, n: 0}); }, true);
  window.addEventListener('input', (e) => { const m = last(); if (e.target === s && m) { m.done = Math.max(m.done, performance.now()); } });
  new MutationObserver(() => {
    const m = last();
    if (!m) return;
    void document.body.offsetHeight; // the layout the next frame needs
    m.done = Math.max(m.done, performance.now());
    m.n = list.querySelectorAll('li.chat').length;
  }).observe(list, {childList: true, subtree: true, characterData: true, attributes: true});
  return true;
})()`

// queries are typed one key at a time; between two, the search is
// selected and erased with Backspace (a keystroke too).
var queries = []string{"zs", "wang", "lxm", "zhangwei", "bz", "chen", "q", "huangjie", "ww", "lj", "张", "王芳", "liuyang", "xq"}

// search types the queries in -runs popups, one after the other (a
// fresh popup each, so that a slow moment of the machine shows as the
// spread of the runs).
func search(br *e2e.Browser) error {
	var lat series
	var hits []string
	unseen := 0
	var keys []keyCPU
	for run := 0; run < *runs; run++ {
		l, h, u, k, err := searchRun(br, run == 0)
		if err != nil {
			return err
		}
		keys = append(keys, k...)
		lat = append(lat, l)
		if run == 0 {
			hits = h
		}
		unseen += u
	}
	a := lat.all()
	var p95s []float64
	for _, run := range lat {
		p95s = append(p95s, p95(run))
	}
	fmt.Printf("contact search in the popup (keydown → #chats updated and laid out; %d runs)\n", *runs)
	fmt.Printf("  %d keystrokes: %s; max %5.1f ms\n", len(a), lat, slices.Max(a))
	fmt.Printf("  p95 %5.1f ms (per-run p95 %5.1f–%5.1f ms)  goal: p95 ≤ 16 ms → %s\n", p95(a), slices.Min(p95s), slices.Max(p95s), ok(p95(a) <= 16))
	fmt.Printf("  chats listed per query: %s\n", strings.Join(hits, " "))
	if unseen > 0 {
		fmt.Printf("  (%d keystrokes changed nothing the harness could see)\n", unseen)
	}
	printKeystrokeCPU(keys)
	return nil
}

// searchRun types every query once in a fresh popup: the latency of each
// keystroke, the chats listed per query, the keystrokes not seen and,
// with -cpu, what the main thread did in each keystroke.
func searchRun(br *e2e.Browser, first bool) (lat []float64, hits []string, unseen int, keys []keyCPU, err error) {
	p, err := openPopup(br)
	if err != nil {
		return nil, nil, 0, nil, err
	}
	defer p.Close()
	ctx, cancel := context.WithTimeout(p.Ctx, 5*time.Minute)
	defer cancel()
	if _, err := e2e.Eval[bool](ctx, benchJS); err != nil {
		return nil, nil, 0, nil, err
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("search"))); err != nil {
		return nil, nil, 0, nil, err
	}
	var trace *mainThreadTrace
	var origin float64
	if *cpu {
		// The trace's own cost is in the figures of a -cpu run: compare
		// its wall times only with another -cpu run's.
		if trace, err = startTraceOf(ctx, searchCategories); err != nil {
			return nil, nil, 0, nil, err
		}
		if origin, err = e2e.Eval[float64](ctx, `performance.mark('wxdrop-bench-origin').startTime`); err != nil {
			return nil, nil, 0, nil, err
		}
	}
	if *profile && first {
		stop, err := e2e.Profile(ctx, os.Stdout, 30)
		if err != nil {
			return nil, nil, 0, nil, err
		}
		defer stop()
	}
	for _, q := range queries {
		if _, err := e2e.Eval[bool](ctx, `(document.querySelector('#search').select(), true)`); err != nil {
			return nil, nil, 0, nil, err
		}
		if err := key(ctx, "\b"); err != nil {
			return nil, nil, 0, nil, err
		}
		for _, r := range q {
			if err := key(ctx, string(r)); err != nil {
				return nil, nil, 0, nil, err
			}
		}
		// The chats listed: the rows' aria-setsize where the picker puts
		// only the first of them in the page, else the rows.
		n, _ := e2e.Eval[int](ctx, `(() => { const li = document.querySelector('#chats li.chat'); return li && li.hasAttribute('aria-setsize') ? +li.getAttribute('aria-setsize') : document.querySelectorAll('#chats li.chat').length; })()`)
		hits = append(hits, fmt.Sprintf("%s:%d", q, n))
	}
	type mark struct {
		T0, Done float64
		N        int
	}
	marks, err := e2e.Eval[[]mark](ctx, `window.__wxdropBench.marks`)
	if err != nil {
		return nil, nil, 0, nil, err
	}
	var windows [][2]float64
	for i, m := range marks {
		if m.Done > 0 {
			lat = append(lat, m.Done-m.T0)
			windows = append(windows, [2]float64{m.T0, m.Done})
			if *verbose {
				fmt.Printf("  keystroke %3d: %5.1f ms, %d chats\n", i, m.Done-m.T0, m.N)
			}
		}
	}
	if len(lat) == 0 {
		return nil, nil, 0, nil, fmt.Errorf("no keystroke was measured (%d keydowns)", len(marks))
	}
	if trace != nil {
		if err := trace.stop(ctx); err != nil {
			return nil, nil, 0, nil, err
		}
		if keys, err = trace.keystrokeCPU("wxdrop-bench-origin", origin, windows); err != nil {
			return nil, nil, 0, nil, err
		}
	}
	return lat, hits, len(marks) - len(lat), keys, nil
}

// key sends one keystroke and leaves the page time to settle, so that each
// is measured alone.
func key(ctx context.Context, k string) error {
	if err := chromedp.Do(ctx, keyEvent(k)); err != nil {
		return err
	}
	time.Sleep(150 * time.Millisecond)
	return nil
}

// keyEvent is chromedp.KeyEvent, which sends a printable key's keyDown
// and its char as two commands, each a round trip from this process to
// the page that the keystroke's figure holds; with -onekey the keyDown
// carries the text (one command, as a keyboard's key reaches the page).
func keyEvent(k string) chromedp.Action[chromedp.Void] {
	if !*oneKey {
		return chromedp.KeyEvent(k)
	}
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, r := range k {
			var down *input.DispatchKeyEventParams
			for _, e := range kb.Encode(r) {
				switch e.Type {
				case kb.KeyDown:
					down = e
					continue
				case kb.KeyChar:
					down.Text, down.UnmodifiedText = e.Text, e.UnmodifiedText
					continue
				}
				for _, p := range []*input.DispatchKeyEventParams{down, e} {
					if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, *p); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}
