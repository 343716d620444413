package schedule_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
	_ "time/tzdata" // the tests' zones, whatever the machine has

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wxdrop/wxdrop/wasm/schedule"
)

// zone is the named zone of the time package; without zoneinfo (the
// tzdata import makes that moot) the test is skipped.
func zone(t *testing.T, name string) schedule.LocationZone {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("no zoneinfo for %s: %v", name, err)
	}
	return schedule.LocationZone{Loc: loc}
}

// ts is an RFC 3339 time; the offset in it says which side of a
// transition is meant.
func ts(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	require.NoError(t, err)
	return v
}

// sameInstant fails unless got is want, showing both in z.
func sameInstant(t *testing.T, z schedule.LocationZone, want, got time.Time, msg string) {
	t.Helper()
	assert.True(t, want.Equal(got), "%s: want %s, got %s", msg, want.In(z.Loc), got.In(z.Loc))
}

// The wall times JavaScript's new Date(y, m-1, d, h, min) gives in each
// zone (checked with Node 20), around each kind of transition.
func TestLocationZoneInstant(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		zone string
		wall schedule.Wall
		want string
	}{
		{"plain", "Asia/Shanghai", schedule.Wall{2026, 11, 23, 9, 0}, "2026-11-23T09:00:00+08:00"},
		{"day 32", "Asia/Shanghai", schedule.Wall{2026, 1, 32, 7, 30}, "2026-02-01T07:30:00+08:00"},
		{"month 13", "Asia/Shanghai", schedule.Wall{2026, 13, 1, 0, 0}, "2027-01-01T00:00:00+08:00"},
		{"hour 24", "Asia/Shanghai", schedule.Wall{2028, 2, 28, 24, 0}, "2028-02-29T00:00:00+08:00"},
		{"day 0", "Asia/Shanghai", schedule.Wall{2026, 3, 0, 0, 0}, "2026-02-28T00:00:00+08:00"},
		{"minute -1", "Asia/Shanghai", schedule.Wall{2026, 1, 1, 0, -1}, "2025-12-31T23:59:00+08:00"},

		{"New York before the gap", "America/New_York", schedule.Wall{2026, 3, 8, 1, 59}, "2026-03-08T01:59:00-05:00"},
		{"New York gap", "America/New_York", schedule.Wall{2026, 3, 8, 2, 0}, "2026-03-08T03:00:00-04:00"},
		{"New York in the gap", "America/New_York", schedule.Wall{2026, 3, 8, 2, 30}, "2026-03-08T03:30:00-04:00"},
		{"New York after the gap", "America/New_York", schedule.Wall{2026, 3, 8, 3, 0}, "2026-03-08T03:00:00-04:00"},
		{"New York overlap is the earlier", "America/New_York", schedule.Wall{2026, 11, 1, 1, 30}, "2026-11-01T01:30:00-04:00"},
		{"New York after the overlap", "America/New_York", schedule.Wall{2026, 11, 1, 2, 0}, "2026-11-01T02:00:00-05:00"},

		// time.Date differs here: it gives 01:30 GMT, the later instant.
		{"London overlap is the earlier", "Europe/London", schedule.Wall{2026, 10, 25, 1, 30}, "2026-10-25T01:30:00+01:00"},
		{"London gap", "Europe/London", schedule.Wall{2026, 3, 29, 1, 30}, "2026-03-29T02:30:00+01:00"},

		// Lord Howe moves by half an hour: 02:00 to 02:30, and 02:00 back to 01:30.
		{"Lord Howe gap", "Australia/Lord_Howe", schedule.Wall{2026, 10, 4, 2, 15}, "2026-10-04T02:45:00+11:00"},
		{"Lord Howe overlap is the earlier", "Australia/Lord_Howe", schedule.Wall{2026, 4, 5, 1, 45}, "2026-04-05T01:45:00+11:00"},
		{"Lord Howe after the overlap", "Australia/Lord_Howe", schedule.Wall{2026, 4, 5, 2, 0}, "2026-04-05T02:00:00+10:30"},

		// Samoa skipped 30 December 2011 altogether.
		{"a skipped day", "Pacific/Apia", schedule.Wall{2011, 12, 30, 10, 0}, "2011-12-31T10:00:00+14:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			z := zone(t, tt.zone)
			sameInstant(t, z, ts(t, tt.want), z.Instant(tt.wall), fmt.Sprint(tt.wall))
		})
	}
}

