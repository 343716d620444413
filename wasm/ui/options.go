//go:build js && wasm

package ui

import (
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// runOptions renders the options page: the version, the session state
// and the language in use. Settings join it in later issues.
func runOptions(p *page) {
	version := js.Global().Get("chrome").Get("runtime").Call("getManifest").Get("version").String()
	setText(raw(p.byID("version")), tr("options_version", version))
	lang := raw(p.byID("language"))
	setText(lang, tr("options_language", tr("langName")))
	lang.Set("title", jsx.UILanguage())

	st := newStateView(p)
	jsx.OnStorageChanged(jsx.Session, func(key, text string) {
		if key == msg.StateKey {
			st.renderJSON(text)
		}
	})
	go st.load()
}
