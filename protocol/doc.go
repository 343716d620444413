// Package protocol is a web WeChat (wx.qq.com) client for a session that a
// logged-in browser tab already holds.
//
// It is pure Go: no syscall/js, and not even net/http (its import alone is
// 1.9 MB of WebAssembly), so it builds and tests natively and compiles
// into the extension's WebAssembly core small. Every request is the
// package's own Request and goes through a Doer: an *http.Client wrapped
// by protocol/httpdoer natively, the fetch bridge in the browser.
//
// The wire facts it follows, and where each comes from, are in
// docs/protocol.md; section numbers in comments (§5.5 and so on) are its
// headings, and docs/docs_test.go checks that each one exists.
package protocol
