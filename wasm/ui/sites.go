//go:build js && wasm

package ui

import (
	"context"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
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
	v := &sitesView{p: p, state: p.byID("sites-state"), all: p.byID("sites-all"), revokeEl: p.byID("sites-revoke")}
	on(p.byID("sites-all"), "click", func(js.Value) {
		// Asked in the click's own handler: the browser needs the gesture.
		wait := jsx.AskOrigins(allSites...)
		go func() {
			if _, err := wait(context.Background()); err != nil {
				v.p.err.show(model.Internal(err.Error()))
			}
			v.load()
		}()
	})
	on(p.byID("sites-revoke"), "click", func(js.Value) {
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