func TestLocationZoneWall(t *testing.T) {
	t.Parallel()
	ny := zone(t, "America/New_York")
	assert.Equal(t, schedule.Wall{2026, 11, 1, 1, 30}, ny.Wall(ts(t, "2026-11-01T01:30:00-04:00")))
	assert.Equal(t, schedule.Wall{2026, 11, 1, 1, 30}, ny.Wall(ts(t, "2026-11-01T01:30:59-05:00")))
	assert.Equal(t, schedule.Wall{2026, 11, 22, 20, 0}, ny.Wall(ts(t, "2026-11-23T09:00:00+08:00")))
}

func TestWallWeekday(t *testing.T) {
	t.Parallel()
	tests := []struct {
		wall schedule.Wall
		want time.Weekday
	}{
		{schedule.Wall{Year: 2026, Month: 11, Day: 23}, time.Monday},
		{schedule.Wall{Year: 2026, Month: 11, Day: 21, Hour: 23, Minute: 59}, time.Saturday},
		{schedule.Wall{Year: 2028, Month: 2, Day: 29}, time.Tuesday},
		{schedule.Wall{Year: 2026, Month: 2, Day: 29}, time.Sunday}, // 1 March
		{schedule.Wall{Year: 1970, Month: 1, Day: 1}, time.Thursday},
		{schedule.Wall{Year: 1, Month: 1, Day: 1}, time.Monday},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.wall.Weekday(), "%+v", tt.wall)
	}
}

func TestRepeatValid(t *testing.T) {
	t.Parallel()
	for _, r := range []schedule.Repeat{schedule.Daily, schedule.Weekdays, schedule.Weekly, schedule.Monthly} {
		assert.True(t, r.Valid(), r)
	}
	for _, r := range []schedule.Repeat{schedule.None, "hourly", "Daily", "yearly"} {
		assert.False(t, r.Valid(), r)
	}
}

