package wxsim_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/protocol/wxsim/wxsimtest"
)

// TestFaultArrived: a delayed request is reported when it arrives, while
// wxsim holds it (before it is handled), so that a test can act then.
func TestFaultArrived(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	arrived := make(chan struct{}, 1)
	env.Sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Delay: 200 * time.Millisecond, Arrived: arrived})
	done := make(chan error, 1)
	go func() {
		_, err := env.Client.SendText(ctx, protocol.Text{To: env.Sim.UserName("lisi"), Content: "held"})
		done <- err
	}()
	<-arrived
	require.NoError(t, <-done)
	require.Len(t, env.Sim.Messages(), 1)
	// Used up with its fault: the next send is not reported.
	_, err := env.Client.SendText(ctx, protocol.Text{To: env.Sim.UserName("lisi"), Content: "not held"})
	require.NoError(t, err)
	require.Empty(t, arrived)
}
