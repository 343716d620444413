package outbox_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests' zone, whatever the machine has

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
)

var ctx = context.Background()

func pdf(n int) []byte { return append([]byte("%PDF-1.7\n"), make([]byte, n)...) }

// TestStoppedBetweenEverySteps stops the worker after each record write of
// a clean run, and right after each send request reached the server, then
// starts a new one over the same disk. Every entry must end sent exactly
// once, or uncertain with at most one copy on the server: never lost,
// never twice.
func TestStoppedBetweenEverySteps(t *testing.T) {
	t.Parallel()
	scenarios := []struct {
		name string
		add  func(r *rig) []msg.Entry
	}{
		{"text", func(r *rig) []msg.Entry {
			return r.add(msg.AddBody{To: r.sim.UserName("lisi"), Text: "你好"})
		}},
		{"file over two chunks", func(r *rig) []msg.Entry {
			r.disk.put("f", pdf(700_000))
			return r.add(msg.AddBody{To: r.sim.UserName("lisi"), File: &msg.FileRef{ID: "f", Name: "报告.pdf", Size: 700_009}})
		}},
		{"text and image, then a scheduled text", func(r *rig) []msg.Entry {
			r.disk.put("p", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 2000)...))
			es := r.add(msg.AddBody{To: "filehelper", Text: "look", File: &msg.FileRef{ID: "p", Name: "a.png", Size: 2008}})
			return append(es, r.add(msg.AddBody{To: r.sim.UserName("family"), Text: "later", At: r.clock.Now().Add(time.Minute).UnixMilli()})...)
		}},
	}
	for _, sc := range scenarios {
		// A clean run counts the writes there are to stop after.
		clean := newRig(t, wxsim.Config{})
		sc.add(clean)
		before := clean.disk.writes
		clean.drain(time.Hour)
		writes := clean.disk.writes - before
		for _, e := range clean.record().Entries {
			require.Equal(t, msg.EntrySent, e.State, "%s: clean run", sc.name)
		}
		require.GreaterOrEqual(t, writes, 2)

		for k := 0; k < writes; k++ {
			for _, afterSend := range []bool{false, true} {
				if afterSend && k > 0 {
					continue // one run per send: stop at the first
				}
				name := fmt.Sprintf("%s, stopped after %d writes", sc.name, k)
				if afterSend {
					name = sc.name + ", stopped right after the send request"
				}
				t.Run(name, func(t *testing.T) {
					r := newRig(t, wxsim.Config{})
					es := sc.add(r)
					if afterSend {
						r.w.stopAfterSend.Store(true)
					} else {
						r.w.writesLeft.Store(int64(k))
					}
					// Run as time passes until the worker stops.
					for !r.w.stopped.Load() {
						next, err := r.ob.Step(ctx)
						if err != nil || next.IsZero() {
							break
						}
						r.clock.Set(later(r.clock.Now(), next))
					}
					require.True(t, r.w.stopped.Load(), "the worker was stopped")
					r.restart()
					r.drain(time.Hour)
					rec := r.record()
					for _, e0 := range es {
						e := rec.Entries[e0.ID]
						n := r.sentCount(e.ClientMsgID)
						switch e.State {
						case msg.EntrySent:
							require.Equal(t, 1, n, "%s: sent exactly once", e.Kind)
						case msg.EntryUncertain:
							require.LessOrEqual(t, n, 1, "%s: never twice", e.Kind)
						default:
							t.Fatalf("%s ended %s (%+v)", e.Kind, e.State, e.Error)
						}
					}
					require.Len(t, r.sim.Messages(), len(es)-countState(rec, msg.EntryUncertain)+countUncertainSent(r, rec))
				})
			}
		}
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func countState(rec msg.Outbox, s msg.EntryState) int {
	n := 0
	for _, e := range rec.Entries {
		if e.State == s {
			n++
		}
	}
	return n
}

func countUncertainSent(r *rig, rec msg.Outbox) int {
	n := 0
	for _, e := range rec.Entries {
		if e.State == msg.EntryUncertain {
			n += r.sentCount(e.ClientMsgID)
		}
	}
	return n
}

// A worker stopped in the middle of a send wakes again by itself: before
// each network step the wake-up is set to the next entry's time, or 5 s
// ahead when nothing else is sooner.
func TestWakeUpSetDuringAStep(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		other time.Duration // when another entry is due (0: none)
		want  time.Duration
	}{
		{"nothing else", 0, 5 * time.Second},
		{"another entry sooner", 3 * time.Second, 3 * time.Second},
		{"another entry later", 5 * time.Minute, 5 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, wxsim.Config{})
			now := r.clock.Now()
			e := r.add(msg.AddBody{To: r.sim.UserName("lisi"), Text: "now"})[0]
			if tc.other > 0 {
				r.add(msg.AddBody{To: r.sim.UserName("lisi"), Text: "later", At: now.Add(tc.other).UnixMilli()})
			}
			r.w.stopAfterSend.Store(true)
			_, _ = r.ob.Step(context.Background())
			require.Equal(t, 1, r.sentCount(e.ClientMsgID))
			require.NotEmpty(t, r.fx.wakes, "no wake-up set before the send")
			require.Equal(t, now.Add(tc.want), r.fx.wakes[len(r.fx.wakes)-1].In(shanghai), "the wake-up the stopped worker left")

			// The next wake finds the entry uncertain and sends nothing.
			r.restart()
			r.clock.Set(now.Add(tc.want))
			r.drain(time.Hour)
			require.Equal(t, msg.EntryUncertain, r.entry(e.ID).State)
			require.Equal(t, 1, r.sentCount(e.ClientMsgID))
		})
	}
}

