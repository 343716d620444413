//go:build !js

// Command sharebench measures one-click sending of large files: a file of
// 64 MiB and one of 256 MiB, found by URL on the test site, sent through
// the context menu's handler (download into IndexedDB, webwxcheckupload,
// 512 KiB chunks of webwxuploadmedia, webwxsendappmsg) to wxsim. Beside
// each it measures, in the same browser and the same run, a plain
// JavaScript baseline in the same service worker: fetch the same bytes,
// then POST them to the same wxsim in 512 KiB chunks (each a valid
// upload request, so that wxsim does the same work). It prints the
// throughput of both and their ratio (goal: at least 0.8), and the
// extension's peak memory while it ran: the WebAssembly memory and the
// worker's JavaScript heap (goal: under 64 MiB, and the same for both
// sizes), and the baseline's JavaScript heap beside it. Both sides are
// sampled alike, every 100 ms, so the sampling's cost falls on both.
//
//	go run ./e2e/cmd/sharebench [-sizes 64,256] [-rounds 5] [-nobuild]
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
	"net/url"
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
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/httpdoer"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/core"
)

var (
	sizes   = flag.String("sizes", "64,256", "file sizes in MiB")
	rounds  = flag.Int("rounds", 5, "rounds of each size (extension and baseline alternate)")
	noBuild = flag.Bool("nobuild", false, "use the extension as built (skip build.sh)")
	verbose = flag.Bool("v", false, "print every sample")
	noMem   = flag.Bool("nomem", false, "do not sample the memory (to see what sampling costs)")
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

// bench is the running setup.
type bench struct {
	sim  *wxsim.Server
	site *testsite.Site
	br   *e2e.Browser
	// n makes each round's file different: wxsim answers a file it
	// holds already with its MediaId, and nothing would be uploaded.
	n int64
}

func run() error {
	if !e2e.HaveChromium() {
		return fmt.Errorf("%s is missing: scripts/deps.sh installs the chromium package", e2e.ChromiumPath())
	}
	root, err := e2e.RepoRoot()
	if err != nil {
		return err
	}
	ctx := context.Background()
	if !*noBuild {
		if err := e2e.BuildExtension(ctx, root); err != nil {
			return err
		}
	}
	dir, err := os.MkdirTemp("", "wxdrop-sharebench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if _, err := e2e.GrantedCopy(root, dir, siteOrigin+"/*"); err != nil {
		return err
	}
	// wxsim keeps the size and MD5 of each upload, not its bytes: the
	// rounds upload gigabytes, and this process's memory would be noise.
	sim, err := wxsim.New(wxsim.Config{SyncHold: 3 * time.Second, DiscardMediaBytes: true})
	if err != nil {
		return err
	}
	defer sim.Close()
	site := testsite.New()
	defer site.Close()
	br, err := e2e.Start(ctx, e2e.Options{Extensions: []string{dir}, ResolverRules: sim.ResolverRules() + ", MAP files.test " + site.Addr()})
	if err != nil {
		return err
	}
	defer br.Close()
	if _, err := br.OpenWeChat(ctx, "wechat", true); err != nil {
		return err
	}
	sess, _ := sim.CurrentSession()
	if err := br.WaitReady(ctx, sess.UserName, 20*time.Second); err != nil {
		return err
	}
	b := &bench{sim: sim, site: site, br: br}
	fmt.Printf("sharebench: Chromium %s headless, wxsim and the test site on this machine; throughput is MiB/s from the click (or the baseline's first fetch) to the file sent\n", chromiumVersion(ctx, br))
	fmt.Printf("%-8s %-6s %12s %12s %8s %14s %14s %14s\n", "size", "round", "wxdrop MiB/s", "plain MiB/s", "ratio", "peak wasm MiB", "peak JS MiB", "plain JS MiB")
	for _, f := range strings.Split(*sizes, ",") {
		mib, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || mib <= 0 {
			return fmt.Errorf("-sizes: %q", f)
		}
		var ratios []float64
		for r := 1; r <= *rounds; r++ {
			// The order alternates, so that a drift of the machine's load
			// does not favour one side.
			var ext, plain float64
			var mem, plainMem memory
			for k := range 2 {
				var err error
				if (k+r)%2 == 0 {
					if ext, mem, err = b.extension(ctx, int64(mib)<<20); err != nil {
						return fmt.Errorf("%d MiB through the extension: %w", mib, err)
					}
				} else if plain, plainMem, err = b.baseline(ctx, int64(mib)<<20); err != nil {
					return fmt.Errorf("%d MiB plain: %w", mib, err)
				}
			}
			ratios = append(ratios, ext/plain)
			fmt.Printf("%-8s %-6d %12.1f %12.1f %8.2f %14.1f %14.1f %14.1f\n", fmt.Sprintf("%d MiB", mib), r, ext, plain, ext/plain, mem.wasm, mem.js, plainMem.js)
		}
		fmt.Printf("%-8s %-6s %12s %12s %8.2f   (median ratio; goal at least 0.8)\n", fmt.Sprintf("%d MiB", mib), "all", "", "", median(ratios))
	}
	fmt.Println("peak memory goal: under 64 MiB each, and the same for both sizes")
	return nil
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
// handler and returns the throughput (MiB/s) and the peak memory.
func (b *bench) extension(ctx context.Context, size int64) (float64, memory, error) {
	size, want := b.nextFile(size)
	info, _ := json.Marshal(map[string]string{"menuItemId": core.ChatMenuID("张三", "老张", false), "linkUrl": siteOrigin + testsite.BigPath(size), "pageUrl": siteOrigin + "/"})
	var elapsed time.Duration
	peak, err := b.sampled(ctx, func(wctx context.Context) error {
		start := time.Now()
		if _, err := chromedp.Run(wctx, chromedp.Evaluate[bool](fmt.Sprintf(`(wxdropMenuClicked(%s, {title: '', url: %q}), true)`, info, siteOrigin+"/"))); err != nil {
			return err
		}
		deadline := start.Add(10 * time.Minute)
		for {
			if m, ok := b.sent(want); ok {
				elapsed = m.Time.Sub(start)
				if *verbose {
					b.phases(start)
				}
				return nil
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("not sent after 10 minutes")
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
	if err != nil {
		return 0, peak, err
	}
	return float64(size) / (1 << 20) / elapsed.Seconds(), peak, nil
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
		done := make(chan error, 1)
		go func() { done <- send(wctx) }()
		start := time.Now()
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

// baselineJS fetches the file and posts it to webwxuploadmedia in 512 KiB
// chunks, each a valid request (the fields of the page's uploader), and
// resolves with the milliseconds it took.
const baselineJS = `(async (p) => {
  const t0 = performance.now();
  const blob = await (await fetch(p.src, {credentials: 'include'})).blob();
  const chunk = 524288, chunks = Math.ceil(blob.size / chunk), id = Date.now();
  for (let i = 0; i < chunks; i++) {
    const fd = new FormData();
    fd.append('id', 'WU_FILE_0');
    fd.append('name', p.name);
    fd.append('type', 'application/octet-stream');
    fd.append('lastModifiedDate', new Date().toString());
    fd.append('size', String(blob.size));
    fd.append('chunks', String(chunks));
    fd.append('chunk', String(i));
    fd.append('mediatype', 'doc');
    fd.append('uploadmediarequest', JSON.stringify({UploadType: 2, BaseRequest: p.base, ClientMediaId: id, TotalLen: blob.size,
      StartPos: 0, DataLen: blob.size, MediaType: 4, FromUserName: p.from, ToUserName: p.to, FileMd5: p.md5, AESKey: p.aes, Signature: p.sig}));
    fd.append('webwx_data_ticket', p.ticket);
    fd.append('pass_ticket', p.pass);
    fd.append('filename', blob.slice(i * chunk, (i + 1) * chunk), p.name);
    const r = await fetch(p.url, {method: 'POST', body: fd, credentials: 'include'});
    const j = await r.json();
    if (j.BaseResponse.Ret !== 0) throw new Error('chunk ' + i + ': ' + JSON.stringify(j.BaseResponse));
  }
  return performance.now() - t0;
})`

// baseline runs baselineJS in the worker for a file of about size bytes
// and returns its throughput (MiB/s).
func (b *bench) baseline(ctx context.Context, size int64) (float64, memory, error) {
	size, md5hex := b.nextFile(size)
	sess, ok := b.sim.CurrentSession()
	if !ok {
		return 0, memory{}, fmt.Errorf("no session")
	}
	to := b.sim.UserName("zhangsan")
	name := "plain-" + strconv.FormatInt(size, 10) + ".bin"
	// webwxcheckupload, as the extension makes it, before the timing.
	cl, err := protocol.NewClient(httpdoer.New(b.sim.Client()), sess.Protocol())
	if err != nil {
		return 0, memory{}, err
	}
	cu, err := cl.CheckUpload(ctx, to, name, size, md5hex)
	if err != nil {
		return 0, memory{}, err
	}
	pass, _ := url.QueryUnescape(sess.PassTicket)
	p := map[string]any{
		"src": siteOrigin + testsite.BigPath(size), "name": name, "md5": md5hex, "to": to, "from": sess.UserName,
		"url":    "https://file." + sess.Host + "/cgi-bin/mmwebwx-bin/webwxuploadmedia?f=json",
		"base":   map[string]any{"Uin": sess.Uin, "Sid": sess.Sid, "Skey": sess.Skey, "DeviceID": "e123456789012345"},
		"ticket": sess.DataTicket, "pass": pass, "aes": cu.AESKey, "sig": cu.Signature,
	}
	pj, _ := json.Marshal(p)
	bstart := time.Now()
	var out []byte
	peak, err := b.sampled(ctx, func(wctx context.Context) error {
		var err error
		out, err = chromedp.Run(wctx, chromedp.Evaluate[[]byte](baselineJS+"("+string(pj)+")", chromedp.EvalAwaitPromise))
		return err
	})
	if *verbose {
		fmt.Print("  baseline:")
		b.phases(bstart)
	}
	if err != nil {
		return 0, peak, err
	}
	ms, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		return 0, peak, fmt.Errorf("baseline answered %s", out)
	}
	return float64(size) / (1 << 20) / (ms / 1000), peak, nil
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

// phases prints when the requests of a send reached wxsim, from start:
// the download (and the MD5) end at webwxcheckupload.
func (b *bench) phases(start time.Time) {
	var first, last time.Time
	var gaps []float64
	n := 0
	for _, r := range b.sim.Requests() {
		if r.Time.Before(start) {
			continue
		}
		if r.Method != "POST" && r.Method != "GET" {
			fmt.Printf("  %6.2fs %s %s\n", r.Time.Sub(start).Seconds(), r.Method, r.Endpoint)
		}
		switch r.Endpoint {
		case "webwxcheckupload", "webwxsendappmsg":
			fmt.Printf("  %6.2fs %s\n", r.Time.Sub(start).Seconds(), r.Endpoint)
		case "webwxuploadmedia":
			if first.IsZero() {
				first = r.Time
			} else {
				gaps = append(gaps, r.Time.Sub(last).Seconds()*1000)
			}
			last = r.Time
			n++
		}
	}
	if n > 0 {
		fmt.Printf("  %6.2fs first chunk, %6.2fs last (%d chunks, %.1f MiB/s); gaps ms: %.0f\n", first.Sub(start).Seconds(), last.Sub(start).Seconds(), n, float64(n)/2/last.Sub(first).Seconds(), gaps)
	}
}
