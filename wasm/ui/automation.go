//go:build js && wasm

package ui

import (
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// automationView is the options' page API switch (#api-enabled): off on a
// new install; the web WeChat page's window.wxdrop exists only while on.
type automationView struct {
	p   *page
	box js.Value
}

func newAutomationView(p *page) *automationView {
	v := &automationView{p: p, box: p.byID("api-enabled")}
	on(v.box, "change", func(js.Value) {
		on := checked(v.box)
		go func() {
			var a msg.Automation
			if e := request(msg.SetAutomation, &msg.Automation{API: on}, &a); e != nil {
				v.p.err.show(e)
				v.box.Set("checked", !on)
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
	v.box.Set("checked", a.API)
	v.box.Get("dataset").Set("loaded", "1")
}