// An upload moves the wake-up on as its chunks go, so that a worker
// stopped late in a long upload still wakes soon.
func TestUploadMovesItsWakeUp(t *testing.T) {
	t.Parallel()
	r := newRig(t, wxsim.Config{})
	start := r.clock.Now()
	// Each chunk takes 4 s of the clock.
	r.doer.before = func(req *http.Request) {
		if strings.HasSuffix(req.URL.Path, "webwxuploadmedia") {
			r.clock.Advance(4 * time.Second)
		}
	}
	r.disk.put("f", pdf(5*512*1024))
	r.add(msg.AddBody{To: r.sim.UserName("lisi"), File: &msg.FileRef{ID: "f", Name: "大.pdf", Size: 5*512*1024 + 9}})
	added := len(r.fx.wakes) // Add's own guard; the upload's come after
	r.step()
	var during []time.Duration
	for _, w := range r.fx.wakes[added:] {
		if !w.IsZero() {
			during = append(during, w.Sub(start))
		}
	}
	// 5 s at the start; then, at the end of each chunk that leaves less
	// than half of that, 5 s from then (4 s, 8 s, … into the upload).
	require.Equal(t, []time.Duration{5 * time.Second, 9 * time.Second, 13 * time.Second, 17 * time.Second}, during[:4], "wake-ups during the upload")
}

// TestScheduledTextWakesAWorkerStoppedBeforeItsPlan: as a run does
// (TestScheduledRunWakesAWorkerStoppedBeforeItsPlan), a message scheduled
// for an hour from now sets a wake-up before Add answers, so a worker
// stopped before it planned the entry (and set its alarm) wakes again.
func TestScheduledTextWakesAWorkerStoppedBeforeItsPlan(t *testing.T) {
	t.Parallel()
	r := newRig(t, wxsim.Config{})
	now := r.clock.Now()
	at := now.Add(time.Hour)
	r.add(msg.AddBody{To: r.sim.UserName("zhangsan"), Text: "in an hour", At: at.UnixMilli()})
	require.NotEmpty(t, r.fx.wakes, "no wake-up set before the answer")
	require.Equal(t, now.Add(5*time.Second), r.fx.wakes[len(r.fx.wakes)-1], "the wake-up a stopped worker leaves")
}

func TestScheduledTextGoesAtItsTime(t *testing.T) {
	t.Parallel()
	r := newRig(t, wxsim.Config{})
	at := r.clock.Now().Add(90 * time.Second)
	e := r.add(msg.AddBody{To: r.sim.UserName("zhangsan"), Text: "on time", At: at.UnixMilli()})[0]
	require.True(t, e.Scheduled)
	require.Equal(t, at, r.step(), "the next wake is the due time")
	require.Empty(t, r.sim.Messages())
	require.Equal(t, 1, r.fx.pending)

	r.clock.Set(at)
	require.True(t, r.step().IsZero())
	got := r.entry(e.ID)
	require.Equal(t, msg.EntrySent, got.State)
	require.Equal(t, 1, r.sentCount(e.ClientMsgID))
	require.Equal(t, []outbox.NoticeKind{outbox.NoticeSent}, r.fx.kinds())
	require.Equal(t, 0, r.fx.pending)
}

func TestDailyRepeatMakesItsNext(t *testing.T) {
	t.Parallel()
	r := newRig(t, wxsim.Config{})
	at := time.Date(2026, 11, 23, 9, 30, 0, 0, shanghai)
	e := r.add(msg.AddBody{To: r.sim.UserName("family"), Text: "早安", At: at.UnixMilli(), Repeat: msg.RepeatDaily})[0]
	r.clock.Set(at.Add(2 * time.Second))
	next := r.step()
	rec := r.record()
	require.Len(t, rec.Entries, 2)
	require.Equal(t, msg.EntrySent, rec.Entries[e.ID].State)
	var n msg.Entry
	for id, x := range rec.Entries {
		if id != e.ID {
			n = x
		}
	}
	want := time.Date(2026, 11, 24, 9, 30, 0, 0, shanghai)
	require.Equal(t, want.UnixMilli(), n.Slot)
	require.Equal(t, want, next)
	require.Equal(t, msg.EntryQueued, n.State)
	require.Equal(t, e.Series, n.Series)
	require.NotEqual(t, e.ClientMsgID, n.ClientMsgID, "each occurrence is its own message")

	// Cancelling the next one ends the series.
	_, err := r.ob.Cancel(ctx, n.ID)
	require.NoError(t, err)
	r.clock.Set(want.Add(time.Hour))
	require.True(t, r.step().IsZero())
	require.Len(t, r.record().Entries, 2)
	require.Len(t, r.sim.Messages(), 1)
}

