package outbox

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/schedule"
)

// planNow is the time the plans are made at.
var planNow = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// TestPlan decides from records written by hand: no store, no session,
// no clock, no fakes.
func TestPlan(t *testing.T) {
	t.Parallel()
	now := planNow
	at := func(d time.Duration) int64 { return ms(now.Add(d)) }
	text := func(id string, due time.Duration) msg.Entry {
		return msg.Entry{ID: id, Content: msg.Content{Kind: msg.KindText, Text: "hi " + id}, State: msg.EntryQueued,
			Slot: at(due), Due: at(due), Created: at(-time.Hour), ClientMsgID: "c" + id}
	}
	with := func(e msg.Entry, f func(e *msg.Entry)) msg.Entry { f(&e); return e }
	file := &msg.FileRef{ID: "f1", Name: "a.pdf", Size: 9}
	up := &msg.Upload{MediaID: "m", Kind: "file", Name: "a.pdf", Size: 9}
	in := map[string]login{"": {name: "@me", ok: true}}
	out := map[string]login{"": {name: "@me"}}
	grace := time.Duration(msg.DefaultGraceMinutes) * time.Minute

	type want struct {
		work   string // the entry worked on ("": none)
		step   step
		wake   time.Time
		states map[string]msg.EntryState
		// waiting: entries held for a reason.
		waiting map[string]msg.Code
		notices []NoticeKind
		release []string
		repeats int
		changed bool
	}
	tests := []struct {
		name     string
		entries  []msg.Entry
		logins   map[string]login
		inflight []string
		lastSend time.Duration // before now; 0: none
		pause    time.Duration // after now; 0: none
		want     want
	}{
		{name: "nothing to do", logins: in},
		{name: "a due text is sent, with a wake-up a step's guard ahead", logins: in,
			entries: []msg.Entry{text("a", -time.Second)},
			want:    want{work: "a", step: stepSend, wake: now.Add(stepGuard)}},
		{name: "a text waits for its time", logins: in,
			entries: []msg.Entry{text("a", time.Minute)},
			want:    want{wake: now.Add(time.Minute)}},
		{name: "the earliest due goes first; the others due wait behind it", logins: in,
			entries: []msg.Entry{text("b", -time.Second), text("a", -2*time.Second), text("c", 2*time.Second)},
			want:    want{work: "a", step: stepSend, wake: now.Add(stepGuard)}},
		{name: "an entry due sooner than the guard sets the wake-up", logins: in,
			entries: []msg.Entry{text("a", -2*time.Second), text("c", 2*time.Second)},
			want:    want{work: "a", step: stepSend, wake: now.Add(2 * time.Second)}},
		{name: "a file is uploaded first", logins: in,
			entries: []msg.Entry{with(text("a", 0), func(e *msg.Entry) { e.Content = msg.Content{Kind: msg.KindFile, File: file} })},
			want:    want{work: "a", step: stepUpload, wake: now.Add(stepGuard)}},
		{name: "an upload of another login is made again", logins: in,
			entries: []msg.Entry{with(text("a", 0), func(e *msg.Entry) {
				e.Content, e.Upload, e.UploadLogin = msg.Content{Kind: msg.KindFile, File: file}, up, "@old"
			})},
			want: want{work: "a", step: stepUpload, wake: now.Add(stepGuard)}},
		{name: "an upload of this login is sent", logins: in,
			entries: []msg.Entry{with(text("a", 0), func(e *msg.Entry) {
				e.Content, e.Upload, e.UploadLogin = msg.Content{Kind: msg.KindFile, File: file}, up, "@me"
			})},
			want: want{work: "a", step: stepSend, wake: now.Add(stepGuard)}},
		{name: "a source is fetched first", logins: in,
			entries: []msg.Entry{with(text("a", 0), func(e *msg.Entry) {
				e.Content = msg.Content{Kind: msg.KindFile, Source: &msg.Source{URL: "https://a.test/a.pdf", As: "link"}}
			})},
			want: want{work: "a", step: stepFetch, wake: now.Add(stepGuard)}},
		{name: "a download under way: another chat's due text goes beside it, a second download waits", logins: in, inflight: []string{"f1"},
			entries: []msg.Entry{
				with(text("f1", -time.Minute), func(e *msg.Entry) {
					e.State, e.Content = msg.EntryUploading, msg.Content{Kind: msg.KindFile, Source: &msg.Source{URL: "https://a.test/1.pdf", As: "link"}}
				}),
				with(text("f2", -time.Minute), func(e *msg.Entry) {
					e.Content, e.To.UserName = msg.Content{Kind: msg.KindFile, Source: &msg.Source{URL: "https://a.test/2.pdf", As: "link"}}, "@b"
				}),
				with(text("t", -time.Second), func(e *msg.Entry) { e.To.UserName = "@c" }),
			},
			want: want{work: "t", step: stepSend, wake: now.Add(stepGuard)}},
		{name: "a download under way: its chat's later text waits behind it, in order", logins: in, inflight: []string{"f1"},
			entries: []msg.Entry{
				with(text("f1", -time.Minute), func(e *msg.Entry) {
					e.State, e.Content = msg.EntryUploading, msg.Content{Kind: msg.KindFile, Source: &msg.Source{URL: "https://a.test/1.pdf", As: "link"}}
					e.To = msg.Recipient{UserName: "@a1", Login: "@me1", RemarkName: "老张"}
				}),
				// The same chat by name, of an earlier login.
				with(text("t", -time.Second), func(e *msg.Entry) { e.To = msg.Recipient{UserName: "@a0", Login: "@me0", RemarkName: "老张"} }),
			},
			want: want{wake: now.Add(stepGuard)}},
		{name: "a download under way and nothing else to do: a look a guard ahead", logins: in, inflight: []string{"f1"},
			entries: []msg.Entry{
				with(text("f1", -time.Minute), func(e *msg.Entry) {
					e.State, e.Content = msg.EntryUploading, msg.Content{Kind: msg.KindFile, Source: &msg.Source{URL: "https://a.test/1.pdf", As: "link"}}
				}),
				with(text("f2", -time.Minute), func(e *msg.Entry) {
					e.Content = msg.Content{Kind: msg.KindFile, Source: &msg.Source{URL: "https://a.test/2.pdf", As: "link"}}
				}),
			},
			want: want{wake: now.Add(stepGuard)}},
		{name: "sends are spaced", logins: in, lastSend: 200 * time.Millisecond,
			entries: []msg.Entry{text("a", -time.Second)},
			want:    want{wake: now.Add(800 * time.Millisecond)}},
		{name: "a pause holds every send", logins: in, pause: 5 * time.Second,
			entries: []msg.Entry{text("a", -time.Second)},
			want:    want{wake: now.Add(5 * time.Second)}},
		{name: "a retry waits for its time", logins: in,
			entries: []msg.Entry{with(text("a", -time.Second), func(e *msg.Entry) { e.Waiting, e.RetryAt = msg.ErrNetwork, at(3*time.Second) })},
			want:    want{wake: now.Add(3 * time.Second), waiting: map[string]msg.Code{"a": msg.ErrNetwork}}},
		{name: "logged out: held, and the person told once", logins: out,
			entries: []msg.Entry{text("a", -time.Second), text("b", -2*time.Second)},
			want: want{wake: now.Add(-2 * time.Second).Add(grace + time.Millisecond), changed: true,
				waiting: map[string]msg.Code{"a": msg.ErrLoggedOut, "b": msg.ErrLoggedOut}, notices: []NoticeKind{NoticeWaiting}}},
		{name: "logged out and already told: nothing changes", logins: out,
			entries: []msg.Entry{with(text("a", -time.Second), func(e *msg.Entry) { e.Waiting, e.Notified = msg.ErrLoggedOut, true })},
			want:    want{wake: now.Add(-time.Second).Add(grace + time.Millisecond), waiting: map[string]msg.Code{"a": msg.ErrLoggedOut}}},
		{name: "logged in again: a held entry goes", logins: in,
			entries: []msg.Entry{with(text("a", -time.Second), func(e *msg.Entry) { e.Waiting, e.Notified = msg.ErrLoggedOut, true })},
			want:    want{work: "a", step: stepSend, wake: now.Add(stepGuard), changed: true}},
		{name: "each entry waits for its own account", logins: map[string]login{"": {name: "@me", ok: true}, "b": {name: "@b"}},
			entries: []msg.Entry{with(text("b", -2*time.Second), func(e *msg.Entry) { e.Account = "b" }), text("a", -time.Second)},
			want: want{work: "a", step: stepSend, wake: now.Add(stepGuard), changed: true,
				waiting: map[string]msg.Code{"b": msg.ErrLoggedOut}, notices: []NoticeKind{NoticeWaiting}}},
		{name: "past its grace: missed", logins: in,
			entries: []msg.Entry{text("a", -grace-time.Second)},
			want: want{states: map[string]msg.EntryState{"a": msg.EntryMissed}, notices: []NoticeKind{NoticeMissed},
				changed: true}},
		{name: "left sending by a stopped worker: uncertain", logins: in,
			entries: []msg.Entry{with(text("a", -time.Second), func(e *msg.Entry) { e.State = msg.EntrySending })},
			want: want{states: map[string]msg.EntryState{"a": msg.EntryUncertain}, notices: []NoticeKind{NoticeUncertain},
				changed: true}},
		{name: "sending in this worker: left alone", logins: in, inflight: []string{"a"},
			entries: []msg.Entry{with(text("a", -time.Second), func(e *msg.Entry) { e.State = msg.EntrySending })},
			want:    want{states: map[string]msg.EntryState{"a": msg.EntrySending}}},
		{name: "left uploading: uploaded again", logins: in,
			entries: []msg.Entry{with(text("a", -time.Second), func(e *msg.Entry) {
				e.State, e.Content, e.Upload, e.UploadLogin = msg.EntryUploading, msg.Content{Kind: msg.KindFile, File: file}, up, "@me"
			})},
			want: want{work: "a", step: stepUpload, wake: now.Add(stepGuard), changed: true}},
		{name: "a missed repeat makes its next, with all its content", logins: in,
			entries: []msg.Entry{with(text("a", -grace-time.Second), func(e *msg.Entry) {
				e.Repeat, e.Content = msg.RepeatDaily, msg.Content{Kind: msg.KindFile, File: file, Source: &msg.Source{URL: "https://a.test/a.pdf", As: "link"}}
			})},
			want: want{states: map[string]msg.EntryState{"a": msg.EntryMissed}, notices: []NoticeKind{NoticeMissed},
				release: []string{"f1"}, repeats: 1, changed: true, wake: now.Add(-grace - time.Second).Add(24 * time.Hour)}},
		{name: "old finished entries are forgotten, with their files", logins: in,
			entries: []msg.Entry{with(text("a", -9*24*time.Hour), func(e *msg.Entry) {
				e.State, e.Done, e.Content = msg.EntrySent, at(-8*24*time.Hour), msg.Content{Kind: msg.KindFile, File: file}
			}), with(text("b", -time.Hour), func(e *msg.Entry) { e.State, e.Done = msg.EntrySent, at(-time.Hour) })},
			want: want{states: map[string]msg.EntryState{"a": "", "b": msg.EntrySent}, release: []string{"f1"}, changed: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := msg.Outbox{Entries: map[string]msg.Entry{}}
			for _, e := range tt.entries {
				rec.Entries[e.ID] = e
			}
			if tt.lastSend != 0 {
				rec.LastSend = ms(now.Add(-tt.lastSend))
			}
			if tt.pause != 0 {
				rec.PauseUntil = ms(now.Add(tt.pause))
			}
			inflight := map[string]bool{}
			for _, id := range tt.inflight {
				inflight[id] = true
			}
			p := planChecked(t, situation{rec: rec, settings: msg.DefaultSettings(), logins: tt.logins, inflight: inflight,
				now: now, zone: schedule.LocationZone{Loc: time.UTC}})
			require.Len(t, inflight, len(tt.inflight), "the plan marks nothing in flight")

			w := tt.want
			if w.work == "" {
				require.Nil(t, p.work)
			} else {
				require.NotNil(t, p.work)
				require.Equal(t, w.work, p.work.entry.ID)
				require.Equal(t, w.step, p.work.step)
			}
			require.True(t, w.wake.Equal(p.wake), "wake %v, want %v", p.wake, w.wake)
			for id, st := range w.states {
				got, ok := p.rec.Entries[id]
				require.Equal(t, st != "", ok, "entry %s kept", id)
				require.Equal(t, st, got.State, "entry %s", id)
			}
			for id, e := range p.rec.Entries {
				require.Equal(t, w.waiting[id], e.Waiting, "entry %s waits for", id)
			}
			var kinds []NoticeKind
			for _, n := range p.notices {
				kinds = append(kinds, n.Kind)
			}
			require.Equal(t, w.notices, kinds)
			require.Equal(t, w.release, p.release)
			require.Equal(t, w.changed, p.changed)
			require.Len(t, p.repeats, w.repeats)
			for _, n := range p.repeats {
				src := rec.Entries[n.Series]
				require.Equal(t, src.Content, n.Content, "the next occurrence sends what its first did")
				require.NotSame(t, src.File, n.File)
				require.True(t, p.rec.Entries[n.Series].NextMade)
				require.Equal(t, msg.EntryQueued, n.State)
			}
		})
	}
}

