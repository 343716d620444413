//go:build !js

package e2e

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

var (
	// root is the repository root: the unpacked extension.
	root string
	// helloDir is the built hello-world baseline extension.
	helloDir string
	// gate skips every test (-short, or WXDROP_SKIP_E2E=1) or fails it
	// (a build that failed; no Chromium).
	gate Gate

	keepLog = flag.Bool("e2e.log", false, "print the console of every tab and worker at the end, also when the tests pass")
)

// TestMain builds the extension once per run (build.sh) and the hello-world
// baseline, then runs the tests, which share one simulator and one browser.
func TestMain(m *testing.M) {
	flag.Parse()
	code := func() int {
		if testing.Short() {
			gate.Skip = "end-to-end tests are not run with -short"
			return m.Run()
		}
		// Without Chromium the tests fail, in CI and on a developer's
		// machine alike: a run that skipped them looks green and tested
		// nothing in a browser. Saying so is the way to skip them.
		if os.Getenv("WXDROP_SKIP_E2E") == "1" {
			gate.Skip = "WXDROP_SKIP_E2E=1: the end-to-end tests are skipped"
			return m.Run()
		}
		if !HaveChromium() {
			gate.Err = fmt.Errorf("%s is missing: install the chromium package (scripts/deps.sh, run by make test), or set WXDROP_SKIP_E2E=1 to skip the end-to-end tests", ChromiumPath())
			return m.Run()
		}
		var err error
		if root, err = RepoRoot(); err != nil {
			gate.Err = err
			return m.Run()
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		if err := BuildExtension(ctx, root); err != nil {
			gate.Err = err
			return m.Run()
		}
		tmp, err := os.MkdirTemp("", "wxdrop-e2e-hello-")
		if err != nil {
			gate.Err = err
			return m.Run()
		}
		defer os.RemoveAll(tmp)
		if helloDir, err = BuildHello(ctx, root, filepath.Join(tmp, "hello-ext")); err != nil {
			gate.Err = err
		}
		defer closeShared()
		return m.Run()
	}()
	os.Exit(code)
}

// need skips or fails a test as TestMain decided.
func need(t *testing.T) {
	t.Helper()
	gate.Need(t)
}

// env is the simulator and the browser the tests share.
type env struct {
	sim *wxsim.Server
	br  *Browser
	// page is the simulated web WeChat tab and what it requested.
	page    *Tab
	pageNet *netLog
}

var (
	sharedOnce sync.Once
	shared     *env
	sharedErr  error
)

// sharedEnv starts the simulator and Chromium with wxdrop and the baseline
// loaded, once for the run.
func sharedEnv(t *testing.T) *env {
	t.Helper()
	need(t)
	sharedOnce.Do(func() {
		// A short hold keeps the page's sync loop turning during the test.
		sim, err := wxsim.New(wxsim.Config{SyncHold: 3 * time.Second})
		if err != nil {
			sharedErr = err
			return
		}
		br, err := Start(context.Background(), Options{
			Extensions:    []string{root, helloDir},
			ResolverRules: sim.ResolverRules(),
			WatchWorkers:  true,
		})
		if err != nil {
			sim.Close()
			sharedErr = err
			return
		}
		shared = &env{sim: sim, br: br}
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

func closeShared() {
	if shared == nil {
		return
	}
	if *keepLog {
		fmt.Fprintf(os.Stderr, "---- console of tabs and workers ----\n%s\n", shared.br.Log)
	}
	if shared.page != nil {
		shared.page.Close()
	}
	shared.br.Close()
	shared.sim.Close()
}

// diagnose prints, when the test failed, what helps to see why: the popup's
// #state, #error and the outbox lists, wxsim's rejections, the outbox entries in storage, the
// console of every tab and worker, and screenshots.
func (e *env) diagnose(t *testing.T, popup *Tab) {
	t.Helper()
	if !t.Failed() {
		return
	}
	// CI shows the end of a failed test's output: the console comes first
	// (its last lines), then what the state was.
	var b strings.Builder
	fmt.Fprintf(&b, "---- console of tabs and workers (last 300 lines) ----\n%s\n", e.br.Log.Tail(300))
	fmt.Fprintf(&b, "---- diagnostics of %s ----\n", t.Name())
	for _, r := range e.refused(time.Time{}, false) {
		fmt.Fprintf(&b, "wxsim refused %s\n", r)
	}
	dir, _ := os.MkdirTemp("", "wxdrop-e2e-failure-")
	if popup != nil && popup.Ctx.Err() == nil {
		ctx, cancel := context.WithTimeout(popup.Ctx, 5*time.Second)
		s, err := Eval[string](ctx, popupSummaryJS)
		cancel()
		fmt.Fprintf(&b, "popup: %s %v\n", s, errOrNil(err))
		if p, err := screenshot(popup, dir, "popup.png"); err == nil {
			fmt.Fprintf(&b, "popup screenshot: %s\n", p)
		}
	}
	if e.page != nil && e.page.Ctx.Err() == nil {
		ctx, cancel := context.WithTimeout(e.page.Ctx, 5*time.Second)
		s, err := Eval[string](ctx, `JSON.stringify(window.wxsimStats || null) + ' ' + location.href`)
		cancel()
		fmt.Fprintf(&b, "wechat page: %s %v\n", s, errOrNil(err))
		if p, err := screenshot(e.page, dir, "wechat.png"); err == nil {
			fmt.Fprintf(&b, "wechat page screenshot: %s\n", p)
		}
	}
	if es, err := e.entries(); err == nil {
		for _, j := range es {
			fmt.Fprintf(&b, "entry %s %s %q %s waiting=%q error=%v\n", j.ID, j.Kind, j.Title(40), j.State, j.Waiting, j.Error)
		}
	} else {
		fmt.Fprintf(&b, "outbox: %v\n", err)
	}
	t.Log(b.String())
}

const popupSummaryJS = `(() => {
  const q = (s) => document.querySelector(s);
  const txt = (s) => { const el = q(s); return el ? el.getAttribute('data-status') + ' ' + JSON.stringify(el.textContent) : 'none'; };
  return JSON.stringify({
    ready: document.body && document.body.dataset.ready,
    state: txt('#state'),
    error: q('#error') ? q('#error').textContent : null,
    to: q('#to') ? q('#to').textContent : null,
    chats: document.querySelectorAll('#chats li.chat').length,
    entries: Array.from(document.querySelectorAll('li.entry')).map((li) => li.dataset.id + ' ' + li.dataset.state + ' ' + (li.querySelector('.result') || {}).textContent),
  });
})()`

func errOrNil(err error) string {
	if err != nil {
		return "(" + err.Error() + ")"
	}
	return ""
}
