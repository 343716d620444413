// Package ui renders the extension's popup and options page in Go
// (honnef.co/go/js/dom/v2). One program, extension/ui.wasm, serves both:
// Run looks at document.body.dataset.page.
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
