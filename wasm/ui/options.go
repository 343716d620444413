//go:build js && wasm

package ui

import (
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// runOptions renders the options page: the version, the session state,
// the settings with the outbox's limits and use, and the language.
func runOptions(p *page) {
	version := js.Global().Get("chrome").Get("runtime").Call("getManifest").Get("version").String()
	setText(p.byID("version"), tr("options_version", version))
	lang := p.byID("language")
	setText(lang, tr("options_language", tr("langName")))
	lang.Set("title", jsx.UILanguage())

	st := newStateView(p)
	set := newSettingsView(p)
	// Listen before reading, so that no change falls between the two.
	jsx.OnStorageChanged(jsx.Session, map[string]func(string){msg.StateKey: st.renderJSON})
	rv := newRulesView(p)
	st.onChange = rv.setState
	jsx.OnStorageChanged(jsx.Local, map[string]func(string){
		msg.OutboxKey:     set.showUsage,
		msg.RulesStateKey: rv.logChanged,
	})
	go st.load()
	go set.load()
	go set.loadUsage()
	go newSitesView(p).load()
	go newAutomationView(p).load()
	go rv.load()
	go newFriendsOptions(p).load()
	go newRecallOptions(p).load()
	go newMsgExportOptions(p).load()
}
