//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/e2e"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

func openPopup(br *e2e.Browser) (*e2e.Tab, error) {
	p, err := br.NewTab("chrome-extension://"+e2e.ExtensionID+"/extension/pages/popup.html", "popup")
	if err != nil {
		return nil, err
	}
	if err := e2e.WaitJS(p.Ctx, `document.body && document.body.dataset.ready === '1'`, 30*time.Second, "body[data-ready=1]"); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// typeAtOnce types "z" into the popup's search box the moment its list is
// on screen (the mark wxdrop-list-shown), as a person who knows what to
// type does: the figure is when the popup's own search answers it.
const typeAtOnce = `(() => {
  new PerformanceObserver((list, obs) => {
    if (!list.getEntries().some((e) => e.name === 'wxdrop-list-shown')) return;
    obs.disconnect();
    const s = document.getElementById('search');
    s.value += 'z';
    s.dispatchEvent(new Event('input', {bubbles: true}));
  }).observe({type: 'mark'});
})()`

// openMarked opens url in a new tab, with script (if any) run before the
// page's own, waits until every mark is set and returns their times (ms
// from the page's time origin). A mark named with a leading "?" is not
// waited for: -1 when it is not set by then.
func openMarked(br *e2e.Browser, url, script string, marks ...string) ([]float64, error) {
	tab, err := br.NewTab("", "measured")
	if err != nil {
		return nil, err
	}
	defer tab.Close()
	ctx, cancel := context.WithTimeout(tab.Ctx, 30*time.Second)
	defer cancel()
	if script != "" {
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script}); err != nil {
			return nil, err
		}
	}
	var trace *mainThreadTrace
	if *cpu {
		if trace, err = startTrace(ctx); err != nil {
			return nil, err
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return nil, err
	}
	names, _ := json.Marshal(marks)
	get := `(() => { const t = ` + string(names) + `.map((n) => { const m = performance.getEntriesByName(n.replace(/^[?]/, ''))[0]; return m ? m.startTime : n[0] === '?' ? -1 : undefined; }); return t.every((x) => x !== undefined) ? t : null; })()`
	if err := e2e.WaitJS(tab.Ctx, get+` !== null`, 30*time.Second, fmt.Sprintf("the marks %v on %s", marks, url)); err != nil {
		return nil, err
	}
	if *verbose {
		all, _ := e2e.Eval[string](ctx, `performance.getEntriesByType('mark').map((m) => m.name + ' ' + m.startTime.toFixed(1)).join(', ')`)
		fmt.Printf("    %s: %s\n", url[strings.LastIndex(url, "/")+1:], all)
	}
	t, err := e2e.Eval[[]float64](ctx, get)
	if err != nil || trace == nil {
		return t, err
	}
	// -cpu: the main thread's CPU time before the first mark, after the
	// rest; -1 when the trace missed it (it does, rarely: the sample is
	// left out rather than the run).
	ms, _, err := trace.cpuBefore(ctx, strings.TrimPrefix(marks[0], "?"))
	if err != nil {
		fmt.Println("    -cpu:", err)
		ms = -1
	}
	return append(t, ms), nil
}

