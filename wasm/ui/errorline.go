//go:build js && wasm

package ui

import (
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// errorLine is #error: the page-level error, hidden when empty.
type errorLine struct{ el js.Value }

// show puts the localized text of e in #error (nil clears it).
func (l *errorLine) show(e *msg.Error) { l.text(msg.Text(tr, e)) }

// text shows a sentence that is already localized.
func (l *errorLine) text(s string) {
	setText(l.el, s)
	setHidden(l.el, s == "")
}

func (l *errorLine) clear() { l.text("") }
