//go:build !js

// Command wasmcache measures what loading the extension's programs from a
// copy in CacheStorage does to their start, load after load, in a fresh
// profile. Two copies of the built extension, side by side in one
// directory: "plain" without wasm-ids.json, whose worker loads core.wasm
// from the extension's file (instantiateStreaming(fetch(chrome-extension://
// …)), as before), and "cached", whose worker loads it from its copy
// (sw.js loadCore) and whose popup is patched to load popup.wasm from one
// too (loader/wasmcache.js, which the extension does not ship); and the
// hello-world baseline loaded both ways, and from an http server (the
// case V8's code cache was made for). Each load starts from stopped
// workers and no extension page open (a fresh renderer, as when the
// worker was stopped), and the worker or page then lives -linger, as a
// woken worker or an open popup does: V8 writes its code cache only after
// it optimized some functions and, unless that code passed 1 MB, 2 s
// without new optimized code. The profile's code caches are printed after
// each run (Code Cache/wasm, and CacheStorage, where a copy's compiled
// code would be its side data).
//
//	go run ./e2e/cmd/wasmcache [-loads 8] [-linger 4s] [-js-flags …]
//
// It prints, per load number, the median over -profiles fresh profiles
// of: for workers, script start → instantiated (fetch, compile,
// instantiate) and → core ready; for pages, the program's load →
// instantiated and the time origin → ready (popup: wxdrop-boot →
// wxdrop-wasm-ready and → wxdrop-wasm-ready; hello: hello-load →
// hello-instantiated and → hello-main); and where the bytes came from.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/e2e"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

var (
	loads    = flag.Int("loads", 8, "loads of each program in a profile")
	profiles = flag.Int("profiles", 2, "fresh profiles (browser starts) to repeat it in")
	linger   = flag.Duration("linger", 4*time.Second, "how long a worker or page lives after it is ready")
	noBuild  = flag.Bool("nobuild", false, "use the extension as built (skip build.sh)")
	only     = flag.String("only", "", "worker or page: measure one of them")
	jsFlags  = flag.String("js-flags", "", "V8 flags, for diagnostics (e.g. --wasm-caching-hard-threshold=1000 --wasm-caching-threshold=100 forces the cache to be written): a person's browser runs V8's defaults")
	verbose  = flag.Bool("v", false, "print where each load's bytes came from as it goes")
	trace    = flag.Bool("trace", false, "trace the browser and print V8's WebAssembly code cache events (v8.wasm.*) in order")
)

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "wasmcache:", err)
		os.Exit(1)
	}
}

// variant is one extension loading one program one way.
type variant struct {
	label string
	dir   string
	id    string
	wake  string // the runtime message that wakes its worker
	page  string // the page measured, below the extension's root
	marks [3]string
}

// sample is one load: the two spans and the source of the bytes.
type sample struct {
	toInstantiated, toReady float64
	source                  string
}

