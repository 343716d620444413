package model

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestRunTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n, spacing int
		want       time.Duration
	}{
		{0, 3000, 0},
		{1, 3000, 0},
		{2, 3000, 3 * time.Second},
		{30, 3000, 87 * time.Second},
		{101, 1000, time.Hour},
		{250, 3000, 2 * time.Hour},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, RunTime(tt.n, tt.spacing), "%d chats at %d ms", tt.n, tt.spacing)
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
