//go:build js && wasm

package ui

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

// outboxView is #scheduled (the scheduled messages still to go, soonest
// first) and #outbox (the rest, newest first), drawn from the worker's
// outbox record in storage.local and the upload progress in
// storage.session, and followed through their changes, so that they are
// right whenever the popup opens and while it stays open.
type outboxView struct {
	p                         *page
	schedSection, schedList   js.Value
	recentSection, recentList js.Value
	clear                     js.Value
	clock                     *clock
	ob                        msg.Outbox
	progress                  map[string]msg.Progress
	grace                     int
	rows                      map[string]*entryRow
	schedOrder, recentOrder   []string
	onEdit                    func(msg.Entry)
	onChange                  func(msg.Outbox)
	// focus is the entry to show once its row exists (a notification
	// was clicked for it).
	focus string
	// account and accounts are the state's (msg.State): an entry of
	// another account than the shown one names its own.
	account  string
	accounts []msg.AccountInfo
}

// entryRow is one li.entry, kept by entry ID across renders and lists:
// a progress tick or a new entry changes only what differs.
type entryRow struct {
	li, kind, title, to, texts, from, when, progress, result, actions js.Value
	shown                                                             model.EntryView
}

func newOutboxView(p *page) *outboxView {
	v := &outboxView{
		p:            p,
		schedSection: p.byID("scheduled-section"), schedList: p.byID("scheduled"),
		recentSection: p.byID("outbox-section"), recentList: p.byID("outbox"),
		clear: p.byID("clear-outbox"), rows: map[string]*entryRow{},
	}
	on(p.byID("clear-outbox"), "click", func(js.Value) {
		go func() {
			if e := request(msg.OutboxClear, nil, nil); e != nil {
				p.err.show(e)
			}
		}()
	})
	// One listener per list serves every row's buttons.
	for _, id := range []string{"scheduled", "outbox"} {
		on(p.byID(id), "click", func(e js.Value) { v.click(e.Get("target")) })
	}
	return v
}

// click runs the action of a row's button.
func (v *outboxView) click(target js.Value) {
	b := target.Call("closest", "button[data-action]")
	if b.IsNull() || b.Get("disabled").Bool() {
		return
	}
	li := b.Call("closest", "li.entry")
	id := li.Call("getAttribute", "data-id").String()
	e, ok := v.ob.Entries[id]
	if !ok {
		return
	}
	name := msg.OutboxSendNow
	switch b.Call("getAttribute", "data-action").String() {
	case model.ActEdit:
		v.onEdit(e)
		return
	case model.ActCancel:
		name = msg.OutboxCancel
	case model.ActStopRun:
		// A scheduled run's row: Cancel stops the run, every chat of it.
		name, id = msg.OutboxRunStop, e.Run
	}
	// A file on the web is downloaded again: the site's permission is
	// asked for here, in the click's own handler, as the browser needs
	// (granted already, it asks nothing).
	var asked func(context.Context) (bool, error)
	if name == msg.OutboxSendNow && e.Source != nil {
		if o := siteOf(e.Source.URL); o != "" {
			asked = jsx.AskOrigins(o)
		}
	}
	b.Set("disabled", true)
	go func() {
		if asked != nil {
			if ok, _ := asked(context.Background()); !ok {
				v.p.err.show(&msg.Error{Code: msg.ErrNoSiteAccess, Detail: hostOf(e.Source.URL)})
				b.Set("disabled", false)
				return
			}
		}
		// The row changes through storage when the worker has done it;
		// a refusal enables the button again.
		if err := request(name, &msg.IDBody{ID: id}, nil); err != nil {
			v.p.err.show(err)
		}
		b.Set("disabled", false)
	}()
}

// setOutbox shows a new outbox record.
func (v *outboxView) setOutbox(ob msg.Outbox) {
	v.ob = ob
	v.render()
	if v.onChange != nil {
		v.onChange(ob)
	}
}

