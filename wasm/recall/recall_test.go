package recall

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

func ms(d time.Duration) int64 { return t0.Add(d).UnixMilli() }

func ids(its []Item) []string {
	var out []string
	for _, it := range its {
		out = append(out, it.ID)
	}
	return out
}

// The bounds let go of the messages kept longer than the days, then of
// the oldest until the rest fit in the space; nothing else.
func TestPrune(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		name      string
		cfg       Config
		items     []Item
		now       time.Duration
		gone, som []string
	}{
		{"nothing beyond the bounds", Config{}, []Item{{ID: "1", At: ms(0), Bytes: mb}, {ID: "2", At: ms(time.Hour), Bytes: mb}}, 24 * time.Hour, nil, []string{"1", "2"}},
		{"two days by default", Config{}, []Item{{ID: "2", At: ms(time.Hour), Bytes: 1}, {ID: "1", At: ms(0), Bytes: 1}}, 48*time.Hour + 30*time.Minute, []string{"1"}, []string{"2"}},
		{"days set", Config{Days: 1}, []Item{{ID: "1", At: ms(0), Bytes: 1}, {ID: "2", At: ms(2 * time.Hour), Bytes: 1}}, 25 * time.Hour, []string{"1"}, []string{"2"}},
		{"space: oldest out first", Config{MB: 10}, []Item{{ID: "3", At: ms(3 * time.Second), Bytes: 4 * mb}, {ID: "1", At: ms(1 * time.Second), Bytes: 4 * mb}, {ID: "2", At: ms(2 * time.Second), Bytes: 4 * mb}}, time.Hour, []string{"1"}, []string{"2", "3"}},
		{"space: exactly full stays", Config{MB: 10}, []Item{{ID: "1", At: ms(1 * time.Second), Bytes: 5 * mb}, {ID: "2", At: ms(2 * time.Second), Bytes: 5 * mb}}, time.Hour, nil, []string{"1", "2"}},
		{"200 MB by default", Config{}, []Item{{ID: "1", At: ms(1 * time.Second), Bytes: 150 * mb}, {ID: "2", At: ms(2 * time.Second), Bytes: 51 * mb}}, time.Hour, []string{"1"}, []string{"2"}},
		{"one too big for the space goes too", Config{MB: 10}, []Item{{ID: "1", At: ms(1 * time.Second), Bytes: 11 * mb}}, time.Hour, []string{"1"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := Index{Items: tc.items}
			gone := x.Prune(tc.cfg, t0.Add(tc.now))
			require.Equal(t, tc.gone, ids(gone))
			require.Equal(t, tc.som, ids(x.Items))
		})
	}
}

// Recalls older than the days go, and beyond MaxRecalled the oldest.
func TestPruneRecalled(t *testing.T) {
	x := Index{}
	for i := range MaxRecalled + 3 {
		x.Recalled = append(x.Recalled, Recalled{ID: string(rune('a' + i%26)), At: ms(time.Duration(i) * time.Minute)})
	}
	x.Recalled = append(x.Recalled, Recalled{ID: "old", At: ms(-72 * time.Hour)})
	x.Prune(Config{}, t0.Add(24*time.Hour))
	require.Len(t, x.Recalled, MaxRecalled)
	require.Equal(t, ms(3*time.Minute), x.Recalled[0].At, "the oldest went first")
}

func TestAddFindCheck(t *testing.T) {
	var x Index
	require.True(t, x.Add(Item{Account: "a", ID: "1"}))
	require.False(t, x.Add(Item{Account: "a", ID: "1"}), "kept once")
	require.True(t, x.Add(Item{Account: "b", ID: "1"}), "another account's message")
	require.NotNil(t, x.Find("a", "1"))
	require.Nil(t, x.Find("a", "2"))
	for _, tc := range []struct {
		c    Config
		want string
	}{{Config{}, ""}, {Config{Days: 30, MB: 2000}, ""}, {Config{Days: 31}, "DAYS"}, {Config{Days: -1}, "DAYS"}, {Config{MB: 5}, "SPACE"}, {Config{MB: 2001}, "SPACE"}} {
		require.Equal(t, tc.want, tc.c.Check(), "%+v", tc.c)
	}
}

// However small, at most MaxItems messages are kept: the oldest go.
func TestPruneCount(t *testing.T) {
	x := Index{}
	for i := range MaxItems + 2 {
		x.Items = append(x.Items, Item{ID: string(rune('a' + i%26)), At: ms(time.Duration(i) * time.Millisecond), Bytes: 10})
	}
	gone := x.Prune(Config{}, t0.Add(time.Hour))
	require.Len(t, gone, 2)
	require.Equal(t, ms(0), gone[0].At)
	require.Equal(t, ms(time.Millisecond), gone[1].At)
	require.Len(t, x.Items, MaxItems)
}
