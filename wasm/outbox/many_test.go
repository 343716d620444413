package outbox_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
)

// thirty are 30 friends, every other one with a remark name.
func thirty() []wxsim.Person {
	people := wxsim.DefaultPeople()
	for i := range 30 {
		p := wxsim.Person{Key: fmt.Sprintf("friend%02d", i), NickName: fmt.Sprintf("昵称%02d", i), ContactFlag: 3}
		if i%2 == 0 {
			p.RemarkName = fmt.Sprintf("备注%02d", i)
		}
		people = append(people, p)
	}
	return people
}

// manyRig is a rig with 30 friends and the times (on the rig's clock) the
// server received each send.
type manyRig struct {
	*rig
	mu    sync.Mutex
	sends []time.Time
	to    []string
}

func newManyRig(t *testing.T, cfg ...wxsim.Config) *manyRig {
	c := wxsim.Config{}
	if len(cfg) > 0 {
		c = cfg[0]
	}
	c.People = thirty()
	m := &manyRig{rig: newRig(t, c)}
	for i := range 30 {
		m.to = append(m.to, m.sim.UserName(fmt.Sprintf("friend%02d", i)))
	}
	m.watch()
	return m
}

// watch records the sends; a restart makes a new doer, so it is called
// again after each.
func (m *manyRig) watch() {
	m.doer.before = func(r *http.Request) {
		if len(r.URL.Path) > 0 && r.URL.Path[len(r.URL.Path)-len("webwxsendmsg"):] == "webwxsendmsg" {
			m.mu.Lock()
			if len(m.sends)%3 == 2 {
				// A slow request: it reaches the server 800 ms after it
				// left.
				m.clock.Advance(800 * time.Millisecond)
			}
			m.sends = append(m.sends, m.clock.Now())
			m.mu.Unlock()
		}
	}
}

func (m *manyRig) restart() { m.rig.restart(); m.watch() }

func (m *manyRig) status(id string) msg.RunStatus {
	m.t.Helper()
	st, err := m.ob.DoRun(context.Background(), id, outbox.RunGet)
	require.NoError(m.t, err)
	return st
}

// stepTo steps until n sends reached the server.
func (m *manyRig) stepTo(n int) {
	m.t.Helper()
	for range 1000 {
		m.mu.Lock()
		got := len(m.sends)
		m.mu.Unlock()
		if got >= n {
			return
		}
		next, err := m.ob.Step(context.Background())
		if m.w.stopped.Load() {
			return // a stopped worker's step ends with an error
		}
		require.NoError(m.t, err)
		require.False(m.t, next.IsZero(), "the run stalled at %d sends", got)
		if next.After(m.clock.Now()) {
			m.clock.Set(next)
		}
	}
	m.t.Fatal("too many steps")
}

// checkOnce: each chat received its own text exactly once.
func (m *manyRig) checkOnce(want int) {
	m.t.Helper()
	got := map[string][]string{}
	for _, s := range m.sim.Messages() {
		if !s.Incoming {
			got[s.ToKey] = append(got[s.ToKey], s.Content)
		}
	}
	n := 0
	for i := range 30 {
		key := fmt.Sprintf("friend%02d", i)
		texts := got[key]
		require.LessOrEqual(m.t, len(texts), 1, "%s received the run twice", key)
		if len(texts) == 1 {
			n++
			name := fmt.Sprintf("昵称%02d", i)
			if i%2 == 0 {
				name = fmt.Sprintf("备注%02d", i)
			}
			require.Equal(m.t, fmt.Sprintf("你好 %s (昵称%02d)", name, i), texts[0])
		}
	}
	require.Equal(m.t, want, n)
}

func TestRunToThirtyChatsAcrossWorkerStops(t *testing.T) {
	t.Parallel()
	m := newManyRig(t)
	st, err := m.ob.AddRun(context.Background(), msg.RunBody{To: append(m.to, m.to[0]), Text: "你好 {name} ({nick})"})
	require.NoError(t, err)
	require.Equal(t, 30, st.Total, "a chat named twice gets the run once")
	require.Equal(t, msg.DefaultRunSpacingMs, st.SpacingMs)

	m.stepTo(10)
	// The worker stops between two sends, and again with a send at the
	// server whose answer it never sees.
	m.w.stopped.Store(true)
	m.restart()
	m.stepTo(15)
	m.w.stopAfterSend.Store(true)
	m.stepTo(16)
	m.restart()
	m.drain(time.Hour)

	m.checkOnce(30)
	st = m.status(st.ID)
	require.True(t, st.Done)
	require.Equal(t, 29, st.Counts[msg.RunSent])
	require.Equal(t, 1, st.Counts[msg.RunUncertain], "the send whose answer was lost is not sent again")
	require.Len(t, m.sends, 30)
	for i := 1; i < len(m.sends); i++ {
		require.GreaterOrEqual(t, m.sends[i].Sub(m.sends[i-1]), 3*time.Second, "send %d", i)
	}
}

