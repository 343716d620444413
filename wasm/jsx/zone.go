//go:build js && wasm

package jsx

import (
	"syscall/js"
	"time"

	"github.com/wxdrop/wxdrop/wasm/schedule"
)

// LocalZone is the browser's time zone, through JavaScript's Date, which
// knows its summer-time rules (Go's time.Local under js/wasm is the offset
// at start-up only). Date is looked up on each call, never at init.
type LocalZone struct{}

// Instant is new Date(y, m-1, d, h, min).getTime(): forward across a gap,
// the earlier of two in an overlap, out-of-range fields carried over. As
// with Date, years 0 to 99 are read as 1900 to 1999.
func (LocalZone) Instant(w schedule.Wall) time.Time {
	d := js.Global().Get("Date").New(w.Year, int(w.Month)-1, w.Day, w.Hour, w.Minute)
	return time.UnixMilli(int64(d.Call("getTime").Float()))
}

// Wall reads the local fields of new Date(t's milliseconds).
func (LocalZone) Wall(t time.Time) schedule.Wall {
	d := js.Global().Get("Date").New(float64(t.UnixMilli()))
	return schedule.Wall{
		Year: d.Call("getFullYear").Int(), Month: time.Month(d.Call("getMonth").Int() + 1), Day: d.Call("getDate").Int(),
		Hour: d.Call("getHours").Int(), Minute: d.Call("getMinutes").Int(),
	}
}
