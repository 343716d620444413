package core

import (
	"context"
	"encoding/json"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/schedule"
)

// progressEnv is the storage, the badge and the clock effects.Progress
// uses. A write of the progress can be held (hold): it has taken its
// copy when entered is told, and ends when release is closed.
type progressEnv struct {
	mu      sync.Mutex
	now     time.Time
	written []string // the progress records written, in order
	badges  []string
	hold    chan struct{} // the next write of the progress waits on it
	entered chan struct{}
	// finished is closed when the held write has ended.
	finished chan struct{}
}

func (e *progressEnv) Get(context.Context, browser.Area, string, any) (bool, error) {
	return false, nil
}

func (e *progressEnv) GetText(context.Context, browser.Area, string) (string, bool, error) {
	return "", false, nil
}

func (e *progressEnv) SetText(ctx context.Context, a browser.Area, key, text string) error {
	return e.Set(ctx, a, key, json.RawMessage(text))
}

func (e *progressEnv) Set(_ context.Context, _ browser.Area, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil || key != msg.ProgressKey {
		return err
	}
	e.mu.Lock()
	hold, entered, finished := e.hold, e.entered, e.finished
	e.hold = nil
	e.mu.Unlock()
	if hold != nil {
		close(entered)
		<-hold
		defer close(finished)
	}
	e.mu.Lock()
	e.written = append(e.written, string(b))
	e.mu.Unlock()
	return nil
}

func (e *progressEnv) Notify(context.Context, string, string, string) error { return nil }
func (e *progressEnv) Clear(context.Context, string) error                  { return nil }

func (e *progressEnv) SetBadge(_ context.Context, text string) error {
	e.mu.Lock()
	e.badges = append(e.badges, text)
	e.mu.Unlock()
	return nil
}

func (e *progressEnv) Now() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *progressEnv) Zone() schedule.Zone                               { return nil }
func (e *progressEnv) SetAlarm(context.Context, string, time.Time) error { return nil }

// later moves the clock past progressEvery.
func (e *progressEnv) later() {
	e.mu.Lock()
	e.now = e.now.Add(progressEvery)
	e.mu.Unlock()
}

// holdNext makes the next write of the progress wait for release.
// finished is closed when that write has ended.
func (e *progressEnv) holdNext() (entered, finished <-chan struct{}, release func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	hold := make(chan struct{})
	e.hold, e.entered, e.finished = hold, make(chan struct{}), make(chan struct{})
	return e.entered, e.finished, sync.OnceFunc(func() { close(hold) })
}

func (e *progressEnv) last() (string, string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.written[len(e.written)-1], e.badges[len(e.badges)-1]
}

func newProgressEffects() (*effects, *progressEnv) {
	env := &progressEnv{now: time.Unix(1_800_000_000, 0)}
	return &effects{c: &Core{env: Env{Storage: env, Notifications: env, Clock: env}}}, env
}

// TestProgressBetweenDoesNotWait: a transfer's progress between its
// start and its end is written in the background, so that the transfer
// (a download's reads, an upload's chunks) does not wait for
// storage.session and the badge; its start and end are written before
// Progress returns.
func TestProgressBetweenDoesNotWait(t *testing.T) {
	e, env := newProgressEffects()
	ctx := context.Background()
	e.Progress(ctx, "a", &msg.Progress{Done: 0, Size: 100, Fetching: true})
	written, badge := env.last()
	require.JSONEq(t, `{"a":{"done":0,"size":100,"fetching":true}}`, written, "the start is written before Progress returns")
	require.Equal(t, "0%", badge)

	entered, _, release := env.holdNext()
	defer release()
	env.later()
	returned := make(chan struct{})
	go func() {
		e.Progress(ctx, "a", &msg.Progress{Done: 50, Size: 100, Fetching: true})
		close(returned)
	}()
	<-entered // the write of 50% has begun, and is held
	select {
	case <-returned:
	case <-time.After(10 * time.Second):
		t.Fatal("Progress waited for the write of the progress")
	}
	// More progress while the write is held: none waits either.
	env.later()
	e.Progress(ctx, "a", &msg.Progress{Done: 70, Size: 100, Fetching: true})
	release()
	e.Progress(ctx, "a", nil)
	written, badge = env.last()
	require.JSONEq(t, `{}`, written, "the end is written before Progress returns, and last")
	require.Equal(t, "", badge)
}

// TestProgressWritesInOrder: a background write held while the
// transfer ends never leaves its older state behind: the end's write
// waits for it, and the last record and badge say that nothing runs.
func TestProgressWritesInOrder(t *testing.T) {
	tests := []struct {
		name string
		// end ends the transfer (or reports again) while the write of
		// 50% is held.
		end        func(e *effects)
		record     string
		lastBadges string
	}{
		{"the end", func(e *effects) { e.Progress(context.Background(), "a", nil) }, `{}`, ""},
		{"the last byte", func(e *effects) { e.Progress(context.Background(), "a", &msg.Progress{Done: 100, Size: 100}) }, `{"a":{"done":100,"size":100}}`, "100%"},
		{"the pending count", func(e *effects) {
			e.Progress(context.Background(), "a", nil)
			e.Pending(context.Background(), 2)
		}, `{}`, "2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, env := newProgressEffects()
			ctx := context.Background()
			e.Progress(ctx, "a", &msg.Progress{Done: 0, Size: 100})
			entered, finished, release := env.holdNext()
			env.later()
			e.Progress(ctx, "a", &msg.Progress{Done: 50, Size: 100})
			<-entered
			ended := make(chan struct{})
			go func() {
				tt.end(e)
				close(ended)
			}()
			// The end is given its turn first: a write of it that did
			// not wait for the held one would be made now, and be
			// overwritten by the older state when that one ends.
			for range 100 {
				runtime.Gosched()
			}
			release()
			<-ended
			<-finished
			written, badge := env.last()
			require.JSONEq(t, tt.record, written)
			require.Equal(t, tt.lastBadges, badge)
		})
	}
}
