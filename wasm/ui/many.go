//go:build js && wasm

package ui

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/safename"
	"github.com/wxdrop/wxdrop/wasm/search"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

// manyView is the popup's sending to many chats (群发): chats ticked in
// the picker, saved lists of them, a text with {name} and {nick}, a file,
// the spacing and the cap per hour, a time (the composer's schedule
// form, on a copy of its panel), one confirmation, then the run's
// progress with pause, resume and stop. The run itself is the worker's (msg.OutboxRunAdd): closing
// the popup changes nothing of it.
type manyView struct {
	p      *page
	k      *picker
	on     bool
	picked map[string]string // UserName → name shown
	order  []string
	// as is each ticked chat as it was ticked (many_follow.go).
	as map[string]tickedChat
	// run is the run the popup follows ("": none yet).
	run   string
	timer *time.Timer

	body, count, lists, listName, text, spacing, confirm, confirmText js.Value
	runBox, progress, pause, stop, results                            js.Value
	perHour, fileInput, fileName, fileDrop, startButton               js.Value
	status                                                            msg.RunStatus
	// file is the File chosen for the run (undefined: none).
	file  js.Value
	sched *scheduleForm
}

// ManyListsKey is storage.local: the saved lists of chats by name.
const ManyListsKey = "manyLists"

func newManyView(p *page, k *picker) *manyView {
	el := func(id string) js.Value { return p.byID(id) }
	v := &manyView{p: p, k: k, picked: map[string]string{}, as: map[string]tickedChat{},
		body: el("many-body"), count: el("many-count"), lists: el("many-lists"), listName: el("many-list-name"),
		text: el("many-text"), spacing: el("many-spacing"), confirm: el("many-confirm"), confirmText: el("many-confirm-text"),
		runBox: el("many-run"), progress: el("many-progress"), pause: el("many-pause"), stop: el("many-stop"), results: el("many-results"),
		perHour: el("many-perhour"), fileInput: el("many-file"), fileName: el("many-file-name"), fileDrop: el("many-file-drop"),
		startButton: el("many-start"), file: js.Undefined()}
	k.many = v
	// The time of a run is chosen as a message's is: the composer's
	// schedule panel, copied with its ids prefixed, and the same form.
	panel := p.byID("schedule").Call("cloneNode", true)
	panel.Set("id", "many-schedule")
	ids := panel.Call("querySelectorAll", "[id]")
	for i := range ids.Length() {
		ids.Index(i).Set("id", "many-"+ids.Index(i).Get("id").String())
	}
	el("many-schedule-slot").Call("replaceWith", panel)
	v.sched = newScheduleForm(p, "many-")
	v.sched.onChange = func() {
		setHidden(v.confirm, true)
		label := "many_start"
		if v.sched.on {
			label = "many_schedule_start"
		}
		setText(v.startButton, tr(label))
	}
	// A file dropped or pasted while this mode is on is the run's too.
	p.runFile = v.setFile
	on(v.fileInput, "change", func(e js.Value) {
		in := e.Get("target")
		if fs := in.Get("files"); fs.Length() > 0 {
			v.setFile(fs.Index(0))
		}
		in.Set("value", "")
	})
	click := func(id string, f func()) { on(el(id), "click", func(js.Value) { f() }) }
	on(el("many-toggle"), "change", func(e js.Value) {
		v.on = checked(e.Get("target"))
		v.tickPicked()
		setHidden(v.body, !v.on)
		js.Global().Get("document").Get("body").Get("classList").Call("toggle", "many", v.on)
		k.render()
		if v.on && v.run == "" {
			go v.latest()
		}
	})
	click("many-all", v.selectAll)
	click("many-none", func() { v.picked, v.order, v.as = map[string]string{}, nil, map[string]tickedChat{}; v.changed() })
	click("many-list-save", v.saveList)
	click("many-file-drop", func() { v.setFile(js.Undefined()) })
	click("many-start", v.ask)
	click("many-no", func() { setHidden(v.confirm, true) })
	click("many-yes", v.start)
	click("many-pause", func() {
		if v.status.Paused {
			v.act(msg.OutboxRunResume)
		} else {
			v.act(msg.OutboxRunPause)
		}
	})
	click("many-stop", func() { v.act(msg.OutboxRunStop) })
	on(v.lists, "change", func(js.Value) { go v.useList(value(v.lists)) })
	go v.loadLists()
	v.changed()
	return v
}

