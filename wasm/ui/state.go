//go:build js && wasm

package ui

import (
	"context"
	"encoding/json"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/search"
	"honnef.co/go/js/dom/v2"
)

// stateView is #state (data-status, the avatar, a sentence) and the
// #open-wechat button beside it, on both pages.
type stateView struct {
	p                     *page
	root, img, text, open js.Value
	// known is set once a state was shown: a late read of the stored
	// state must not overwrite the worker's newer answer.
	known bool
	// last is the state shown.
	last msg.State
	// onChange, when set, hears every state shown.
	onChange func(msg.State)
}

func newStateView(p *page) *stateView {
	v := &stateView{p: p, root: raw(p.byID("state")), open: raw(p.byID("open-wechat"))}
	v.img = v.root.Call("querySelector", "img")
	v.text = v.root.Call("querySelector", ".state-text")
	p.byID("open-wechat").AddEventListener("click", false, func(dom.Event) { go v.openWeChat() })
	return v
}

// render shows st.
func (v *stateView) render(st msg.State) {
	v.known = true
	v.last = st
	status := st.Status
	switch status {
	case msg.SessionReady, msg.SessionLoggedOut:
	default:
		status = msg.SessionNone
	}
	v.root.Call("setAttribute", "data-status", string(status))
	ready := status == msg.SessionReady
	if ready {
		setText(v.text, tr("state_ready", search.Clean(st.NickName)))
		if st.HeadImgURL != "" {
			if v.img.Call("getAttribute", "src").String() != st.HeadImgURL {
				v.img.Set("src", st.HeadImgURL)
			}
			setHidden(v.img, false)
		} else {
			setHidden(v.img, true)
		}
	} else {
		setHidden(v.img, true)
		key := "state_none"
		if status == msg.SessionLoggedOut {
			key = "state_logged_out"
		}
		setText(v.text, tr(key))
	}
	setHidden(v.open, ready)
	if v.onChange != nil {
		v.onChange(st)
	}
}

// renderJSON shows a state stored as JSON text ("" when removed: none).
func (v *stateView) renderJSON(text string) {
	var st msg.State
	if text != "" {
		if err := json.Unmarshal([]byte(text), &st); err != nil {
			return
		}
	}
	v.render(st)
}

// load shows the stored state, then asks the worker.
func (v *stateView) load() {
	v.loadStored()
	v.ask()
}

// loadStored shows the stored state at once: a sleeping worker takes a
// while to answer.
func (v *stateView) loadStored() {
	var st msg.State
	if found, err := jsx.StorageGet(context.Background(), jsx.Session, msg.StateKey, &st); err == nil && found && !v.known {
		v.render(st)
	}
}

// me is the account logged in, as the stored state says; ok is false
// when none is.
func (v *stateView) me() (user, nick string, ok bool) {
	return v.last.UserName, v.last.NickName, v.last.Status == msg.SessionReady && v.last.UserName != ""
}

// ask shows the worker's answer, which also looks at the tabs when
// nothing is stored yet.
func (v *stateView) ask() {
	var ans msg.State
	if e := request(msg.GetState, nil, &ans); e != nil {
		if !v.known {
			v.render(msg.State{Status: msg.SessionNone})
		}
		v.p.err.show(e)
		return
	}
	v.render(ans)
}

// openWeChat asks the worker to focus or open the web WeChat tab.
func (v *stateView) openWeChat() {
	if e := request(msg.OpenWeChat, nil, nil); e != nil {
		v.p.err.show(e)
	}
}
