package outbox_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
)

// The numbers the README promises, written out here rather than taken from
// the code's constants, so that a changed constant fails a test.

// TestREADMELimits: 16 KB per text, 2 GB of files.
func TestREADMELimits(t *testing.T) {
	t.Parallel()
	r := newRig(t, wxsim.Config{})
	later := r.clock.Now().Add(time.Hour).UnixMilli()
	_, err := r.ob.Add(ctx, msg.AddBody{To: "filehelper", Text: strings.Repeat("a", 16384), At: later})
	require.NoError(t, err, "16 KB of text")
	_, err = r.ob.Add(ctx, msg.AddBody{To: "filehelper", Text: strings.Repeat("a", 16385), At: later})
	require.Error(t, err)
	require.Equal(t, msg.ErrTooLong, outbox.ErrorOf(err).Code, "a byte over 16 KB")

	_, err = r.ob.Add(ctx, msg.AddBody{To: "filehelper", File: &msg.FileRef{ID: "a", Name: "a.iso", Size: 1 << 30}, At: later})
	require.NoError(t, err)
	_, err = r.ob.Add(ctx, msg.AddBody{To: "filehelper", File: &msg.FileRef{ID: "b", Name: "b.iso", Size: 1 << 30}, At: later})
	require.NoError(t, err, "2 GB in all")
	_, err = r.ob.Add(ctx, msg.AddBody{To: "filehelper", File: &msg.FileRef{ID: "c", Name: "c.txt", Size: 1}, At: later})
	require.Error(t, err)
	require.Equal(t, msg.ErrOutboxFull, outbox.ErrorOf(err).Code, "a byte over 2 GB")
}

// TestTooFrequentPauseIsCappedAtFiveMinutes: after each Ret 1205 the pause
// doubles from 5 s and stops growing at 5 minutes.
func TestTooFrequentPauseIsCappedAtFiveMinutes(t *testing.T) {
	t.Parallel()
	r := newRig(t, wxsim.Config{})
	// An hour's grace, so that the pauses (26 minutes in all) do not make
	// the message missed.
	r.disk.settings.GraceMinutes = 60
	r.sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Ret: 1205, Times: 9})
	e := r.add(msg.AddBody{To: "filehelper", Text: "x"})[0]
	for i, pause := range []time.Duration{5, 10, 20, 40, 80, 160, 300, 300, 300} {
		now := r.clock.Now()
		next := r.step()
		require.Equal(t, now.Add(pause*time.Second), next, "pause %d", i+1)
		require.Equal(t, msg.ErrTooFrequent, r.entry(e.ID).Waiting)
		r.clock.Set(next)
	}
	r.step()
	require.Equal(t, msg.EntrySent, r.entry(e.ID).State)
	require.Equal(t, 1, r.sentCount(e.ClientMsgID))
}

// TestHistoryMakesRoom (security.md row 84): texts of 16 KB of
// backslashes (64 KB of storage.local's quota each, row 83) sent one after
// the other, as a forward rule passes on a contact's texts. The finished
// ones are history the popup lists, kept 7 days; the record's bound was
// reached by them after some 128, and every later send, the person's too,
// was OUTBOX_FULL for those days. Now the oldest finished entries make
// room; what waits is never dropped.
func TestHistoryMakesRoom(t *testing.T) {
	t.Parallel()
	r := newRig(t, wxsim.Config{})
	text := strings.Repeat(`\`, 16384)
	var first msg.Entry
	for i := range 135 {
		es, err := r.ob.Add(ctx, msg.AddBody{To: "filehelper", Text: text})
		require.NoError(t, err, "text %d", i)
		if i == 0 {
			first = es[0]
		}
		r.drain(time.Hour)
		require.Equal(t, msg.EntrySent, r.entry(es[0].ID).State, "text %d", i)
	}
	rec := r.record()
	require.NotContains(t, rec.Entries, first.ID, "the oldest finished entry made room")
	// A scheduled text waits whatever the history.
	later := r.clock.Now().Add(time.Hour).UnixMilli()
	var waiting []string
	for range 20 {
		waiting = append(waiting, r.add(msg.AddBody{To: "filehelper", Text: text, At: later})[0].ID)
	}
	r.add(msg.AddBody{To: "filehelper", Text: "明天见"})
	rec = r.record()
	for _, id := range waiting {
		require.Contains(t, rec.Entries, id)
	}
}
