//go:build js && wasm

package ui

import (
	"context"
	"encoding/json"
	"strings"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/friends"
	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"honnef.co/go/js/dom/v2"
)

// friendsList is the popup's friend requests (#friends-section,
// #friends): who asks, their message, and Accept; accepted ones say so.
// It follows the worker's record in storage.local.
type friendsList struct {
	p       *page
	section js.Value
	list    js.Value
	// greeting is the options' greeting, sent to a friend accepted here.
	greeting string
}

func newFriendsList(p *page) *friendsList {
	v := &friendsList{p: p, section: raw(p.byID("friends-section")), list: raw(p.byID("friends"))}
	v.list.Call("addEventListener", "click", js.FuncOf(func(_ js.Value, args []js.Value) any {
		b := args[0].Get("target").Call("closest", "button[data-id]")
		if b.IsNull() {
			return nil
		}
		b.Set("disabled", true)
		setText(b, tr("friends_accepting"))
		id := b.Call("getAttribute", "data-id").String()
		go func() {
			var acc msg.FriendAccepted
			if e := request(msg.AcceptFriend, msg.AcceptFriendBody{ID: id, Greeting: v.greeting}, &acc); e != nil {
				v.p.err.show(e)
				b.Set("disabled", false)
				setText(b, tr("friends_accept"))
			}
		}()
		return nil
	}))
	return v
}

// load shows the requests kept, then follows their changes.
func (v *friendsList) load() {
	jsx.OnStorageChanged(jsx.Local, func(key, text string) {
		if key == msg.FriendsKey {
			var rec friends.Record
			_ = json.Unmarshal([]byte(text), &rec)
			v.render(rec.Requests)
		}
	})
	// Read from storage.local, where the worker keeps them, so that
	// opening the popup does not wake a stopped worker for them.
	ctx := context.Background()
	var fc friends.Config
	if _, err := jsx.StorageGet(ctx, jsx.Local, msg.FriendsConfigKey, &fc); err != nil {
		v.p.err.show(&msg.Error{Code: msg.ErrInternal, Detail: err.Error()})
		return
	}
	var rec friends.Record
	if _, err := jsx.StorageGet(ctx, jsx.Local, msg.FriendsKey, &rec); err != nil {
		v.p.err.show(&msg.Error{Code: msg.ErrInternal, Detail: err.Error()})
		return
	}
	v.greeting = fc.Greeting
	v.render(rec.Requests)
}

// render lists the requests, newest first.
func (v *friendsList) render(rs []friends.Request) {
	v.list.Set("textContent", "")
	for i := len(rs) - 1; i >= 0; i-- {
		r := rs[i]
		li := v.p.create("li", "entry friend")
		li.Get("dataset").Set("state", r.State)
		head := v.p.create("div", "entry-head")
		who := v.p.create("strong", "title")
		setText(who, r.NickName)
		head.Call("append", who)
		if place := strings.TrimSpace(r.Province + " " + r.City); place != "" {
			to := v.p.create("span", "entry-to")
			setText(to, place)
			head.Call("append", to)
		}
		body := v.p.create("div", "entry-body")
		texts := v.p.create("div", "texts")
		said := v.p.create("div", "when")
		setText(said, r.Content)
		res := v.p.create("div", "result")
		switch {
		case r.State == friends.StateAccepted && r.ByRule:
			setText(res, tr("friends_accepted_rule"))
			res.Set("className", "result ok")
		case r.State == friends.StateAccepted:
			setText(res, tr("friends_accepted"))
			res.Set("className", "result ok")
		case r.State == friends.StateFailed:
			setText(res, msg.Text(tr, &msg.Error{Code: msg.Code(r.Error)}))
			res.Set("className", "result bad")
		case r.Held:
			setText(res, msg.Text(tr, &msg.Error{Code: msg.ErrFriendsHourFull}))
			res.Set("className", "result warn")
		}
		texts.Call("append", said, res)
		actions := v.p.create("div", "actions")
		if r.State == friends.StatePending {
			b := v.p.create("button", "")
			b.Set("type", "button")
			b.Call("setAttribute", "data-id", r.ID)
			setText(b, tr("friends_accept"))
			actions.Call("append", b)
		}
		body.Call("append", texts, actions)
		li.Call("append", head, body)
		v.list.Call("append", li)
	}
	setHidden(v.section, len(rs) == 0)
}

// friendsOptions is the options' friend-request settings (#friends-form)
// and the contacts export (#export-csv, #export-json, #export-state).
type friendsOptions struct {
	p                  *page
	on                 *dom.HTMLInputElement
	auto, word, greet  js.Value
	saved, exportState js.Value
}

func newFriendsOptions(p *page) *friendsOptions {
	v := &friendsOptions{
		p: p, on: p.byID("friends-list-on").(*dom.HTMLInputElement),
		auto: raw(p.byID("friends-auto")), word: raw(p.byID("friends-word")), greet: raw(p.byID("friends-greeting")),
		saved: raw(p.byID("friends-saved")), exportState: raw(p.byID("export-state")),
	}
	showWord := func() { v.showWord(v.auto.Get("value").String()) }
	v.auto.Call("addEventListener", "change", js.FuncOf(func(js.Value, []js.Value) any { showWord(); return nil }))
	p.byID("friends-form").AddEventListener("input", false, func(dom.Event) { setHidden(v.saved, true) })
	p.byID("friends-form").AddEventListener("submit", false, func(e dom.Event) {
		e.PreventDefault()
		fc := friends.Config{Off: !v.on.Checked(), Auto: v.auto.Get("value").String(),
			Word: strings.TrimSpace(v.word.Get("value").String()), Greeting: strings.TrimSpace(v.greet.Get("value").String())}
		go func() {
			if e := request(msg.SetFriends, fc, nil); e != nil {
				v.p.err.show(e)
				return
			}
			v.p.err.clear()
			setText(v.saved, tr("friends_saved"))
			setHidden(v.saved, false)
		}()
	})
	onExportClick(p, "export-", []string{"csv", "json"}, v.export)
	return v
}

// load shows the settings as stored.
func (v *friendsOptions) load() {
	var fv msg.FriendsView
	if e := request(msg.GetFriends, nil, &fv); e != nil {
		v.p.err.show(e)
		return
	}
	v.on.SetChecked(!fv.Config.Off)
	v.auto.Set("value", fv.Config.Auto)
	v.word.Set("value", fv.Config.Word)
	v.greet.Set("value", fv.Config.Greeting)
	v.showWord(fv.Config.Auto)
	v.auto.Get("dataset").Set("loaded", "1")
}

// showWord shows the word's field only for a rule that takes one.
func (v *friendsOptions) showWord(auto string) {
	setHidden(raw(v.p.byID("friends-word-row")), auto != friends.AutoWord)
	setHidden(v.word, auto != friends.AutoWord)
}

// export asks the worker for the contacts in format and saves them to
// Downloads through a blob: URL, never a WeChat URL.
func (v *friendsOptions) export(format string, allowed func(context.Context) (bool, error)) {
	saveExport(v.p, msg.ExportContacts, msg.ExportBody{Format: format}, v.exportState, allowed)
}