// A repeat scheduled with seconds (through the API) keeps them; a worker
// that wakes days later between the minute and the seconds still finds
// that day's occurrence ahead.
func TestRepeatKeepsItsSeconds(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		clock time.Time // when the first occurrence ends
		want  time.Time
	}{
		{"on time", time.Date(2026, 11, 23, 9, 30, 13, 0, shanghai), time.Date(2026, 11, 24, 9, 30, 13, 0, shanghai)},
		{"days later, between the minute and its seconds", time.Date(2026, 11, 26, 9, 30, 5, 0, shanghai), time.Date(2026, 11, 26, 9, 30, 13, 0, shanghai)},
		{"days later, after the seconds", time.Date(2026, 11, 26, 9, 30, 20, 0, shanghai), time.Date(2026, 11, 27, 9, 30, 13, 0, shanghai)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, wxsim.Config{})
			at := time.Date(2026, 11, 23, 9, 30, 13, 0, shanghai)
			e := r.add(msg.AddBody{To: r.sim.UserName("family"), Text: "早安", At: at.UnixMilli(), Repeat: msg.RepeatDaily})[0]
			// Sent on time, or missed days later: either way the next is made.
			r.clock.Set(tc.clock)
			r.step()
			rec := r.record()
			require.True(t, rec.Entries[e.ID].State.Final())
			var n msg.Entry
			for id, x := range rec.Entries {
				if id != e.ID {
					n = x
				}
			}
			require.Equal(t, tc.want, time.UnixMilli(n.Slot).In(shanghai))
		})
	}
}

func TestLoggedOutWaitsThenSendsOrMisses(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		loginIn time.Duration
		want    msg.EntryState
	}{
		{"login within the grace period", 9 * time.Minute, msg.EntrySent},
		{"login after it", 11 * time.Minute, msg.EntryMissed},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, wxsim.Config{})
			at := r.clock.Now().Add(time.Minute)
			e := r.add(msg.AddBody{To: r.sim.UserName("lisi"), Text: "x", At: at.UnixMilli(), Repeat: msg.RepeatWeekly})[0]
			r.sim.Logout()
			r.clock.Set(at)
			next := r.step()
			require.Equal(t, at.Add(10*time.Minute).Add(time.Millisecond), next, "wake when the grace period ends")
			require.Equal(t, msg.ErrLoggedOut, r.entry(e.ID).Waiting)
			r.clock.Advance(time.Minute)
			r.step()
			require.Equal(t, []outbox.NoticeKind{outbox.NoticeWaiting}, r.fx.kinds(), "told once")

			r.clock.Set(at.Add(tt.loginIn))
			_, err := r.sim.Login("wx.qq.com")
			require.NoError(t, err)
			r.step()
			got := r.entry(e.ID)
			require.Equal(t, tt.want, got.State)
			require.Equal(t, map[msg.EntryState]int{msg.EntrySent: 1}[tt.want], r.sentCount(e.ClientMsgID))
			require.True(t, got.NextMade, "the weekly repeat goes on either way")
			require.Len(t, r.record().Entries, 2)
			if tt.want == msg.EntryMissed {
				require.Equal(t, []outbox.NoticeKind{outbox.NoticeWaiting, outbox.NoticeMissed}, r.fx.kinds())
				require.Equal(t, msg.ErrMissed, got.Error.Code)
				// The person may still send it.
				_, err := r.ob.SendNow(ctx, e.ID)
				require.NoError(t, err)
				r.step()
				require.Equal(t, msg.EntrySent, r.entry(e.ID).State)
				require.Equal(t, 1, r.sentCount(e.ClientMsgID))
			}
		})
	}
}

// TestBrowserClosedAtDueTime: an entry found due at start within the grace
// period goes; past it, it is missed.
func TestBrowserClosedAtDueTime(t *testing.T) {
	t.Parallel()
	r := newRig(t, wxsim.Config{})
	at := r.clock.Now().Add(time.Hour)
	a := r.add(msg.AddBody{To: "filehelper", Text: "a", At: at.UnixMilli()})[0]
	b := r.add(msg.AddBody{To: "filehelper", Text: "b", At: at.Add(30 * time.Minute).UnixMilli()})[0]
	r.clock.Set(at.Add(35 * time.Minute)) // the browser starts again
	r.restart()
	r.drain(time.Minute)
	require.Equal(t, msg.EntryMissed, r.entry(a.ID).State)
	require.Equal(t, msg.EntrySent, r.entry(b.ID).State)
	require.Equal(t, 0, r.sentCount(a.ClientMsgID))
}