func (v *manyView) ticked(user string) bool { _, ok := v.picked[user]; return ok }

// tickPicked ticks the chat picked for one message when the mode is
// turned on with none ticked yet: a person who picked 老张 and then
// ticked "Send to many chats" expects 老张 among the chats, and had to
// find and tick it again.
func (v *manyView) tickPicked() {
	if !v.on || len(v.order) > 0 || v.k.picked == "" || v.k.ix == nil {
		return
	}
	for i := range v.k.ix.Len() {
		if c := v.k.ix.Contact(i); c.UserName == v.k.picked {
			v.tick(c, v.k.ix.Display(i))
			v.changed()
			return
		}
	}
}

func (v *manyView) toggle(user, name string) {
	if v.ticked(user) {
		delete(v.picked, user)
		delete(v.as, user)
		v.order = slices.DeleteFunc(v.order, func(u string) bool { return u == user })
	} else if c, ok := v.contactOf(user); ok {
		v.tick(c, name)
	} else {
		v.picked[user] = name
		v.order = append(v.order, user)
	}
	v.changed()
}

// selectAll ticks every chat the search finds, not only those shown.
func (v *manyView) selectAll() {
	if v.k.ix == nil {
		return
	}
	found, _ := v.k.ix.Search(value(v.k.search), v.k.ix.Len())
	for _, ci := range found {
		v.tick(v.k.ix.Contact(ci), v.k.ix.Display(ci))
	}
	v.changed()
}

func (v *manyView) changed() {
	setText(v.count, tr("many_count", strconv.Itoa(len(v.order))))
	setHidden(v.confirm, true)
	v.k.render()
}

// setFile chooses the run's file (undefined: none).
func (v *manyView) setFile(f js.Value) {
	v.file = f
	name := ""
	if !f.IsUndefined() {
		name = f.Get("name").String() + " · " + model.FormatSize(int64(f.Get("size").Float()))
	}
	setText(v.fileName, name)
	setHidden(v.fileDrop, f.IsUndefined())
	setHidden(v.confirm, true)
}

// runBody is the run as the form says, or the words of what is wrong.
func (v *manyView) runBody() (msg.RunBody, string) {
	text := v.text.Get("value").String()
	if len(v.order) == 0 || (strings.TrimSpace(text) == "" && v.file.IsUndefined()) {
		return msg.RunBody{}, tr("many_need")
	}
	spacing, perHour, bad := model.RunLimits(v.spacing.Get("value").String(), v.perHour.Get("value").String())
	if bad != "" {
		return msg.RunBody{}, tr(bad)
	}
	b := msg.RunBody{To: slices.Clone(v.order), Text: text, SpacingMs: spacing, PerHour: perHour}
	if v.sched.on {
		at, why := v.sched.at()
		if why != "" {
			return msg.RunBody{}, why
		}
		b.At, b.Repeat = at.UnixMilli(), v.sched.repeatValue()
	}
	return b, ""
}

// ask says how many messages and how long (and when) before anything is
// queued.
func (v *manyView) ask() {
	b, why := v.runBody()
	if why != "" {
		v.p.err.text(why)
		return
	}
	v.p.err.clear()
	n := model.RunMessages(len(b.To), strings.TrimSpace(b.Text) != "", !v.file.IsUndefined())
	when := ""
	if b.At != 0 {
		when = newClock().when(b.At)
		if b.Repeat != msg.RepeatNone {
			when += " · " + model.RepeatText(tr, b.Repeat)
		}
	}
	setText(v.confirmText, model.RunConfirm(tr, n, model.RunTime(n, b.SpacingMs, b.PerHour), when))
	setHidden(v.confirm, false)
}

