//go:build js && wasm

package ui

import "syscall/js"

// The pages touch the DOM through syscall/js only, with the helpers below
// (why not dom/v2: doc.go).

// page holds the document and the few globals the pages use.
type page struct {
	doc js.Value
	err *errorLine
	// runFile, set by the send-to-many view, takes a file dropped or
	// pasted while that mode has the composer set aside (files.go).
	runFile func(f js.Value)
}

func newPage() *page {
	p := &page{doc: js.Global().Get("document")}
	p.err = &errorLine{el: p.byID("error")}
	return p
}

// byID is the element with that id; the page's HTML is ours, so a missing
// id is a bug caught by the first render.
func (p *page) byID(id string) js.Value {
	return p.doc.Call("getElementById", id)
}

// create makes an element with a class.
func (p *page) create(tag, class string) js.Value {
	e := p.doc.Call("createElement", tag)
	if class != "" {
		e.Set("className", class)
	}
	return e
}

// on calls fn with each event of that type on the target. The page's
// listeners live as long as the page, so the function is never released.
func on(target js.Value, event string, fn func(ev js.Value)) {
	target.Call("addEventListener", event, listener(fn))
}

// onCapture is on in the capture phase: for events that do not bubble
// (an img's error) seen on an ancestor.
func onCapture(target js.Value, event string, fn func(ev js.Value)) {
	target.Call("addEventListener", event, listener(fn), true)
}

func listener(fn func(ev js.Value)) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any {
		fn(args[0])
		return nil
	})
}

// value is a form control's value.
func value(e js.Value) string { return e.Get("value").String() }

// checked is a checkbox's state.
func checked(e js.Value) bool { return e.Get("checked").Bool() }

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
