//go:build js && wasm

package ui

// Run renders the page named by document.body.dataset.page ("popup" or
// "options") and returns; the caller keeps the program alive for the
// page's callbacks.
func Run() {
	perfMark("wxdrop-go-run")
	p := newPage()
	// The popup's first script (instant.js) localized the page already.
	if p.rawDoc.Get("documentElement").Get("dataset").Get("localized").String() != "1" {
		p.localize()
	}
	switch p.rawDoc.Get("body").Get("dataset").Get("page").String() {
	case "popup":
		runPopup(p)
	case "options":
		runOptions(p)
	default:
		p.err.text(tr("err_INTERNAL", "unknown page"))
	}
}