func TestSendsAreSpaced(t *testing.T) {
	t.Parallel()
	r := newRig(t, wxsim.Config{})
	for i := range 3 {
		r.add(msg.AddBody{To: "filehelper", Text: fmt.Sprint(i)})
	}
	start := r.clock.Now()
	next := r.step()
	require.Len(t, r.sim.Messages(), 1)
	require.Equal(t, start.Add(time.Second), next)
	r.clock.Set(next)
	require.Equal(t, start.Add(2*time.Second), r.step())
	r.clock.Set(start.Add(2 * time.Second))
	require.True(t, r.step().IsZero())
	msgs := r.sim.Messages()
	require.Equal(t, []string{"0", "1", "2"}, []string{msgs[0].Content, msgs[1].Content, msgs[2].Content}, "in the order they were asked")

	// The spacing holds across a restart.
	r.add(msg.AddBody{To: "filehelper", Text: "3"})
	r.restart()
	require.Equal(t, start.Add(3*time.Second), r.step())
}

func TestTooFrequentBacksOffWithTheSameID(t *testing.T) {
	t.Parallel()
	r := newRig(t, wxsim.Config{})
	r.sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Ret: 1205, Times: 2})
	e := r.add(msg.AddBody{To: "filehelper", Text: "x"})[0]
	start := r.clock.Now()
	require.Equal(t, start.Add(5*time.Second), r.step())
	got := r.entry(e.ID)
	require.Equal(t, msg.EntryQueued, got.State)
	require.Equal(t, msg.ErrTooFrequent, got.Waiting)
	r.clock.Set(start.Add(5 * time.Second))
	require.Equal(t, start.Add(15*time.Second), r.step(), "the pause doubles")
	r.clock.Set(start.Add(15 * time.Second))
	r.step()
	require.Equal(t, msg.EntrySent, r.entry(e.ID).State)
	require.Equal(t, 1, r.sentCount(e.ClientMsgID))
	require.Empty(t, r.fx.kinds())
}

func TestNoConnectionRetries(t *testing.T) {
	t.Parallel()
	r := newRig(t, wxsim.Config{})
	e := r.add(msg.AddBody{To: "filehelper", Text: "x"})[0]
	r.doer.refuse.Store(1)
	// Chats is the first request: refused, nothing sent, retried later.
	next := r.step()
	require.Equal(t, msg.ErrNetwork, r.entry(e.ID).Waiting)
	r.clock.Set(next)
	r.step()
	require.Equal(t, msg.EntrySent, r.entry(e.ID).State)
}

func TestUncertainIsNotResent(t *testing.T) {
	t.Parallel()
	for _, f := range []wxsim.Fault{
		{Endpoint: "webwxsendmsg", Drop: true, AfterHandling: true},
		{Endpoint: "webwxsendmsg", Status: 502},
		{Endpoint: "webwxsendmsg", Drop: true},
	} {
		r := newRig(t, wxsim.Config{})
		r.sim.Inject(f)
		e := r.add(msg.AddBody{To: "filehelper", Text: "x", At: r.clock.Now().Add(time.Second).UnixMilli()})[0]
		r.drain(time.Hour)
		require.Equal(t, msg.EntryUncertain, r.entry(e.ID).State, "%+v", f)
		require.Equal(t, []outbox.NoticeKind{outbox.NoticeUncertain}, r.fx.kinds())
		require.LessOrEqual(t, r.sentCount(e.ClientMsgID), 1)
	}
}

func TestRecipientFoundAgainInANewLogin(t *testing.T) {
	t.Parallel()
	r := newRig(t, wxsim.Config{})
	old := r.sim.UserName("zhangsan")
	at := r.clock.Now().Add(time.Hour)
	e := r.add(msg.AddBody{To: old, Text: "x", At: at.UnixMilli()})[0]
	require.Equal(t, "老张", e.To.RemarkName)
	r.sim.Logout()
	_, err := r.sim.Login("wx.qq.com")
	require.NoError(t, err)
	require.NotEqual(t, old, r.sim.UserName("zhangsan"))
	r.clock.Set(at)
	r.step()
	require.Equal(t, msg.EntrySent, r.entry(e.ID).State)
	require.Equal(t, r.sim.UserName("zhangsan"), r.sim.Messages()[0].To)
}

