//go:build js && wasm

package ui

import (
	"strings"
	"syscall/js"
	"time"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/search"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

// composer is #to, #text, #send, the schedule form and the attached
// files: a message to the picked chat, now or at a time. It also edits
// a scheduled entry: Edit on a row loads it here and Send saves it.
type composer struct {
	p          *page
	to         js.Value
	text       js.Value
	send       js.Value
	editNote   js.Value
	sched      *scheduleForm
	files      *files
	picked     string // UserName; "" until a chat is picked
	pickedName string
	onNoPick   func()
	// share is what a context menu left for the picker (shareView);
	// onSent hears of every message handed to the worker.
	share  *msg.Share
	onSent func()
	// editing is the entry being edited, nil otherwise; before is the
	// composer as it was, put back when the edit ends.
	editing *msg.Entry
	before  draft
	// loaded is the form's date and time as edit filled them in.
	loaded [2]string
	// said is what the composer last said of its own fields (nothing to
	// send, no time, a time that has passed); the person's next change
	// to them takes it away, as a pick takes "Pick a chat first". It
	// stayed, saying "There is nothing to send" over the text typed since.
	said string
	// accounts gives the state's accounts (msg.State.Accounts): an
	// entry of another account than the shown one takes no chat of the
	// shown one's list.
	accounts func() []msg.AccountInfo
}

// draft is what the composer holds besides the files.
type draft struct {
	text, picked, pickedName string
	scheduling               bool
	date, clock, repeat      string
}

func newComposer(p *page, onNoPick func()) *composer {
	c := &composer{
		p: p, to: p.byID("to"), text: p.byID("text"),
		send: p.byID("send"), editNote: p.byID("edit-note"), onNoPick: onNoPick,
	}
	c.sched = newScheduleForm(p, "")
	c.sched.bodyClass = "scheduling"
	c.sched.onChange = c.relabel
	c.files = newFiles(p, c.takeFiles)
	on(c.send, "click", func(js.Value) { c.submit() })
	on(p.byID("edit-cancel"), "click", func(js.Value) { c.endEdit() })
	on(c.text, "input", func(js.Value) { c.fieldsChanged() })
	for _, ev := range []string{"input", "change"} {
		on(c.sched.panel, ev, func(js.Value) { c.fieldsChanged() })
	}
	for _, id := range []string{"schedule-in10", "schedule-tomorrow", "schedule-toggle"} {
		on(p.byID(id), "click", func(js.Value) { c.fieldsChanged() })
	}
	on(c.text, "keydown", func(e js.Value) {
		if e.Get("key").String() == "Enter" && (e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool()) {
			e.Call("preventDefault")
			c.submit()
		}
	})
	return c
}

// setTo shows the picked chat and moves on to the text.
func (c *composer) setTo(user, name string) {
	c.showTo(user, name)
	c.p.err.clear()
	c.text.Call("focus")
}

// repick follows the picked chat into a new login (picker.repick), if
// it is still the one shown: an edit or a shared item may show another.
func (c *composer) repick(old, user, name string) {
	if c.picked == old {
		c.showTo(user, name)
	}
}

// showTo shows a chat in #to ("" shows that none is picked).
func (c *composer) showTo(user, name string) {
	c.picked, c.pickedName = user, name
	if user == "" {
		name = tr("to_none")
	}
	setText(c.to, name)
	c.to.Get("classList").Call("toggle", "none", user == "")
}

// sayOfFields shows why the fields cannot be sent as they are.
func (c *composer) sayOfFields(s string) {
	c.said = s
	c.p.err.text(s)
}

// fieldsChanged takes away what sayOfFields said, if it still shows:
// the person is changing what it was about.
func (c *composer) fieldsChanged() {
	if c.said != "" && c.p.err.el.Get("textContent").String() == c.said {
		c.p.err.clear()
	}
	c.said = ""
}

// relabel names the send button after what it does.
func (c *composer) relabel() {
	label := tr("send")
	switch {
	case c.editing != nil:
		label = tr("send_save")
	case c.sched.on:
		label = tr("send_schedule")
	}
	setText(c.send, label)
}

// takeFiles handles chosen or dropped files: sent at once, or attached
// while the schedule form is open.
func (c *composer) takeFiles(batch []js.Value) {
	switch {
	case c.picked == "":
		c.p.err.text(tr("pick_first"))
		c.onNoPick()
	case c.editing != nil:
		c.p.err.text(tr("edit_no_files"))
	case c.sched.on:
		c.p.err.clear()
		c.files.attach(batch)
	default:
		go c.files.sendAll(c.picked, batch)
	}
}

// submit sends, schedules or saves; the entries then show in the lists
// through storage.
func (c *composer) submit() {
	if c.picked == "" {
		c.p.err.text(tr("pick_first"))
		c.onNoPick()
		return
	}
	if c.send.Get("disabled").Bool() {
		return // the previous request is still being handed over
	}
	if c.editing != nil {
		c.saveEdit()
		return
	}
	m, ok := c.readMessage()
	if !ok {
		return
	}
	c.send.Set("disabled", true)
	go func() {
		defer c.send.Set("disabled", false)
		c.hand(m)
	}()
}

// message is what the composer held when it was submitted.
type message struct {
	body msg.AddBody
	// text is the text box's content, to clear once it is sent.
	text  string
	files []js.Value
}

// readMessage reads the message to send: the text, the attached files,
// what a page shared and, when scheduling, the time. It says what is
// wrong (an empty message, a time that is no time) and reports false.
func (c *composer) readMessage() (message, bool) {
	text := value(c.text)
	if strings.TrimSpace(text) == "" {
		text = ""
	}
	m := message{text: text, files: append([]js.Value(nil), c.files.attached...)}
	var source *msg.Source
	if c.share != nil && c.share.Source != nil {
		source = c.share.Source
	}
	if text == "" && len(m.files) == 0 && source == nil {
		c.sayOfFields(msg.Text(tr, &msg.Error{Code: msg.ErrEmptyMessage}))
		c.text.Call("focus")
		return m, false
	}
	m.body = msg.AddBody{To: c.picked, Text: text, Source: source, Shared: source != nil}
	if c.sched.on {
		at, why := c.sched.at()
		if why != "" {
			c.sayOfFields(why)
			return m, false
		}
		m.body.At, m.body.Repeat = at.UnixMilli(), c.sched.repeatValue()
	}
	return m, true
}

// hand gives the message to the worker, with its files, and clears what
// was sent.
func (c *composer) hand(m message) {
	e := c.files.sendWith(m.body, m.files, func() {
		// Clear only what was sent: a person may have typed on.
		if m.text != "" && value(c.text) == m.text {
			c.text.Set("value", "")
		}
	})
	if e != nil {
		c.p.err.show(e)
		return
	}
	c.p.err.clear()
	if c.onSent != nil {
		c.onSent()
	}
	// Done scheduling: the next message goes now unless asked. (An Edit
	// clicked meanwhile keeps its form.)
	if m.body.At != 0 && c.editing == nil {
		c.sched.show(false)
	}
	c.text.Call("focus")
}

// edit loads a queued entry: its chat, text, time and repeat.
// A file's entry keeps its file; its text box shows the name.
func (c *composer) edit(e msg.Entry) {
	if c.editing == nil {
		c.before = draft{
			text: value(c.text), picked: c.picked, pickedName: c.pickedName, scheduling: c.sched.on,
			date: value(c.sched.date), clock: value(c.sched.clock),
			repeat: value(c.sched.repeat),
		}
	}
	c.editing = &e
	c.p.err.clear()
	name := search.Shown(search.Clean(e.To.Name()))
	if name == "" {
		name = e.To.UserName
	}
	c.showTo(e.To.UserName, name)
	if e.File != nil {
		c.text.Set("value", e.File.Name)
	} else {
		c.text.Set("value", e.Text)
	}
	c.text.Set("disabled", e.File != nil)
	// A time that has passed (the entry waits for a login) must change:
	// offer the form's usual one instead.
	at := time.UnixMilli(e.Due)
	if !at.After(time.Now()) {
		at = model.DefaultAt(time.Now())
	}
	c.sched.load(at, e.Repeat)
	c.loaded = [2]string{value(c.sched.date), value(c.sched.clock)}
	c.setEditing(true)
	if e.File == nil {
		c.text.Call("focus")
	}
}

// setEditing shows the composer in edit mode or back in its own.
func (c *composer) setEditing(on bool) {
	setHidden(c.editNote, !on)
	setHidden(c.files.list, on || len(c.files.attached) == 0)
	c.files.setEnabled(!on)
	c.sched.toggle.Set("disabled", on)
	// show relabels the send button.
	c.sched.show(on)
}

// saveEdit sends what changed, with the time: a time is always asked
// for, since the one loaded may have passed meanwhile.
func (c *composer) saveEdit() {
	e := *c.editing
	at, why := c.sched.at()
	if why != "" {
		c.sayOfFields(why)
		return
	}
	body := msg.EditBody{ID: e.ID, At: at.UnixMilli()}
	if e.File == nil {
		text := value(c.text)
		if strings.TrimSpace(text) == "" {
			c.sayOfFields(msg.Text(tr, &msg.Error{Code: msg.ErrEmptyMessage}))
			c.text.Call("focus")
			return
		}
		if text != e.Text {
			body.Text = &text
		}
	}
	if r := c.sched.repeatValue(); r != e.Repeat {
		body.Repeat = &r
	}
	if c.picked != e.To.UserName {
		var as []msg.AccountInfo
		if c.accounts != nil {
			as = c.accounts()
		}
		if why := model.EditPickOfAnotherAccount(tr, e, shownAccount, as); why != "" {
			c.sayOfFields(why)
			return
		}
		body.To = c.picked
	}
	c.send.Set("disabled", true)
	go func() {
		defer c.send.Set("disabled", false)
		if err := request(msg.OutboxEdit, &body, nil); err != nil {
			c.p.err.show(err)
			return
		}
		if c.editing != nil && c.editing.ID == e.ID {
			c.endEdit()
		}
	}()
}

// endEdit puts the composer back as it was before Edit.
func (c *composer) endEdit() {
	if c.editing == nil {
		return
	}
	b := c.before
	c.editing = nil
	c.text.Set("disabled", false)
	c.text.Set("value", b.text)
	c.showTo(b.picked, b.pickedName)
	c.setEditing(false)
	if b.scheduling {
		c.sched.show(true)
		c.sched.date.Set("value", b.date)
		c.sched.clock.Set("value", b.clock)
		c.sched.repeat.Set("value", b.repeat)
	}
	c.p.err.clear()
}

// outboxChanged ends an edit whose entry is no longer queued: it went
// out, or was cancelled elsewhere, and can no longer change.
func (c *composer) outboxChanged(ob msg.Outbox) {
	if c.editing == nil {
		return
	}
	e, ok := ob.Entries[c.editing.ID]
	if ok && e.State == msg.EntryQueued {
		return
	}
	// A repeating message went while it was edited: the edit goes on
	// with its next one, what was typed kept. It ended, the changes
	// thrown away, saying this message can no longer be changed,
	// though the next would go on as it was.
	next, found := model.NextOf(ob, *c.editing)
	if !found && ok && !e.State.Final() && e.Repeat != msg.RepeatNone {
		return // going out: its next is made meanwhile or once it went
	}
	if found {
		c.editing = &next
		if [2]string{value(c.sched.date), value(c.sched.clock)} == c.loaded {
			c.sched.fill(time.UnixMilli(next.Due))
			c.loaded = [2]string{value(c.sched.date), value(c.sched.clock)}
		}
		c.p.err.text(tr("edit_went_next", newClock().when(next.Due)))
		return
	}
	c.endEdit()
	c.p.err.show(&msg.Error{Code: msg.ErrNotQueued})
}