// setProgress shows new upload progress: only the uploading rows change.
func (v *outboxView) setProgress(m map[string]msg.Progress) {
	v.progress = m
	env := v.env()
	for id, r := range v.rows {
		// A scheduled run's row shows no upload of one of its chats.
		if e, ok := v.ob.Entries[id]; ok && e.State == msg.EntryUploading && !(e.Run != "" && e.Scheduled) {
			v.fill(r, v.view(env, e))
		}
	}
}

// setGrace changes the grace period the waiting texts name.
func (v *outboxView) setGrace(minutes int) {
	if v.grace != minutes {
		v.grace = minutes
		v.render()
	}
}

// setState takes the accounts of a new state: the rows of another
// account than the shown one say whose they are.
func (v *outboxView) setState(st msg.State) {
	if v.account == st.Account && slices.Equal(v.accounts, st.Accounts) {
		return
	}
	v.account, v.accounts = st.Account, st.Accounts
	v.render()
}

func (v *outboxView) env() model.RowEnv {
	if v.clock == nil {
		v.clock = newClock()
	}
	return model.RowEnv{T: tr, When: v.clock.when, GraceMinutes: v.grace, Account: v.account, Accounts: v.accounts}
}

func (v *outboxView) view(env model.RowEnv, e msg.Entry) model.EntryView {
	var p *msg.Progress
	if pr, ok := v.progress[e.ID]; ok {
		p = &pr
	}
	return model.ViewEntry(env, e, p)
}

// render draws both lists. Rows are kept by entry ID; appendChild moves
// a row that is already in, so a list ends in the order of its entries,
// and only when that order changed.
func (v *outboxView) render() {
	env := v.env()
	v.clock.refresh()
	lists := model.Split(v.ob)
	seen := make(map[string]bool, len(v.ob.Entries))
	place := func(list js.Value, entries []msg.Entry, order *[]string) {
		ids := make([]string, len(entries))
		for i, e := range entries {
			ids[i] = e.ID
			seen[e.ID] = true
			r := v.rows[e.ID]
			if r == nil {
				r = v.newRow(e.ID)
				v.rows[e.ID] = r
			}
			if n, ok := lists.RunChats[e.Run]; ok && e.Run != "" && list.Equal(v.schedList) {
				v.fill(r, model.ViewRun(env, e, n))
				continue
			}
			v.fill(r, v.view(env, e))
		}
		if !slices.Equal(ids, *order) {
			for _, id := range ids {
				list.Call("appendChild", v.rows[id].li)
			}
			*order = ids
		}
	}
	place(v.schedList, lists.Scheduled, &v.schedOrder)
	place(v.recentList, lists.Recent, &v.recentOrder)
	for id, r := range v.rows {
		if !seen[id] {
			r.li.Call("remove")
			delete(v.rows, id)
		}
	}
	setHidden(v.schedSection, len(lists.Scheduled) == 0)
	setHidden(v.recentSection, len(lists.Recent) == 0)
	setHidden(v.clear, !lists.Finished)
	v.applyFocus()
}

func (v *outboxView) newRow(id string) *entryRow {
	r := &entryRow{li: v.p.create("li", "entry"), progress: js.Undefined()}
	r.li.Call("setAttribute", "data-id", id)
	head := v.p.create("div", "entry-head")
	r.kind = v.p.create("span", "kind")
	r.title = v.p.create("span", "title")
	r.to = v.p.create("span", "entry-to")
	head.Call("append", r.kind, r.title, r.to)
	body := v.p.create("div", "entry-body")
	r.texts = v.p.create("div", "texts")
	r.from = v.p.create("div", "from")
	r.when = v.p.create("div", "when")
	r.result = v.p.create("div", "result")
	r.texts.Call("append", r.from, r.when, r.result)
	r.actions = v.p.create("span", "actions")
	body.Call("append", r.texts, r.actions)
	r.li.Call("append", head, body)
	return r
}

