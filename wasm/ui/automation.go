//go:build js && wasm

package ui

import (
	"honnef.co/go/js/dom/v2"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// automationView is the options' page API switch (#api-enabled): off on a
// new install; the web WeChat page's window.wxdrop exists only while on.
type automationView struct {
	p   *page
	box *dom.HTMLInputElement
}

func newAutomationView(p *page) *automationView {
	v := &automationView{p: p, box: p.byID("api-enabled").(*dom.HTMLInputElement)}
	v.box.AddEventListener("change", false, func(dom.Event) {
		on := v.box.Checked()
		go func() {
			var a msg.Automation
			if e := request(msg.SetAutomation, msg.Automation{API: on}, &a); e != nil {
				v.p.err.show(e)
				v.box.SetChecked(!on)
			}
		}()
	})
	return v
}

// load shows the switch as stored.
func (v *automationView) load() {
	var a msg.Automation
	if e := request(msg.GetAutomation, nil, &a); e != nil {
		v.p.err.show(e)
		return
	}
	v.box.SetChecked(a.API)
	v.box.Underlying().Get("dataset").Set("loaded", "1")
}
