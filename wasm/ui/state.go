//go:build js && wasm

package ui

import (
	"context"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/safename"
	"github.com/wxdrop/wxdrop/wasm/search"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

// stateView is #state (data-status, the avatar, a sentence) and the
// #open-wechat button beside it, on both pages.
type stateView struct {
	p                     *page
	root, img, text, open js.Value
	// account is the popup's account switch (#account; undefined on a
	// page without one), shown when two accounts are logged in.
	account js.Value
	// known is set once a state was shown: a late read of the stored
	// state must not overwrite the worker's newer answer.
	known bool
	// last is the state shown.
	last msg.State
	// stored counts the states shown from storage.session's changes: a
	// worker's answer asked for before one of them is older than it (the
	// worker that found none stored answers "none" while the page's
	// report of its login is being stored) and must not replace it.
	stored int
	// onChange, when set, hears every state shown.
	onChange func(msg.State)
}

func newStateView(p *page) *stateView {
	v := &stateView{p: p, root: p.byID("state"), open: p.byID("open-wechat")}
	v.img = v.root.Call("querySelector", "img")
	v.text = v.root.Call("querySelector", ".state-text")
	on(p.byID("open-wechat"), "click", func(js.Value) { go v.openWeChat() })
	// A request refused for an account no longer current shows the one
	// that is, without waiting for the stored state's change.
	accountChanged = v.ask
	if a := p.doc.Call("getElementById", "account"); a.Truthy() {
		v.account = a
		on(a, "change", func(js.Value) { go v.switchTo(value(a)) })
	}
	return v
}

// renderAccounts fills the account switch: the logged-in accounts, the
// popup's selected; hidden unless there are two.
func (v *stateView) renderAccounts(st msg.State) {
	if !v.account.Truthy() {
		return
	}
	var live []msg.AccountInfo
	for _, a := range st.Accounts {
		if a.Status == msg.SessionReady {
			live = append(live, a)
		}
	}
	setHidden(v.account, len(live) < 2)
	v.account.Set("textContent", "")
	for _, a := range live {
		o := v.p.create("option", "")
		o.Set("value", a.ID)
		// Without what reorders text (safename.Visible): a name's override
		// turned its host around. The host first: a long name pushed it
		// out of the switch's width (security.md row 97).
		o.Set("textContent", a.Host+" · "+safename.Visible(search.Clean(a.NickName)))
		if a.ID == st.Account {
			o.Set("selected", true)
		}
		v.account.Call("appendChild", o)
	}
}

// twoReady reports whether two accounts or more are logged in.
func twoReady(st msg.State) bool {
	n := 0
	for _, a := range st.Accounts {
		if a.Status == msg.SessionReady {
			n++
		}
	}
	return n >= 2
}

// switchTo makes the popup act as another account.
func (v *stateView) switchTo(id string) {
	var ans msg.State
	if e := request(msg.SetAccount, &msg.IDBody{ID: id}, &ans); e != nil {
		v.p.err.show(e)
		return
	}
	v.render(ans)
}

// render shows st.
func (v *stateView) render(st msg.State) {
	v.known = true
	v.last = st
	shownAccount = st.Account
	status := st.Status
	switch status {
	case msg.SessionReady, msg.SessionLoggedOut:
	default:
		status = msg.SessionNone
	}
	v.root.Call("setAttribute", "data-status", string(status))
	ready := status == msg.SessionReady
	if ready {
		// The nick name is the page's word (a script of the page can set
		// it to another account's); the host is the tab's: with two
		// accounts it says which one acts.
		if twoReady(st) {
			setText(v.text, tr("state_ready_host", search.Clean(st.NickName), st.Host))
		} else {
			setText(v.text, tr("state_ready", search.Clean(st.NickName)))
		}
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
	v.renderAccounts(st)
	if v.onChange != nil {
		v.onChange(st)
	}
}

// renderJSON shows a state stored as JSON text ("" when removed: none).
func (v *stateView) renderJSON(text string) {
	var st msg.State
	if text != "" {
		var err error
		if st, err = model.DecodeState(text); err != nil {
			return
		}
	}
	v.stored++
	v.render(st)
}

// load shows the stored state, then asks the worker.
func (v *stateView) load() {
	v.loadStored()
	v.ask()
}

// loadStored shows the stored state at once: a sleeping worker takes a
// while to answer. It is read with model.DecodeState, not encoding/json,
// whose first call would hold up the contacts' render (see there).
func (v *stateView) loadStored() {
	text, found, err := jsx.StorageGetText(context.Background(), jsx.Session, msg.StateKey)
	if err != nil || !found || v.known {
		return
	}
	if st, err := model.DecodeState(text); err == nil && !v.known {
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
	before := v.stored
	if e := request(msg.GetState, nil, &ans); e != nil {
		if !v.known {
			v.render(msg.State{Status: msg.SessionNone})
		}
		v.p.err.show(e)
		return
	}
	if v.stored != before {
		return // the stored state changed meanwhile: it is the newer
	}
	v.render(ans)
}

// openWeChat asks the worker to focus or open the web WeChat tab.
func (v *stateView) openWeChat() {
	if e := request(msg.OpenWeChat, nil, nil); e != nil {
		v.p.err.show(e)
	}
}