func TestMatch(t *testing.T) {
	t.Parallel()
	chats := []msg.Contact{
		{UserName: "@a1", NickName: "王伟", Sex: 1, City: "Beijing"},
		{UserName: "@a2", NickName: "王伟", Sex: 1, City: "Shanghai"},
		{UserName: "@b", NickName: "Li Si", RemarkName: "老李"},
		{UserName: "@@g", NickName: "王伟", Group: true},
		{UserName: "@@fake", NickName: "王伟", Group: true, Unsaved: true},
		{UserName: "@@u", NickName: "家人群", Group: true, Unsaved: true},
		{UserName: "filehelper", NickName: "文件传输助手"},
	}
	tests := []struct {
		name  string
		r     msg.Recipient
		login string
		want  string // UserName, or an error code
	}{
		{"same login: the UserName", msg.Recipient{UserName: "@a2", Login: "@me", NickName: "王伟"}, "@me", "@a2"},
		{"a stable UserName", msg.Recipient{UserName: "filehelper"}, "@other", "filehelper"},
		{"by remark, whatever the nick became", msg.Recipient{UserName: "@old", NickName: "Lee", RemarkName: "老李"}, "@new", "@b"},
		{"a remark no one has", msg.Recipient{UserName: "@old", NickName: "Li Si", RemarkName: "小李"}, "@new", string(msg.ErrNotFound)},
		{"two of one nick", msg.Recipient{UserName: "@old", NickName: "王伟"}, "@new", string(msg.ErrAmbiguous)},
		{"told apart by city", msg.Recipient{UserName: "@old", NickName: "王伟", City: "Shanghai", Sex: 1}, "@new", "@a2"},
		{"a group is not a person", msg.Recipient{UserName: "@@old", NickName: "王伟", Group: true}, "@new", "@@g"},
		{"no nick, no remark", msg.Recipient{UserName: "@old"}, "@new", string(msg.ErrNotFound)},
		{"same login but gone", msg.Recipient{UserName: "@gone", Login: "@me", NickName: "Li Si"}, "@me", string(msg.ErrNotFound)},
		// A group not saved to the contacts answers to no name (row 77).
		{"an unsaved group by its name", msg.Recipient{UserName: "@@old", NickName: "家人群", Group: true, Unsaved: true}, "@new", string(msg.ErrGroupUnsaved)},
		{"an unsaved group in its own login", msg.Recipient{UserName: "@@u", Login: "@me", NickName: "家人群", Group: true, Unsaved: true}, "@me", "@@u"},
		{"a saved group, found among the saved", msg.Recipient{UserName: "@@old", NickName: "家人群", Group: true}, "@new", string(msg.ErrNotFound)},
	}
	for _, tt := range tests {
		c, err := outbox.Match(tt.r, tt.login, chats)
		if strings.HasPrefix(tt.want, "@") || tt.want == "filehelper" {
			require.NoError(t, err, tt.name)
			require.Equal(t, tt.want, c.UserName, tt.name)
			continue
		}
		require.Error(t, err, "%s: %+v", tt.name, c)
		require.Equal(t, tt.want, string(outbox.ErrorOf(err).Code), tt.name)
	}
}

func TestRequestsAndLimits(t *testing.T) {
	t.Parallel()
	r := newRig(t, wxsim.Config{})
	refused := func(code msg.Code, err error) {
		t.Helper()
		require.Error(t, err)
		require.Equal(t, code, outbox.ErrorOf(err).Code)
	}
	_, err := r.ob.Add(ctx, msg.AddBody{To: "filehelper", Text: "x", Repeat: msg.RepeatDaily})
	refused(msg.ErrBadTime, err)
	_, err = r.ob.Add(ctx, msg.AddBody{To: "filehelper", Text: "x", At: r.clock.Now().Add(time.Hour).UnixMilli(), Repeat: "hourly"})
	refused(msg.ErrBadRequest, err)
	_, err = r.ob.Add(ctx, msg.AddBody{To: "filehelper", File: &msg.FileRef{ID: "big", Name: "a.iso", Size: 2<<30 + 1}})
	refused(msg.ErrOutboxFull, err)

	// Edit, send now and cancel act on queued entries only.
	at := r.clock.Now().Add(time.Hour)
	e := r.add(msg.AddBody{To: "filehelper", Text: "draft", At: at.UnixMilli()})[0]
	text := "final"
	got, err := r.ob.Edit(ctx, msg.EditBody{ID: e.ID, Text: &text, At: at.Add(time.Hour).UnixMilli(), To: r.sim.UserName("lisi")})
	require.NoError(t, err)
	require.Equal(t, "final", got.Text)
	require.Equal(t, "李四", got.To.NickName)
	require.Equal(t, at.Add(time.Hour).UnixMilli(), got.Due)
	_, err = r.ob.Edit(ctx, msg.EditBody{ID: e.ID, At: r.clock.Now().Add(-time.Hour).UnixMilli()})
	refused(msg.ErrBadTime, err)
	_, err = r.ob.SendNow(ctx, e.ID)
	require.NoError(t, err)
	r.step()
	require.Equal(t, msg.EntrySent, r.entry(e.ID).State)
	require.Equal(t, "final", r.sim.Messages()[0].Content)
	_, err = r.ob.Cancel(ctx, e.ID)
	refused(msg.ErrNotQueued, err)
	_, err = r.ob.Edit(ctx, msg.EditBody{ID: e.ID, Text: &text})
	refused(msg.ErrNotQueued, err)

	// A cancelled file entry lets its file go.
	r.disk.put("f", pdf(10))
	f := r.add(msg.AddBody{To: "filehelper", File: &msg.FileRef{ID: "f", Name: "a.pdf", Size: 19}, At: at.UnixMilli()})[0]
	_, err = r.ob.Cancel(ctx, f.ID)
	require.NoError(t, err)
	require.False(t, r.disk.has("f"))

	// 500 waiting messages.
	for i := range 500 {
		_, err := r.ob.Add(ctx, msg.AddBody{To: "filehelper", Text: fmt.Sprint(i), At: at.UnixMilli()})
		require.NoError(t, err)
	}
	_, err = r.ob.Add(ctx, msg.AddBody{To: "filehelper", Text: "one too many", At: at.UnixMilli()})
	refused(msg.ErrOutboxFull, err)
}

