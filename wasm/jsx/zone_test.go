//go:build js && wasm

package jsx_test

import (
	"syscall/js"
	"testing"
	"time"
	_ "time/tzdata" // the zones JavaScript runs in, whatever the machine has

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/schedule"
)

// jsZone is the time package's version of the zone JavaScript's Date is
// in (Intl's name for it), so the comparison means something whatever TZ
// is.
func jsZone(t *testing.T) schedule.LocationZone {
	t.Helper()
	name := js.Global().Get("Intl").Call("DateTimeFormat").Call("resolvedOptions").Get("timeZone").String()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("no zoneinfo for JavaScript's zone %s: %v", name, err)
	}
	return schedule.LocationZone{Loc: loc}
}

// inZone puts Node's Date in zone name for the rest of the test: Node
// (13 and later) takes a new process.env.TZ at once. Elsewhere it skips.
func inZone(t *testing.T, name string) {
	t.Helper()
	process := js.Global().Get("process")
	if process.Type() != js.TypeObject || process.Get("env").Type() != js.TypeObject {
		t.Skip("not in Node: cannot change the zone")
	}
	env := process.Get("env")
	old := env.Get("TZ")
	t.Cleanup(func() {
		if old.IsUndefined() {
			js.Global().Get("Reflect").Call("deleteProperty", env, "TZ")
		} else {
			env.Set("TZ", old)
		}
	})
	env.Set("TZ", name)
	if z := jsZone(t); z.Loc.String() != name {
		t.Skipf("TZ=%s left JavaScript in %s", name, z.Loc)
	}
}

// compareZones checks that LocalZone, through JavaScript's Date, agrees
// with LocationZone of the zone JavaScript is in: every half hour of the
// days whose offset changes in 2026 and of the days either side, and
// every day of the year at a few times.
func compareZones(t *testing.T) {
	t.Helper()
	want := jsZone(t)
	var got schedule.Zone = jsx.LocalZone{}

	noonOffset := func(d time.Time) int {
		_, o := time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, want.Loc).Zone()
		return o
	}
	var walls []schedule.Wall
	changes := 0
	for d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
		if noonOffset(d) != noonOffset(d.AddDate(0, 0, 1)) {
			changes++
			// From the start of the day before to the end of the day after;
			// Instant normalises the negative hour and the large minutes.
			for i := range 3 * 48 {
				walls = append(walls, schedule.Wall{Year: d.Year(), Month: d.Month(), Day: d.Day(), Hour: -12, Minute: 30 * i})
			}
		}
		for _, h := range []int{0, 7, 12, 23} {
			walls = append(walls, schedule.Wall{Year: d.Year(), Month: d.Month(), Day: d.Day(), Hour: h, Minute: 30})
		}
	}
	t.Logf("%s: %d changes of offset in 2026, %d wall times", want.Loc, changes, len(walls))

	for _, w := range walls {
		wi, gi := want.Instant(w), got.Instant(w)
		require.True(t, wi.Equal(gi), "Instant(%+v): time package %s, JavaScript %s", w, wi.In(want.Loc), gi.In(want.Loc))
		require.Equal(t, want.Wall(wi), got.Wall(wi), "Wall(%s)", wi)
		mid := wi.Add(29*time.Minute + 59*time.Second)
		require.Equal(t, want.Wall(mid), got.Wall(mid), "Wall(%s)", mid)
	}
}

// The zone the test was started in (TZ, or the machine's).
func TestLocalZoneAsStarted(t *testing.T) {
	compareZones(t)
}

// Zones with each kind of change: an hour west and east of Greenwich, half
// an hour (Lord Howe), at 02:45 (Chatham), and none (Shanghai).
func TestLocalZoneInZones(t *testing.T) {
	for _, name := range []string{"America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Shanghai"} {
		t.Run(name, func(t *testing.T) {
			inZone(t, name)
			compareZones(t)
		})
	}
}

// New York's gap and overlap are JavaScript's, and a daily series keeps
// its local time across the change.
func TestLocalZoneNewYork(t *testing.T) {
	inZone(t, "America/New_York")
	z := jsx.LocalZone{}
	gap := z.Instant(schedule.Wall{Year: 2026, Month: 3, Day: 8, Hour: 2, Minute: 30})
	assert.Equal(t, time.Date(2026, 3, 8, 7, 30, 0, 0, time.UTC), gap.UTC(), "02:30 in the gap is 03:30 EDT")
	overlap := z.Instant(schedule.Wall{Year: 2026, Month: 11, Day: 1, Hour: 1, Minute: 30})
	assert.Equal(t, time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC), overlap.UTC(), "01:30 in the overlap is the EDT one")

	slot := time.Date(2026, 3, 7, 12, 30, 0, 0, time.UTC) // 07:30 EST
	next, ok := schedule.Next(schedule.Daily, slot, slot, z)
	require.True(t, ok)
	assert.Equal(t, time.Date(2026, 3, 8, 11, 30, 0, 0, time.UTC), next.UTC(), "07:30 EDT")
}
