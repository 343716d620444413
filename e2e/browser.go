//go:build !js

package e2e

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

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
	// JSFlags is --js-flags (V8's own flags), for diagnostics only: a
	// person's browser runs V8's defaults.
	JSFlags string
	// TrustedSPKI is --ignore-certificate-errors-spki-list (base64 SHA-256
	// hashes of public keys; wxsim's: CertSPKI). Chromium keeps in its HTTP
	// cache only answers of a certificate it takes as valid, so a test of
	// what the cache keeps names wxsim's CA here.
	TrustedSPKI string
	// Lang is the browser's language (--lang, e.g. "zh-CN"), which
	// chrome.i18n follows; empty leaves Chromium's default (en-US here).
	Lang string
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
	if o.TrustedSPKI != "" {
		opts = append(opts, chromedp.Flag("ignore-certificate-errors-spki-list", o.TrustedSPKI))
	}
	if o.Lang != "" {
		opts = append(opts, chromedp.Flag("lang", o.Lang))
	}
	if o.JSFlags != "" {
		opts = append(opts, chromedp.Flag("js-flags", o.JSFlags))
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

// Targets lists the browser's targets.
func (b *Browser) Targets(ctx context.Context) ([]*target.Info, error) {
	return chromedp.Targets(b.Ctx)
}