func TestNext(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		zone   string
		repeat schedule.Repeat
		slot   string
		after  string // empty: the slot
		want   []string
	}{
		// Daily keeps 07:30 in New York across both changes of offset.
		{"daily across the spring change", "America/New_York", schedule.Daily,
			"2026-03-06T07:30:00-05:00", "", []string{"2026-03-07T07:30:00-05:00", "2026-03-08T07:30:00-04:00", "2026-03-09T07:30:00-04:00"}},
		{"daily across the autumn change", "America/New_York", schedule.Daily,
			"2026-10-31T07:30:00-04:00", "", []string{"2026-11-01T07:30:00-05:00", "2026-11-02T07:30:00-05:00"}},
		{"daily in the gap moves forward that day only", "America/New_York", schedule.Daily,
			"2026-03-07T02:30:00-05:00", "", []string{"2026-03-08T03:30:00-04:00", "2026-03-09T02:30:00-04:00"}},
		{"daily in the overlap, once", "America/New_York", schedule.Daily,
			"2026-10-31T01:30:00-04:00", "", []string{"2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"}},
		{"daily in Lord Howe's half-hour gap", "Australia/Lord_Howe", schedule.Daily,
			"2026-10-03T02:15:00+10:30", "", []string{"2026-10-04T02:45:00+11:00", "2026-10-05T02:15:00+11:00"}},
		{"daily in Lord Howe's half-hour overlap", "Australia/Lord_Howe", schedule.Daily,
			"2026-04-04T01:45:00+11:00", "", []string{"2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30"}},
		// The slot is read in the zone given: 09:00 in Shanghai is 20:00
		// the evening before in New York, and the series follows New York.
		{"daily follows the zone given", "America/New_York", schedule.Daily,
			"2026-11-23T09:00:00+08:00", "", []string{"2026-11-23T20:00:00-05:00", "2026-11-24T20:00:00-05:00"}},
		{"daily from a slot with seconds is on the minute", "Asia/Shanghai", schedule.Daily,
			"2026-11-23T09:00:15+08:00", "", []string{"2026-11-24T09:00:00+08:00"}},

		{"weekly keeps the weekday", "Asia/Shanghai", schedule.Weekly,
			"2026-11-23T09:00:00+08:00", "", []string{"2026-11-30T09:00:00+08:00", "2026-12-07T09:00:00+08:00"}},
		{"weekly from midweek", "Asia/Shanghai", schedule.Weekly,
			"2026-11-23T09:00:00+08:00", "2026-11-25T12:00:00+08:00", []string{"2026-11-30T09:00:00+08:00"}},
		{"weekly on London's autumn Sunday", "Europe/London", schedule.Weekly,
			"2026-10-18T01:30:00+01:00", "", []string{"2026-10-25T01:30:00+01:00", "2026-11-01T01:30:00Z"}},
		{"weekly across New York's spring change", "America/New_York", schedule.Weekly,
			"2026-03-01T02:30:00-05:00", "", []string{"2026-03-08T03:30:00-04:00", "2026-03-15T02:30:00-04:00"}},

		{"weekdays from Friday to Monday", "Asia/Shanghai", schedule.Weekdays,
			"2026-11-20T09:00:00+08:00", "", []string{"2026-11-23T09:00:00+08:00", "2026-11-24T09:00:00+08:00"}},
		{"weekdays from a Saturday slot start on Monday", "Asia/Shanghai", schedule.Weekdays,
			"2026-11-21T09:00:00+08:00", "2026-11-01T00:00:00+08:00", []string{"2026-11-23T09:00:00+08:00", "2026-11-24T09:00:00+08:00"}},
		{"weekdays from a Sunday slot, after it", "Asia/Shanghai", schedule.Weekdays,
			"2026-11-22T09:00:00+08:00", "", []string{"2026-11-23T09:00:00+08:00"}},
		{"weekdays from a weekend afternoon", "Asia/Shanghai", schedule.Weekdays,
			"2026-11-18T09:00:00+08:00", "2026-11-28T15:00:00+08:00", []string{"2026-11-30T09:00:00+08:00"}},
		{"weekdays, the day's time not yet come", "Asia/Shanghai", schedule.Weekdays,
			"2026-11-18T09:00:00+08:00", "2026-11-24T08:59:59+08:00", []string{"2026-11-24T09:00:00+08:00"}},

		{"monthly from the 31st", "Asia/Shanghai", schedule.Monthly,
			"2027-01-31T10:00:00+08:00", "", []string{"2027-02-28T10:00:00+08:00", "2027-03-31T10:00:00+08:00", "2027-04-30T10:00:00+08:00", "2027-05-31T10:00:00+08:00"}},
		{"monthly from the 31st, leap year", "Asia/Shanghai", schedule.Monthly,
			"2028-01-31T10:00:00+08:00", "", []string{"2028-02-29T10:00:00+08:00", "2028-03-31T10:00:00+08:00"}},
		{"monthly from the 31st, years on", "Asia/Shanghai", schedule.Monthly,
			"2027-01-31T10:00:00+08:00", "2028-02-01T00:00:00+08:00", []string{"2028-02-29T10:00:00+08:00", "2028-03-31T10:00:00+08:00"}},
		{"monthly from the 30th", "Asia/Shanghai", schedule.Monthly,
			"2026-01-30T10:00:00+08:00", "", []string{"2026-02-28T10:00:00+08:00", "2026-03-30T10:00:00+08:00", "2026-04-30T10:00:00+08:00"}},
		{"monthly across New York's spring change", "America/New_York", schedule.Monthly,
			"2026-02-15T07:30:00-05:00", "", []string{"2026-03-15T07:30:00-04:00"}},
		{"monthly into the gap", "America/New_York", schedule.Monthly,
			"2026-02-08T02:30:00-05:00", "", []string{"2026-03-08T03:30:00-04:00", "2026-04-08T02:30:00-04:00"}},

		// after long before the slot: the slot itself.
		{"daily, after far in the past", "Asia/Shanghai", schedule.Daily,
			"2026-11-23T09:00:00+08:00", "1990-01-01T00:00:00Z", []string{"2026-11-23T09:00:00+08:00", "2026-11-24T09:00:00+08:00"}},
		{"weekly, after far in the past", "Asia/Shanghai", schedule.Weekly,
			"2026-11-23T09:00:00+08:00", "1990-01-01T00:00:00Z", []string{"2026-11-23T09:00:00+08:00"}},
		{"monthly, after far in the past", "Asia/Shanghai", schedule.Monthly,
			"2027-01-31T10:00:00+08:00", "1990-01-01T00:00:00Z", []string{"2027-01-31T10:00:00+08:00", "2027-02-28T10:00:00+08:00"}},
		{"weekdays on a weekday, after far in the past", "Asia/Shanghai", schedule.Weekdays,
			"2026-11-20T09:00:00+08:00", "1990-01-01T00:00:00Z", []string{"2026-11-20T09:00:00+08:00", "2026-11-23T09:00:00+08:00"}},
		{"a slot with seconds is itself the first", "Asia/Shanghai", schedule.Daily,
			"2026-11-23T09:00:15+08:00", "2026-11-23T09:00:10+08:00", []string{"2026-11-23T09:00:15+08:00", "2026-11-24T09:00:00+08:00"}},

		// after ten years on.
		{"daily, ten years on", "America/New_York", schedule.Daily,
			"2026-03-07T07:30:00-05:00", "2036-03-09T12:00:00-04:00", []string{"2036-03-10T07:30:00-04:00"}},
		{"weekly, ten years on", "America/New_York", schedule.Weekly,
			"2026-03-07T07:30:00-05:00", "2036-03-09T12:00:00-04:00", []string{"2036-03-15T07:30:00-04:00"}},
		{"weekdays, ten years on", "America/New_York", schedule.Weekdays,
			"2026-03-07T07:30:00-05:00", "2036-03-07T12:00:00-05:00", []string{"2036-03-10T07:30:00-04:00"}},
		{"monthly, ten years on", "Asia/Shanghai", schedule.Monthly,
			"2027-01-31T10:00:00+08:00", "2037-02-28T10:00:00+08:00", []string{"2037-03-31T10:00:00+08:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			z := zone(t, tt.zone)
			slot := ts(t, tt.slot)
			after := slot
			if tt.after != "" {
				after = ts(t, tt.after)
			}
			for i, w := range tt.want {
				got, ok := schedule.Next(tt.repeat, slot, after, z)
				require.True(t, ok)
				sameInstant(t, z, ts(t, w), got, fmt.Sprintf("occurrence %d", i))
				require.True(t, got.After(after), "not after %s", after)
				after = got
			}
		})
	}
}

