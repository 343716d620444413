//go:build !js

// Command figures prints the extension's figures, each beside its goal and,
// where the goal is a ratio, beside a baseline measured in the same run:
//
//   - every .wasm's size, stripped as build.sh builds it (goal: at most
//     4,000,000 bytes);
//   - the service worker's time from the top of its script to the Go core
//     ready, against a hello-world Go wasm loaded the same way by a second
//     extension in the same browser (e2e/testdata/hello-ext; goal: at most
//     1.3 times it), and the same for a floor of e2e/testdata/floors (-floor:
//     the smallest Go program that does one job of the worker) in a third;
//   - the popup with 5,000 contacts, the worker running and stopped: the
//     chat list on screen (mark wxdrop-list-shown) against a static page
//     of the hello-world extension that lists the same 50 chats from
//     storage.session (list.html; goal: at most 1.2 times it), and the
//     first keystroke answered over every contact (mark
//     wxdrop-first-answer, for a "z" typed as the list shows: by
//     instant.js's search.js, or by popup.wasm if it searched first)
//     against a page that runs a hello-world Go wasm's
//     main (hello.html; goal: at most 1.3 times it); the time to
//     interactive (wxdrop-interactive) beside them;
//   - contact search over 5,000 contacts, per keystroke (goal: 95th
//     percentile at most 16 ms).
//
// Each timing is taken in -runs runs that alternate the measured page and
// its baselines, and printed as the median and 95th percentile of every
// sample with the spread of the per-run medians (min–max): on a busy
// machine the spread says how much of a difference is noise.
//
// It is the benchmark of the end-to-end harness, run from the repository
// root (make bench):
//
//	go run ./e2e/cmd/figures [-rounds 15] [-contacts 5000]
//
// It asserts nothing: it measures and prints. It needs /usr/bin/chromium.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/e2e"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

var (
	rounds   = flag.Int("rounds", 15, "measured rounds of each timing (after one warm-up round), split into -runs runs")
	runs     = flag.Int("runs", 3, "runs of each timing, alternating the measured page and its baseline")
	contacts = flag.Int("contacts", 5000, "generated contacts besides wxsim's default ones")
	noBuild  = flag.Bool("nobuild", false, "use the extension as built (skip build.sh)")
	verbose  = flag.Bool("v", false, "print every sample and the browser's console at the end")
	only     = flag.String("only", "", "measure only one figure: size, start, popup or search")
	cpu      = flag.Bool("cpu", false, "also trace each page of the popup figure and print its main thread's CPU time before the list shows, and each keystroke of the search figure (its wall times then include the tracing)")
	traceDir = flag.String("tracedir", "", "with -cpu, write each traced page's raw trace (Chromium's JSON, for Perfetto) to this directory, with the loading and IPC categories")
	abPage   = flag.String("ab", "", "also measure this page of extension/pages (a variant of popup.html) in the popup figure's rotation, for an A/B of the list on screen")
	oneKey   = flag.Bool("onekey", true, "search: send a key's keyDown with its text in one command, as a keyboard does (false: chromedp's keyDown then char, two round trips through this process inside the figure, as the figures before stop 16 were taken)")
	profile  = flag.Bool("profile", false, "profile the popup's CPU while it searches and print the functions of most self time (build popup.wasm without -s to see Go's names)")
)

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "figures:", err)
		os.Exit(1)
	}
}