func (v *manyView) start() {
	setHidden(v.confirm, true)
	b, why := v.runBody()
	if why != "" {
		v.p.err.text(why)
		return
	}
	file := v.file
	go func() {
		if !file.IsUndefined() {
			ref, e := storeFile(file)
			if e != nil {
				v.p.err.show(e)
				return
			}
			b.File = &ref
		}
		var st msg.RunStatus
		e := request(msg.OutboxRunAdd, &b, &st)
		if b.File != nil {
			dropRefused(*b.File, e)
		}
		if e != nil {
			v.refused(e)
			return
		}
		v.run = st.ID
		v.text.Set("value", "")
		v.setFile(js.Undefined())
		v.show(st)
		if b.At != 0 {
			// It shows in the scheduled list until its time.
			v.sched.show(false)
			return
		}
		v.follow()
	}()
}

// latest shows the newest run, made in an earlier popup, with each
// chat's result, and follows it while it goes (the outbox record is read only when the person turns this on: the
// popup's first frame does without it).
func (v *manyView) latest() {
	var rec msg.Outbox
	if _, err := jsx.StorageGet(context.Background(), jsx.Local, msg.OutboxKey, &rec); err != nil {
		v.p.err.show(model.Internal("reading the outbox: " + err.Error()))
		return
	}
	var newest msg.RunStatus
	for id := range rec.Runs {
		if st, ok := msg.StatusOf(rec, id); ok && st.Created > newest.Created {
			newest = st
		}
	}
	if newest.ID == "" || v.run != "" {
		return
	}
	v.run = newest.ID
	v.show(newest)
	if !newest.Done {
		v.follow()
	}
}

// act pauses, resumes or stops the run followed.
func (v *manyView) act(name string) {
	if v.run == "" {
		return
	}
	go func() {
		var st msg.RunStatus
		if e := request(name, &msg.IDBody{ID: v.run}, &st); e != nil {
			v.p.err.show(e)
			return
		}
		v.show(st)
	}()
}

// follow asks for the run's progress each second while it goes and the
// popup is open.
func (v *manyView) follow() {
	if v.timer != nil {
		v.timer.Stop()
	}
	v.timer = time.AfterFunc(time.Second, func() {
		var st msg.RunStatus
		if e := request(msg.OutboxRunGet, &msg.IDBody{ID: v.run}, &st); e != nil {
			v.p.err.show(e)
			return
		}
		v.show(st)
		if !st.Done {
			v.follow()
		}
	})
}

// show writes the run's progress and each chat's result.
func (v *manyView) show(st msg.RunStatus) {
	v.status = st
	setHidden(v.runBox, false)
	done := st.Total - st.Counts[msg.RunWaiting]
	line := tr("many_progress", strconv.Itoa(done), strconv.Itoa(st.Total), strconv.Itoa(st.Counts[msg.RunSent]))
	if key := model.RunStateKey(st, time.Now()); key != "" {
		line += " · " + tr(key)
	}
	setText(v.progress, line)
	if st.Paused {
		setText(v.pause, tr("many_resume"))
	} else {
		setText(v.pause, tr("many_pause"))
	}
	setHidden(v.pause, st.Done)
	setHidden(v.stop, st.Done)
	v.results.Set("textContent", "")
	for _, c := range st.Chats {
		li := v.p.create("li", "many-result "+string(c.Result))
		what := ""
		if c.File != "" {
			what = " · " + c.File
		}
		// The name as a person reads it, as the entries' rows show it
		// (web WeChat's names carry emoji as markup).
		// Without the controls that reorder text (safename.Visible): the
		// line is wxdrop's words around a name and a file name people chose.
		li.Set("textContent", safename.Visible(search.Clean(c.Name)+what)+" — "+tr("many_result_"+string(c.Result))+whyOf(c.Error))
		v.results.Call("append", li)
	}
}

func whyOf(e *msg.Error) string {
	if e == nil || e.Code == msg.ErrCancelled {
		return ""
	}
	return ": " + msg.Text(tr, e)
}

// refused shows why the worker refused a run: a ticked chat not in the
// contacts (its detail is the chat's UserName) by its name, which the
// words for one chat ("This chat is not …") did not say among fifty.
func (v *manyView) refused(e *msg.Error) {
	if name, ok := v.picked[e.Detail]; ok && e.Code == msg.ErrNotFound {
		v.p.err.text(tr("many_not_found", name))
		return
	}
	v.p.err.show(e)
}