// popupFigures opens the popup and its two baselines (list.html and
// hello.html of the hello-world extension) round after round, in an order
// that alternates, with both extensions' workers running and then
// stopped before each round.
func popupFigures(ctx context.Context, br *e2e.Browser) error {
	// The baseline lists the same 50 chats: the snapshot a popup stores
	// once it has listed every contact, copied to the other extension's
	// storage.session.
	pop, err := openPopup(br)
	if err != nil {
		return err
	}
	get := fmt.Sprintf(`chrome.storage.session.get(%q).then((o) => o[%[1]q] || '')`, msg.SnapshotKey)
	err = e2e.WaitJS(pop.Ctx, get, 30*time.Second, "the popup's snapshot in storage.session")
	var snap string
	if err == nil {
		snap, err = e2e.Eval[string](pop.Ctx, get)
	}
	pop.Close()
	if err != nil {
		return err
	}
	htab, err := br.NewTab("chrome-extension://"+e2e.HelloID+"/manifest.json", "hello-storage")
	if err != nil {
		return err
	}
	_, err = e2e.Eval[bool](htab.Ctx, fmt.Sprintf(`chrome.storage.session.set({%q: %s}).then(() => true)`, msg.SnapshotKey, jsString(snap)))
	htab.Close()
	if err != nil {
		return fmt.Errorf("storing the snapshot in the baseline extension: %w", err)
	}
	popupURL := "chrome-extension://" + e2e.ExtensionID + "/extension/pages/popup.html"
	hello := "chrome-extension://" + e2e.HelloID + "/"
	perRun := max((*rounds+*runs-1) / *runs, 1)
	for _, cold := range []bool{false, true} {
		var list, answer, instant, tti, baseList, baseMain, cpuList, cpuBase, listB, cpuB, painted, basePainted, paintedB, goAnswer, answerB series
		byJS := 0 // first answers given by instant.js's search.js
		for r := 0; r <= perRun**runs; r++ {
			run := (r - 1) / perRun
			if r > 0 && run >= len(list) {
				list, answer, instant, tti, baseList, baseMain = append(list, nil), append(answer, nil), append(instant, nil), append(tti, nil), append(baseList, nil), append(baseMain, nil)
				cpuList, cpuBase, listB, cpuB, answerB = append(cpuList, nil), append(cpuBase, nil), append(listB, nil), append(cpuB, nil), append(answerB, nil)
				painted, basePainted, paintedB, goAnswer = append(painted, nil), append(basePainted, nil), append(paintedB, nil), append(goAnswer, nil)
			}
			pages := []func() error{
				func() error {
					t, err := openMarked(br, popupURL, typeAtOnce, "wxdrop-list-shown", "wxdrop-first-answer", "wxdrop-interactive", "?wxdrop-instant-answer", "wxdrop-list-painted", "wxdrop-go-answer")
					if err == nil && r > 0 {
						list[run], answer[run], tti[run] = append(list[run], t[0]), append(answer[run], t[1]), append(tti[run], t[2])
						painted[run], goAnswer[run] = append(painted[run], t[4]), append(goAnswer[run], t[5])
						if t[1] < t[5] {
							byJS++
						}
						if t[3] >= 0 {
							instant[run] = append(instant[run], t[3])
						}
						if *cpu && t[6] >= 0 {
							cpuList[run] = append(cpuList[run], t[6])
						}
					}
					return err
				},
				func() error {
					t, err := openMarked(br, hello+"list.html", "", "baseline-list-shown", "baseline-list-painted")
					if err == nil && r > 0 {
						baseList[run], basePainted[run] = append(baseList[run], t[0]), append(basePainted[run], t[1])
						if *cpu && t[2] >= 0 {
							cpuBase[run] = append(cpuBase[run], t[2])
						}
					}
					return err
				},
				func() error {
					t, err := openMarked(br, hello+"hello.html", "", "hello-main")
					if err == nil && r > 0 {
						baseMain[run] = append(baseMain[run], t[0])
					}
					return err
				},
			}
			if *abPage != "" {
				// -ab: a variant of the popup, in the same rotation.
				pages = append(pages, func() error {
					t, err := openMarked(br, "chrome-extension://"+e2e.ExtensionID+"/extension/pages/"+*abPage, typeAtOnce, "wxdrop-list-shown", "?wxdrop-list-painted", "wxdrop-first-answer")
					if err == nil && r > 0 {
						listB[run] = append(listB[run], t[0])
						if t[1] >= 0 {
							paintedB[run] = append(paintedB[run], t[1])
						}
						if t[2] >= 0 {
							answerB[run] = append(answerB[run], t[2])
						}
						if *cpu && t[3] >= 0 {
							cpuB[run] = append(cpuB[run], t[3])
						}
					}
					return err
				})
			}
			for k := range pages {
				// Each page finds the workers as its figure says, whatever
				// the page before it left behind: a popup that woke the
				// worker (or a worker still busy with what the popup
				// asked) must not be the next baseline's load.
				if err := workersFor(ctx, br, cold); err != nil {
					return err
				}
				i := (k + r) % len(pages)
				if err := pages[i](); err != nil {
					return err
				}
				if cold && *verbose {
					// What woke a stopped worker while the page opened.
					ws, _ := br.Workers(e2e.ExtensionID)
					if len(ws) > 0 {
						fmt.Printf("    wxdrop's worker running after page %d\n", i)
					}
				}
			}
			if *verbose && r > 0 {
				fmt.Printf("  round %2d cold=%v: list %6.1f (baseline %6.1f), answer %6.1f (hello main %6.1f), interactive %6.1f\n", r, cold, last(list), last(baseList), last(answer), last(baseMain), last(tti))
			}
		}
		label := "worker running"
		if cold {
			label = "worker stopped before each round"
		}
		fmt.Printf("popup, %s (%d runs of %d rounds; ms from the page's time origin)\n", label, *runs, perRun)
		fmt.Printf("  chat list on screen     %s\n", list)
		fmt.Printf("    static list page      %s\n", baseList)
		r, lo, hi := ratio(list, baseList)
		fmt.Printf("    ratio %.2f (per run %.2f–%.2f)  goal ≤ 1.2 → %s\n", r, lo, hi, ok(r <= 1.2))
		// The same lists once the frame that shows their rows is painted
		// (a task queued from requestAnimationFrame): at the marks above
		// neither page has laid its rows out (content-visibility: auto),
		// and the popup's header is shaped while the static page's rows
		// are not; here both have shaped their names.
		fmt.Printf("  chat list painted       %s\n", painted)
		fmt.Printf("    static list page      %s\n", basePainted)
		r, lo, hi = ratio(painted, basePainted)
		fmt.Printf("    ratio %.2f (per run %.2f–%.2f)  goal ≤ 1.2 → %s\n", r, lo, hi, ok(r <= 1.2))
		if *abPage != "" && len(paintedB.all()) > 0 {
			fmt.Printf("    %-21s %s\n", *abPage, paintedB)
			r, lo, hi = ratio(paintedB, basePainted)
			fmt.Printf("    its ratio %.2f (per run %.2f–%.2f)", r, lo, hi)
			r, lo, hi = ratio(paintedB, painted)
			fmt.Printf("; to popup.html's %.2f (per run %.2f–%.2f)\n", r, lo, hi)
		}
		if *abPage != "" {
			fmt.Printf("    %-21s %s\n", *abPage, listB)
			r, lo, hi = ratio(listB, baseList)
			fmt.Printf("    its ratio %.2f (per run %.2f–%.2f)", r, lo, hi)
			r, lo, hi = ratio(listB, list)
			fmt.Printf("; to popup.html's %.2f (per run %.2f–%.2f)\n", r, lo, hi)
			if *cpu {
				r, lo, hi = ratio(cpuB, cpuBase)
				fmt.Printf("    its CPU time %s; ratio %.2f (per run %.2f–%.2f)\n", cpuB, r, lo, hi)
			}
		}
		if *cpu {
			r, lo, hi = ratio(cpuList, cpuBase)
			fmt.Printf("    main thread's CPU time before it (-cpu)\n      popup               %s\n      static list page    %s\n      ratio %.2f (per run %.2f–%.2f)\n", cpuList, cpuBase, r, lo, hi)
		}
		// The first answer over every contact, by whichever searched
		// first: instant.js with search.js, or popup.wasm (the same hits,
		// jsport_test.go).
		fmt.Printf("  first keystroke answered (a search of every contact; by instant.js's search.js in %d of %d opens)\n                          %s\n", byJS, len(answer.all()), answer)
		fmt.Printf("    hello-world Go main   %s\n", baseMain)
		r, lo, hi = ratio(answer, baseMain)
		fmt.Printf("    ratio %.2f (per run %.2f–%.2f)  goal ≤ 1.3 → %s\n", r, lo, hi, ok(r <= 1.3))
		if *abPage != "" && len(answerB.all()) > 0 {
			r, lo, hi = ratio(answerB, baseMain)
			fmt.Printf("    %-21s %s; ratio %.2f (per run %.2f–%.2f)", *abPage, answerB, r, lo, hi)
			r, lo, hi = ratio(answerB, answer)
			fmt.Printf("; to popup.html's %.2f (per run %.2f–%.2f)\n", r, lo, hi)
		}
		r, lo, hi = ratio(goAnswer, baseMain)
		fmt.Printf("    popup.wasm's own answer %s; ratio %.2f (per run %.2f–%.2f)\n", goAnswer, r, lo, hi)
		if len(instant.all()) > 0 {
			r, lo, hi = ratio(instant, baseMain)
			fmt.Printf("    before either, instant.js's prefix filter of the chats listed:\n                          %s; ratio %.2f (per run %.2f–%.2f)\n", instant, r, lo, hi)
		}
		fmt.Printf("  time to interactive     %s\n", tti)
	}
	fmt.Println()
	return nil
}

// workersFor stops both extensions' workers (cold) or makes sure both run.
func workersFor(ctx context.Context, br *e2e.Browser, cold bool) error {
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if cold {
		return br.StopAllWorkers(sctx, e2e.ExtensionID, e2e.HelloID)
	}
	return wakeBoth(br)
}
