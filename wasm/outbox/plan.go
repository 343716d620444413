package outbox

import (
	"cmp"
	"iter"
	"maps"
	"slices"
	"time"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/schedule"
)

// The plan: what the outbox does next, decided from what it knows and
// nothing else. planOf reads no storage, asks no session and tells no
// one; the loop gathers what it decides from (situation) and applies
// what it decided (plan), so every decision can be tested as a table.

// login is what the plan knows of one account's login.
type login struct {
	// name is the account's own UserName in the current login (the last
	// login's when there is no session).
	name string
	// ok: there is a session to send with.
	ok bool
}

// situation is everything a plan is decided from.
type situation struct {
	rec      msg.Outbox
	settings msg.Settings
	// logins of every account an entry names ("" is the default one).
	logins map[string]login
	// inflight are the entries this worker works on now.
	inflight map[string]bool
	now      time.Time
	// zone places the next occurrences of repeats; nil makes none.
	zone schedule.Zone
}

// plan is what to do next: write rec (if changed), make the next
// occurrences of repeats, tell the person, let go of files, and work on
// one entry, or wait until wake.
type plan struct {
	rec     msg.Outbox
	changed bool
	// repeats are the next occurrences of repeats that ended, without
	// their ID and ClientMsgID (drawn at random when they are made).
	repeats []msg.Entry
	release []string
	notices []Notice
	// work is the entry to work on now and its step; nil: none.
	work *work
	// wake is when to look again (zero: nothing waits for a time); with
	// work, the wake-up that stands while its step runs.
	wake time.Time
}

// work is one network step on one entry.
type work struct {
	entry msg.Entry
	step  step
}

// step is one network step.
type step int

const (
	stepUpload step = iota + 1
	stepSend
	stepFetch
)

// needsFetch: the entry's file is still on the web.
func needsFetch(e msg.Entry) bool { return e.Source != nil && e.File == nil && e.Text == "" }

