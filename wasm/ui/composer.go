//go:build js && wasm

package ui

import (
	"strings"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"honnef.co/go/js/dom/v2"
)

// composer is #to, #text and #send: the text to the picked chat.
type composer struct {
	p        *page
	to       js.Value
	text     *dom.HTMLTextAreaElement
	send     *dom.HTMLButtonElement
	picked   string // UserName; "" until a chat is picked
	onNoPick func()
}

func newComposer(p *page, onNoPick func()) *composer {
	c := &composer{p: p, to: raw(p.byID("to")), text: p.byID("text").(*dom.HTMLTextAreaElement), send: p.byID("send").(*dom.HTMLButtonElement), onNoPick: onNoPick}
	c.send.AddEventListener("click", false, func(dom.Event) { c.submit() })
	c.text.AddEventListener("keydown", false, func(e dom.Event) {
		ke := e.(*dom.KeyboardEvent)
		if ke.Key() == "Enter" && (ke.CtrlKey() || ke.MetaKey()) {
			e.PreventDefault()
			c.submit()
		}
	})
	return c
}

// setTo shows the picked chat and moves on to the text.
func (c *composer) setTo(user, name string) {
	c.picked = user
	setText(c.to, name)
	c.to.Get("classList").Call("remove", "none")
	c.p.err.clear()
	c.text.Focus()
}

// submit sends the text; the job then shows in #jobs through storage.
func (c *composer) submit() {
	if c.picked == "" {
		c.p.err.text(tr("pick_first"))
		c.onNoPick()
		return
	}
	text := c.text.Value()
	if strings.TrimSpace(text) == "" {
		c.p.err.show(&msg.Error{Code: msg.ErrEmptyMessage})
		c.text.Focus()
		return
	}
	if c.send.Disabled() {
		return // the previous send is still being handed over
	}
	c.send.SetDisabled(true)
	to := c.picked
	go func() {
		defer c.send.SetDisabled(false)
		if e := request(msg.SendText, msg.SendTextBody{To: to, Text: text}, nil); e != nil {
			c.p.err.show(e)
			return
		}
		c.p.err.clear()
		// Clear only what was sent: a person may have typed on.
		if c.text.Value() == text {
			c.text.SetValue("")
		}
		c.text.Focus()
	}()
}