func TestPruneAndOrphans(t *testing.T) {
	t.Parallel()
	r := newRig(t, wxsim.Config{})
	r.disk.put("sent", pdf(10))
	r.disk.put("orphan", pdf(10))
	e := r.add(msg.AddBody{To: "filehelper", File: &msg.FileRef{ID: "sent", Name: "a.pdf", Size: 19}})[0]
	r.step()
	require.Equal(t, msg.EntrySent, r.entry(e.ID).State)
	require.False(t, r.disk.has("sent"), "a sent file leaves IndexedDB")
	require.True(t, r.disk.has("orphan"), "a file may be on its way to an add")

	r.clock.Advance(6 * 24 * time.Hour)
	r.restart()
	r.step()
	require.Contains(t, r.record().Entries, e.ID, "finished entries are kept 7 days")
	r.clock.Advance(2 * 24 * time.Hour)
	r.restart()
	r.step()
	require.Empty(t, r.record().Entries, "finished entries go after 7 days")
	require.False(t, r.disk.has("orphan"), "an orphan seen an hour ago goes")
}

// A context menu's source is fetched when its turn comes: a file goes as
// a file, a page as its title and URL; a fetch that fails ends the entry
// failed with the reason, and "send again" fetches again; a worker
// stopped during the fetch fetches again, and sends once.
func TestSourcesAreFetchedThenSent(t *testing.T) {
	t.Parallel()
	const pdfURL, pageURL, closedURL = "https://files.test/报告.pdf", "https://news.test/a", "https://private.test/a.zip"
	setup := func(r *rig) {
		r.web.pages[pdfURL] = outbox.Fetched{File: &msg.FileRef{Name: "报告.pdf", Size: 700_009, Type: "application/pdf"}, Kind: "file"}
		r.web.pages[pageURL] = outbox.Fetched{Text: "新闻\n" + pageURL}
		r.web.pages[closedURL] = outbox.Fetched{File: &msg.FileRef{Name: "a.zip", Size: 1009, Type: "application/zip"}, Kind: "file"}
		r.web.errs[closedURL] = &msg.Error{Code: msg.ErrNoSiteAccess, Detail: "https://private.test/*"}
	}

	t.Run("file and page", func(t *testing.T) {
		r := newRig(t, wxsim.Config{})
		setup(r)
		file := r.add(msg.AddBody{To: r.sim.UserName("lisi"), Source: &msg.Source{URL: pdfURL, As: "link"}})[0]
		page := r.add(msg.AddBody{To: r.sim.UserName("lisi"), Source: &msg.Source{URL: pageURL, As: "link"}})[0]
		require.Equal(t, pdfURL, file.Title(80), "titled by its URL until fetched")
		r.drain(time.Hour)
		got := r.entry(file.ID)
		require.Equal(t, msg.EntrySent, got.State, "%+v", got.Error)
		require.Equal(t, "报告.pdf", got.File.Name)
		require.Equal(t, 1, r.sentCount(file.ClientMsgID))
		for _, m := range r.sim.Messages() {
			if m.ClientMsgID == file.ClientMsgID {
				require.Equal(t, 6, m.Type)
				require.Equal(t, "报告.pdf", m.FileName)
			}
			if m.ClientMsgID == page.ClientMsgID {
				require.Equal(t, 1, m.Type)
				require.Equal(t, "新闻\n"+pageURL, m.Content)
			}
		}
		require.Equal(t, msg.EntrySent, r.entry(page.ID).State)
		require.Equal(t, msg.KindText, r.entry(page.ID).Kind)
	})

	t.Run("no access, then send again", func(t *testing.T) {
		r := newRig(t, wxsim.Config{})
		setup(r)
		e := r.add(msg.AddBody{To: r.sim.UserName("lisi"), Source: &msg.Source{URL: closedURL, As: "link"}})[0]
		r.drain(time.Hour)
		got := r.entry(e.ID)
		require.Equal(t, msg.EntryFailed, got.State)
		require.Equal(t, msg.ErrNoSiteAccess, got.Error.Code)
		require.Nil(t, got.File, "nothing kept")
		require.Contains(t, r.fx.kinds(), outbox.NoticeFailed)
		_, err := r.ob.SendNow(ctx, e.ID)
		require.NoError(t, err)
		r.drain(time.Hour)
		require.Equal(t, msg.EntrySent, r.entry(e.ID).State)
		require.Equal(t, 2, r.web.fetches[closedURL])
		require.Equal(t, 1, r.sentCount(e.ClientMsgID))
	})

	t.Run("worker stopped during the fetch", func(t *testing.T) {
		r := newRig(t, wxsim.Config{})
		setup(r)
		e := r.add(msg.AddBody{To: r.sim.UserName("lisi"), Source: &msg.Source{URL: pdfURL, As: "link"}})[0]
		r.web.stopDuring = true
		_, _ = r.ob.Step(ctx)
		require.Equal(t, msg.EntryUploading, r.entry(e.ID).State)
		r.restart()
		r.clock.Advance(time.Second)
		r.drain(time.Hour)
		require.Equal(t, msg.EntrySent, r.entry(e.ID).State)
		require.Equal(t, 2, r.web.fetches[pdfURL])
		require.Equal(t, 1, r.sentCount(e.ClientMsgID))
		// The first fetch's file is an orphan: swept an hour later.
		r.clock.Advance(2 * time.Hour)
		r.restart()
		r.drain(time.Hour)
		ids, _ := files{r.disk, r.w}.List(ctx)
		require.Len(t, ids, 0, "the files of a sent entry and the orphan are gone: %v", ids)
	})

	t.Run("a download sent at once is never stored", func(t *testing.T) {
		r := newRig(t, wxsim.Config{})
		setup(r)
		e := r.add(msg.AddBody{To: r.sim.UserName("lisi"), Source: &msg.Source{URL: pdfURL, As: "link"}})[0]
		r.drain(time.Hour)
		require.Equal(t, msg.EntrySent, r.entry(e.ID).State)
		require.Empty(t, r.w.persisted)
		require.Empty(t, r.w.mem, "the memory is let go once sent")
		require.False(t, r.disk.has(r.entry(e.ID).File.ID))
	})

	t.Run("a download the worker had no time to store is fetched again", func(t *testing.T) {
		r := newRig(t, wxsim.Config{})
		setup(r)
		e := r.add(msg.AddBody{To: r.sim.UserName("lisi"), Source: &msg.Source{URL: pdfURL, As: "link"}})[0]
		// The fetch's two writes land; the worker stops at the upload's.
		r.w.writesLeft.Store(2)
		_, _ = r.ob.Step(ctx)
		require.True(t, r.w.stopped.Load())
		left := r.entry(e.ID)
		require.NotNil(t, left.File, "fetched")
		require.False(t, r.disk.has(left.File.ID), "not stored")
		r.restart()
		r.clock.Advance(time.Second)
		r.drain(time.Hour)
		got := r.entry(e.ID)
		require.Equal(t, msg.EntrySent, got.State, "%+v", got.Error)
		require.Equal(t, 2, r.web.fetches[pdfURL])
		require.Equal(t, 1, r.sentCount(e.ClientMsgID))
	})

	t.Run("a download that must wait is stored, and sent after a restart without a second fetch", func(t *testing.T) {
		r := newRig(t, wxsim.Config{})
		setup(r)
		e := r.add(msg.AddBody{To: r.sim.UserName("lisi"), Source: &msg.Source{URL: pdfURL, As: "link"}})[0]
		r.sim.Inject(wxsim.Fault{Endpoint: "webwxuploadmedia", Drop: true, Times: 100})
		r.drain(time.Minute)
		got := r.entry(e.ID)
		require.Equal(t, msg.EntryQueued, got.State)
		require.Equal(t, msg.ErrNetwork, got.Waiting)
		require.Equal(t, []string{got.File.ID}, r.w.persisted)
		require.True(t, r.disk.has(got.File.ID))
		r.sim.ClearFaults()
		r.restart()
		r.drain(5 * time.Minute)
		require.Equal(t, msg.EntrySent, r.entry(e.ID).State, "%+v", r.entry(e.ID).Error)
		require.Equal(t, 1, r.web.fetches[pdfURL])
		require.Equal(t, 1, r.sentCount(e.ClientMsgID))
	})

	t.Run("a repeat's download is kept for its next time", func(t *testing.T) {
		r := newRig(t, wxsim.Config{})
		setup(r)
		e := r.add(msg.AddBody{To: r.sim.UserName("lisi"), Source: &msg.Source{URL: pdfURL, As: "link"},
			At: r.clock.Now().Add(time.Minute).UnixMilli(), Repeat: msg.RepeatDaily})[0]
		r.clock.Advance(time.Minute)
		r.drain(time.Minute)
		first := r.entry(e.ID)
		require.Equal(t, msg.EntrySent, first.State, "%+v", first.Error)
		require.True(t, r.disk.has(first.File.ID), "stored for the next time")
		r.restart()
		r.clock.Advance(24 * time.Hour)
		r.drain(time.Hour)
		rec := r.record()
		sent := 0
		for _, x := range rec.Entries {
			if x.Series == e.ID && x.State == msg.EntrySent {
				sent++
			}
		}
		require.Equal(t, 2, sent)
		require.Equal(t, 1, r.web.fetches[pdfURL])
	})

	t.Run("refused before the entry is made", func(t *testing.T) {
		r := newRig(t, wxsim.Config{})
		_, err := r.ob.Add(ctx, msg.AddBody{To: r.sim.UserName("lisi"), Source: &msg.Source{As: "link"}})
		require.Error(t, err)
		_, err = r.ob.Add(ctx, msg.AddBody{To: r.sim.UserName("lisi"), Source: &msg.Source{URL: pdfURL}, File: &msg.FileRef{ID: "x", Name: "x", Size: 1}})
		require.Error(t, err)
	})

	t.Run("a URL that carries WeChat's keys is never kept", func(t *testing.T) {
		r := newRig(t, wxsim.Config{})
		for _, u := range []string{
			"https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetmsgimg?&MsgID=6829659093985341608&skey=%40crypt_14ae1b12_1bb5",
			"https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxcheckurl?requrl=https%3A%2F%2Fa.test%2F&skey=%40crypt_14ae1b12_1bb5",
			"https://a.test/x?pass_ticket=tM909DkHH8fXLR7hh",
		} {
			_, err := r.ob.Add(ctx, msg.AddBody{To: r.sim.UserName("lisi"), Source: &msg.Source{URL: u, As: "link"}})
			var me *msg.Error
			require.ErrorAs(t, err, &me, u)
			require.Equal(t, msg.ErrWeChatURL, me.Code, u)
		}
		require.Empty(t, r.record().Entries, "nothing was stored")
	})
}

