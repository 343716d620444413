package outbox

import (
	"context"
	"errors"
	"time"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// The runner. Step does every step that is due now and says when the next
// one is; Kick runs Step in the background, again when it is asked while
// running, and sets a timer and a wake-up (chrome.alarms) for the next.
//
// Each entry goes through at most two network steps, each between two
// writes of the record:
//
//	upload: write uploading → upload → write queued with Upload
//	send:   write sending   → send   → write sent | failed | uncertain | queued (held)
//
// A worker stopped between the writes of a step leaves the entry uploading
// (nothing was sent: it is uploaded again) or sending (the request may
// have gone out: it becomes uncertain, never sent again by itself).
//
// Uploads and sends go one at a time. A Source's download (fetch) goes on
// beside them, one download at a time (background.go): it sends nothing
// to a chat, and a site that sends slowly must not hold the entries that
// fall due meanwhile.

// Backoff bounds.
const (
	freqBackoff    = 5 * time.Second // after a Ret 1205, doubling
	maxFreqBackoff = 5 * time.Minute
	netBackoff     = 5 * time.Second // after no connection, doubling
	maxNetBackoff  = 2 * time.Minute
	// timerLimit: a wake further away is left to chrome.alarms alone.
	timerLimit = 10 * time.Minute
	minTimer   = 20 * time.Millisecond
	// stepGuard: during a network step the wake-up is set this far ahead
	// (or at the next entry's time, if sooner), and moved on as an upload
	// goes, so that a worker stopped in the middle wakes again by itself.
	// A wake-up that comes while the worker still runs only asks it to
	// look again when the step is over. Chrome moves the alarms of a
	// packed extension to 30 s at the soonest.
	stepGuard = 5 * time.Second
)

func backoff(base, limit time.Duration, n int) time.Duration {
	d := base
	for i := 1; i < n && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}

// errStop ends a Step when the record cannot be written: a step whose
// state is not on disk must not go on to the network.
type errStop struct{ err error }

func (e errStop) Error() string { return "outbox: " + e.err.Error() }
func (e errStop) Unwrap() error { return e.err }

// Kick runs the outbox in the background. It returns at once.
func (o *Outbox) Kick() {
	if o.cfg.Manual {
		return
	}
	o.runMu.Lock()
	defer o.runMu.Unlock()
	if o.running {
		o.again = true
		o.fetches.kick()
		return
	}
	o.running = true
	o.runs++
	o.curRun = o.runs
	go o.loop()
}

// wake sets the alarm for t on behalf of run: a run's wake-ups count
// unless a newer run already set one (a run that ended earlier but gets
// here later must not undo the alarm of an entry added meanwhile).
func (o *Outbox) wake(ctx context.Context, run int, t time.Time) {
	o.wakeMu.Lock()
	defer o.wakeMu.Unlock()
	if run < o.wokeRun {
		return
	}
	o.wokeRun = run
	set := time.Now() // the worker's own time, as a log's
	o.st.set(func(s *RunState) { s.Wake, s.WakeRun, s.WakeSet, s.Waking = t, run, set, true })
	o.cfg.Effects.Wake(ctx, t)
	o.st.set(func(s *RunState) { s.Waking = false })
}

// Wait blocks until the background run that Kick started is over and
// has set its wake-up: an event of the browser that waits for it keeps
// the worker awake until the alarm of the next time is set.
func (o *Outbox) Wait() {
	o.runMu.Lock()
	defer o.runMu.Unlock()
	for o.running || o.settling > 0 {
		o.idle.Wait()
	}
}

func (o *Outbox) loop() {
	ctx := context.Background()
	for {
		next, err := o.Step(ctx)
		o.runMu.Lock()
		if o.again {
			o.again = false
			o.runMu.Unlock()
			continue
		}
		if o.timer != nil {
			o.timer.Stop()
			o.timer = nil
		}
		var timerAt time.Time
		if err != nil && next.IsZero() {
			// The record could not be read or written: try again soon.
			next = o.now().Add(netBackoff)
		}
		if !next.IsZero() {
			if d := next.Sub(o.now()); d < timerLimit {
				// Never sooner than minTimer: a wake that is already due
				// must not spin.
				o.timer = time.AfterFunc(max(d, minTimer), o.Kick)
				timerAt = o.now().Add(max(d, minTimer))
			}
		}
		// Under runMu: a run started after this one ends finds it said.
		o.st.set(func(s *RunState) { s.Timer = timerAt })
		o.phase("", "")
		run := o.curRun
		o.running = false
		o.settling++
		o.runMu.Unlock()
		o.wake(ctx, run, next)
		o.runMu.Lock()
		o.settling--
		o.idle.Broadcast()
		o.runMu.Unlock()
		return
	}
}

// Step does every step due now and returns when the next is due (zero:
// nothing waits for a time). It returns only once a download it started
// ended.
func (o *Outbox) Step(ctx context.Context) (time.Time, error) {
	for {
		if err := ctx.Err(); err != nil {
			return time.Time{}, errors.Join(err, o.fetches.wait())
		}
		o.phase("plan", "")
		// Looked at before the plan: a download that ends while the plan
		// is made leaves it stale (its entry, fetched, is due now, and
		// the plan saw it downloading), so it is planned again.
		fetching := o.fetches.running()
		w, next, err := o.next(ctx)
		if err == nil && w == nil && fetching {
			// Nothing else to do now: wait for the download, the next
			// time, or a kick (an entry added), and plan again.
			o.setGuard(ctx, next)
			o.phase("await download", "")
			if err := o.fetches.await(ctx, o.cfg.Now, next); err != nil {
				return time.Time{}, errors.Join(err, o.fetches.wait())
			}
			continue
		}
		if err != nil || w == nil {
			return next, errors.Join(err, o.fetches.wait())
		}
		// A worker stopped during the step must wake again by itself: the
		// next entry's time, or a look a little later at this one.
		o.phase("wake", w.entry.ID)
		o.setGuard(ctx, next)
		o.phase(w.step.String(), w.entry.ID)
		// Every step acts in the session of the entry's own account.
		ectx := forEntry(ctx, w.entry.Account)
		switch w.step {
		case stepFetch:
			// A download sends nothing to the chat: it goes on beside the
			// next steps (planOf starts one at a time), so that a site
			// that sends slowly holds its own entry only.
			o.fetches.start(func() error {
				err := o.fetch(ectx, w.entry, msg.MaxFileBytes-fileBytesOf(o, ectx))
				o.mu.Lock()
				delete(o.inflight, w.entry.ID)
				o.mu.Unlock()
				return err
			})
			continue
		case stepUpload:
			err = o.upload(ectx, w.entry)
		case stepSend:
			err = o.send(ectx, w.entry)
		}
		o.mu.Lock()
		delete(o.inflight, w.entry.ID)
		o.mu.Unlock()
		if err != nil {
			return time.Time{}, errors.Join(err, o.fetches.wait())
		}
	}
}

// setGuard sets the wake-up of a network step under way (guardAt): the
// next entry's time, or a look a little later at this one.
func (o *Outbox) setGuard(ctx context.Context, t time.Time) {
	o.guardMu.Lock()
	o.guardAt = t
	o.guardMu.Unlock()
	o.wake(ctx, o.curRun, t)
}

// next gathers what the plan is decided from, and applies the plan: the
// record is written before anyone is told, and the entry to work on is
// marked in flight before it is handed to Step.
func (o *Outbox) next(ctx context.Context) (*work, time.Time, error) {
	p, err := o.decide(ctx)
	if err != nil {
		return nil, time.Time{}, err
	}
	o.releaseFiles(ctx, p.release...)
	return p.work, p.wake, nil
}

func (o *Outbox) decide(ctx context.Context) (plan, error) {
	set, err := o.settings(ctx)
	if err != nil {
		return plan{}, err
	}
	logins := map[string]login{}
	look := func(acct string) error {
		if _, ok := logins[acct]; ok {
			return nil
		}
		var name string
		var ok bool
		err := bounded(forEntry(ctx, acct), o.cfg.Deadlines.Plan, func(ctx context.Context) (err error) {
			name, ok, err = o.cfg.Link.Login(ctx)
			return err
		})
		logins[acct] = login{name, ok}
		return err
	}
	if err := look(""); err != nil {
		return plan{}, err
	}

	o.mu.Lock()
	defer o.mu.Unlock()
	rec, err := o.load(ctx)
	if err != nil {
		return plan{}, err
	}
	// Each entry waits for its own account's login (one look per account).
	for _, e := range rec.Entries {
		if err := look(e.Account); err != nil {
			return plan{}, err
		}
	}
	now := o.now()
	if n := pendingCount(rec); n != o.lastPending {
		// The badge does not outlive the browser: show it on every wake.
		o.lastPending = n
		o.cfg.Effects.Pending(ctx, n)
	}
	p := planOf(situation{rec: rec, settings: set, logins: logins, inflight: o.inflight, now: now, zone: o.cfg.Zone})
	for _, n := range p.repeats {
		o.identify(p.rec, &n)
		p.rec.Entries[n.ID] = n
	}
	if !o.swept {
		o.swept = true
		p.changed = o.sweep(ctx, &p.rec, now, &p.release) || p.changed
	}
	if p.changed {
		if err := o.save(ctx, p.rec); err != nil {
			return plan{}, errStop{err}
		}
	}
	for _, n := range p.notices {
		o.cfg.Effects.Notify(ctx, n)
	}
	if p.work != nil {
		o.inflight[p.work.entry.ID] = true
	}
	return p, nil
}

// identify gives n, an entry that nextOf made, its ID and a ClientMsgID
// no entry of rec has.
func (o *Outbox) identify(rec msg.Outbox, n *msg.Entry) {
	n.ID, n.ClientMsgID = newID(), o.clientMsgID(rec, nil)
}

// nextOccurrence is the entry of e's repeat after e (see nextOf), ready to
// be added to rec.
func (o *Outbox) nextOccurrence(rec msg.Outbox, e msg.Entry, now time.Time) (msg.Entry, bool) {
	n, ok := nextOf(e, now, o.cfg.Zone)
	if ok && rec.Runs[e.Run].Stopped {
		return n, false
	}
	if ok {
		o.identify(rec, &n)
	}
	return n, ok
}

// orphanAge is how long a file no entry refers to is kept: a page stores
// a file just before it asks to send it.
const orphanAge = time.Hour

// sweep finds the files no entry refers to (a page that closed between
// storing a file and asking to send it, a delete a stopped worker did not
// make) and lets go of those seen so an hour ago. It reports whether the
// record changed.
func (o *Outbox) sweep(ctx context.Context, rec *msg.Outbox, now time.Time, release *[]string) bool {
	ids, err := o.cfg.Files.List(ctx)
	if err != nil {
		return false
	}
	known := map[string]bool{}
	for _, e := range rec.Entries {
		if e.File != nil {
			known[e.File.ID] = true
		}
	}
	orphans := map[string]int64{}
	for _, id := range ids {
		switch seen, ok := rec.Orphans[id]; {
		case known[id]:
		case ok && now.Sub(fromMs(seen)) >= orphanAge:
			*release = append(*release, id)
		case ok:
			orphans[id] = seen
		default:
			orphans[id] = ms(now)
		}
	}
	if len(orphans) == 0 && len(rec.Orphans) == 0 {
		return false
	}
	rec.Orphans = orphans
	return true
}