// Next is strictly after after: from an occurrence, a nanosecond before
// it, and a nanosecond after it.
func TestNextStrictlyAfter(t *testing.T) {
	t.Parallel()
	z := zone(t, "Europe/London")
	slot := ts(t, "2026-06-01T09:00:00+01:00")
	occ := ts(t, "2026-06-02T09:00:00+01:00")
	for _, r := range []schedule.Repeat{schedule.Daily, schedule.Weekdays} {
		got, ok := schedule.Next(r, slot, occ.Add(-time.Nanosecond), z)
		require.True(t, ok)
		sameInstant(t, z, occ, got, string(r)+", just before")
		got, _ = schedule.Next(r, slot, occ, z)
		sameInstant(t, z, occ.AddDate(0, 0, 1), got, string(r)+", on it")
		got, _ = schedule.Next(r, slot, occ.Add(time.Nanosecond), z)
		sameInstant(t, z, occ.AddDate(0, 0, 1), got, string(r)+", just after")
	}
	got, _ := schedule.Next(schedule.Daily, slot, slot, z)
	sameInstant(t, z, occ, got, "from the slot")
}

func TestNextNoRepeat(t *testing.T) {
	t.Parallel()
	z := zone(t, "Asia/Shanghai")
	now := ts(t, "2026-11-23T09:00:00+08:00")
	for _, r := range []schedule.Repeat{schedule.None, "hourly", "Weekly"} {
		got, ok := schedule.Next(r, now, now.Add(-time.Hour), z)
		assert.False(t, ok, r)
		assert.True(t, got.IsZero(), r)
	}
}

