//go:build !js

// Package firefox drives headless Firefox with wxdrop installed as a
// temporary add-on, over WebDriver BiDi (Firefox's own remote protocol:
// no driver binary), for the end-to-end tests in Firefox. It holds the
// BiDi client, a small WebSocket client under it, and a CONNECT proxy that
// plays the part of Chromium's --host-resolver-rules.
package firefox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/wxdrop/wxdrop/e2e"
)

// Path is the Firefox the tests run: $WXDROP_FIREFOX, or the Debian
// package firefox-esr's. Nothing here ever downloads a browser.
func Path() string {
	if p := os.Getenv("WXDROP_FIREFOX"); p != "" {
		return p
	}
	return "/usr/bin/firefox-esr"
}

// Have reports whether Path is an executable file.
func Have() bool { return e2e.IsExecutable(Path()) }

// Options say how to start Firefox.
type Options struct {
	// Proxy is host:port of the CONNECT proxy every https request goes
	// through ("" for none).
	Proxy string
	// UUIDs fixes the moz-extension:// host of add-ons by their id, so
	// that their pages have known URLs.
	UUIDs map[string]string
	// Prefs are more preferences for user.js.
	Prefs map[string]any
	// Log collects Firefox's output (its console, with the dump prefs
	// set); nil starts a new one.
	Log *e2e.Log
}

// Browser is a running headless Firefox and its BiDi session.
type Browser struct {
	*Conn
	cmd     *exec.Cmd
	profile string
	Log     *e2e.Log
	// Version is the browser's version (session.new's browserVersion).
	Version string
	exited  chan struct{}
}

// prefs are the preferences of every run, before Options.Prefs.
func prefs(o Options, profile string) map[string]any {
	p := map[string]any{
		// The console of pages, extension pages and the background page
		// goes to stdout, into the Log.
		"devtools.console.stdout.content":            true,
		"devtools.console.stdout.chrome":             true,
		"browser.shell.checkDefaultBrowser":          false,
		"datareporting.policy.dataSubmissionEnabled": false,
		"toolkit.telemetry.reportingpolicy.firstRun": false,
		"browser.aboutwelcome.enabled":               false,
		// Downloads go to the profile's own folder, never asked about.
		"browser.download.useDownloadDir":                       true,
		"browser.download.folderList":                           2,
		"browser.download.dir":                                  filepath.Join(profile, "downloads"),
		"browser.download.always_ask_before_handling_new_types": false,
	}
	if host, port, err := net.SplitHostPort(o.Proxy); err == nil {
		n, _ := strconv.Atoi(port)
		// An https request goes to the proxy as CONNECT host:443, so the
		// WeChat names are never looked up on the machine (and DNS over
		// HTTPS is off). localhost is not proxied (the test site and
		// wxsim are reached by name only).
		p["network.proxy.type"] = 1
		p["network.proxy.ssl"] = host
		p["network.proxy.ssl_port"] = n
		p["network.proxy.http"] = host
		p["network.proxy.http_port"] = n
		p["network.trr.mode"] = 5
	}
	if len(o.UUIDs) > 0 {
		b, _ := json.Marshal(o.UUIDs)
		p["extensions.webextensions.uuids"] = string(b)
	}
	for k, v := range o.Prefs {
		p[k] = v
	}
	return p
}

func userJS(p map[string]any) string {
	var b strings.Builder
	for k, v := range p {
		j, _ := json.Marshal(v)
		fmt.Fprintf(&b, "user_pref(%q, %s);\n", k, j)
	}
	return b.String()
}

var listening = regexp.MustCompile(`WebDriver BiDi listening on (ws://\S+)`)

