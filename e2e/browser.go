//go:build !js

package e2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// Options say how to start Chromium.
type Options struct {
	// Extensions are the unpacked extensions to load (directories).
	Extensions []string
	// ResolverRules is --host-resolver-rules (wxsim's ResolverRules), if any.
	ResolverRules string
	// UserDataDir is the profile directory; a fresh temporary one is made
	// when empty.
	UserDataDir string
	// WatchWorkers attaches to every service worker of ExtensionID as it
	// starts, to collect its console. An attached session keeps a worker
	// alive, so timing runs leave it off.
	WatchWorkers bool
	// Output receives Chromium's own stdout and stderr (nil: discarded).
	Output io.Writer
	// DisableFeatures are more Chromium features to turn off (as
	// --disable-features lists them), e.g. ThirdPartyStoragePartitioning.
	DisableFeatures []string
	// Log collects the console of tabs and workers; nil starts a new one.
	// A browser started again on the same profile can keep adding to the
	// log of the one before.
	Log *Log
}

// Browser is a running headless Chromium.
type Browser struct {
	// Ctx is the browser's first tab (about:blank); NewTab opens others.
	Ctx     context.Context
	cancel  context.CancelFunc
	acancel context.CancelFunc
	tmpDir  string

	// Log collects the console of the tabs and workers, for diagnostics.
	Log *Log

	stopWatch chan struct{}
	watchDone chan struct{}

	// probe is the tab ExtPage keeps open.
	probeMu sync.Mutex
	probe   *Tab
}

// Log is the console output of every target, in order, each line prefixed
// with the target's name.
type Log struct {
	mu    sync.Mutex
	lines []string
}

// Add appends a line.
func (l *Log) Add(who, line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, time.Now().Format("15:04:05.000")+" "+who+": "+line)
}