// fill shows ev in row r, writing only what changed.
func (v *outboxView) fill(r *entryRow, ev model.EntryView) {
	old := r.shown
	first := old.ID == ""
	if first || old.State != ev.State {
		r.li.Call("setAttribute", "data-state", ev.State)
	}
	if first || old.Kind != ev.Kind {
		r.kind.Set("textContent", ev.Kind)
	}
	if first || old.Title != ev.Title {
		r.title.Set("textContent", ev.Title)
		r.title.Set("title", ev.Title)
	}
	if first || old.To != ev.To {
		r.to.Set("textContent", "→ "+ev.To)
	}
	if first || old.From != ev.From {
		r.from.Set("textContent", ev.From)
		setHidden(r.from, ev.From == "")
	}
	if first || old.When != ev.When {
		r.when.Set("textContent", ev.When)
		setHidden(r.when, ev.When == "")
	}
	if first || old.Result != ev.Result {
		r.result.Set("textContent", ev.Result)
	}
	if first || old.Tone != ev.Tone {
		r.result.Set("className", "result "+ev.Tone)
	}
	if first || !slices.Equal(old.Actions, ev.Actions) {
		r.actions.Set("textContent", "")
		for _, a := range ev.Actions {
			b := v.p.create("button", "link")
			b.Set("type", "button")
			b.Call("setAttribute", "data-action", a.Name)
			b.Set("textContent", a.Label)
			if a.Hint != "" {
				b.Set("title", a.Hint)
			}
			r.actions.Call("appendChild", b)
		}
	}
	// The <progress> is there only while uploading (the tests look for it).
	if ev.Progress {
		if r.progress.IsUndefined() {
			r.progress = v.p.create("progress", "")
			r.texts.Call("insertBefore", r.progress, r.result)
		}
		if !old.Progress || old.Size != ev.Size || old.Done != ev.Done {
			r.progress.Set("max", float64(ev.Size))
			r.progress.Set("value", float64(ev.Done))
			r.progress.Call("setAttribute", "aria-label", strconv.FormatInt(ev.Done*100/max(ev.Size, 1), 10)+"%")
		}
	} else if !r.progress.IsUndefined() {
		r.progress.Call("remove")
		r.progress = js.Undefined()
	}
	r.shown = ev
}

// showEntry marks an entry's row and scrolls to it, now or once it is
// drawn.
func (v *outboxView) showEntry(id string) {
	v.focus = id
	v.applyFocus()
}

// applyFocus marks the focus entry's row (data-focus, an outline) and
// scrolls it into view, then forgets the stored focus: the next popup
// opens as usual.
func (v *outboxView) applyFocus() {
	r := v.rows[v.focus]
	if v.focus == "" || r == nil {
		return
	}
	for _, o := range v.rows {
		if o != r && o.li.Call("hasAttribute", "data-focus").Bool() {
			o.li.Call("removeAttribute", "data-focus")
		}
	}
	r.li.Call("setAttribute", "data-focus", "1")
	r.li.Call("scrollIntoView", map[string]any{"block": "nearest"})
	v.focus = ""
	go func() { _ = jsx.StorageRemove(context.Background(), jsx.Session, msg.FocusKey) }()
}

// siteOf is the host permission a URL needs ("https://a.b/*"; "" for
// one that needs none), and hostOf its host. (Package share says the
// same, but it brings the protocol package into the popup's binary.)
func siteOf(raw string) string {
	scheme, _, ok := strings.Cut(raw, "://")
	if !ok || (scheme != "https" && scheme != "http") {
		return ""
	}
	return scheme + "://" + hostOf(raw) + "/*"
}

func hostOf(raw string) string {
	_, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return raw
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	if strings.HasPrefix(rest, "[") {
		if i := strings.IndexByte(rest, ']'); i >= 0 {
			return rest[:i+1]
		}
	}
	if i := strings.LastIndexByte(rest, ':'); i >= 0 {
		rest = rest[:i]
	}
	return strings.ToLower(rest)
}