func run() error {
	if !e2e.HaveChromium() {
		return fmt.Errorf("%s is missing", e2e.ChromiumPath())
	}
	root, err := e2e.RepoRoot()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	if !*noBuild {
		if err := e2e.BuildExtension(ctx, root); err != nil {
			return err
		}
	}
	tmp, err := os.MkdirTemp("", "wxdrop-wasmcache-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	hello, err := e2e.BuildHello(ctx, root, filepath.Join(tmp, "hello"))
	if err != nil {
		return err
	}
	cached, err := cachedCopy(root, filepath.Join(tmp, "cached"))
	if err != nil {
		return err
	}
	// The control: the same copy without wasm-ids.json, whose worker then
	// loads core.wasm from the extension's file, as it did before; both
	// copies lie in the same directory, so that where the files lie is
	// not taken for what the loader does.
	plainCopy := filepath.Join(tmp, "plain")
	if err := copyDir(root, plainCopy, "manifest.json", "_locales", "extension"); err != nil {
		return err
	}
	if err := dropKey(filepath.Join(plainCopy, "manifest.json"), nil); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(plainCopy, "extension", "wasm-ids.json")); err != nil {
		return err
	}
	helloCached, err := helloCachedCopy(hello, filepath.Join(tmp, "hello-cached"))
	if err != nil {
		return err
	}
	popupMarks := [3]string{"wxdrop-boot", "wxdrop-wasm-ready", "wxdrop-wasm-ready"}
	helloMarks := [3]string{"hello-load", "hello-instantiated", "hello-main"}
	// The canonical case, for comparison: hello.html and hello.wasm from
	// an http server, cacheable (V8's code cache is keyed by the HTTP
	// cache's entry).
	srv := httptest.NewServer(cacheable(http.FileServer(http.Dir(hello))))
	defer srv.Close()
	vs := []variant{
		{"wxdrop plain", plainCopy, idOf(plainCopy), msg.GetState, "extension/pages/popup.html", popupMarks},
		{"wxdrop cached", cached, idOf(cached), msg.GetState, "extension/pages/popup.html", popupMarks},
		{"hello plain", hello, e2e.HelloID, "hello", "hello.html", helloMarks},
		{"hello cached", helloCached, idOf(helloCached), "hello", "hello-cache.html", helloMarks},
		{"hello over http", "", "", "", srv.URL + "/hello.html", helloMarks},
	}
	var dirs, ids []string
	for _, v := range vs {
		if v.dir != "" {
			dirs, ids = append(dirs, v.dir), append(ids, v.id)
		}
	}
	fmt.Printf("wasmcache: %d loads × %d profiles, linger %v, Chromium %s\n", *loads, *profiles, *linger, e2e.ChromiumPath())
	for _, kind := range []string{"worker", "page"} {
		if *only != "" && *only != kind {
			continue
		}
		// got[variant][load] collects the samples of every profile.
		got := make([][][]sample, len(vs))
		for i := range got {
			got[i] = make([][]sample, *loads)
		}
		for p := 0; p < *profiles; p++ {
			profile := filepath.Join(tmp, fmt.Sprintf("profile-%s-%d", kind, p))
			br, err := e2e.Start(ctx, e2e.Options{Extensions: dirs, UserDataDir: profile, JSFlags: *jsFlags})
			if err != nil {
				return err
			}
			var tr *wasmTrace
			if *trace {
				if tr, err = startTrace(br.Ctx); err != nil {
					br.Close()
					return err
				}
			}
			for n := 0; n < *loads; n++ {
				for k := range vs {
					i := (k + n + p) % len(vs)
					if kind == "worker" && vs[i].id == "" {
						continue
					}
					s, err := load(ctx, br, vs[i], kind, ids)
					if err != nil {
						fmt.Printf("---- console ----\n%s\n", br.Log)
						br.Close()
						return fmt.Errorf("%s, %s, load %d: %w", kind, vs[i].label, n+1, err)
					}
					got[i][n] = append(got[i][n], s)
				}
			}
			if tr != nil {
				if err := tr.print(br.Ctx); err != nil {
					fmt.Println("trace:", err)
				}
			}
			br.Close()
			codeCache(profile)
		}
		print(kind, vs, got)
	}
	return nil
}

// load measures one load of a variant's worker or page.
func load(ctx context.Context, br *e2e.Browser, v variant, kind string, ids []string) (sample, error) {
	sctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	if err := br.StopAllWorkers(sctx, ids...); err != nil {
		return sample{}, err
	}
	if kind == "page" {
		return openPage(sctx, br, v)
	}
	tab, err := br.NewTab("chrome-extension://"+v.id+"/manifest.json", "wake")
	if err != nil {
		return sample{}, err
	}
	// Right after the browser starts, an extension's worker may not be
	// registered yet: no one receives the message.
	err = e2e.Poll(sctx, 60*time.Second, 100*time.Millisecond, "waking "+v.label, func() (bool, string) {
		_, err := e2e.Eval[json.RawMessage](tab.Ctx, `chrome.runtime.sendMessage({name: `+quote(v.wake)+`})`)
		if err != nil {
			return false, err.Error()
		}
		return true, ""
	})
	tab.Close()
	if err != nil {
		return sample{}, err
	}
	// The worker is read after -linger: no session attached meanwhile.
	time.Sleep(*linger)
	tm, err := br.WorkerTiming(sctx, v.id)
	if err != nil {
		return sample{}, err
	}
	src, err := br.EvalWorker(sctx, v.id, `globalThis.wxdropTiming.source || 'network'`)
	if err != nil {
		return sample{}, err
	}
	if *verbose {
		fmt.Println("   ", v.label, string(src))
	}
	return sample{tm.StartToInstantiated(), tm.StartToReady(), strings.Trim(string(src), `"`)}, nil
}

