//go:build js && wasm

package ui

import (
	"syscall/js"
	"time"

	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/schedule"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

// scheduleForm is #schedule-toggle and the #schedule panel under the
// composer: a date and a time in the browser's zone (the browser shows
// the inputs in the person's locale), two shortcuts and a repeat. While
// it is open the composer's Send schedules.
type scheduleForm struct {
	p                   *page
	toggle, panel       js.Value
	date, clock, repeat js.Value
	on                  bool
	// bodyClass is the body's class while it is open ("": none).
	bodyClass string
	// onChange hears the form open and close.
	onChange func()
}

// newScheduleForm is the form of the elements whose ids are prefix +
// schedule-toggle, schedule, schedule-date... (the composer's have no
// prefix; sending to many has "many-", a copy of the composer's panel).
func newScheduleForm(p *page, prefix string) *scheduleForm {
	id := func(s string) js.Value { return p.byID(prefix + s) }
	f := &scheduleForm{
		p: p, toggle: id("schedule-toggle"), panel: id("schedule"),
		date: id("schedule-date"), clock: id("schedule-time"),
		repeat: id("schedule-repeat"),
	}
	on(id("schedule-toggle"), "click", func(js.Value) { f.setOn(!f.on) })
	on(id("schedule-in10"), "click", func(js.Value) { f.fill(schedule.InMinutes(time.Now(), 10)) })
	on(id("schedule-tomorrow"), "click", func(js.Value) {
		f.fill(schedule.TomorrowAt(time.Now(), 8, 0, zone))
	})
	return f
}

// setOn opens the form with the default time, or closes it.
func (f *scheduleForm) setOn(on bool) {
	if on && !f.on {
		f.fill(model.DefaultAt(time.Now()))
		f.repeat.Set("value", string(msg.RepeatNone))
	}
	f.show(on)
}

// show opens or closes the form as it is.
func (f *scheduleForm) show(on bool) {
	f.on = on
	if on {
		// The date picker greys out the days before today.
		today, _ := model.FormValues(zone.Wall(time.Now()))
		f.date.Set("min", today)
	}
	setHidden(f.panel, !on)
	f.toggle.Call("setAttribute", "aria-pressed", boolText(on))
	if f.bodyClass != "" {
		f.p.doc.Get("body").Get("classList").Call("toggle", f.bodyClass, on)
	}
	if f.onChange != nil {
		f.onChange()
	}
}

// zone is the browser's: its Date knows the summer-time rules.
var zone schedule.Zone = jsx.LocalZone{}

// fill puts t, in the browser's zone, in the inputs.
func (f *scheduleForm) fill(t time.Time) {
	date, clock := model.FormValues(zone.Wall(t))
	f.date.Set("value", date)
	f.clock.Set("value", clock)
}

// at is the chosen time, or a localized refusal: no time, or a time
// that has passed (the worker would refuse it as BAD_TIME).
func (f *scheduleForm) at() (time.Time, string) {
	w, ok := model.ParseFormTime(value(f.date), value(f.clock))
	if !ok {
		return time.Time{}, tr("schedule_need_time")
	}
	t := zone.Instant(w)
	if !t.After(time.Now()) {
		return time.Time{}, tr("schedule_past")
	}
	return t, ""
}

// repeatValue is the chosen repeat.
func (f *scheduleForm) repeatValue() msg.Repeat {
	return model.ParseRepeat(value(f.repeat))
}

// load shows an entry's time and repeat (editing it).
func (f *scheduleForm) load(t time.Time, r msg.Repeat) {
	f.fill(t)
	f.repeat.Set("value", string(r))
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
