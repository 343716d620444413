package outbox

import (
	"context"
	"errors"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// How a step ends: held (the entry waits to try again), failed, or ended
// in a final state with its repeat's next occurrence made.

// held decides what a failed step means: a step that certainly sent
// nothing and may work later (logged out, too frequent, no connection)
// keeps the entry queued; anything else fails it.
func (o *Outbox) held(ctx context.Context, e msg.Entry, err error, sending bool) error {
	var stop errStop
	if errors.As(err, &stop) {
		return err
	}
	me := ErrorOf(err)
	now := o.now()
	e.State = msg.EntryQueued
	var pause int64
	switch me.Code {
	case msg.ErrLoggedOut:
		e.Waiting = msg.ErrLoggedOut
		// The session usually says so too (the core marks it logged
		// out); if it does not, this entry is not tried at once again.
		e.RetryAt = ms(now.Add(netBackoff))
	case msg.ErrTooFrequent:
		e.Waiting = msg.ErrTooFrequent
		e.Retries++
		pause = ms(now.Add(backoff(freqBackoff, maxFreqBackoff, e.Retries)))
	case msg.ErrNetwork:
		e.Waiting = msg.ErrNetwork
		e.Retries++
		e.RetryAt = ms(now.Add(backoff(netBackoff, maxNetBackoff, e.Retries)))
	default:
		return o.fail(ctx, e, me)
	}
	if sending {
		// The request certainly did not go out: the entry is not sending.
		e.Tries--
	}
	o.keepFile(ctx, e)
	return o.setEntry(ctx, e, func(rec *msg.Outbox) {
		if pause > rec.PauseUntil {
			rec.PauseUntil = pause
		}
	})
}

// fail ends e as failed with why.
func (o *Outbox) fail(ctx context.Context, e msg.Entry, why *msg.Error) error {
	return o.end(ctx, e, msg.EntryFailed, why, NoticeFailed)
}

// end writes e's final state, makes its repeat's next entry, tells the
// person and lets go of a file no one needs.
func (o *Outbox) end(ctx context.Context, e msg.Entry, st msg.EntryState, why *msg.Error, notice NoticeKind) error {
	now := o.now()
	e.State, e.Error, e.Done, e.Waiting, e.RetryAt = st, why, ms(now), "", 0
	if err := o.setEntry(ctx, e, func(rec *msg.Outbox) {
		if st == msg.EntrySent || st == msg.EntryUncertain {
			runAnswered(rec, e, now)
		}
		if next, ok := o.nextOccurrence(*rec, e, now); ok {
			// The entry as setEntry wrote it (its Updated), marked.
			done := rec.Entries[e.ID]
			done.NextMade = true
			rec.Entries[e.ID] = done
			rec.Entries[next.ID] = next
		}
	}); err != nil {
		return err
	}
	o.cfg.Effects.Notify(ctx, Notice{Kind: notice, Entry: e, Quiet: notice == NoticeSent && ((!e.Scheduled && !e.Shared) || e.Run != "")})
	if e.File != nil && st == msg.EntrySent {
		o.releaseFiles(ctx, e.File.ID)
	} else {
		// Kept to be sent again.
		o.keepFile(ctx, e)
	}
	return nil
}

// keepFile makes the file of an entry that waits, or ended unsent,
// durable: a download is uploaded from memory and not stored before.
func (o *Outbox) keepFile(ctx context.Context, e msg.Entry) {
	if e.File != nil {
		o.cfg.Files.Persist(ctx, e.File.ID)
	}
}