// TestPlanTellsOfEveryWaitingEntryOnce: the waiting notice names the
// earliest entry and counts all the newly held ones.
func TestPlanTellsOfEveryWaitingEntryOnce(t *testing.T) {
	t.Parallel()
	now := planNow
	rec := msg.Outbox{Entries: map[string]msg.Entry{}}
	for i, id := range []string{"c", "a", "b"} {
		rec.Entries[id] = msg.Entry{ID: id, State: msg.EntryQueued, Due: ms(now) - int64(i), Content: msg.Content{Kind: msg.KindText, Text: id}}
	}
	p := planOf(situation{rec: rec, settings: msg.DefaultSettings(), logins: map[string]login{}, now: now})
	require.Len(t, p.notices, 1)
	require.Equal(t, NoticeWaiting, p.notices[0].Kind)
	require.Equal(t, 3, p.notices[0].Count)
	require.Equal(t, "b", p.notices[0].Entry.ID, "the earliest due")
	ids := slices.Sorted(func(yield func(string) bool) {
		for id, e := range p.rec.Entries {
			if e.Notified && !yield(id) {
				return
			}
		}
	})
	require.Equal(t, []string{"a", "b", "c"}, ids)
}

// TestNextOccurrenceKeepsTheRequest holds nextOf to a decision for every
// field of an entry: what the person asked (kept in the next occurrence
// of a repeat) or how this occurrence went (started afresh). A field added
// to msg.Entry fails here until it is put in one list: nextOf once
// dropped Shared, copied field by field with nothing to say it missed one.
func TestNextOccurrenceKeepsTheRequest(t *testing.T) {
	t.Parallel()
	asked := []string{"To", "Account", "Content", "Scheduled", "Shared", "Chosen", "Repeat", "Series", "Run", "RunSeq"}
	// made: the next occurrence's own, computed by nextOf.
	made := []string{"Slot", "Due", "State", "Created", "Updated"}
	fresh := []string{"ID", "ClientMsgID", "Error", "Waiting", "Notified", "Tries", "Retries", "RetryAt", "MsgID",
		"Done", "Upload", "UploadLogin", "NextMade"}

	var e msg.Entry
	v := reflect.ValueOf(&e).Elem()
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		n := 0
		for _, list := range [][]string{asked, made, fresh} {
			if slices.Contains(list, name) {
				n++
			}
		}
		require.Equal(t, 1, n, "msg.Entry.%s: say in one list whether the next occurrence of a repeat keeps it", name)
		fillNonZero(t, v.Field(i))
	}
	e.Repeat, e.NextMade, e.State = msg.RepeatDaily, false, msg.EntrySent
	e.Slot = ms(planNow.Add(-time.Hour))
	next, ok := nextOf(e, planNow, schedule.LocationZone{Loc: time.UTC})
	require.True(t, ok)
	nv := reflect.ValueOf(next)
	for _, name := range asked {
		require.Equal(t, v.FieldByName(name).Interface(), nv.FieldByName(name).Interface(), "the next occurrence keeps %s", name)
	}
	for _, name := range fresh {
		require.True(t, nv.FieldByName(name).IsZero(), "the next occurrence starts %s afresh", name)
	}
	require.Equal(t, msg.EntryQueued, next.State)
	require.Equal(t, ms(planNow.Add(23*time.Hour)), next.Slot)
	require.NotSame(t, e.File, next.File, "the next occurrence has its own copy of the file's reference")
}

// fillNonZero sets v, and every field of a struct in it, to a value that is
// not its zero value.
func fillNonZero(t *testing.T, v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("x" + v.Type().Name())
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(7)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fillNonZero(t, v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillNonZero(t, v.Field(i))
			}
		}
	case reflect.Slice, reflect.Map:
		// Left empty: none of an entry's is asked for by a person.
	default:
		t.Fatalf("fillNonZero: a %s", v.Kind())
	}
}
