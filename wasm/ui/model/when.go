package model

import (
	"strconv"
	"time"

	"github.com/wxdrop/wxdrop/wasm/schedule"
)

// ParseFormTime reads the schedule form's inputs, <input type=date>
// "2026-11-24" and <input type=time> "08:00" (their values are in this
// form whatever the browser shows), as a local wall time. ok is false
// when either is empty or not a real date and time.
func ParseFormTime(date, clock string) (w schedule.Wall, ok bool) {
	d, err := time.Parse("2006-01-02", date)
	if err != nil {
		return schedule.Wall{}, false
	}
	// A time input with step < 60 adds seconds: take hours and minutes.
	if len(clock) > 5 {
		clock = clock[:5]
	}
	c, err := time.Parse("15:04", clock)
	if err != nil {
		return schedule.Wall{}, false
	}
	return schedule.Wall{Year: d.Year(), Month: d.Month(), Day: d.Day(), Hour: c.Hour(), Minute: c.Minute()}, true
}

// FormValues writes a wall time as the inputs' values (without fmt,
// which the popup needs nowhere else).
func FormValues(w schedule.Wall) (date, clock string) {
	return pad(w.Year, 4) + "-" + pad(int(w.Month), 2) + "-" + pad(w.Day, 2), pad(w.Hour, 2) + ":" + pad(w.Minute, 2)
}

// pad is n (at least 0) in decimal with leading zeros to width digits.
func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// defaultLead is how far (minutes) ahead the schedule form starts.
const defaultLead = 10

// DefaultAt is the time the schedule form opens with: ten minutes from
// now, rounded up to five minutes, a time a person would pick. Rounding
// the instant rounds the wall time too: zones are whole multiples of
// five minutes from UTC.
func DefaultAt(now time.Time) time.Time {
	const step = 5 * time.Minute
	t := schedule.InMinutes(now, defaultLead)
	if r := t.Truncate(step); r.Before(t) {
		return r.Add(step)
	}
	return t
}