// countingZone counts the conversions Next asks for.
type countingZone struct {
	schedule.LocationZone
	calls int
}

func (z *countingZone) Instant(w schedule.Wall) time.Time {
	z.calls++
	return z.LocationZone.Instant(w)
}

func (z *countingZone) Wall(t time.Time) schedule.Wall {
	z.calls++
	return z.LocationZone.Wall(t)
}

// However far after is from the slot, Next does a handful of
// conversions: it does not walk the days in between.
func TestNextCostDoesNotGrow(t *testing.T) {
	t.Parallel()
	z := &countingZone{LocationZone: zone(t, "America/New_York")}
	slot := ts(t, "2026-01-31T07:30:00-05:00")
	for _, r := range []schedule.Repeat{schedule.Daily, schedule.Weekdays, schedule.Weekly, schedule.Monthly} {
		for _, after := range []time.Time{slot.AddDate(-50, 0, 0), slot.AddDate(10, 0, 3), slot.AddDate(1000, 0, 0)} {
			z.calls = 0
			got, ok := schedule.Next(r, slot, after, z)
			require.True(t, ok)
			assert.True(t, got.After(after), "%s after %s: %s", r, after, got)
			assert.LessOrEqual(t, z.calls, 14, "%s after %s", r, after)
		}
	}
}

// Next agrees with a walk over the series one day at a time, for random
// slots and afters in zones with every kind of transition.
func TestNextMatchesWalk(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, name := range []string{"America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Shanghai", "Pacific/Apia"} {
		z := zone(t, name)
		base := time.Date(2026, 1, 1, 0, 0, 0, 0, z.Loc)
		if name == "Pacific/Apia" {
			base = time.Date(2011, 6, 1, 0, 0, 0, 0, z.Loc)
		}
		for range 800 {
			slot := base.Add(time.Duration(rng.IntN(365*24*60)) * time.Minute)
			if rng.IntN(4) == 0 {
				slot = slot.Add(time.Duration(rng.IntN(60)) * time.Second)
			}
			after := slot.Add(time.Duration(rng.IntN(2*200*24*60)-40*24*60) * time.Minute)
			for _, r := range []schedule.Repeat{schedule.Daily, schedule.Weekdays, schedule.Weekly, schedule.Monthly} {
				got, ok := schedule.Next(r, slot, after, z)
				require.True(t, ok)
				want := walk(r, slot, after, z)
				require.True(t, want.Equal(got), "%s %s slot %s after %s: want %s, got %s",
					name, r, slot.In(z.Loc), after.In(z.Loc), want.In(z.Loc), got.In(z.Loc))
			}
		}
	}
}

// walk is Next the slow way: the series' occurrences in order from the
// slot, until one is after after.
func walk(r schedule.Repeat, slot, after time.Time, z schedule.Zone) time.Time {
	sw := z.Wall(slot)
	weekend := func(wd time.Weekday) bool { return wd == time.Saturday || wd == time.Sunday }
	if slot.After(after) && !(r == schedule.Weekdays && weekend(sw.Weekday())) {
		return slot
	}
	for i := 0; ; i++ {
		w := schedule.Wall{Year: sw.Year, Month: sw.Month, Day: sw.Day + i, Hour: sw.Hour, Minute: sw.Minute}
		if r == schedule.Monthly {
			w = schedule.Wall{Year: sw.Year, Month: sw.Month + time.Month(i), Day: 1, Hour: sw.Hour, Minute: sw.Minute}
			last := time.Date(w.Year, w.Month+1, 0, 0, 0, 0, 0, time.UTC).Day()
			w.Day = min(sw.Day, last)
		}
		wd := schedule.Wall{Year: w.Year, Month: w.Month, Day: w.Day}.Weekday()
		if r == schedule.Weekdays && weekend(wd) || r == schedule.Weekly && wd != sw.Weekday() {
			continue
		}
		if t := z.Instant(w); t.After(slot) && t.After(after) {
			return t
		}
	}
}

