//go:build js && wasm

package ui

import (
	"context"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
	"honnef.co/go/js/dom/v2"
)

// allSites are the optional host permissions of the manifest: every site
// a file may be sent from.
var allSites = []string{"https://*/*", "http://*/*"}

// sitesView is the options' site access: by default wxdrop asks for each
// site the first time something is sent from it; here the person may
// allow every site at once, or take that back.
type sitesView struct {
	p                    *page
	state, all, revokeEl js.Value
}

func newSitesView(p *page) *sitesView {
	v := &sitesView{p: p, state: raw(p.byID("sites-state")), all: raw(p.byID("sites-all")), revokeEl: raw(p.byID("sites-revoke"))}
	p.byID("sites-all").AddEventListener("click", false, func(dom.Event) {
		// Asked in the click's own handler: the browser needs the gesture.
		wait := jsx.AskOrigins(allSites...)
		go func() {
			if _, err := wait(context.Background()); err != nil {
				v.p.err.show(model.Internal(err.Error()))
			}
			v.load()
		}()
	})
	p.byID("sites-revoke").AddEventListener("click", false, func(dom.Event) {
		go func() {
			if err := jsx.RemoveOrigins(context.Background(), allSites...); err != nil {
				v.p.err.show(model.Internal(err.Error()))
			}
			v.load()
		}()
	})
	return v
}

// load shows whether every site is allowed.
func (v *sitesView) load() {
	on, err := jsx.HasOrigins(context.Background(), allSites...)
	if err != nil {
		on = false
	}
	key := "sites_all_off"
	if on {
		key = "sites_all_on"
	}
	setText(v.state, tr(key))
	v.state.Get("dataset").Set("all", on)
	setHidden(v.all, on)
	setHidden(v.revokeEl, !on)
}
