//go:build !js

// Command sharebench measures one-click sending of large files: a file of
// 64 MiB and one of 256 MiB, found by URL on the test site, sent through
// the context menu's handler (the download with its MD5, kept in memory
// as a Blob, webwxcheckupload, 512 KiB chunks of webwxuploadmedia,
// webwxsendappmsg) to wxsim. Beside
// each it measures, in the same browser and the same run, a plain
// JavaScript baseline in the same service worker that puts the same
// requests on the wire (baseline.go): fetch the same bytes, the same
// webwxcheckupload, the same 512 KiB chunks (each a valid upload request,
// so that wxsim does the same work), the same webwxsendappmsg. Both are
// timed alike, from the harness's call into the worker to wxsim's taking
// the message. It prints the throughput of both and their ratio (goal: at
// least 0.8), how long each took to its first chunk and over its chunks,
// and the extension's peak memory while it ran: the WebAssembly memory
// and the worker's JavaScript heap (goal: under 64 MiB, and the same for
// both sizes), and the baseline's JavaScript heap beside it. Both sides
// are sampled alike, every 100 ms, so the sampling's cost falls on both.
//
// -ab measures a second build (another commit's tree, built by its own
// build.sh) in a browser of its own beside this one's, round by round in
// alternating order, each against its own baseline, and prints each
// one's median ratio and the ratio of their ratios: a change is told
// from the machine's noise in the same run.
//
// -net prints when each send's download, webwxcheckupload and
// webwxsendappmsg started and ended in the worker (where the time before
// the first chunk goes); -profile the worker's busiest functions.
//
//	go run ./e2e/cmd/sharebench [-sizes 64,256] [-rounds 5] [-nobuild] [-ab dir] [-net] [-profile]
//
// It asserts nothing: it measures and prints. It needs /usr/bin/chromium.
package main

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/e2e"
	"github.com/wxdrop/wxdrop/internal/testsite"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/core"
)

var (
	sizes   = flag.String("sizes", "64,256", "file sizes in MiB")
	rounds  = flag.Int("rounds", 5, "rounds of each size (extension and baseline alternate)")
	noBuild = flag.Bool("nobuild", false, "use the extension as built (skip build.sh)")
	verbose = flag.Bool("v", false, "print every sample")
	noMem   = flag.Bool("nomem", false, "do not sample the memory (to see what sampling costs)")
	netLog  = flag.Bool("net", false, "print when the worker's requests other than the chunks started and ended")
	ab      = flag.String("ab", "", "also measure the extension at this repository root (another commit's tree), in a browser of its own, alternating with this one round by round")
	profile = flag.Bool("profile", false, "profile the worker's CPU during each send and print the functions of most self time (build with WXDROP_LDFLAGS= ./build.sh and -nobuild to see Go's names; a core.wasm built otherwise is not the one wasm-ids.json names, and the worker runs its old copy)")
)

const siteOrigin = "https://files.test"

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "sharebench:", err)
		os.Exit(1)
	}
}

// bench is the running setup of one build: its browser, its wxsim and
// its test site.
type bench struct {
	label string
	sim   *wxsim.Server
	site  *testsite.Site
	br    *e2e.Browser
	// n makes each round's file different: wxsim answers a file it
	// holds already with its MediaId, and nothing would be uploaded.
	n int64
}

// round is what one round measured of one build.
type round struct {
	ext            float64 // MiB/s
	plain          plain
	mem, plainMem  memory
	extPh, plainPh phases
}

func (r round) ratio() float64 { return r.ext / r.plain.rate }

// oldRatio is the ratio to the baseline as it was timed before (plain).
func (r round) oldRatio() float64 { return r.ext / r.plain.old }