// planOf looks at the whole record: it ends what a stopped worker left,
// marks missed what is too late, holds what cannot go, forgets what is
// old, and chooses the next entry to work on and its step. It changes
// nothing of s (the record it plans is a copy).
func planOf(s situation) plan {
	now := s.now
	grace := time.Duration(s.settings.GraceMinutes) * time.Minute
	p := plan{rec: s.rec}
	p.rec.Entries = maps.Clone(s.rec.Entries)
	p.rec.Runs = maps.Clone(s.rec.Runs)
	rec := &p.rec
	finish := func(e *msg.Entry, st msg.EntryState, why *msg.Error) {
		e.State, e.Error, e.Done, e.Updated, e.Waiting = st, why, ms(now), ms(now), ""
		if e.File != nil {
			p.release = append(p.release, e.File.ID)
		}
		if n, ok := nextOf(*e, now, s.zone); ok && !s.rec.Runs[e.Run].Stopped {
			e.NextMade = true
			p.repeats = append(p.repeats, n)
		}
		p.changed = true
	}

	// A Source's download runs beside the other steps (Step), one at a
	// time: a site that sends slowly holds its own entry and its chat's
	// later ones (a chat gets its messages in their order: a forward
	// rule's picture, then its sticker), not the other chats' due
	// entries, and a second download waits for the first.
	fetching := false
	for id := range s.inflight {
		fetching = fetching || needsFetch(rec.Entries[id])
	}
	var downloads []msg.Entry // under way or waiting for their turn
	for _, e := range rec.Entries {
		if needsFetch(e) && (s.inflight[e.ID] || fetching && e.State == msg.EntryQueued) {
			downloads = append(downloads, e)
		}
	}
	held := func(e msg.Entry) bool {
		if fetching && needsFetch(e) {
			return true
		}
		for _, d := range downloads {
			if d.ID != e.ID && earlier(d, e) && sameChat(d, e) {
				return true
			}
		}
		return false
	}
	var waiting []msg.Entry
	var cand *msg.Entry
	for _, id := range slices.Sorted(maps.Keys(rec.Entries)) {
		e := rec.Entries[id]
		loggedIn := s.logins[e.Account].ok
		switch {
		case e.State == msg.EntryUploading && !s.inflight[id]:
			// Nothing was sent; the upload starts again.
			e.State, e.Updated, e.Upload, e.UploadLogin = msg.EntryQueued, ms(now), nil, ""
			p.changed = true
		case e.State == msg.EntrySending && !s.inflight[id]:
			finish(&e, msg.EntryUncertain, &msg.Error{Code: msg.ErrUncertain})
			p.notices = append(p.notices, Notice{Kind: NoticeUncertain, Entry: e})
		}
		if e.State == msg.EntryQueued && e.Waiting == msg.ErrLoggedOut && loggedIn && e.RetryAt <= ms(now) {
			e.Waiting, e.Updated, p.changed = "", ms(now), true
		}
		if e.State == msg.EntryQueued && !s.inflight[id] && e.Due <= ms(now) {
			h := holdOf(s.rec, e)
			switch {
			case h.paused:
				// A run the person paused waits for them, however long.
			case now.After(h.base.Add(grace)):
				finish(&e, msg.EntryMissed, &msg.Error{Code: msg.ErrMissed})
				p.notices = append(p.notices, Notice{Kind: NoticeMissed, Entry: e})
			case !loggedIn:
				if e.Waiting != msg.ErrLoggedOut || e.RetryAt != 0 {
					// Held by the session now: a login lets it go at once.
					e.Waiting, e.RetryAt, e.Updated, p.changed = msg.ErrLoggedOut, 0, ms(now), true
				}
				if !e.Notified {
					e.Notified, p.changed = true, true
					waiting = append(waiting, e)
				}
			case e.RetryAt <= ms(now) && !h.gate.After(now) && !held(e):
				if cand == nil || earlier(e, *cand) {
					c := e
					cand = &c
				}
			}
		}
		rec.Entries[id] = e
	}
	prune(rec, s.settings, now, &p.release, &p.changed)
	if len(waiting) > 0 {
		slicesSortEntries(waiting)
		p.notices = append(p.notices, Notice{Kind: NoticeWaiting, Entry: waiting[0], Count: len(waiting), Grace: grace})
	}

	// The wake-ups count the repeats' next occurrences too.
	all := func(yield func(msg.Entry) bool) {
		for _, e := range rec.Entries {
			if !yield(e) {
				return
			}
		}
		for _, e := range p.repeats {
			if !yield(e) {
				return
			}
		}
	}
	isIn := func(acct string) bool { return s.logins[acct].ok }
	hold := func(e msg.Entry) hold { return holdOf(s.rec, e) }
	// busy: the entries no wake-up is for: those in flight, and those
	// held behind a download (its end plans again).
	busy := maps.Clone(s.inflight)
	if busy == nil {
		busy = map[string]bool{}
	}
	for id, e := range rec.Entries {
		if held(e) {
			busy[id] = true
		}
	}
	if cand == nil {
		p.wake = nextWake(all, rec.PauseUntil, grace, isIn, hold, now, busy)
		if fetching && (p.wake.IsZero() || p.wake.After(now.Add(stepGuard))) {
			// The download's guard: a worker stopped in the middle of it
			// wakes again by itself.
			p.wake = now.Add(stepGuard)
		}
		return p
	}
	st := stepSend
	name := s.logins[cand.Account].name
	if needsFetch(*cand) {
		st = stepFetch
	} else if cand.File != nil && (cand.Upload == nil || cand.UploadLogin != name) {
		st = stepUpload
		if u, ok := rec.Runs[cand.Run].SharedUpload(*cand, name); ok {
			// The run's file is uploaded in this login already: this
			// chat sends the same MediaId.
			cand.Upload, cand.UploadLogin, cand.Kind = u, name, msg.EntryKind(u.Kind)
			rec.Entries[cand.ID], p.changed, st = *cand, true, stepSend
		}
	}
	if st == stepSend {
		// Sends are spaced, across restarts of the worker too.
		gap := time.Duration(s.settings.SpacingMs) * time.Millisecond
		if at := later(fromMs(rec.LastSend).Add(gap), fromMs(rec.PauseUntil)); now.Before(at) {
			p.wake = at
			return p
		}
	}
	p.work = &work{entry: *cand, step: st}
	p.wake = now.Add(stepGuard)
	// Entries already due wait behind this one: a wake-up for them now
	// would only come while this worker still runs.
	busy[cand.ID] = true
	if t := nextWake(all, rec.PauseUntil, grace, isIn, hold, now, busy); t.After(now) && t.Before(p.wake) {
		p.wake = t
	}
	return p
}

// sameChat: a and b go to the same chat of the same account, by its
// UserName in one login or by what the person calls it.
func sameChat(a, b msg.Entry) bool {
	if a.Account != b.Account {
		return false
	}
	if a.To.UserName == b.To.UserName && a.To.Login == b.To.Login {
		return true
	}
	return a.To.Group == b.To.Group && a.To.Name() != "" && a.To.Name() == b.To.Name()
}

