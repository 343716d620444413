package protocol

import (
	"fmt"
	"time"
)

// Clock returns the current time; tests inject a fixed one.
type Clock func() time.Time

// Rand returns a uniformly random int in [0, n); tests inject a fixed sequence.
// math/rand/v2's IntN has this shape.
type Rand func(n int) int

// IDs makes the identifiers the page makes, from an injected clock and random
// source so that tests can predict every byte (§2, §12).
type IDs struct {
	Now  Clock
	Rand Rand
}

// ClientMsgID returns a LocalID/ClientMsgId as the page makes it: the 13-digit
// millisecond time, "0", then three random digits (every seed id has this
// shape, e.g. 1476614675634·0·722). A logical message keeps its id for every
// retry so that the server can drop a repeat.
func (g IDs) ClientMsgID() string {
	return fmt.Sprintf("%013d0%03d", g.Now().UnixMilli(), g.Rand(1000))
}

// ClientMediaID returns the upload's ClientMediaId: the 13-digit millisecond
// time, one per file and the same in every chunk (§12; ItChat #191).
func (g IDs) ClientMediaID() int64 { return g.Now().UnixMilli() }

// DeviceID returns "e" and 15 random digits, as the page's
// Math.random().toFixed(15) gives (§1.5).
func (g IDs) DeviceID() string {
	b := make([]byte, 16)
	b[0] = 'e'
	for i := 1; i < len(b); i++ {
		b[i] = byte('0' + g.Rand(10))
	}
	return string(b)
}

// IsDeviceID reports whether s has the DeviceID shape: "e" and 15 digits.
func IsDeviceID(s string) bool {
	if len(s) != 16 || s[0] != 'e' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