// Start starts headless Firefox on a fresh profile with a BiDi session
// that accepts wxsim's certificate. Close stops it.
func Start(ctx context.Context, o Options) (*Browser, error) {
	profile, err := os.MkdirTemp("", "wxdrop-firefox-profile-")
	if err != nil {
		return nil, err
	}
	b := &Browser{profile: profile, Log: o.Log, exited: make(chan struct{})}
	if b.Log == nil {
		b.Log = &e2e.Log{}
	}
	if err := os.WriteFile(filepath.Join(profile, "user.js"), []byte(userJS(prefs(o, profile))), 0o644); err != nil {
		os.RemoveAll(profile)
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(profile, "downloads"), 0o755); err != nil {
		os.RemoveAll(profile)
		return nil, err
	}
	cmd := exec.Command(Path(), "--headless", "--no-remote", "--remote-debugging-port", "0",
		// Lets BiDi open the add-on's own pages (moz-extension://) in a
		// tab, and reach the browser window's own menus.
		"--remote-allow-system-access", "-profile", profile, "about:blank")
	cmd.Env = append(os.Environ(), "MOZ_CRASHREPORTER_DISABLE=1")
	url := make(chan string, 1)
	cmd.Stderr = &lineWriter{b: b, who: "stderr", url: url}
	cmd.Stdout = &lineWriter{b: b, who: "stdout", url: url}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(profile)
		return nil, fmt.Errorf("firefox: starting %s: %w", Path(), err)
	}
	b.cmd = cmd
	go func() { cmd.Wait(); close(b.exited) }()
	var ws string
	select {
	case ws = <-url:
	case <-b.exited:
		b.Close()
		return nil, fmt.Errorf("firefox: %s ended before it listened:\n%s", Path(), b.Log.Tail(30))
	case <-time.After(60 * time.Second):
		b.Close()
		return nil, fmt.Errorf("firefox: %s did not say where WebDriver BiDi listens within 60 s:\n%s", Path(), b.Log.Tail(30))
	case <-ctx.Done():
		b.Close()
		return nil, ctx.Err()
	}
	b.Conn, err = dial(ctx, ws+"/session")
	if err != nil {
		b.Close()
		return nil, err
	}
	var s struct {
		Capabilities struct {
			BrowserVersion string `json:"browserVersion"`
		} `json:"capabilities"`
	}
	caps := map[string]any{"alwaysMatch": map[string]any{"acceptInsecureCerts": true}}
	if err := b.Call(ctx, "session.new", map[string]any{"capabilities": caps}, &s); err != nil {
		b.Close()
		return nil, err
	}
	b.Version = s.Capabilities.BrowserVersion
	return b, nil
}

// lineWriter adds what Firefox writes to the Log, line by line, and
// sends the address BiDi listens on to url when a line says it.
type lineWriter struct {
	b   *Browser
	who string
	url chan<- string
	buf []byte
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := string(w.buf[:i])
		w.buf = w.buf[i+1:]
		if m := listening.FindStringSubmatch(line); m != nil {
			select {
			case w.url <- m[1]:
			default:
			}
		}
		w.b.Log.Add(w.who, line)
	}
}

// Profile is the profile directory.
func (b *Browser) Profile() string { return b.profile }

// DownloadDir is where downloads go.
func (b *Browser) DownloadDir() string { return filepath.Join(b.profile, "downloads") }

// Close ends the session, stops Firefox and removes its profile.
func (b *Browser) Close() {
	if b.Conn != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = b.Call(ctx, "browser.close", nil, nil)
		cancel()
		b.Conn.Close()
	}
	if b.cmd != nil && b.cmd.Process != nil {
		select {
		case <-b.exited:
		case <-time.After(10 * time.Second):
			b.cmd.Process.Kill()
			<-b.exited
		}
	}
	for i := 0; i < 20; i++ {
		if os.RemoveAll(b.profile) == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Install installs an add-on as a temporary add-on, as about:debugging's
// "Load Temporary Add-on…" does, and returns its id: path is its
// directory (unpacked) or its zip.
func (b *Browser) Install(ctx context.Context, path string) (string, error) {
	var r struct {
		Extension string `json:"extension"`
	}
	typ := "path"
	if strings.HasSuffix(path, ".zip") || strings.HasSuffix(path, ".xpi") {
		typ = "archivePath"
	}
	err := b.Call(ctx, "webExtension.install", map[string]any{"extensionData": map[string]any{"type": typ, "path": path}}, &r)
	if err != nil {
		return "", err
	}
	return r.Extension, nil
}
