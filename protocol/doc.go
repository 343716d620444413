// Package protocol is a web WeChat (wx.qq.com) client for a session that a
// logged-in browser tab already holds.
//
// It is pure Go: no syscall/js and no http.DefaultClient, so it builds and
// tests natively and compiles into the extension's WebAssembly core without
// pulling in net/http's transport (about 6 MB of binary). Every request goes
// through a Doer: an *http.Client natively, the fetch bridge in the browser.
//
// The wire facts it follows are in shared/PROTOCOL.md; section numbers in
// comments (§5.5 and so on) point there.
package protocol
