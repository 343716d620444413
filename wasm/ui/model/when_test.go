package model

import (
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/wasm/schedule"
)

func TestParseFormTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		date, clock string
		want        schedule.Wall
		ok          bool
	}{
		{"2026-11-24", "08:00", schedule.Wall{Year: 2026, Month: 11, Day: 24, Hour: 8, Minute: 0}, true},
		{"2028-02-29", "23:59", schedule.Wall{Year: 2028, Month: 2, Day: 29, Hour: 23, Minute: 59}, true},
		{"2026-11-24", "08:00:30", schedule.Wall{Year: 2026, Month: 11, Day: 24, Hour: 8, Minute: 0}, true}, // a time input with seconds
		{"2026-11-24", "08:00:30.5", schedule.Wall{Year: 2026, Month: 11, Day: 24, Hour: 8, Minute: 0}, true},
		{"2027-02-29", "08:00", schedule.Wall{}, false},
		{"", "08:00", schedule.Wall{}, false},
		{"2026-11-24", "", schedule.Wall{}, false},
		{"2026-11-24", "24:00", schedule.Wall{}, false},
		{"24/11/2026", "08:00", schedule.Wall{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseFormTime(tt.date, tt.clock)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseFormTime(%q, %q) = %+v, %v; want %+v, %v", tt.date, tt.clock, got, ok, tt.want, tt.ok)
		}
		if d, c := FormValues(got); ok && (d != tt.date || c != tt.clock[:5]) {
			t.Errorf("%+v writes back as %q %q", got, d, c)
		}
	}
	if d, c := FormValues(schedule.Wall{Year: 987, Month: 1, Day: 2, Hour: 3, Minute: 4}); d != "0987-01-02" || c != "03:04" {
		t.Errorf("FormValues of year 987 = %q %q", d, c)
	}
}

func TestDefaultAt(t *testing.T) {
	t.Parallel()
	shanghai := time.FixedZone("CST", 8*3600)
	kathmandu := time.FixedZone("NPT", 5*3600+45*60)
	tests := []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 11, 24, 8, 0, 0, 0, shanghai), "08:10"},
		{time.Date(2026, 11, 24, 8, 0, 1, 0, shanghai), "08:15"},
		{time.Date(2026, 11, 24, 8, 3, 0, 0, shanghai), "08:15"},
		{time.Date(2026, 11, 24, 23, 52, 0, 0, shanghai), "00:05"},
		{time.Date(2026, 11, 24, 8, 1, 0, 0, kathmandu), "08:15"},
	}
	for _, tt := range tests {
		if got := DefaultAt(tt.now).In(tt.now.Location()).Format("15:04"); got != tt.want {
			t.Errorf("DefaultAt(%v) = %s, want %s", tt.now, got, tt.want)
		}
	}
}