func run() error {
	if !e2e.HaveChromium() {
		return fmt.Errorf("%s is missing: scripts/deps.sh installs the chromium package", e2e.ChromiumPath())
	}
	root, err := e2e.RepoRoot()
	if err != nil {
		return err
	}
	ctx := context.Background()
	roots := []string{root}
	if *ab != "" {
		roots = append(roots, *ab)
	}
	var benches []*bench
	for i, r := range roots {
		if !*noBuild {
			if err := e2e.BuildExtension(ctx, r); err != nil {
				return err
			}
		}
		b, stop, err := start(ctx, r, string(rune('A'+i)))
		defer stop()
		if err != nil {
			return fmt.Errorf("%s: %w", r, err)
		}
		benches = append(benches, b)
	}
	fmt.Printf("sharebench: Chromium %s headless, wxsim and the test site on this machine; throughput is MiB/s from the harness's call into the worker (the click, or the baseline's start) to the file sent\n", chromiumVersion(ctx, benches[0].br))
	for _, b := range benches {
		fmt.Printf("build %s: %s\n", b.label, roots[b.label[0]-'A'])
	}
	fmt.Printf("%-8s %-5s %-5s %12s %12s %7s %7s %15s %15s %14s %12s %12s\n", "size", "build", "round", "wxdrop MiB/s", "plain MiB/s", "ratio", "(old)", "to chunk 1 s", "chunks s", "peak wasm MiB", "peak JS MiB", "plain JS MiB")
	for _, f := range strings.Split(*sizes, ",") {
		mib, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || mib <= 0 {
			return fmt.Errorf("-sizes: %q", f)
		}
		got := make([][]round, len(benches))
		for r := 1; r <= *rounds; r++ {
			// The builds' order alternates too (A B, B A, …).
			for k := range benches {
				i := k
				if r%2 == 0 {
					i = len(benches) - 1 - k
				}
				b := benches[i]
				rd, err := b.round(ctx, int64(mib)<<20, r)
				if err != nil {
					return fmt.Errorf("build %s: %w", b.label, err)
				}
				got[i] = append(got[i], rd)
				fmt.Printf("%-8s %-5s %-5d %12.1f %12.1f %7.2f %7.2f %7.2f /%6.2f %7.2f /%6.2f %14.1f %12.1f %12.1f\n", fmt.Sprintf("%d MiB", mib), b.label, r, rd.ext, rd.plain.rate, rd.ratio(), rd.oldRatio(),
					rd.extPh.first.Seconds(), rd.plainPh.first.Seconds(), rd.extPh.chunks.Seconds(), rd.plainPh.chunks.Seconds(), rd.mem.wasm, rd.mem.js, rd.plainMem.js)
			}
		}
		summary(mib, benches, got)
	}
	fmt.Println("(old): the ratio to the baseline timed as before, from its own first fetch to its last chunk's answer, without webwxcheckupload's round trip or webwxsendappmsg")
	fmt.Println("to chunk 1 and chunks: the extension's / the baseline's seconds from the start to its first chunk, and from it to its last")
	fmt.Println("peak memory goal: under 64 MiB each, and the same for both sizes")
	return nil
}

// summary prints each build's median ratio with its spread, and with
// two builds the ratio of their ratios, round by round.
func summary(mib int, benches []*bench, got [][]round) {
	size := fmt.Sprintf("%d MiB", mib)
	for i, b := range benches {
		var ratios, old, first, plainFirst []float64
		for _, rd := range got[i] {
			ratios = append(ratios, rd.ratio())
			old = append(old, rd.oldRatio())
			first = append(first, rd.extPh.first.Seconds())
			plainFirst = append(plainFirst, rd.plainPh.first.Seconds())
		}
		fmt.Printf("%-8s %-5s %-5s median ratio %.2f (rounds %.2f–%.2f; goal at least 0.8), %.2f to the old baseline; to chunk 1 median %.2f s against the baseline's %.2f s\n", size, b.label, "all", median(ratios), slices.Min(ratios), slices.Max(ratios), median(old), median(first), median(plainFirst))
	}
	if len(benches) == 2 {
		var rr, ee, ff []float64
		for r := range got[0] {
			rr = append(rr, got[0][r].ratio()/got[1][r].ratio())
			ee = append(ee, got[0][r].ext/got[1][r].ext)
			// Each build's time to its first chunk over its own
			// baseline's in the same round: where the gap is, without
			// the chunks' noise.
			a, b := got[0][r], got[1][r]
			ff = append(ff, (a.extPh.first.Seconds()/a.plainPh.first.Seconds())/(b.extPh.first.Seconds()/b.plainPh.first.Seconds()))
		}
		fmt.Printf("%-8s A/B   all   ratio of ratios median %.2f (rounds %.2f–%.2f); wxdrop MiB/s A/B median %.2f (rounds %.2f–%.2f); to chunk 1 over the baseline's, A/B median %.2f (rounds %.2f–%.2f)\n", size, median(rr), slices.Min(rr), slices.Max(rr), median(ee), slices.Min(ee), slices.Max(ee), median(ff), slices.Min(ff), slices.Max(ff))
	}
}

// start sets up a build: a copy of the extension at root with the test
// site granted, its own wxsim and test site, and a browser logged in.
// stop ends what was started, also after an error.
func start(ctx context.Context, root, label string) (b *bench, stop func(), err error) {
	var stops []func()
	stop = func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
	}
	dir, err := os.MkdirTemp("", "wxdrop-sharebench-")
	if err != nil {
		return nil, stop, err
	}
	stops = append(stops, func() { os.RemoveAll(dir) })
	if _, err := e2e.GrantedCopy(root, dir, siteOrigin+"/*"); err != nil {
		return nil, stop, err
	}
	// wxsim keeps the size and MD5 of each upload, not its bytes: the
	// rounds upload gigabytes, and this process's memory would be noise.
	sim, err := wxsim.New(wxsim.Config{SyncHold: 3 * time.Second, DiscardMediaBytes: true})
	if err != nil {
		return nil, stop, err
	}
	stops = append(stops, func() { sim.Close() })
	site := testsite.New()
	stops = append(stops, site.Close)
	br, err := e2e.Start(ctx, e2e.Options{Extensions: []string{dir}, ResolverRules: sim.ResolverRules() + ", MAP files.test " + site.Addr()})
	if err != nil {
		return nil, stop, err
	}
	stops = append(stops, br.Close)
	if _, err := br.OpenWeChat(ctx, "wechat", true); err != nil {
		return nil, stop, err
	}
	sess, _ := sim.CurrentSession()
	if err := br.WaitReady(ctx, sess.UserName, 20*time.Second); err != nil {
		return nil, stop, err
	}
	return &bench{label: label, sim: sim, site: site, br: br}, stop, nil
}

