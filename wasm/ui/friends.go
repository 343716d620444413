//go:build js && wasm

package ui

import (
	"context"
	"slices"
	"strings"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/friends"
	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/search"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
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
	// accounts are the accounts the state knows (setState), and shown
	// the requests listed.
	accounts []msg.AccountInfo
	shown    []friends.Request
}

// setState takes the accounts of a state shown: with two, each request
// says which one it reached (model.RequestAccount).
func (v *friendsList) setState(st msg.State) {
	if slices.Equal(v.accounts, st.Accounts) {
		return
	}
	v.accounts = st.Accounts
	if v.shown != nil {
		v.render(v.shown)
	}
}

func newFriendsList(p *page) *friendsList {
	v := &friendsList{p: p, section: p.byID("friends-section"), list: p.byID("friends")}
	on(v.list, "click", func(e js.Value) {
		b := e.Get("target").Call("closest", "button[data-id]")
		if b.IsNull() {
			return
		}
		b.Set("disabled", true)
		setText(b, tr("friends_accepting"))
		id, login := b.Call("getAttribute", "data-id").String(), b.Call("getAttribute", "data-login").String()
		go func() {
			var acc msg.FriendAccepted
			// The row's login with its id: another account's request of
			// the same id is another person's.
			if e := request(msg.AcceptFriend, &msg.AcceptFriendBody{ID: id, Account: login, Greeting: v.greeting}, &acc); e != nil {
				v.p.err.show(e)
				b.Set("disabled", false)
				setText(b, tr("friends_accept"))
			}
		}()
	})
	return v
}

// load shows the requests kept, then follows their changes.
func (v *friendsList) load() {
	jsx.OnStorageChanged(jsx.Local, map[string]func(string){
		msg.FriendsKey: func(text string) {
			var rec friends.Record
			_ = jsonlite.Decode(text, &rec)
			v.render(rec.Requests)
		},
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
	v.shown = rs
	v.list.Set("textContent", "")
	for i := len(rs) - 1; i >= 0; i-- {
		r := rs[i]
		li := v.p.create("li", "entry friend")
		li.Get("dataset").Set("state", r.State)
		head := v.p.create("div", "entry-head")
		who := v.p.create("strong", "title")
		// The name as a person reads it: web WeChat's names carry emoji as
		// markup (<span class="emoji …">), which showed as it was.
		name := search.Shown(search.Clean(r.NickName))
		if name == "" {
			// A request without a nick name is listed, not dropped.
			name = tr("friends_no_name")
		}
		setText(who, name)
		head.Call("append", who)
		if place := strings.TrimSpace(r.Province + " " + r.City); place != "" {
			to := v.p.create("span", "entry-to")
			setText(to, place)
			head.Call("append", to)
		}
		if acc := model.RequestAccount(r.AccountID, r.Host, v.accounts, rs); acc != "" {
			to := v.p.create("span", "entry-to entry-account")
			setText(to, tr("friends_to", acc))
			head.Call("append", to)
		}
		body := v.p.create("div", "entry-body")
		texts := v.p.create("div", "texts")
		said := v.p.create("div", "when")
		setText(said, r.Content)
		said.Set("title", r.Content) // shown in four lines at most (ui.css)
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
			b.Call("setAttribute", "data-login", r.Account)
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
	on                 js.Value
	auto, word, greet  js.Value
	saved, exportState js.Value
}

func newFriendsOptions(p *page) *friendsOptions {
	v := &friendsOptions{
		p: p, on: p.byID("friends-list-on"),
		auto: p.byID("friends-auto"), word: p.byID("friends-word"), greet: p.byID("friends-greeting"),
		saved: p.byID("friends-saved"), exportState: p.byID("export-state"),
	}
	on(v.auto, "change", func(js.Value) { v.showWord(value(v.auto)) })
	onSettingsForm(p, "friends-form", v.saved, func() {
		fc := v.readForm()
		go saveSettings(p, msg.SetFriends, &fc, v.saved, tr("friends_saved"))
	})
	onExportClick(p, "export-", []string{"csv", "json"}, v.export)
	return v
}

// readForm reads the friend-request settings the form holds.
func (v *friendsOptions) readForm() friends.Config {
	return friends.Config{Off: !checked(v.on), Auto: value(v.auto),
		Word: strings.TrimSpace(value(v.word)), Greeting: strings.TrimSpace(value(v.greet))}
}

// load shows the settings as stored.
func (v *friendsOptions) load() {
	var fv msg.FriendsView
	if e := request(msg.GetFriends, nil, &fv); e != nil {
		v.p.err.show(e)
		return
	}
	v.on.Set("checked", !fv.Config.Off)
	v.auto.Set("value", fv.Config.Auto)
	v.word.Set("value", fv.Config.Word)
	v.greet.Set("value", fv.Config.Greeting)
	v.showWord(fv.Config.Auto)
	v.auto.Get("dataset").Set("loaded", "1")
}

// showWord shows the word's field only for a rule that takes one.
func (v *friendsOptions) showWord(auto string) {
	setHidden(v.p.byID("friends-word-row"), auto != friends.AutoWord)
	setHidden(v.word, auto != friends.AutoWord)
}

// export asks the worker for the contacts in format and saves them to
// Downloads through a blob: URL, never a WeChat URL.
func (v *friendsOptions) export(format string, allowed func(context.Context) (bool, error)) {
	saveExport(v.p, msg.ExportContacts, &msg.ExportBody{Format: format}, v.exportState, allowed)
}
