package outbox_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
)

// TestRepeatSendsAllItsContent: the next occurrence of a repeat sends
// what its first did, all of it: a repeat of a source whose first fetch
// failed fetches it again the next day (its next occurrence once had no
// content at all).
func TestRepeatSendsAllItsContent(t *testing.T) {
	t.Parallel()
	const url = "https://private.test/a.zip"
	r := newRig(t, wxsim.Config{})
	r.web.pages[url] = outbox.Fetched{File: &msg.FileRef{Name: "a.zip", Size: 1009, Type: "application/zip"}, Kind: "file"}
	r.web.errs[url] = &msg.Error{Code: msg.ErrNoSiteAccess, Detail: "https://private.test/*"}
	e := r.add(msg.AddBody{To: r.sim.UserName("lisi"), Source: &msg.Source{URL: url, As: "link"},
		At: r.clock.Now().Add(time.Minute).UnixMilli(), Repeat: msg.RepeatDaily})[0]
	r.clock.Advance(time.Minute)
	r.drain(time.Minute)
	require.Equal(t, msg.EntryFailed, r.entry(e.ID).State)

	var next msg.Entry
	for _, x := range r.record().Entries {
		if x.Series == e.ID && x.ID != e.ID {
			next = x
		}
	}
	require.Equal(t, e.Content, next.Content, "the next occurrence sends the same")
	r.clock.Set(time.UnixMilli(next.Due))
	r.drain(time.Minute)
	got := r.entry(next.ID)
	require.Equal(t, msg.EntrySent, got.State, "%+v", got.Error)
	require.Equal(t, 1, r.sentCount(next.ClientMsgID))
	for _, m := range r.sim.Messages() {
		if m.ClientMsgID == next.ClientMsgID {
			require.Equal(t, "a.zip", m.FileName)
		}
	}
}
