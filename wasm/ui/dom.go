//go:build js && wasm

package ui

import (
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

// page holds the document and the few globals the pages use.
type page struct {
	doc dom.Document
	// rawDoc is the document itself: creating rows through it skips
	// dom/v2's element wrapping, which compares the constructor against
	// some sixty globals per element and would cost a keystroke dearly.
	rawDoc js.Value
	err    *errorLine
}

func newPage() *page {
	doc := dom.GetWindow().Document()
	p := &page{doc: doc, rawDoc: js.Global().Get("document")}
	p.err = &errorLine{el: raw(p.byID("error"))}
	return p
}

// byID is the element with that id, as dom/v2 wraps it; the page's HTML
// is ours, so a missing id is a bug caught by the first render.
func (p *page) byID(id string) dom.HTMLElement {
	return p.doc.GetElementByID(id).(dom.HTMLElement)
}

// create makes an element with a class, unwrapped (see rawDoc).
func (p *page) create(tag, class string) js.Value {
	e := p.rawDoc.Call("createElement", tag)
	if class != "" {
		e.Set("className", class)
	}
	return e
}

// setHidden shows or hides an element through the hidden attribute (the
// stylesheet keeps [hidden] hidden whatever the element's display).
func setHidden(e js.Value, hidden bool) {
	if e.Get("hidden").Bool() != hidden {
		e.Set("hidden", hidden)
	}
}

// setText changes an element's text only when it differs: writing the
// same text still costs a layout.
func setText(e js.Value, s string) {
	if e.Get("textContent").String() != s {
		e.Set("textContent", s)
	}
}

// raw is the JavaScript element behind a dom/v2 element.
func raw(e dom.Element) js.Value { return e.Underlying() }

// perfMark sets a performance mark: the end-to-end tests time the popup
// by them (wxdrop-interactive), and they show in a DevTools profile.
func perfMark(name string) {
	if perf := js.Global().Get("performance"); !perf.IsUndefined() {
		perf.Call("mark", name)
	}
}

// hasMark reports whether the performance mark name was set.
func hasMark(name string) bool {
	perf := js.Global().Get("performance")
	return !perf.IsUndefined() && perf.Call("getEntriesByName", name, "mark").Length() > 0
}

// layout makes the browser lay the page out now, so that a mark set
// after it times what a person sees.
func layout() { js.Global().Get("document").Get("body").Get("offsetHeight") }
