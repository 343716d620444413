package model

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

func TestRunTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n, spacing, perHour int
		want                time.Duration
	}{
		{0, 3000, 100, 0},
		{1, 3000, 100, 0},
		{2, 3000, 100, 3 * time.Second},
		{30, 3000, 100, 87 * time.Second},
		{101, 1000, 100, time.Hour},
		{250, 3000, 100, 2 * time.Hour},
		{250, 3000, 0, 2 * time.Hour},
		{21, 1000, 10, 2 * time.Hour},
		{30, 3000, 3600, 87 * time.Second},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, RunTime(tt.n, tt.spacing, tt.perHour), "%d messages at %d ms, %d an hour", tt.n, tt.spacing, tt.perHour)
	}
}

func TestMinSec(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d      time.Duration
		m, sec int
	}{
		{0, 0, 0},
		{87 * time.Second, 1, 27},
		{1500 * time.Millisecond, 0, 2},
		{time.Hour, 60, 0},
	}
	for _, tt := range tests {
		m, s := MinSec(tt.d)
		require.Equal(t, [2]int{tt.m, tt.sec}, [2]int{m, s}, "%v", tt.d)
	}
}

func TestRunLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spacing, perHour string
		ms, cap          int
		bad              string
	}{
		{"", "", msg.DefaultRunSpacingMs, msg.DefaultRunPerHour, ""},
		{"3", "100", 3000, 100, ""},
		{" 1.5 ", "1", 1500, 1, ""},
		{"1", "3600", 1000, 3600, ""},
		{"60", "20", 60_000, 20, ""},
		{"0.5", "100", 0, 0, "many_spacing_bad"},
		{"0", "100", 0, 0, "many_spacing_bad"},
		{"-3", "100", 0, 0, "many_spacing_bad"},
		{"61", "100", 0, 0, "many_spacing_bad"},
		{"abc", "100", 0, 0, "many_spacing_bad"},
		{"NaN", "100", 0, 0, "many_spacing_bad"},
		{"3", "0", 0, 0, "many_perhour_bad"},
		{"3", "-5", 0, 0, "many_perhour_bad"},
		{"3", "2.5", 0, 0, "many_perhour_bad"},
		{"3", "3601", 0, 0, "many_perhour_bad"},
		{"3", "百", 0, 0, "many_perhour_bad"},
	}
	for _, tt := range tests {
		ms, c, bad := RunLimits(tt.spacing, tt.perHour)
		require.Equal(t, tt.bad, bad, "%q %q", tt.spacing, tt.perHour)
		if bad == "" {
			require.Equal(t, [2]int{tt.ms, tt.cap}, [2]int{ms, c}, "%q %q", tt.spacing, tt.perHour)
		}
	}
}

func TestRunMessages(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		n          int
		text, file bool
		want       int
	}{{4, true, false, 4}, {4, false, true, 4}, {4, true, true, 8}, {0, true, true, 0}} {
		require.Equal(t, tt.want, RunMessages(tt.n, tt.text, tt.file), "%+v", tt)
	}
}
