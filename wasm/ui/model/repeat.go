package model

import "github.com/wxdrop/wxdrop/wasm/msg"

// Repeats are the choices of the schedule form's repeat select, in the
// order it lists them.
var Repeats = []msg.Repeat{msg.RepeatNone, msg.RepeatDaily, msg.RepeatWeekdays, msg.RepeatWeekly, msg.RepeatMonthly}

// RepeatText is the localized name of a repeat ("Every day"); the select
// and the rows use the same words. A repeat this build does not know
// shows as it is.
func RepeatText(t Translator, r msg.Repeat) string {
	switch r {
	case msg.RepeatNone:
		return t("repeat_none")
	case msg.RepeatDaily, msg.RepeatWeekdays, msg.RepeatWeekly, msg.RepeatMonthly:
		return t("repeat_" + string(r))
	}
	return string(r)
}

// ParseRepeat is the repeat of a select's value; an unknown value is no
// repeat (the select offers only Repeats).
func ParseRepeat(s string) msg.Repeat {
	for _, r := range Repeats {
		if string(r) == s {
			return r
		}
	}
	return msg.RepeatNone
}
