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

// text shows a sentence that is already localized, as an error.
func (l *errorLine) text(s string) { l.say(s, false) }

// prompt shows a localized sentence that asks for the next step (pick a
// chat for what a page shared), in the line's place but not as an error:
// it was red, read out as an alert, as if something had failed. The next
// text or clear makes the line an error line again.
func (l *errorLine) prompt(s string) { l.say(s, true) }

func (l *errorLine) say(s string, prompt bool) {
	// The role first: a prompt's text set while the line was still an
	// alert would be read out as one.
	l.el.Get("classList").Call("toggle", "prompt", prompt)
	role := "alert"
	if prompt {
		role = "status"
	}
	l.el.Call("setAttribute", "role", role)
	setText(l.el, s)
	setHidden(l.el, s == "")
}

func (l *errorLine) clear() { l.text("") }