// TestClientMsgIDsAreUnique: entries made in one millisecond have
// ClientMsgIds of their own, even when the random digits repeat; when
// the thousand of a millisecond are taken, the next one's are used.
func TestClientMsgIDsAreUnique(t *testing.T) {
	t.Parallel()
	r := newRig(t, wxsim.Config{})
	r.rand = func(int) int { return 7 } // every draw the same
	r.restart()
	r.disk.put("p", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...))
	es := r.add(msg.AddBody{To: "filehelper", Text: "看", File: &msg.FileRef{ID: "p", Name: "a.png", Size: 108}})
	es = append(es, r.add(msg.AddBody{To: "filehelper", Text: "again"})...)
	ms := strconv.FormatInt(r.clock.Now().UnixMilli(), 10)
	next := strconv.FormatInt(r.clock.Now().UnixMilli()+1, 10)
	after := strconv.FormatInt(r.clock.Now().UnixMilli()+2, 10)
	require.Equal(t, []string{ms + "0007", next + "0007", after + "0007"}, []string{es[0].ClientMsgID, es[1].ClientMsgID, es[2].ClientMsgID})
	r.drain(time.Hour)
	for _, e := range es {
		require.Equal(t, 1, r.sentCount(e.ClientMsgID), e.Kind)
	}
}

// TestFileNamesShowWhatTheyAre: a file's name loses the controls that
// change how it looks, whoever named it (a page script through the API
// may choose any name): "invoice\u202Efdp.exe" would reach the chat shown
// as "invoiceexe.pdf".
func TestFileNamesShowWhatTheyAre(t *testing.T) {
	t.Parallel()
	r := newRig(t, wxsim.Config{})
	r.disk.put("x", []byte("MZ\x90\x00 not really a program"))
	es := r.add(msg.AddBody{To: "filehelper", File: &msg.FileRef{ID: "x", Name: "invoice\u202Efdp.exe", Size: 25}})
	require.Equal(t, "invoicefdp.exe", es[0].File.Name)
	_, err := r.ob.Add(ctx, msg.AddBody{To: "filehelper", File: &msg.FileRef{ID: "x", Name: "\u202E\u2066", Size: 25}})
	require.Error(t, err, "a name of controls alone is no name")
}
