// Package schedule says when scheduled messages are due: repeats that keep
// the local wall-clock time of their first occurrence, whatever the UTC
// offset does (summer time, a person who travels), and the popup's
// shortcuts. It works in a Zone, so the browser's own time-zone rules can
// be used (Go's time.Local under js/wasm is one fixed offset).
package schedule

import "time"

// Wall is a local wall-clock time, to the minute.
type Wall struct {
	Year   int
	Month  time.Month
	Day    int
	Hour   int
	Minute int
}

// date is w's calendar day, normalised, as midnight UTC: day arithmetic
// with no zone in the way.
func (w Wall) date() time.Time { return time.Date(w.Year, w.Month, w.Day, 0, 0, 0, 0, time.UTC) }

// Weekday is the day of the week of w's date, from the calendar alone (no
// zone is consulted).
func (w Wall) Weekday() time.Weekday { return w.date().Weekday() }

// at is hour:minute on the calendar day d (a date()).
func at(d time.Time, hour, minute int) Wall {
	return Wall{Year: d.Year(), Month: d.Month(), Day: d.Day(), Hour: hour, Minute: minute}
}

// Zone converts between local wall times and instants.
type Zone interface {
	// Instant is the instant of a local wall time, as JavaScript's
	// new Date(y, m-1, d, h, min) gives it: a time skipped by a change of
	// offset (summer time starts) moves forward by the gap, an ambiguous
	// one (summer time ends) is the earlier instant, and out-of-range
	// fields carry over (day 32 is the next month's first).
	Instant(w Wall) time.Time
	// Wall is the local wall time of t.
	Wall(t time.Time) Wall
}

// LocationZone is a Zone of the time package's rules. Loc must not be nil.
type LocationZone struct{ Loc *time.Location }

// Wall is t's wall time in z.
func (z LocationZone) Wall(t time.Time) Wall {
	l := t.In(z.Loc)
	return Wall{Year: l.Year(), Month: l.Month(), Day: l.Day(), Hour: l.Hour(), Minute: l.Minute()}
}

// Instant implements Zone. It does not use time.Date with z.Loc, which
// does not say which side of a transition it picks and in practice differs
// from JavaScript: in New York's gap 02:30 becomes 01:30 EST (JavaScript:
// 03:30 EDT), and in London's overlap 01:30 is the later, GMT, instant.
// Instead, as ECMAScript's UTC(t) does, it takes the earliest instant
// whose wall time is w, and in a gap reads w with the offset in force
// before the gap, which lands as far after it as w reached into it. The
// offsets "before" and "after" are those a day either side, so two
// transitions less than about a day and a half apart are not told apart.
func (z LocationZone) Instant(w Wall) time.Time {
	naive := time.Date(w.Year, w.Month, w.Day, w.Hour, w.Minute, 0, 0, time.UTC)
	offsetAt := func(t time.Time) time.Duration {
		_, o := t.In(z.Loc).Zone()
		return time.Duration(o) * time.Second
	}
	// naive is within ±14 hours of the instant sought, so a day either
	// side is on either side of any transition near it.
	before, after := offsetAt(naive.Add(-24*time.Hour)), offsetAt(naive.Add(24*time.Hour))
	early, late := naive.Add(-max(before, after)), naive.Add(-min(before, after))
	switch {
	case offsetAt(early) == max(before, after):
		return early.In(z.Loc) // the only instant, or the earlier of two
	case offsetAt(late) == min(before, after):
		return late.In(z.Loc)
	}
	return naive.Add(-before).In(z.Loc) // a gap
}

// Repeat is how a schedule repeats.
type Repeat string

// The repeats; None is a single message.
const (
	None     Repeat = ""
	Daily    Repeat = "daily"
	Weekdays Repeat = "weekdays" // Monday to Friday
	Weekly   Repeat = "weekly"
	Monthly  Repeat = "monthly"
)

// Valid reports whether r is one of the repeats (None is not).
func (r Repeat) Valid() bool {
	switch r {
	case Daily, Weekdays, Weekly, Monthly:
		return true
	}
	return false
}

// Next is the first occurrence strictly after after of the series that
// begins at slot, and ok is false for None and unknown repeats.
//
// Every occurrence but slot is at slot's local hour and minute in z (on
// the minute), however the offset changes; a wall time that z skips (the
// start of summer time) moves forward by the gap, and one that happens
// twice is the first. Weekly keeps slot's weekday in z; weekdays are
// Monday to Friday; monthly keeps slot's day of the month, on the month's
// last day in a month without it, and back to it after (a series on the
// 31st goes 31 January, 28 February, 31 March).
//
// When after is before slot, slot itself is the answer, unless the repeat
// is Weekdays and slot is on a Saturday or Sunday in z: a slot on a
// weekend is not an occurrence, and the series starts on the Monday.
//
// The work does not depend on how far after is from slot: the search
// starts at after's local date, never at slot.
func Next(r Repeat, slot, after time.Time, z Zone) (time.Time, bool) {
	if !r.Valid() {
		return time.Time{}, false
	}
	sw := z.Wall(slot)
	if after.Before(slot) {
		if wd := sw.Weekday(); r != Weekdays || (wd != time.Saturday && wd != time.Sunday) {
			return slot, true
		}
		after = slot
	}
	// Start a day before after's local date: a wall time of that day
	// that falls in a gap moves forward, perhaps into after's day (Samoa
	// skipped 30 December 2011: its Friday's occurrence is on Saturday).
	start := z.Wall(after).date().AddDate(0, 0, -1)
	if r == Monthly {
		// A month's occurrence is on its day sw.Day or its last, so
		// after's month or the next one has it; four is a margin.
		for i := range 4 {
			m := time.Date(start.Year(), start.Month()+time.Month(i), 1, 0, 0, 0, 0, time.UTC)
			day := min(sw.Day, daysIn(m.Year(), m.Month()))
			if t := z.Instant(at(m.AddDate(0, 0, day-1), sw.Hour, sw.Minute)); t.After(after) {
				return t, true
			}
		}
		return time.Time{}, false
	}
	// Daily, weekly or weekdays: within eight days of start; ten is a
	// margin.
	for i := range 10 {
		d := start.AddDate(0, 0, i)
		switch wd := d.Weekday(); {
		case r == Weekdays && (wd == time.Saturday || wd == time.Sunday):
			continue
		case r == Weekly && wd != sw.Weekday():
			continue
		}
		if t := z.Instant(at(d, sw.Hour, sw.Minute)); t.After(after) {
			return t, true
		}
	}
	return time.Time{}, false
}

// daysIn is the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// InMinutes is the first whole minute at least n minutes after now: now
// plus n minutes, rounded up to the minute (the pickers show minutes, and
// "in 10 minutes" should never be 9½).
func InMinutes(now time.Time, n int) time.Time {
	d := time.Duration(n) * time.Minute
	t := now.Add(d).Truncate(time.Minute)
	if t.Sub(now) < d {
		t = t.Add(time.Minute)
	}
	return t
}

// TomorrowAt is hour:minute in z on the local day after now's, through
// z.Instant (so a time skipped by summer time moves forward).
func TomorrowAt(now time.Time, hour, minute int, z Zone) time.Time {
	return z.Instant(at(z.Wall(now).date().AddDate(0, 0, 1), hour, minute))
}