// openPage opens the variant's page with no other page of it open, as a
// target no DevTools session is attached to until -linger has passed (an
// attached session may change what V8 does), and then reads its marks.
func openPage(ctx context.Context, br *e2e.Browser, v variant) (sample, error) {
	url := v.page
	if v.id != "" {
		url = "chrome-extension://" + v.id + "/" + v.page
	}
	bt := chromedp.FromContext(br.Ctx).Browser
	res, err := cdp.Call(ctx, bt, target.CreateTarget, target.CreateTargetParams{URL: url})
	if err != nil {
		return sample{}, err
	}
	id := res.TargetID
	defer cdp.Call(ctx, bt, target.CloseTarget, target.CloseTargetParams{TargetID: id})
	time.Sleep(*linger)
	tctx, cancel := chromedp.NewContext(br.Ctx, chromedp.WithTargetID(id))
	defer cancel()
	if err := chromedp.Do(tctx); err != nil {
		return sample{}, fmt.Errorf("attaching to %s: %w", url, err)
	}
	get := fmt.Sprintf(`(() => { const m = (n) => performance.getEntriesByName(n)[0]; const a = m(%s), b = m(%s), c = m(%s); return a && b && c ? [b.startTime - a.startTime, c.startTime, String(b.detail || 'network')] : null; })()`,
		quote(v.marks[0]), quote(v.marks[1]), quote(v.marks[2]))
	if err := e2e.WaitJS(tctx, get, 20*time.Second, "the marks of "+v.page); err != nil {
		return sample{}, err
	}
	r, err := e2e.Eval[[]any](tctx, get)
	if err != nil {
		return sample{}, err
	}
	a, _ := r[0].(float64)
	b, _ := r[1].(float64)
	s, _ := r[2].(string)
	return sample{a, b, s}, nil
}

// cacheable lets the HTTP cache keep what h serves.
func cacheable(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=3600")
		h.ServeHTTP(w, r)
	})
}

func print(kind string, vs []variant, got [][][]sample) {
	what := "script start → instantiated / → core ready"
	if kind == "page" {
		what = "load → instantiated / time origin → ready"
	}
	fmt.Printf("\n%s: %s, ms (median of the profiles; source of the bytes)\n", kind, what)
	for i, v := range vs {
		fmt.Printf("  %-28s", v.label)
		for n := range got[i] {
			var a, b []float64
			var src []string
			for _, s := range got[i][n] {
				a, b = append(a, s.toInstantiated), append(b, s.toReady)
				src = append(src, s.source)
			}
			fmt.Printf(" %d:%4.0f/%4.0f %s", n+1, median(a), median(b), shortSources(src))
		}
		fmt.Println()
	}
	// Every load after the first, pooled: the first stores the copy.
	fmt.Printf("  loads 2–%d pooled: median (quartiles) of each span, samples\n", len(got[0]))
	for i, v := range vs {
		var a, b []float64
		for n := 1; n < len(got[i]); n++ {
			for _, s := range got[i][n] {
				a, b = append(a, s.toInstantiated), append(b, s.toReady)
			}
		}
		if len(a) == 0 || a[0] == 0 && b[0] == 0 {
			continue
		}
		fmt.Printf("  %-28s → instantiated %6.1f (%6.1f–%6.1f)  → ready %6.1f (%6.1f–%6.1f)  n=%d\n",
			v.label, median(a), quantile(a, 0.25), quantile(a, 0.75), median(b), quantile(b, 0.25), quantile(b, 0.75), len(a))
	}
}

func quantile(v []float64, q float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1)+0.5)]
}

func shortSources(s []string) string {
	slices.Sort(s)
	s = slices.Compact(s)
	for i := range s {
		s[i] = s[i][:1]
	}
	return strings.Join(s, "")
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// codeCache prints what the profile's code caches hold: V8's compiled
// WebAssembly (Code Cache/wasm, keyed by the response's URL) and the
// CacheStorage's side data.
func codeCache(profile string) {
	for _, sub := range []string{"Default/Code Cache/wasm", "Default/Code Cache/js", "Default/Service Worker/CacheStorage"} {
		var n, size int64
		_ = filepath.WalkDir(filepath.Join(profile, sub), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if fi, err := d.Info(); err == nil {
					n, size = n+1, size+fi.Size()
				}
			}
			return nil
		})
		fmt.Printf("  profile %s: %d files, %d bytes\n", sub, n, size)
	}
	// Each entry of V8's code cache names the program's URL in its key.
	entries, _ := filepath.Glob(filepath.Join(profile, "Default", "Code Cache", "wasm", "*_0"))
	for _, e := range entries {
		b, err := os.ReadFile(e)
		if err != nil {
			continue
		}
		fmt.Printf("    code cache entry %8d B  %s\n", len(b), strings.Join(urlIn.FindAllString(string(b), 2), " "))
	}
}

var urlIn = regexp.MustCompile(`(chrome-extension|https?)://[!-~]+`)
