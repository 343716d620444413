//go:build !js

// Package e2e runs the built extension in headless Chromium (the system's
// /usr/bin/chromium, driven over CDP with chromedp) against the simulated web
// WeChat of protocol/wxsim, whose hosts Chromium reaches through
// --host-resolver-rules.
//
// The package itself is the harness the tests and the figures command share:
// building the extension and the hello-world baseline extension, starting
// Chromium with both loaded, tabs with their console collected, the service
// workers (stop, wake, read their start-up timing). The tests are in
// *_test.go; the figures are printed by e2e/cmd/figures (make bench).
// The Firefox tests are in e2e/firefox, which uses this package's build,
// log, header checks, Poll and Gate.
//
// The files, by role: build.go (building, finding the browser), browser.go
// (starting Chromium, tabs), console.go (the console log), workers.go (the
// service workers), eval.go (evaluating and waiting in a tab), poll.go (the
// one polling loop), gate.go (what TestMain decided for every test),
// outbox.go (the worker driven through its messages and storage, the
// simulated page logged in), headers.go and profile.go (checks and
// diagnostics).
//
// Everything here is native Go: the files carry //go:build !js so that the
// GOOS=js build of ./... leaves the package out.
package e2e
