package model

import (
	"time"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// RunTime is how long a run to n chats takes at least at spacingMs
// between messages (within the cap per hour: beyond it, an hour more for
// each DefaultRunPerHour).
func RunTime(n, spacingMs int) time.Duration {
	if n <= 1 {
		return 0
	}
	d := time.Duration(n-1) * time.Duration(spacingMs) * time.Millisecond
	if extra := (n - 1) / msg.DefaultRunPerHour; extra > 0 {
		d = max(d, time.Duration(extra)*time.Hour)
	}
	return d
}

// MinSec is d in whole minutes and the seconds left, rounded up.
func MinSec(d time.Duration) (int, int) {
	s := int((d + time.Second - 1) / time.Second)
	return s / 60, s % 60
}
