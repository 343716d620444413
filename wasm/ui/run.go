//go:build js && wasm

package ui

// RunPopup renders the popup and returns; the caller keeps the program
// alive for the page's callbacks.
func RunPopup() { runPopup(start()) }

// RunOptions renders the options page and returns, as RunPopup.
func RunOptions() { runOptions(start()) }

// start is what both pages do first: the mark the figures time main by,
// and the static text localized unless instant.js (the popup's first
// script) did it already.
func start() *page {
	perfMark("wxdrop-go-run")
	p := newPage()
	if p.doc.Get("documentElement").Get("dataset").Get("localized").String() != "1" {
		p.localize()
	}
	return p
}