// earlier orders due entries: the earliest time first, then the order they
// were made in.
func earlier(a, b msg.Entry) bool {
	if c := cmp.Or(cmp.Compare(a.Due, b.Due), cmp.Compare(a.Created, b.Created), cmp.Compare(a.ID, b.ID)); c != 0 {
		return c < 0
	}
	return false
}

// nextWake is the soonest time something changes: an entry falls due, a
// retry or a pause ends, or a held entry's grace period runs out.
func nextWake(entries iter.Seq[msg.Entry], pauseUntil int64, grace time.Duration, loggedIn func(account string) bool, holdOf func(msg.Entry) hold, now time.Time, inflight map[string]bool) time.Time {
	var next time.Time
	consider := func(t time.Time) {
		if next.IsZero() || t.Before(next) {
			next = t
		}
	}
	for e := range entries {
		if e.State != msg.EntryQueued || inflight[e.ID] {
			continue
		}
		due := fromMs(e.Due)
		if due.After(now) {
			consider(due)
			continue
		}
		h := holdOf(e)
		if h.paused {
			continue
		}
		consider(h.base.Add(grace).Add(time.Millisecond))
		if loggedIn(e.Account) {
			consider(later(later(fromMs(e.RetryAt), fromMs(pauseUntil)), h.gate))
		}
	}
	return next
}

// nextOf is the entry of e's repeat after e, if it repeats and has none
// yet: the first occurrence after both e's slot and now (a repeat that
// missed days while the browser was closed does not make up for them).
// It sends e's content, all of it, and has no ID nor ClientMsgID yet.
// It keeps what the person asked and starts how it went afresh;
// TestNextOccurrenceKeepsTheRequest holds every field of an entry to one
// of the two.
func nextOf(e msg.Entry, now time.Time, zone schedule.Zone) (msg.Entry, bool) {
	if e.Repeat == msg.RepeatNone || e.NextMade || e.State == msg.EntryCancelled || zone == nil {
		return msg.Entry{}, false
	}
	slot := fromMs(e.Slot)
	// The calendar works in minutes; the seconds of a slot (a schedule
	// made through the API) are kept by working on times shifted by them.
	sub := slot.Sub(slot.Truncate(time.Minute))
	t, ok := schedule.Next(schedule.Repeat(e.Repeat), slot.Add(-sub), later(slot, now).Add(-sub), zone)
	if !ok {
		return msg.Entry{}, false
	}
	t = t.Add(sub)
	return msg.Entry{
		To: e.To, Account: e.Account, Content: e.Content.Clone(), Scheduled: true, Shared: e.Shared, Chosen: e.Chosen,
		Slot: ms(t), Due: ms(t), Repeat: e.Repeat, Series: cmp.Or(e.Series, e.ID), Run: e.Run, RunSeq: e.RunSeq,
		State: msg.EntryQueued, Created: ms(now), Updated: ms(now),
	}, true
}

// prune forgets finished entries older than the settings keep them, and
// the oldest beyond MaxFinished.
func prune(rec *msg.Outbox, set msg.Settings, now time.Time, release *[]string, changed *bool) {
	keep := ms(now.Add(-time.Duration(set.KeepDays) * 24 * time.Hour))
	var done []msg.Entry
	for id, e := range rec.Entries {
		if !e.State.Final() {
			continue
		}
		if e.Done < keep {
			delete(rec.Entries, id)
			if e.File != nil {
				*release = append(*release, e.File.ID)
			}
			*changed = true
			continue
		}
		done = append(done, e)
	}
	pruneRuns(rec, changed)
	if len(done) <= msg.MaxFinished {
		return
	}
	sortByDoneDesc(done)
	for _, e := range done[msg.MaxFinished:] {
		delete(rec.Entries, e.ID)
		if e.File != nil {
			*release = append(*release, e.File.ID)
		}
	}
	pruneRuns(rec, changed)
	*changed = true
}

func slicesSortEntries(es []msg.Entry) {
	slices.SortFunc(es, func(a, b msg.Entry) int {
		if earlier(a, b) {
			return -1
		}
		if earlier(b, a) {
			return 1
		}
		return 0
	})
}

func sortByDoneDesc(es []msg.Entry) {
	slices.SortFunc(es, func(a, b msg.Entry) int {
		return cmp.Or(cmp.Compare(b.Done, a.Done), cmp.Compare(a.ID, b.ID))
	})
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
