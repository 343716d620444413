//go:build js && wasm

package ui

import (
	"strings"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/jsx"
)

// tr is the text of a _locales key (chrome.i18n.getMessage); the key
// itself when missing, so that a gap shows instead of an empty button.
func tr(key string, subs ...string) string { return jsx.Message(key, subs...) }

// localize fills the page's static text from _locales: data-i18n sets
// the text, data-i18n-placeholder, data-i18n-title and
// data-i18n-aria-label set those attributes. The HTML holds keys only,
// so each language is written in one place.
func (p *page) localize() {
	// The texts' own language (ui_lang), which picks the fonts of their
	// Han characters; @@ui_locale can be the browser's en_US beside zh_CN
	// texts.
	loc := tr("ui_lang")
	if loc != "ui_lang" && loc != "" {
		p.doc.Get("documentElement").Set("lang", strings.ReplaceAll(loc, "_", "-"))
	}
	each := func(attr string, apply func(e js.Value, text string)) {
		list := p.doc.Call("querySelectorAll", "["+attr+"]")
		for i, n := 0, list.Length(); i < n; i++ {
			e := list.Index(i)
			apply(e, tr(e.Call("getAttribute", attr).String()))
		}
	}
	each("data-i18n", func(e js.Value, s string) { e.Set("textContent", s) })
	each("data-i18n-placeholder", func(e js.Value, s string) { e.Set("placeholder", s) })
	each("data-i18n-title", func(e js.Value, s string) { e.Set("title", s) })
	each("data-i18n-aria-label", func(e js.Value, s string) { e.Call("setAttribute", "aria-label", s) })
}