// Tail is the last n lines.
func (l *Log) Tail(n int) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	lines := l.lines
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// String is the whole log.
func (l *Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// Flags are the Chromium flags every run uses, after chromedp's defaults
// less --headless (replaced by --headless=new) and --disable-extensions.
func flags(o Options, dataDir string) []chromedp.ExecAllocatorOption {
	opts := append([]chromedp.ExecAllocatorOption{}, chromedp.DefaultExecAllocatorOptions[:]...)
	opts = append(opts,
		chromedp.ExecPath(ChromiumPath()),
		chromedp.Flag("headless", "new"),
		chromedp.Flag("disable-extensions", false),
		chromedp.Flag("enable-automation", false),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-features", strings.Join(append([]string{"Translate", "MediaRouter"}, o.DisableFeatures...), ",")),
		chromedp.Flag("ignore-certificate-errors", true),
		chromedp.UserDataDir(dataDir),
		chromedp.WindowSize(800, 900),
	)
	if len(o.Extensions) > 0 {
		list := strings.Join(o.Extensions, ",")
		opts = append(opts, chromedp.Flag("load-extension", list), chromedp.Flag("disable-extensions-except", list))
	}
	if o.ResolverRules != "" {
		opts = append(opts, chromedp.Flag("host-resolver-rules", o.ResolverRules))
	}
	if o.Output != nil {
		opts = append(opts, chromedp.CombinedOutput(o.Output))
	}
	return opts
}

// Start starts Chromium with the options. Close stops it.
func Start(parent context.Context, o Options) (*Browser, error) {
	b := &Browser{Log: o.Log}
	if b.Log == nil {
		b.Log = &Log{}
	}
	dir := o.UserDataDir
	if dir == "" {
		d, err := os.MkdirTemp("", "wxdrop-e2e-profile-")
		if err != nil {
			return nil, err
		}
		dir, b.tmpDir = d, d
	}
	actx, acancel := chromedp.NewExecAllocator(parent, flags(o, dir)...)
	ctx, cancel := chromedp.NewContext(actx)
	b.Ctx, b.cancel, b.acancel = ctx, cancel, acancel
	if err := chromedp.Do(ctx); err != nil {
		b.Close()
		return nil, fmt.Errorf("e2e: starting %s: %w", ChromiumPath(), err)
	}
	if o.WatchWorkers {
		b.stopWatch, b.watchDone = make(chan struct{}), make(chan struct{})
		go b.watchWorkers()
	}
	return b, nil
}

// Close stops the browser and removes a profile Start made.
func (b *Browser) Close() {
	b.unwatch()
	if b.cancel != nil {
		b.cancel()
	}
	if b.acancel != nil {
		b.acancel()
	}
	b.removeProfile()
}

// unwatch stops watching the workers.
func (b *Browser) unwatch() {
	if b.stopWatch != nil {
		close(b.stopWatch)
		<-b.watchDone
		b.stopWatch = nil
	}
}

// Quit closes the browser as a person quitting it does (CDP Browser.close:
// the profile's cookies and storage are written out) and waits for the
// process to end, for at most timeout; then it is killed. The profile
// stays: Start with the same UserDataDir opens it again.
func (b *Browser) Quit(timeout time.Duration) error {
	b.unwatch()
	done := make(chan error, 1)
	go func() { done <- chromedp.Cancel(b.Ctx) }()
	var err error
	select {
	case err = <-done:
	case <-time.After(timeout):
		err = fmt.Errorf("e2e: the browser did not quit within %v; killed", timeout)
	}
	b.Close()
	return err
}

// removeProfile removes a profile Start made.
func (b *Browser) removeProfile() {
	if b.tmpDir != "" {
		// Chromium may still be writing its profile for a moment.
		for i := 0; i < 20; i++ {
			if os.RemoveAll(b.tmpDir) == nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// Tab is an open tab.
type Tab struct {
	Ctx    context.Context
	cancel context.CancelFunc
	Name   string
}

// NewTab opens a tab, collects its console into the browser's Log under
// name, and navigates to url (the navigation waits for the load event).
func (b *Browser) NewTab(url, name string) (*Tab, error) {
	ctx, cancel := chromedp.NewContext(b.Ctx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, fmt.Errorf("e2e: opening a tab: %w", err)
	}
	t := &Tab{Ctx: ctx, cancel: cancel, Name: name}
	b.collect(ctx, name)
	if url != "" {
		nctx, ncancel := context.WithTimeout(ctx, 30*time.Second)
		defer ncancel()
		if err := chromedp.Do(nctx, chromedp.Navigate(url)); err != nil {
			cancel()
			return nil, fmt.Errorf("e2e: opening %s: %w", url, err)
		}
	}
	return t, nil
}

// Close closes the tab (for the popup: what losing focus does to it).
func (t *Tab) Close() { t.cancel() }

// collect copies the console of the context's target into the Log until
// the context ends.
func (b *Browser) collect(ctx context.Context, name string) {
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			line := m.String()
			if m.URL != "" {
				line += fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
			}
			b.Log.Add(name, line)
		}
	}()
	reqs := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range reqs {
			if err != nil {
				return
			}
			if line, ok := weChatRequest(ev.Request.Method, ev.Request.URL, string(ev.Type)); ok {
				b.Log.Add(name, line)
			}
		}
	}()
}

// weChatRequest describes a request to a WeChat host by method, host, path
// and resource type, without the query (which holds the session's skey).
func weChatRequest(method, rawURL, typ string) (string, bool) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "https" {
		return "", false
	}
	h := u.Hostname()
	if !strings.HasSuffix(h, ".qq.com") && !strings.HasSuffix(h, ".wechat.com") {
		return "", false
	}
	return fmt.Sprintf("request %s %s%s (%s)", method, h, u.Path, typ), true
}

// Targets lists the browser's targets.
func (b *Browser) Targets(ctx context.Context) ([]*target.Info, error) {
	return chromedp.Targets(b.Ctx)
}

