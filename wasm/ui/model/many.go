package model

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// RunTime is how long a run of n messages takes at least at spacingMs
// between them and at most perHour in an hour (an hour more for each
// perHour beyond the first).
func RunTime(n, spacingMs, perHour int) time.Duration {
	if n <= 1 {
		return 0
	}
	d := time.Duration(n-1) * time.Duration(spacingMs) * time.Millisecond
	if perHour <= 0 {
		perHour = msg.DefaultRunPerHour
	}
	if extra := (n - 1) / perHour; extra > 0 {
		d = max(d, time.Duration(extra)*time.Hour)
	}
	return d
}

// MinSec is d in whole minutes and the seconds left, rounded up.
func MinSec(d time.Duration) (int, int) {
	s := int((d + time.Second - 1) / time.Second)
	return s / 60, s % 60
}

// RunLimits reads the spacing (in seconds) and the cap per hour typed in
// the popup; an empty field is its default. A value out of bounds is not
// moved in silently: bad is the key of the words that say what is
// allowed (many_spacing_bad, many_perhour_bad).
func RunLimits(spacing, perHour string) (spacingMs, cap int, bad string) {
	spacingMs, cap = msg.DefaultRunSpacingMs, msg.DefaultRunPerHour
	if s := strings.TrimSpace(spacing); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || v*1000 < msg.MinRunSpacingMs || v*1000 > msg.MaxSpacingMs {
			return 0, 0, "many_spacing_bad"
		}
		spacingMs = int(math.Round(v * 1000))
	}
	if s := strings.TrimSpace(perHour); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 || v > msg.MaxRunPerHour {
			return 0, 0, "many_perhour_bad"
		}
		cap = v
	}
	return spacingMs, cap, ""
}

// RunMessages is how many messages a run to n chats sends: its text and
// its file are one each per chat.
func RunMessages(n int, text bool, file bool) int {
	per := 0
	if text {
		per++
	}
	if file {
		per++
	}
	return n * per
}
