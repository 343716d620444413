package model

import (
	"math"
	"strconv"
	"strings"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// SettingsForm is the options page's settings as its inputs hold them:
// the grace period in minutes, the spacing in seconds (a person thinks
// of "one second", the worker of 1000 ms) and the days to keep.
type SettingsForm struct {
	Grace, Spacing, Keep string
}

// Settings field names, as FieldError.Field and the inputs' ids' ends.
const (
	FieldGrace   = "grace"
	FieldSpacing = "spacing"
	FieldKeep    = "keep"
)

// FieldError names an input that does not hold a number.
type FieldError struct{ Field string }

func (e *FieldError) Error() string { return e.Field + ": not a number" }

// FormOf writes settings into the form's units.
func FormOf(s msg.Settings) SettingsForm {
	return SettingsForm{
		Grace:   strconv.Itoa(s.GraceMinutes),
		Spacing: strconv.FormatFloat(float64(s.SpacingMs)/1000, 'f', -1, 64),
		Keep:    strconv.Itoa(s.KeepDays),
	}
}

// Settings reads the form. A field that is no number is refused; a
// number beyond its bounds is brought within them, and adjusted says so,
// so that the page can tell the person that what is shown is not what
// they typed. (The worker normalizes again, and its answer is shown.)
func (f SettingsForm) Settings() (s msg.Settings, adjusted bool, err *FieldError) {
	read := func(field, text string, scale float64, lo, hi int) int {
		v, perr := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if perr != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			if err == nil {
				err = &FieldError{field}
			}
			return 0
		}
		n := int(math.Round(min(max(v*scale, float64(lo)), float64(hi))))
		// Within a rounding error: 0.55 s is 550.0000000000001 ms.
		if math.Abs(float64(n)-v*scale) > 1e-6 {
			adjusted = true
		}
		return n
	}
	s.GraceMinutes = read(FieldGrace, f.Grace, 1, 1, msg.MaxGraceMinutes)
	s.SpacingMs = read(FieldSpacing, f.Spacing, 1000, msg.MinSpacingMs, msg.MaxSpacingMs)
	s.KeepDays = read(FieldKeep, f.Keep, 1, 1, msg.MaxKeepDays)
	if err != nil {
		return msg.Settings{}, false, err
	}
	return s, adjusted, nil
}

// Usage is how much of the outbox's limits is in use.
type Usage struct {
	// Pending counts the entries waiting to go out (msg.MaxPending).
	Pending int
	// FileBytes is the size of the files the outbox keeps for entries
	// that may still send them: pending, or failed, missed or uncertain
	// (a person may send those again). A file shared by several entries
	// (the occurrences of a repeat) counts once (msg.MaxFileBytes).
	FileBytes int64
}

// UsageOf measures the outbox.
func UsageOf(ob msg.Outbox) Usage {
	var u Usage
	seen := map[string]bool{}
	for _, e := range ob.Entries {
		if e.State.Pending() {
			u.Pending++
		}
		switch e.State {
		case msg.EntrySent, msg.EntryCancelled:
			continue
		}
		if e.File != nil && !seen[e.File.ID] {
			seen[e.File.ID] = true
			u.FileBytes += max(e.File.Size, 0)
		}
	}
	return u
}

// UsageText is the options page's line on the limits and their use.
func UsageText(t Translator, u Usage) string {
	return t("outbox_usage", strconv.Itoa(u.Pending), strconv.Itoa(msg.MaxPending),
		FormatSize(u.FileBytes), FormatSize(msg.MaxFileBytes), FormatSize(msg.MaxTextBytes))
}
