// Package ui renders the extension's popup and options page in Go. Each
// page is a program of its own, extension/popup.wasm (wasm/cmd/popup,
// RunPopup) and extension/options.wasm (wasm/cmd/options, RunOptions):
// the linker keeps only what each one calls, so the popup carries none of
// the options page's views (nor the rules' regexp) and the options page
// none of the chat picker's.
//
// The DOM is touched one way only: syscall/js values, with the few
// helpers of dom.go (byID, create, on, value, setText, setHidden). Not
// honnef.co/go/js/dom/v2: it made the one program both pages had 1.0 MB
// larger (5.55 MB against 4.55 MB), which the popup paid at every open
// (README, "How it works").
//
// What needs no browser (reading answers and records, error and entry
// texts, the lists' order, the schedule and settings forms' values) is
// in package model and the chat search in package search,
// both tested natively; this package only wires them to the DOM and to
// the service worker (package jsx). It builds only for js/wasm.
//
// Everything here runs on the page's one thread: a js.FuncOf callback
// and the goroutines it starts interleave only where one blocks (Await,
// channels), and no code blocks while it holds page state half-changed,
// so the page state needs no locks. A callback never blocks itself: work
// that waits on a promise runs in its own goroutine.
package ui