// round sends a file of about size bytes through the extension and one
// through the baseline, in an order that alternates with the round r, so
// that a drift of the machine's load does not favour one side.
func (b *bench) round(ctx context.Context, size int64, r int) (round, error) {
	var rd round
	for k := range 2 {
		var err error
		if (k+r)%2 == 0 {
			if rd.ext, rd.mem, rd.extPh, err = b.extension(ctx, size); err != nil {
				return rd, fmt.Errorf("%d MiB through the extension: %w", size>>20, err)
			}
		} else if rd.plain, rd.plainMem, rd.plainPh, err = b.baseline(ctx, size); err != nil {
			return rd, fmt.Errorf("%d MiB plain: %w", size>>20, err)
		}
	}
	return rd, nil
}

func chromiumVersion(ctx context.Context, br *e2e.Browser) string {
	v, err := e2e.ExtEval[string](ctx, br, `navigator.userAgent.match(/Chrome\/[\d.]+/)[0]`)
	if err != nil {
		return "?"
	}
	return v
}

// nextFile is the size of the next file sent, a byte more than the one
// before so that no two sends are of the same file (wxsim would answer a
// known one from its MD5 without an upload), and its MD5 in hex.
func (b *bench) nextFile(about int64) (size int64, md5hex string) {
	b.n++
	size = about + b.n
	sum := md5.Sum(b.site.Big(size))
	return size, hex.EncodeToString(sum[:])
}

// memory is the peak of the worker's memory while a send ran, in MiB.
type memory struct{ wasm, js float64 }

// extension sends a file of about size bytes through the context menu's
// handler and returns the throughput (MiB/s), the peak memory and the
// phases.
func (b *bench) extension(ctx context.Context, size int64) (float64, memory, phases, error) {
	size, want := b.nextFile(size)
	info, _ := json.Marshal(map[string]string{"menuItemId": core.ChatMenuID("张三", "老张", false), "linkUrl": siteOrigin + testsite.BigPath(size), "pageUrl": siteOrigin + "/"})
	var start time.Time
	var m wxsim.Message
	peak, err := b.sampled(ctx, func(wctx context.Context) error {
		start = time.Now()
		if _, err := chromedp.Run(wctx, chromedp.Evaluate[bool](fmt.Sprintf(`(wxdropMenuClicked(%s, {title: '', url: %q}), true)`, info, siteOrigin+"/"))); err != nil {
			return err
		}
		deadline := start.Add(10 * time.Minute)
		for {
			var ok bool
			if m, ok = b.sent(want); ok {
				return nil
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("not sent after 10 minutes")
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
	if err != nil {
		return 0, peak, phases{}, err
	}
	ph := b.phases(start)
	if *verbose {
		ph.print()
	}
	return float64(size) / (1 << 20) / m.Time.Sub(start).Seconds(), peak, ph, nil
}

// sampled runs send in the worker while it samples the worker's memory
// every 100 ms (unless -nomem), and returns the peak. The extension and
// the baseline are sampled alike: each sample is a little work on the
// worker's thread, which both then pay.
func (b *bench) sampled(ctx context.Context, send func(wctx context.Context) error) (memory, error) {
	var peak memory
	err := b.br.InWorker(ctx, e2e.ExtensionID, func(wctx context.Context) error {
		if *profile {
			stop, err := e2e.Profile(wctx, os.Stdout, 25)
			if err != nil {
				return err
			}
			defer stop()
		}
		start := time.Now()
		if *netLog {
			stop, err := logNetwork(wctx, start)
			if err != nil {
				return err
			}
			defer stop()
		}
		done := make(chan error, 1)
		go func() { done <- send(wctx) }()
		for {
			select {
			case err := <-done:
				return err
			case <-time.After(100 * time.Millisecond):
			}
			if *noMem {
				continue
			}
			w, err := chromedp.Run(wctx, chromedp.Evaluate[float64](`globalThis.wxdropWasmMemory ? wxdropWasmMemory.buffer.byteLength : 0`))
			if err == nil {
				peak.wasm = max(peak.wasm, w/(1<<20))
			}
			var used float64
			if h, err := chromedp.Call(wctx, runtime.GetHeapUsage, cdp.Empty{}); err == nil {
				used = h.UsedSize
				peak.js = max(peak.js, used/(1<<20))
			}
			if *verbose {
				fmt.Printf("  %6.1fs wasm %.1f MiB, JS heap %.1f MiB\n", time.Since(start).Seconds(), w/(1<<20), used/(1<<20))
			}
		}
	})
	return peak, err
}

// sent finds wxsim's message of a file by its MD5.
func (b *bench) sent(md5hex string) (wxsim.Message, bool) {
	for _, m := range b.sim.Messages() {
		if m.MD5 == md5hex && !m.Incoming {
			return m, true
		}
	}
	return wxsim.Message{}, false
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