func TestRunPausedByWeChatStoppedAndResumedByThePerson(t *testing.T) {
	t.Parallel()
	m := newManyRig(t)
	st, err := m.ob.AddRun(context.Background(), msg.RunBody{To: m.to, Text: "你好 {name} ({nick})", SpacingMs: 200})
	require.NoError(t, err)
	require.Equal(t, msg.MinRunSpacingMs, st.SpacingMs, "never below a second")
	ctx := context.Background()

	m.stepTo(5)
	m.sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Ret: 1205})
	before := m.clock.Now()
	var next time.Time
	for range 5 {
		if next = m.step(); m.status(st.ID).PauseUntil != 0 {
			break
		}
		m.clock.Set(next)
	}
	st = m.status(st.ID)
	require.NotZero(t, st.PauseUntil, "a 1205 pauses the run")
	require.Equal(t, st.PauseUntil, next.UnixMilli(), "nothing goes before the pause ends")
	require.Greater(t, next.Sub(before), time.Second)

	m.stepTo(8)
	_, err = m.ob.DoRun(ctx, st.ID, outbox.RunPause)
	require.NoError(t, err)
	m.w.stopped.Store(true)
	m.restart()
	require.True(t, m.step().IsZero(), "a paused run wakes no one")
	m.clock.Advance(2 * time.Hour)
	require.True(t, m.step().IsZero(), "a paused run is not missed")
	_, err = m.ob.DoRun(ctx, st.ID, outbox.RunResume)
	require.NoError(t, err)
	m.stepTo(12)

	// 12 requests: 11 sent, one refused with 1205 and sent again.
	st, err = m.ob.DoRun(ctx, st.ID, outbox.RunStop)
	require.NoError(t, err)
	require.True(t, st.Done)
	require.Equal(t, 11, st.Counts[msg.RunSent])
	require.Equal(t, 19, st.Counts[msg.RunNotSent])
	m.drain(time.Hour)
	m.checkOnce(11)
}

func TestRunCapPerHour(t *testing.T) {
	t.Parallel()
	m := newManyRig(t)
	_, err := m.ob.AddRun(context.Background(), msg.RunBody{To: m.to[:5], Text: "你好 {name} ({nick})", PerHour: 2})
	require.NoError(t, err)
	m.drain(3 * time.Hour)
	m.checkOnce(5)
	require.Len(t, m.sends, 5)
	for i := 2; i < len(m.sends); i++ {
		require.GreaterOrEqual(t, m.sends[i].Sub(m.sends[i-2]), time.Hour, "no three sends in one hour")
	}
}

// TestRunRefusalNamesTheChat: a run with a chat that is not in the
// login's contacts (unfriended, or of an earlier login) is refused with
// that chat's UserName, which the popup turns into its name; nothing is
// queued.
func TestRunRefusalNamesTheChat(t *testing.T) {
	t.Parallel()
	m := newManyRig(t)
	to := []string{m.to[0], "@0123456789abcdef0123456789abcdef", m.to[1]}
	_, err := m.ob.AddRun(context.Background(), msg.RunBody{To: to, Text: "x"})
	e := outbox.ErrorOf(err)
	require.Equal(t, msg.ErrNotFound, e.Code)
	require.Equal(t, to[1], e.Detail)
	m.drain(time.Hour)
	require.Empty(t, m.sends)
}

// TestRunScheduledAndOwned: a run at a time sends nothing before it; a
// tab of another account neither sees nor stops it.
func TestRunScheduledAndOwned(t *testing.T) {
	t.Parallel()
	m := newManyRig(t)
	ctx := context.Background()
	at := m.clock.Now().Add(time.Hour)
	st, err := m.ob.AddRun(ctx, msg.RunBody{To: m.to[:3], Text: "你好 {name} ({nick})", At: at.UnixMilli()})
	require.NoError(t, err)
	require.True(t, at.Equal(m.step()), "the run wakes the worker at its time")
	require.Empty(t, m.sends)

	other := outbox.WithAccount(ctx, "another")
	_, err = m.ob.DoRun(other, st.ID, outbox.RunStop)
	require.Equal(t, msg.ErrNoEntry, outbox.ErrorOf(err).Code)
	_, err = m.ob.DoRun(outbox.WithAccount(ctx, ""), st.ID, outbox.RunGet)
	require.NoError(t, err, "its own account's tab sees it")

	m.clock.Set(at)
	m.drain(time.Hour)
	m.checkOnce(3)
	for _, n := range m.fx.notices {
		require.True(t, n.Kind != outbox.NoticeSent || n.Quiet, "a run's sends are not told one by one")
	}
	_, err = m.ob.AddRun(ctx, msg.RunBody{To: m.to[:1], Text: "x", At: at.Add(-2 * time.Hour).UnixMilli()})
	require.Equal(t, msg.ErrBadTime, outbox.ErrorOf(err).Code)
	_, err = m.ob.AddRun(ctx, msg.RunBody{To: m.to[:1], Text: "x", Repeat: msg.RepeatDaily})
	require.Equal(t, msg.ErrBadTime, outbox.ErrorOf(err).Code, "a repeat needs a time")
	_, err = m.ob.AddRun(ctx, msg.RunBody{To: m.to[:1], Text: "  "})
	require.Equal(t, msg.ErrEmptyMessage, outbox.ErrorOf(err).Code)
}