func TestInMinutes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		now  string
		n    int
		want string
	}{
		{"2026-11-23T10:00:00+08:00", 10, "2026-11-23T10:10:00+08:00"},
		{"2026-11-23T10:00:00.001+08:00", 10, "2026-11-23T10:11:00+08:00"},
		{"2026-11-23T10:00:30+08:00", 10, "2026-11-23T10:11:00+08:00"},
		{"2026-11-23T10:00:59.999+08:00", 10, "2026-11-23T10:11:00+08:00"},
		{"2026-11-23T23:55:30+08:00", 10, "2026-11-24T00:06:00+08:00"},
		{"2026-11-23T10:00:30+08:00", 0, "2026-11-23T10:01:00+08:00"},
		{"2026-11-23T10:00:30+05:45", 60, "2026-11-23T11:01:00+05:45"}, // Nepal: minutes align with UTC's
	}
	for _, tt := range tests {
		got := schedule.InMinutes(ts(t, tt.now), tt.n)
		assert.True(t, ts(t, tt.want).Equal(got), "%s + %d: got %s", tt.now, tt.n, got)
	}
	// time.Now carries a monotonic reading; the answer is still on the minute.
	now := time.Now()
	got := schedule.InMinutes(now, 10)
	assert.Zero(t, got.Second()+got.Nanosecond())
	assert.GreaterOrEqual(t, got.Sub(now), 10*time.Minute)
	assert.Less(t, got.Sub(now), 11*time.Minute)
}

func TestTomorrowAt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		zone         string
		now          string
		hour, minute int
		want         string
	}{
		{"plain", "Asia/Shanghai", "2026-11-23T15:00:00+08:00", 8, 0, "2026-11-24T08:00:00+08:00"},
		{"just before midnight", "Asia/Shanghai", "2026-11-23T23:59:59+08:00", 8, 0, "2026-11-24T08:00:00+08:00"},
		{"the local date, not UTC's", "Asia/Shanghai", "2026-11-23T20:00:00Z", 8, 0, "2026-11-25T08:00:00+08:00"},
		{"year end", "Asia/Shanghai", "2026-12-31T12:00:00+08:00", 8, 0, "2027-01-01T08:00:00+08:00"},
		{"tomorrow the clocks go forward", "America/New_York", "2026-03-07T12:00:00-05:00", 8, 0, "2026-03-08T08:00:00-04:00"},
		{"tomorrow in the gap", "America/New_York", "2026-03-07T12:00:00-05:00", 2, 30, "2026-03-08T03:30:00-04:00"},
		{"tomorrow the clocks go back", "America/New_York", "2026-10-31T23:30:00-04:00", 8, 0, "2026-11-01T08:00:00-05:00"},
		{"tomorrow in the overlap", "America/New_York", "2026-10-31T12:00:00-04:00", 1, 30, "2026-11-01T01:30:00-04:00"},
		{"from the repeated hour", "America/New_York", "2026-11-01T01:30:00-05:00", 8, 0, "2026-11-02T08:00:00-05:00"},
		{"Lord Howe's half-hour gap", "Australia/Lord_Howe", "2026-10-03T09:00:00+10:30", 2, 10, "2026-10-04T02:40:00+11:00"},
		{"London forward", "Europe/London", "2026-03-28T21:00:00Z", 1, 30, "2026-03-29T02:30:00+01:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			z := zone(t, tt.zone)
			sameInstant(t, z, ts(t, tt.want), schedule.TomorrowAt(ts(t, tt.now), tt.hour, tt.minute, z), tt.now)
		})
	}
}

func ExampleNext() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		fmt.Println(err)
		return
	}
	z := schedule.LocationZone{Loc: loc}
	slot := time.Date(2027, 1, 31, 10, 0, 0, 0, loc)
	t := slot
	for range 4 {
		t, _ = schedule.Next(schedule.Monthly, slot, t, z)
		fmt.Println(t.Format("Mon 2 Jan 2006 15:04"))
	}
	// Output:
	// Sun 28 Feb 2027 10:00
	// Wed 31 Mar 2027 10:00
	// Fri 30 Apr 2027 10:00
	// Mon 31 May 2027 10:00
}
