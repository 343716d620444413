//go:build js && wasm

package ui

import (
	"context"
	"strconv"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

// settingsView is the options page's settings form (#settings-form) and
// the outbox's use of its limits (#outbox-usage). The worker owns the
// settings: the form shows what it answers, normalized.
type settingsView struct {
	p                                        *page
	grace, spacing, keep, save, saved, usage js.Value
	// usageKnown is set once the outbox came from a change: the first
	// read, if it comes back later, is older.
	usageKnown bool
}

func newSettingsView(p *page) *settingsView {
	v := &settingsView{
		p:     p,
		grace: p.byID("settings-grace"), spacing: p.byID("settings-spacing"),
		keep: p.byID("settings-keep"), save: p.byID("settings-save"),
		saved: p.byID("settings-saved"), usage: p.byID("outbox-usage"),
	}
	// The bounds the worker holds the settings to, for the inputs'
	// arrows (the form checks nothing itself: novalidate).
	bound := func(in js.Value, lo, hi string) {
		in.Call("setAttribute", "min", lo)
		in.Call("setAttribute", "max", hi)
	}
	bound(v.grace, "1", strconv.Itoa(msg.MaxGraceMinutes))
	bound(v.spacing, model.FormOf(msg.Settings{SpacingMs: msg.MinSpacingMs}).Spacing, model.FormOf(msg.Settings{SpacingMs: msg.MaxSpacingMs}).Spacing)
	bound(v.keep, "1", strconv.Itoa(msg.MaxKeepDays))
	onSettingsForm(p, "settings-form", v.saved, v.submit)
	return v
}

// load asks the worker for the settings.
func (v *settingsView) load() {
	var s msg.Settings
	if e := request(msg.GetSettings, nil, &s); e != nil {
		v.p.err.show(e)
		return
	}
	v.show(s)
}

// show puts settings in the inputs.
func (v *settingsView) show(s msg.Settings) {
	f := model.FormOf(s)
	v.grace.Set("value", f.Grace)
	v.spacing.Set("value", f.Spacing)
	v.keep.Set("value", f.Keep)
}

// submit reads the form, refuses what is no number, and saves.
func (v *settingsView) submit() {
	if v.save.Get("disabled").Bool() {
		return
	}
	s, adjusted, ferr := model.SettingsForm{Grace: value(v.grace), Spacing: value(v.spacing), Keep: value(v.keep)}.Settings()
	if ferr != nil {
		in, label := v.keep, tr("settings_keep")
		switch ferr.Field {
		case model.FieldGrace:
			in, label = v.grace, tr("settings_grace")
		case model.FieldSpacing:
			in, label = v.spacing, tr("settings_spacing")
		}
		v.p.err.text(tr("settings_not_number", label))
		in.Call("focus")
		return
	}
	v.p.err.clear()
	v.save.Set("disabled", true)
	go func() {
		defer v.save.Set("disabled", false)
		var ans msg.Settings
		if e := request(msg.SetSettings, &s, &ans); e != nil {
			v.p.err.show(e)
			return
		}
		// The worker bounds them again; a value it changed was adjusted
		// too.
		adjusted = adjusted || ans != s
		v.show(ans)
		saved := tr("settings_saved")
		if adjusted {
			saved = tr("settings_saved_adjusted")
		}
		setText(v.saved, saved)
		setHidden(v.saved, false)
	}()
}

// onSettingsForm calls submit for each submit of the options' form of that
// id (the page does not navigate), and hides its saved note (the element
// saved) at any change: "Saved" speaks of what was saved.
func onSettingsForm(p *page, id string, saved js.Value, submit func()) {
	form := p.byID(id)
	on(form, "input", func(js.Value) { setHidden(saved, true) })
	on(form, "submit", func(e js.Value) {
		e.Call("preventDefault")
		submit()
	})
}

// saveSettings asks the worker to keep body (request name) and says so in
// the saved note; it reports whether the worker kept it.
func saveSettings(p *page, name string, body jsonlite.Object, saved js.Value, note string) bool {
	if e := request(name, body, nil); e != nil {
		p.err.show(e)
		return false
	}
	p.err.clear()
	setText(saved, note)
	setHidden(saved, false)
	return true
}

// loadUsage shows the outbox's use of its limits.
func (v *settingsView) loadUsage() {
	text, _, err := jsx.StorageGetText(context.Background(), jsx.Local, msg.OutboxKey)
	if err == nil && !v.usageKnown {
		v.showUsage(text)
	}
}

// showUsage shows the use measured from the outbox record's text.
func (v *settingsView) showUsage(text string) {
	v.usageKnown = true
	ob, err := model.ParseOutbox(text)
	if err != nil {
		return
	}
	setText(v.usage, model.UsageText(tr, model.UsageOf(ob)))
}