func run() error {
	if !e2e.HaveChromium() {
		return fmt.Errorf("%s is missing: scripts/deps.sh installs the chromium package", e2e.ChromiumPath())
	}
	if !slices.Contains([]string{"", "size", "start", "popup", "search"}, *only) {
		return fmt.Errorf("-only %q: size, start, popup or search", *only)
	}
	if *runs < 1 || *rounds < *runs {
		return fmt.Errorf("-runs %d -rounds %d: at least one run, and a round in each", *runs, *rounds)
	}
	root, err := e2e.RepoRoot()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if !*noBuild {
		if err := e2e.BuildExtension(ctx, root); err != nil {
			return err
		}
	}
	tmp, err := os.MkdirTemp("", "wxdrop-figures-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	want := func(fig string) bool { return *only == "" || *only == fig }
	hello, err := e2e.BuildHello(ctx, root, filepath.Join(tmp, "hello-ext"))
	if err != nil {
		return err
	}

	// The floor: a third extension, built only for the figures that use it.
	floorDir := ""
	if *floor != "" && (want("size") || want("start")) {
		if floorDir, err = e2e.BuildFloor(ctx, root, filepath.Join(tmp, "floor-ext"), *floor, *floorWasm); err != nil {
			return err
		}
	}

	fmt.Printf("wxdrop figures (%d rounds each, %d contacts; Chromium %s)\n\n", *rounds, *contacts, e2e.ChromiumPath())
	if want("size") {
		if err := sizes(root, hello, floorDir); err != nil {
			return err
		}
	}
	if *only == "size" {
		return nil
	}

	people := append(wxsim.DefaultPeople(), wxsim.GeneratedPeople(*contacts, 1)...)
	sim, err := wxsim.New(wxsim.Config{People: people})
	if err != nil {
		return err
	}
	defer sim.Close()
	extensions := []string{root, hello}
	if floorDir != "" && want("start") {
		extensions = append(extensions, floorDir)
	}
	br, err := e2e.Start(ctx, e2e.Options{Extensions: extensions, ResolverRules: sim.ResolverRules()})
	if err != nil {
		return err
	}
	defer func() {
		if *verbose {
			fmt.Printf("\n---- console ----\n%s\n", br.Log)
		}
		br.Close()
	}()

	if want("start") {
		if err := startup(ctx, br); err != nil {
			return fmt.Errorf("start-up: %w", err)
		}
	}
	if !want("popup") && !want("search") {
		return nil // -only start needs no login
	}
	if err := login(br, len(people)); err != nil {
		return fmt.Errorf("log in with %d contacts: %w", len(people), err)
	}
	if want("popup") {
		if err := popupFigures(ctx, br); err != nil {
			return fmt.Errorf("popup: %w", err)
		}
	}
	if want("search") {
		if err := search(br); err != nil {
			return fmt.Errorf("search: %w", err)
		}
	}
	return nil
}

// sizes prints each program's size as build.sh leaves it (-s -w:
// stripped), against issue 15's goal for every one of them.
func sizes(root, hello, floorDir string) error {
	fmt.Println("size (stripped, as build.sh builds it; gzip -9 for the store zip)")
	const goal = 4_000_000
	type file struct {
		label, path string
		goal        bool
	}
	files := []file{
		{"core.wasm", filepath.Join(root, "extension", "core.wasm"), true},
		{"popup.wasm", filepath.Join(root, "extension", "popup.wasm"), true},
		{"options.wasm", filepath.Join(root, "extension", "options.wasm"), true},
		{"hello.wasm (baseline)", filepath.Join(hello, "hello.wasm"), false},
	}
	if floorDir != "" {
		// A floor is no program of the extension: its verdict says whether
		// a program of that one job could meet the goal.
		files = append(files, file{"floor " + *floor, filepath.Join(floorDir, "hello.wasm"), true})
	}
	for _, f := range files {
		b, err := os.ReadFile(f.path)
		if err != nil {
			return err
		}
		var z bytes.Buffer
		w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
		_, _ = w.Write(b)
		_ = w.Close()
		verdict := ""
		if f.goal {
			verdict = "  goal ≤ 4 MB (4,000,000 B) → " + ok(len(b) <= goal)
		}
		fmt.Printf("  %-22s %10d B = %5.2f MB (%5.2f MiB), gzip %5.2f MB%s\n", f.label, len(b), float64(len(b))/1e6, float64(len(b))/(1<<20), float64(z.Len())/1e6, verdict)
	}
	fmt.Println()
	return nil
}

// login logs in on the simulated page and waits until the extension has
// every contact.
func login(br *e2e.Browser, want int) error {
	page, err := br.NewTab("https://wx.qq.com/", "wechat")
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(page.Ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("scan")), chromedp.Click(chromedp.ID("scan"))); err != nil {
		return err
	}
	if err := e2e.WaitJS(page.Ctx, `window.wxsimStats && wxsimStats.state === 'running'`, 30*time.Second, "the page's sync loop"); err != nil {
		return err
	}
	// The popup asks the worker for the contacts; wait until it has them.
	pop, err := openPopup(br)
	if err != nil {
		return err
	}
	defer pop.Close()
	probe, err := br.NewTab("chrome-extension://"+e2e.ExtensionID+"/manifest.json", "probe")
	if err != nil {
		return err
	}
	defer probe.Close()
	expr := fmt.Sprintf(`chrome.runtime.sendMessage({name: %q}).then((a) => a && a.ok && !a.ok.loading && (a.ok.contacts || []).length >= %d)`, msg.GetContacts, want-10)
	return e2e.WaitJS(probe.Ctx, expr, 90*time.Second, fmt.Sprintf("the worker to have about %d contacts (contacts.get)", want))
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
