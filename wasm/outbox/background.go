package outbox

import (
	"context"
	"errors"
	"sync"
	"time"
)

// background is a step going on beside Step's others (a Source's
// download), and its outcome until Step collects it. Step never returns
// while one runs: the run, and a browser event waiting for it (Wait),
// last as long as the download, as when it held the loop.
type background struct {
	mu   sync.Mutex
	on   bool
	done chan struct{} // closed when the step returns
	err  error         // its error, until taken
	// poke wakes an await: Kick asked for a look while Step waits.
	poke chan struct{}
}

func newBackground() background { return background{poke: make(chan struct{}, 1)} }

// start runs f in its own goroutine.
func (b *background) start(f func() error) {
	done := make(chan struct{})
	b.mu.Lock()
	b.on, b.done = true, done
	b.mu.Unlock()
	go func() {
		err := f()
		b.mu.Lock()
		b.on, b.err = false, errors.Join(b.err, err)
		b.mu.Unlock()
		close(done)
	}()
}

func (b *background) running() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.on
}

// kick makes an await under way return.
func (b *background) kick() {
	select {
	case b.poke <- struct{}{}:
	default:
	}
}

// await waits for the step's end (and returns its error), a kick, the
// time next (zero: none; by now's clock), or ctx's end.
func (b *background) await(ctx context.Context, now func() time.Time, next time.Time) error {
	b.mu.Lock()
	done := b.done
	b.mu.Unlock()
	var at <-chan time.Time
	if !next.IsZero() {
		t := time.NewTimer(max(next.Sub(now()), minTimer))
		defer t.Stop()
		at = t.C
	}
	select {
	case <-done:
		return b.take()
	case <-b.poke:
	case <-at:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

// wait waits for the step's end, and returns its error not yet taken.
func (b *background) wait() error {
	b.mu.Lock()
	done := b.done
	b.mu.Unlock()
	if done != nil {
		<-done
	}
	return b.take()
}

func (b *background) take() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	err := b.err
	b.err = nil
	return err
}
