package outbox

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/schedule"
)

// planChecked is planOf(s), checked to change nothing of the record it is
// given.
func planChecked(t *testing.T, s situation) plan {
	t.Helper()
	before, err := json.Marshal(s.rec)
	require.NoError(t, err)
	p := planOf(s)
	after, err := json.Marshal(s.rec)
	require.NoError(t, err)
	require.JSONEq(t, string(before), string(after), "the plan changes nothing it is given")
	return p
}

// TestPlanRuns decides a run's entries from records written by hand.
func TestPlanRuns(t *testing.T) {
	t.Parallel()
	now := planNow
	at := func(d time.Duration) int64 { return ms(now.Add(d)) }
	grace := time.Duration(msg.DefaultGraceMinutes) * time.Minute
	chat := func(id string, seq int, due time.Duration) msg.Entry {
		return msg.Entry{ID: id, Content: msg.Content{Kind: msg.KindText, Text: "hi " + id}, State: msg.EntryQueued,
			Slot: at(due), Due: at(due), Created: at(-time.Hour) + int64(seq), ClientMsgID: "c" + id, Run: "r", RunSeq: seq}
	}
	run := func(f func(r *msg.Run)) msg.Run {
		r := msg.Run{ID: "r", SpacingMs: 3000, PerHour: 100, Active: at(-time.Second)}
		if f != nil {
			f(&r)
		}
		return r
	}
	hourOfSends := func(n int, from time.Duration) []int64 {
		var s []int64
		for i := range n {
			s = append(s, at(from)+int64(i)*1000)
		}
		return s
	}
	in := map[string]login{"": {name: "@me", ok: true}}
	out := map[string]login{"": {name: "@me"}}
	type want struct {
		work    string
		wake    time.Time
		states  map[string]msg.EntryState
		repeats int
		runs    []string // the runs kept
	}
	tests := []struct {
		name    string
		entries []msg.Entry
		run     msg.Run
		noRun   bool
		logins  map[string]login
		pause   time.Duration
		want    want
	}{
		{name: "the run's chats go in its order", logins: in, run: run(nil),
			entries: []msg.Entry{chat("z", 0, -time.Second), chat("a", 1, -time.Second)},
			want:    want{work: "z", wake: now.Add(stepGuard), runs: []string{"r"}}},
		{name: "the run's spacing holds its next chat", logins: in,
			run:     run(func(r *msg.Run) { r.LastSend = at(-time.Second) }),
			entries: []msg.Entry{chat("a", 1, -time.Minute)},
			want:    want{wake: now.Add(2 * time.Second), runs: []string{"r"}}},
		{name: "another message goes while the run keeps its spacing", logins: in,
			run: run(func(r *msg.Run) { r.LastSend = at(-time.Second) }),
			entries: []msg.Entry{chat("a", 1, -time.Minute), func() msg.Entry {
				e := chat("b", 0, -time.Second)
				e.Run = ""
				return e
			}()},
			want: want{work: "b", wake: now.Add(2 * time.Second), runs: []string{"r"}}},
		{name: "the cap per hour holds the run until its oldest send is an hour old", logins: in,
			run: run(func(r *msg.Run) {
				r.PerHour, r.Sends, r.LastSend = 3, hourOfSends(3, -50*time.Minute), at(-50*time.Minute)+2000
			}),
			entries: []msg.Entry{chat("a", 3, -50*time.Minute)},
			want:    want{wake: now.Add(10 * time.Minute), runs: []string{"r"}}},
		{name: "sends older than an hour do not count", logins: in,
			run: run(func(r *msg.Run) {
				r.PerHour, r.Sends, r.LastSend = 3, hourOfSends(3, -70*time.Minute), at(-70*time.Minute)
			}),
			entries: []msg.Entry{chat("a", 3, -70*time.Minute)},
			want:    want{work: "a", wake: now.Add(stepGuard), runs: []string{"r"}}},
		{name: "a paused run waits, however late, and wakes no one", logins: in,
			run:     run(func(r *msg.Run) { r.Paused, r.Active = true, at(-5*time.Hour) }),
			entries: []msg.Entry{chat("a", 0, -5*time.Hour)},
			want:    want{states: map[string]msg.EntryState{"a": msg.EntryQueued}, runs: []string{"r"}}},
		{name: "a run that moved lately is not missed past its time", logins: in,
			run:     run(func(r *msg.Run) { r.Active, r.LastSend = at(-4*time.Second), at(-4*time.Second) }),
			entries: []msg.Entry{chat("a", 9, -grace-time.Hour)},
			want:    want{work: "a", wake: now.Add(stepGuard), runs: []string{"r"}}},
		{name: "a run that has not moved for its grace period is missed", logins: out,
			run:     run(func(r *msg.Run) { r.Active = at(-grace - time.Minute) }),
			entries: []msg.Entry{chat("a", 0, -grace-time.Hour)},
			want:    want{states: map[string]msg.EntryState{"a": msg.EntryMissed}, runs: []string{"r"}}},
		{name: "WeChat's pause (Ret 1205) holds the whole run", logins: in, pause: 20 * time.Second, run: run(nil),
			entries: []msg.Entry{chat("a", 0, -time.Second), chat("b", 1, -time.Second)},
			want:    want{wake: now.Add(20 * time.Second), runs: []string{"r"}}},
		{name: "a stopped run's repeat makes no next occurrence", logins: in,
			run: run(func(r *msg.Run) { r.Stopped, r.Active = true, at(-grace-time.Hour) }),
			entries: []msg.Entry{func() msg.Entry {
				e := chat("a", 0, -grace-time.Hour)
				e.Repeat = msg.RepeatDaily
				return e
			}()},
			want: want{states: map[string]msg.EntryState{"a": msg.EntryMissed}, runs: []string{"r"}}},
		{name: "a repeating run's next occurrence stays in the run", logins: in,
			run: run(func(r *msg.Run) { r.Active = at(-grace - time.Hour) }),
			entries: []msg.Entry{func() msg.Entry {
				e := chat("a", 0, -grace-time.Hour)
				e.Repeat = msg.RepeatDaily
				return e
			}()},
			want: want{states: map[string]msg.EntryState{"a": msg.EntryMissed}, repeats: 1, runs: []string{"r"},
				wake: now.Add(-grace - time.Hour).Add(24 * time.Hour)}},
		{name: "a run no entry belongs to is forgotten", logins: in, run: run(nil), want: want{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := msg.Outbox{Entries: map[string]msg.Entry{}, Runs: map[string]msg.Run{"r": tt.run}}
			for _, e := range tt.entries {
				rec.Entries[e.ID] = e
			}
			if tt.pause != 0 {
				rec.PauseUntil = ms(now.Add(tt.pause))
			}
			p := planChecked(t, situation{rec: rec, settings: msg.DefaultSettings(), logins: tt.logins, now: now,
				zone: schedule.LocationZone{Loc: time.UTC}})
			w := tt.want
			if w.work == "" {
				require.Nil(t, p.work)
			} else {
				require.NotNil(t, p.work)
				require.Equal(t, w.work, p.work.entry.ID)
			}
			require.True(t, w.wake.Equal(p.wake), "wake %v, want %v", p.wake, w.wake)
			for id, st := range w.states {
				require.Equal(t, st, p.rec.Entries[id].State, "entry %s", id)
			}
			require.Len(t, p.repeats, w.repeats)
			for _, n := range p.repeats {
				require.Equal(t, "r", n.Run)
			}
			var runs []string
			for id := range p.rec.Runs {
				runs = append(runs, id)
			}
			require.ElementsMatch(t, w.runs, runs)
		})
	}
}