// WorkerURL is the script URL of an extension's service worker.
func WorkerURL(extID, script string) string {
	return "chrome-extension://" + extID + "/" + script
}

// Workers returns the running service workers of an extension.
func (b *Browser) Workers(extID string) ([]*target.Info, error) {
	ts, err := chromedp.Targets(b.Ctx)
	if err != nil {
		return nil, err
	}
	var out []*target.Info
	for _, t := range ts {
		if t.Type == "service_worker" && strings.HasPrefix(t.URL, "chrome-extension://"+extID+"/") {
			out = append(out, t)
		}
	}
	return out, nil
}

// StopAllWorkers stops every service worker (CDP ServiceWorker.stopAllWorkers,
// sent on the first tab) and waits until none of the extensions is listed.
// A worker still starting (just installed) is not stopped by the command,
// so it is sent again until they are all gone.
func (b *Browser) StopAllWorkers(ctx context.Context, extIDs ...string) error {
	// The domain answers only once enabled on the session.
	if _, err := chromedp.Call(b.Ctx, serviceworker.Enable, cdp.Empty{}); err != nil {
		return fmt.Errorf("e2e: ServiceWorker.enable: %w", err)
	}
	for i := 0; ; i++ {
		if i%5 == 0 {
			if _, err := chromedp.Call(b.Ctx, serviceworker.StopAllWorkers, cdp.Empty{}); err != nil {
				return fmt.Errorf("e2e: ServiceWorker.stopAllWorkers: %w", err)
			}
		}
		var running []string
		for _, id := range extIDs {
			ws, err := b.Workers(id)
			if err != nil {
				return err
			}
			for _, w := range ws {
				running = append(running, w.URL)
			}
		}
		if len(running) == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("e2e: workers still running after stopAllWorkers (%v): %w", running, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Timing is what a worker script records in globalThis.wxdropTiming:
// performance.now() at the top of the script and when the Go core called
// back ready (0 while not yet).
type Timing struct {
	ScriptStart float64  `json:"scriptStart"`
	CoreReady   *float64 `json:"coreReady"`
}

// StartToReady is CoreReady - ScriptStart in milliseconds.
func (t Timing) StartToReady() float64 {
	if t.CoreReady == nil {
		return -1
	}
	return *t.CoreReady - t.ScriptStart
}

// ErrNoWorker says an extension has no running service worker.
var ErrNoWorker = errors.New("e2e: no running service worker")

// WorkerTiming attaches to the running worker of an extension, waits until
// its core is ready, reads its timing and detaches.
func (b *Browser) WorkerTiming(ctx context.Context, extID string) (Timing, error) {
	var tm Timing
	err := b.InWorker(ctx, extID, func(wctx context.Context) error {
		for {
			v, err := chromedp.Run(wctx, chromedp.Evaluate[Timing](`globalThis.wxdropTiming || {scriptStart: -1, coreReady: null}`))
			if err != nil {
				return err
			}
			if v.CoreReady != nil {
				tm = v
				return nil
			}
			select {
			case <-wctx.Done():
				return fmt.Errorf("e2e: worker of %s: core not ready (wxdropTiming %+v): %w", extID, v, wctx.Err())
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
	return tm, err
}

// InWorker runs f with a context attached to the running service worker of
// an extension, waiting for one to be listed, and detaches after.
func (b *Browser) InWorker(ctx context.Context, extID string, f func(context.Context) error) error {
	var id target.ID
	for id == "" {
		ws, err := b.Workers(extID)
		if err != nil {
			return err
		}
		if len(ws) > 0 {
			id = ws[0].TargetID
			break
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w for %s: %w", ErrNoWorker, extID, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
	wctx, cancel := chromedp.NewContext(b.Ctx, chromedp.WithTargetID(id), chromedp.WithDetachOnCancel())
	defer cancel()
	wctx, tcancel := context.WithCancel(wctx)
	defer tcancel()
	stop := context.AfterFunc(ctx, tcancel)
	defer stop()
	if err := chromedp.Do(wctx); err != nil {
		return fmt.Errorf("e2e: attaching to the worker of %s: %w", extID, err)
	}
	return f(wctx)
}

// EvalWorker evaluates an expression in the running worker of an extension
// (awaiting a promise) and returns its value as JSON.
func (b *Browser) EvalWorker(ctx context.Context, extID, expr string) ([]byte, error) {
	var out []byte
	err := b.InWorker(ctx, extID, func(wctx context.Context) error {
		v, err := chromedp.Run(wctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
		out = v
		return err
	})
	return out, err
}

// watchWorkers attaches to every new service worker of ExtensionID and
// copies its console into the Log, until Close.
func (b *Browser) watchWorkers() {
	defer close(b.watchDone)
	seen := map[target.ID]context.CancelFunc{}
	defer func() {
		for _, c := range seen {
			c()
		}
	}()
	n := 0
	for {
		select {
		case <-b.stopWatch:
			return
		case <-time.After(100 * time.Millisecond):
		}
		ws, err := b.Workers(ExtensionID)
		if err != nil {
			continue
		}
		// A stopped worker's target goes away; the next start of the
		// worker may come back under the same id.
		for id, c := range seen {
			if !slices.ContainsFunc(ws, func(w *target.Info) bool { return w.TargetID == id }) {
				c()
				delete(seen, id)
			}
		}
		for _, w := range ws {
			if _, ok := seen[w.TargetID]; ok {
				continue
			}
			n++
			wctx, cancel := chromedp.NewContext(b.Ctx, chromedp.WithTargetID(w.TargetID), chromedp.WithDetachOnCancel())
			seen[w.TargetID] = cancel
			name := fmt.Sprintf("worker#%d", n)
			b.collect(wctx, name)
			go func() {
				actx, acancel := context.WithTimeout(wctx, 5*time.Second)
				defer acancel()
				if err := chromedp.Do(actx); err != nil {
					b.Log.Add(name, "(attach failed: "+err.Error()+")")
					return
				}
				b.Log.Add(name, "(attached)")
			}()
		}
	}
}

// Eval evaluates an expression in a tab, awaiting a promise, into T.
func Eval[T any](ctx context.Context, expr string) (T, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// WaitJS waits until expr is truthy in the tab, evaluating it every 50 ms
// (across navigations), for at most timeout. what names the wait in the
// error, with the last value seen.
func WaitJS(ctx context.Context, expr string, timeout time.Duration, what string) error {
	deadline := time.Now().Add(timeout)
	var last string
	for {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		v, err := chromedp.Run(cctx, chromedp.Evaluate[*runtime.RemoteObject](expr, chromedp.EvalAwaitPromise))
		cancel()
		switch {
		case err != nil:
			last = "error: " + err.Error()
		case truthy(v):
			return nil
		default:
			last = describe(v)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out after %v waiting for %s (last: %s)", timeout, what, last)
		}
		if ctx.Err() != nil {
			return fmt.Errorf("waiting for %s: %w (last: %s)", what, ctx.Err(), last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func truthy(v *runtime.RemoteObject) bool {
	if v == nil {
		return false
	}
	switch v.Type {
	case "undefined":
		return false
	case "object":
		return v.Subtype != "null"
	case "boolean":
		return string(v.Value) == "true"
	case "number":
		s := string(v.Value)
		return s != "0" && s != "" && v.UnserializableValue != "NaN" && v.UnserializableValue != "-0"
	case "string":
		return string(v.Value) != `""`
	}
	return true
}

func describe(v *runtime.RemoteObject) string {
	if v == nil {
		return "nil"
	}
	if len(v.Value) > 0 {
		return string(v.Value)
	}
	if v.Description != "" {
		return v.Description
	}
	return string(v.Type)
}
