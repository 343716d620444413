package outbox

import (
	"context"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

type wakes struct{ got []time.Time }

func (w *wakes) Notify(context.Context, Notice)                  {}
func (w *wakes) Pending(context.Context, int)                    {}
func (w *wakes) Progress(context.Context, string, *msg.Progress) {}
func (w *wakes) Wake(_ context.Context, t time.Time)             { w.got = append(w.got, t) }

// TestAnOlderRunCannotUndoANewerWake: run 1 ends (nothing left: clear the
// alarm) but reaches its wake-up after run 2 (an entry added meanwhile,
// due later) set its own; run 1's is dropped, so the alarm stays.
func TestAnOlderRunCannotUndoANewerWake(t *testing.T) {
	w := &wakes{}
	o := &Outbox{cfg: Config{Effects: w}}
	due := time.Date(2026, 12, 2, 18, 10, 0, 0, time.UTC)
	ctx := context.Background()
	o.wake(ctx, 2, due)
	o.wake(ctx, 1, time.Time{})
	o.wake(ctx, 2, due.Add(time.Minute)) // the same run may move its own
	want := []time.Time{due, due.Add(time.Minute)}
	if len(w.got) != len(want) || !w.got[0].Equal(want[0]) || !w.got[1].Equal(want[1]) {
		t.Fatalf("wakes %v, want %v", w.got, want)
	}
}
