package outbox_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/schedule"
)

// TestStateSaysWhatTheRunnerDoes: a run held in its send says so (phase,
// entry, the step's wake-up), an entry added meanwhile asks it to look
// again, and once it ended the state names the timer and the alarm of
// the next entry's time: what a late message's report is made of.
func TestStateSaysWhatTheRunnerDoes(t *testing.T) {
	r := newRig(t, wxsim.Config{})
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	r.doer.before = func(req *http.Request) {
		if isSend(req.URL.Path) {
			arrived <- struct{}{}
			<-release
		}
	}
	// The rig's outbox runs only when stepped; this one runs by itself.
	ob := outbox.New(outbox.Config{
		Store: store{r.disk, r.w}, Files: files{r.disk, r.w},
		Link:    link{sim: r.sim, doer: r.doer, w: r.w},
		Effects: r.fx, Zone: schedule.LocationZone{Loc: shanghai}, Now: r.clock.Now,
	})
	ctx := context.Background()
	now := r.clock.Now()
	zs := r.sim.UserName("zhangsan")

	_, err := ob.Add(ctx, msg.AddBody{To: zs, Text: "held at the server"})
	require.NoError(t, err)
	<-arrived
	st := ob.State()
	require.True(t, st.Running)
	require.Equal(t, "send", st.Phase)
	require.NotEmpty(t, st.Entry)
	require.False(t, st.Waking, "the step's wake-up was set before its request")
	require.True(t, st.Wake.After(now), "a wake-up stands while the send runs: %v", st.Wake)

	later := now.Add(5 * time.Minute)
	es, err := ob.Add(ctx, msg.AddBody{To: zs, Text: "in five minutes", At: later.UnixMilli()})
	require.NoError(t, err)
	require.True(t, ob.State().Again, "an entry added during a run asks it to look again")

	close(release)
	ob.Wait()
	st = ob.State()
	require.False(t, st.Running)
	require.Empty(t, st.Phase)
	require.Equal(t, later.UnixMilli(), st.Timer.UnixMilli(), "the timer kicks at the next entry's time")
	require.Equal(t, es[0].Due, st.Wake.UnixMilli(), "the alarm is at the next entry's time")
	require.Equal(t, st.Runs, st.WakeRun, "set by the last run")
}
