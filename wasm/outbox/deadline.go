package outbox

import (
	"context"
	"errors"
	"time"
)

// A background run has no caller to give up for it: a request that never
// answers (a stalled connection; the browser's fetch has no timeout of
// its own) would hold the whole outbox, every entry queued and no one
// told. Each network part of a step is bounded on its own, and its
// outcome is what the protocol's error types say of a request cut short:
// a send that may have left is uncertain and never sent again; anything
// else sent nothing and waits for its backoff (held). The writes of the
// record are not bounded: a step's outcome must reach the disk.

// Deadlines bound the network parts of a step. A zero field is the
// default's (DefaultDeadlines).
type Deadlines struct {
	// Plan bounds each look at the account before a request: its login,
	// its chats (which may fetch the contact list), their fetch again
	// after a refusal.
	Plan time.Duration
	// Send bounds one send request.
	Send time.Duration
	// Chunk bounds each request of an upload: webwxcheckupload and each
	// try of a 512 KiB chunk (protocol.Upload.RequestTimeout), never the
	// whole file, so that a large file on a slow line still goes.
	Chunk time.Duration
	// Fetch bounds the wait for each next part of a Source's download
	// (its answer, then each of its bytes' progress), never the whole
	// download, whose size the person chose.
	Fetch time.Duration
}

// DefaultDeadlines are the deadlines of a worker.
var DefaultDeadlines = Deadlines{
	// A large account's contact list is a few megabytes in several
	// requests: a minute, where a look at a session held in memory
	// takes no time at all.
	Plan: time.Minute,
	// A send is one small JSON POST that web WeChat answers in well under
	// a second. Half a minute leaves room for a slow or busy line; past
	// it the person is better told "may or may not have been sent" than
	// left with a message queued and no word.
	Send: 30 * time.Second,
	// A 512 KiB chunk at 70 kbit/s, a poor mobile uplink, takes a minute;
	// a chunk cut short is tried again from that chunk (five tries), then
	// the upload waits for its backoff.
	Chunk: time.Minute,
	// A site that sends nothing for a minute is not coming back; one that
	// is slow but sends goes on for as long as it takes.
	Fetch: time.Minute,
}

// withDefaults is d with its zero fields the defaults'.
func (d Deadlines) withDefaults() Deadlines {
	def := DefaultDeadlines
	if d.Plan <= 0 {
		d.Plan = def.Plan
	}
	if d.Send <= 0 {
		d.Send = def.Send
	}
	if d.Chunk <= 0 {
		d.Chunk = def.Chunk
	}
	if d.Fetch <= 0 {
		d.Fetch = def.Fetch
	}
	return d
}

// bounded runs f with ctx bounded by d.
func bounded(ctx context.Context, d time.Duration, f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return f(ctx)
}

// errStalled is the cause of a context that idle cancelled.
var errStalled = errors.New("no progress before the deadline")

// idle is ctx cancelled (with errStalled) when touch was not called for
// d; stop lets go of its timer.
func idle(ctx context.Context, d time.Duration) (_ context.Context, touch, stop func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	t := time.AfterFunc(d, func() { cancel(errStalled) })
	return ctx, func() { t.Reset(d) }, func() { t.Stop(); cancel(nil) }
}
