package outbox

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/schedule"
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

// step is one network step.
type step int

const (
	stepUpload step = iota + 1
	stepSend
	stepFetch
)

// needsFetch: the entry's file is still on the web.
func needsFetch(e msg.Entry) bool { return e.Source != nil && e.File == nil && e.Text == "" }

// Kick runs the outbox in the background. It returns at once.
func (o *Outbox) Kick() {
	if o.cfg.Manual {
		return
	}
	o.runMu.Lock()
	defer o.runMu.Unlock()
	if o.running {
		o.again = true
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
	o.cfg.Effects.Wake(ctx, t)
}

// Wait blocks until the background run that Kick started is over.
func (o *Outbox) Wait() {
	o.runMu.Lock()
	defer o.runMu.Unlock()
	for o.running {
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
		if err != nil && next.IsZero() {
			// The record could not be read or written: try again soon.
			next = o.now().Add(netBackoff)
		}
		if !next.IsZero() {
			if d := next.Sub(o.now()); d < timerLimit {
				// Never sooner than minTimer: a wake that is already due
				// must not spin.
				o.timer = time.AfterFunc(max(d, minTimer), o.Kick)
			}
		}
		run := o.curRun
		o.running = false
		o.idle.Broadcast()
		o.runMu.Unlock()
		o.wake(ctx, run, next)
		return
	}
}

// Step does every step due now and returns when the next is due (zero:
// nothing waits for a time).
func (o *Outbox) Step(ctx context.Context) (time.Time, error) {
	for {
		if err := ctx.Err(); err != nil {
			return time.Time{}, err
		}
		e, st, next, release, err := o.pick(ctx)
		o.releaseFiles(ctx, release...)
		if err != nil || e == nil {
			return next, err
		}
		// A worker stopped during the step must wake again by itself: the
		// next entry's time, or a look a little later at this one.
		o.guardAt = next
		o.wake(ctx, o.curRun, next)
		// Every step acts in the session of the entry's own account.
		ectx := forEntry(ctx, e.Account)
		switch st {
		case stepFetch:
			err = o.fetch(ectx, *e, msg.MaxFileBytes-fileBytesOf(o, ectx))
		case stepUpload:
			err = o.upload(ectx, *e)
		case stepSend:
			err = o.send(ectx, *e)
		}
		o.mu.Lock()
		delete(o.inflight, e.ID)
		o.mu.Unlock()
		if err != nil {
			return time.Time{}, err
		}
	}
}

// pick looks at the whole record: it ends what a stopped worker left, marks
// missed what is too late, holds what cannot go, and chooses the next
// entry to work on and its step.
func (o *Outbox) pick(ctx context.Context) (_ *msg.Entry, _ step, _ time.Time, release []string, _ error) {
	set, err := o.settings(ctx)
	if err != nil {
		return nil, 0, time.Time{}, nil, err
	}
	grace := time.Duration(set.GraceMinutes) * time.Minute
	// Each entry waits for its own account's login (one look per account).
	type loginOf struct {
		name string
		ok   bool
	}
	logins := map[string]loginOf{}
	login := func(acct string) (loginOf, error) {
		if l, ok := logins[acct]; ok {
			return l, nil
		}
		name, ok, err := o.cfg.Link.Login(forEntry(ctx, acct))
		logins[acct] = loginOf{name, ok}
		return logins[acct], err
	}
	if _, err := login(""); err != nil {
		return nil, 0, time.Time{}, nil, err
	}

	o.mu.Lock()
	defer o.mu.Unlock()
	rec, err := o.load(ctx)
	if err != nil {
		return nil, 0, time.Time{}, nil, err
	}
	now := o.now()
	if n := pendingCount(rec); n != o.lastPending {
		// The badge does not outlive the browser: show it on every wake.
		o.lastPending = n
		o.cfg.Effects.Pending(ctx, n)
	}
	var notices []Notice
	changed := false
	finish := func(e *msg.Entry, st msg.EntryState, why *msg.Error) {
		e.State, e.Error, e.Done, e.Updated, e.Waiting = st, why, ms(now), ms(now), ""
		if e.File != nil {
			release = append(release, e.File.ID)
		}
		if n, ok := o.nextOccurrence(rec, *e, now); ok {
			e.NextMade = true
			rec.Entries[n.ID] = n
		}
		changed = true
	}

	var waiting []msg.Entry
	var cand *msg.Entry
	isIn := func(acct string) bool { return logins[acct].ok }
	for id, e := range rec.Entries {
		l, err := login(e.Account)
		if err != nil {
			return nil, 0, time.Time{}, nil, err
		}
		loggedIn := l.ok
		switch {
		case e.State == msg.EntryUploading && !o.inflight[id]:
			// Nothing was sent; the upload starts again.
			e.State, e.Updated, e.Upload, e.UploadLogin = msg.EntryQueued, ms(now), nil, ""
			changed = true
		case e.State == msg.EntrySending && !o.inflight[id]:
			finish(&e, msg.EntryUncertain, &msg.Error{Code: msg.ErrUncertain})
			notices = append(notices, Notice{Kind: NoticeUncertain, Entry: e})
		}
		if e.State == msg.EntryQueued && e.Waiting == msg.ErrLoggedOut && loggedIn && e.RetryAt <= ms(now) {
			e.Waiting, e.Updated, changed = "", ms(now), true
		}
		if e.State == msg.EntryQueued && !o.inflight[id] && e.Due <= ms(now) {
			if now.After(fromMs(e.Due).Add(grace)) {
				finish(&e, msg.EntryMissed, &msg.Error{Code: msg.ErrMissed})
				notices = append(notices, Notice{Kind: NoticeMissed, Entry: e})
			} else if !loggedIn {
				if e.Waiting != msg.ErrLoggedOut || e.RetryAt != 0 {
					// Held by the session now: a login lets it go at once.
					e.Waiting, e.RetryAt, e.Updated, changed = msg.ErrLoggedOut, 0, ms(now), true
				}
				if !e.Notified {
					e.Notified, changed = true, true
					waiting = append(waiting, e)
				}
			} else if e.RetryAt <= ms(now) {
				if cand == nil || earlier(e, *cand) {
					c := e
					cand = &c
				}
			}
		}
		rec.Entries[id] = e
	}
	o.prune(&rec, set, now, &release, &changed)
	if !o.swept {
		o.swept = true
		changed = o.sweep(ctx, &rec, now, &release) || changed
	}
	if changed {
		if err := o.save(ctx, rec); err != nil {
			return nil, 0, time.Time{}, nil, errStop{err}
		}
	}
	for _, n := range notices {
		o.cfg.Effects.Notify(ctx, n)
	}
	if len(waiting) > 0 {
		slicesSortEntries(waiting)
		o.cfg.Effects.Notify(ctx, Notice{Kind: NoticeWaiting, Entry: waiting[0], Count: len(waiting), Grace: grace})
	}

	if cand != nil {
		st := stepSend
		if needsFetch(*cand) {
			st = stepFetch
		} else if cand.File != nil && (cand.Upload == nil || cand.UploadLogin != logins[cand.Account].name) {
			st = stepUpload
		} else {
			// Sends are spaced, across restarts of the worker too.
			gap := time.Duration(set.SpacingMs) * time.Millisecond
			if at := later(fromMs(rec.LastSend).Add(gap), fromMs(rec.PauseUntil)); now.Before(at) {
				return nil, 0, at, release, nil
			}
		}
		o.inflight[cand.ID] = true
		guard := now.Add(stepGuard)
		// Entries already due wait behind this one: a wake-up for them now
		// would only come while this worker still runs.
		if t := nextWake(rec, grace, isIn, now, o.inflight); t.After(now) && t.Before(guard) {
			guard = t
		}
		return cand, st, guard, release, nil
	}
	return nil, 0, nextWake(rec, grace, isIn, now, o.inflight), release, nil
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
func nextWake(rec msg.Outbox, grace time.Duration, loggedIn func(account string) bool, now time.Time, inflight map[string]bool) time.Time {
	var next time.Time
	consider := func(t time.Time) {
		if next.IsZero() || t.Before(next) {
			next = t
		}
	}
	for id, e := range rec.Entries {
		if e.State != msg.EntryQueued || inflight[id] {
			continue
		}
		due := fromMs(e.Due)
		if due.After(now) {
			consider(due)
			continue
		}
		consider(due.Add(grace).Add(time.Millisecond))
		if loggedIn(e.Account) {
			consider(later(fromMs(e.RetryAt), fromMs(rec.PauseUntil)))
		}
	}
	return next
}

// nextOccurrence is the entry of e's repeat after e, if it repeats and has
// none yet: the first occurrence after both e's slot and now (a repeat
// that missed days while the browser was closed does not make up for
// them).
func (o *Outbox) nextOccurrence(rec msg.Outbox, e msg.Entry, now time.Time) (msg.Entry, bool) {
	if e.Repeat == msg.RepeatNone || e.NextMade || e.State == msg.EntryCancelled || o.cfg.Zone == nil {
		return msg.Entry{}, false
	}
	slot := fromMs(e.Slot)
	// The calendar works in minutes; the seconds of a slot (a schedule
	// made through the API) are kept by working on times shifted by them.
	sub := slot.Sub(slot.Truncate(time.Minute))
	t, ok := schedule.Next(schedule.Repeat(e.Repeat), slot.Add(-sub), later(slot, now).Add(-sub), o.cfg.Zone)
	if !ok {
		return msg.Entry{}, false
	}
	t = t.Add(sub)
	n := msg.Entry{
		ID: newID(), To: e.To, Account: e.Account, Kind: e.Kind, Text: e.Text, File: e.File, Emoticon: e.Emoticon, Scheduled: true,
		Slot: ms(t), Due: ms(t), Repeat: e.Repeat, Series: cmp.Or(e.Series, e.ID),
		ClientMsgID: o.clientMsgID(rec, nil), State: msg.EntryQueued,
		Created: ms(now), Updated: ms(now),
	}
	if e.File != nil {
		f := *e.File
		n.File = &f
	}
	return n, true
}

// prune forgets finished entries older than the settings keep them, and
// the oldest beyond MaxFinished.
func (o *Outbox) prune(rec *msg.Outbox, set msg.Settings, now time.Time, release *[]string, changed *bool) {
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
	*changed = true
}

// setEntry writes e (under the lock) and reports whether it is on disk.
func (o *Outbox) setEntry(ctx context.Context, e msg.Entry, f func(rec *msg.Outbox)) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	rec, err := o.load(ctx)
	if err != nil {
		return errStop{err}
	}
	e.Updated = ms(o.now())
	rec.Entries[e.ID] = e
	if f != nil {
		f(&rec)
	}
	if err := o.save(ctx, rec); err != nil {
		return errStop{err}
	}
	return nil
}

// resolve finds e's chat in the current login of e's account.
func (o *Outbox) resolve(ctx context.Context, e msg.Entry) (string, string, error) {
	ctx = forEntry(ctx, e.Account)
	login, ok, err := o.cfg.Link.Login(ctx)
	if err != nil {
		return "", "", err
	}
	if !ok {
		return "", "", refuse(msg.ErrLoggedOut, "")
	}
	chats, err := o.cfg.Link.Chats(ctx)
	if err != nil {
		return "", "", err
	}
	c, err := Match(e.To, login, chats)
	if err != nil {
		return "", login, err
	}
	return c.UserName, login, nil
}

// maxRefetches bounds the downloads of a Source whose file vanished.
const maxRefetches = 3

// upload is the upload step of a file entry.
func (o *Outbox) upload(ctx context.Context, e msg.Entry) error {
	to, login, err := o.resolve(ctx, e)
	if err != nil {
		return o.held(ctx, e, err, false)
	}
	f, err := o.cfg.Files.Open(ctx, e.File.ID)
	if err != nil && e.Source != nil && e.Retries < maxRefetches {
		// A download is uploaded from memory, and stored only when its
		// entry must wait (keepFile); a worker stopped before leaves
		// none: it is downloaded again (a few times at most: a store
		// that always fails is an error).
		e.File, e.State, e.Retries = nil, msg.EntryQueued, e.Retries+1
		return o.setEntry(ctx, e, nil)
	}
	if err != nil {
		return o.fail(ctx, e, &msg.Error{Code: msg.ErrFileGone, Detail: e.File.Name})
	}
	e.State = msg.EntryUploading
	if err := o.setEntry(ctx, e, nil); err != nil {
		return err
	}
	// A forwarded file or voice message goes as a file, whatever its
	// bytes are: it arrived as one.
	var force *protocol.Kind
	if e.Source != nil && e.Source.Media != nil && e.Kind == msg.KindFile {
		k := protocol.KindFile
		force = &k
	}
	var res protocol.UploadResult
	ctx = forEntry(ctx, e.Account)
	uploadedTo := to
	uploadTo := func(to string) error {
		uploadedTo = to
		return o.cfg.Link.Do(ctx, func(cl *protocol.Client) error {
			var err error
			res, err = cl.Upload(ctx, o.uploadOf(ctx, e, f, to, force))
			return err
		})
	}
	// An upload sends nothing to the chat: trying it again is safe.
	err = o.refinding(ctx, e, to, uploadTo)
	o.cfg.Effects.Progress(ctx, e.ID, nil)
	if err != nil {
		if errors.Is(err, protocol.ErrFileRead) {
			return o.fail(ctx, e, &msg.Error{Code: msg.ErrFileRead, Detail: e.File.Name})
		}
		return o.held(ctx, e, err, false)
	}
	e.State, e.Waiting, e.Retries, e.RetryAt = msg.EntryQueued, "", 0, 0
	e.Kind = KindOf(res.Kind)
	e.Upload = &msg.Upload{MediaID: res.MediaID, Kind: res.Kind.String(), Name: res.Name, Size: res.Size, Signature: res.Signature}
	e.UploadLogin = login
	if uploadedTo != to {
		// Found again: the send step goes to that chat of this login.
		e.To.UserName, e.To.Login = uploadedTo, login
	}
	return o.setEntry(ctx, e, nil)
}

// uploadOf is the upload of e's file f to the chat to.
func (o *Outbox) uploadOf(ctx context.Context, e msg.Entry, f File, to string, force *protocol.Kind) protocol.Upload {
	return protocol.Upload{
		To: to, Name: e.File.Name, Type: e.File.Type, Size: f.Size(), Data: f, MD5: e.File.MD5, Kind: force,
		Progress: func(done, total int64) {
			o.cfg.Effects.Progress(ctx, e.ID, &msg.Progress{Done: done, Size: total})
			if now := o.now(); now.Add(stepGuard / 2).After(o.guardAt) {
				o.guardAt = now.Add(stepGuard)
				o.wake(ctx, o.curRun, o.guardAt)
			}
		},
	}
}

// fetch is the fetch step: the Source's file is downloaded and kept
// (the entry goes on as a file), or a linked page becomes a text. A
// worker stopped meanwhile leaves the entry uploading: it is fetched
// again, and the file the first fetch may have kept is an orphan.
func (o *Outbox) fetch(ctx context.Context, e msg.Entry, limit int64) error {
	if o.cfg.Fetch == nil {
		return o.fail(ctx, e, &msg.Error{Code: msg.ErrSourceNotUsable})
	}
	e.State = msg.EntryUploading
	if err := o.setEntry(ctx, e, nil); err != nil {
		return err
	}
	got, err := o.cfg.Fetch.Fetch(ctx, *e.Source, limit, func(done, total int64) {
		o.cfg.Effects.Progress(ctx, e.ID, &msg.Progress{Done: done, Size: total, Fetching: true})
		if now := o.now(); now.Add(stepGuard / 2).After(o.guardAt) {
			o.guardAt = now.Add(stepGuard)
			o.wake(ctx, o.curRun, o.guardAt)
		}
	})
	o.cfg.Effects.Progress(ctx, e.ID, nil)
	if err != nil {
		return o.fail(ctx, e, ErrorOf(err))
	}
	e.State = msg.EntryQueued
	switch {
	case got.File != nil:
		f := *got.File
		e.File, e.Kind = &f, got.Kind
	case got.Text != "":
		e.Text, e.Kind = got.Text, msg.KindText
	default:
		return o.fail(ctx, e, &msg.Error{Code: msg.ErrEmptyFile})
	}
	return o.setEntry(ctx, e, nil)
}

// fileBytesOf is the bytes the record's files take now (0 when it cannot
// be read: the fetch's own limit then is the whole).
func fileBytesOf(o *Outbox, ctx context.Context) int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	rec, err := o.load(ctx)
	if err != nil {
		return 0
	}
	return fileBytes(rec)
}

// send is the send step.
func (o *Outbox) send(ctx context.Context, e msg.Entry) error {
	to, _, err := o.resolve(ctx, e)
	if err != nil {
		return o.held(ctx, e, err, false)
	}
	now := o.now()
	e.State, e.Tries = msg.EntrySending, e.Tries+1
	if err := o.setEntry(ctx, e, func(rec *msg.Outbox) { rec.LastSend = ms(now) }); err != nil {
		return err
	}
	var id string
	ctx = forEntry(ctx, e.Account)
	sendTo := func(to string) error {
		return o.cfg.Link.Do(ctx, func(cl *protocol.Client) error {
			return o.sendOnce(ctx, cl, e, to, &id)
		})
	}
	// A send refused is a send that sent nothing: one more request to the
	// chat found again is not a second copy.
	err = o.refinding(ctx, e, to, sendTo)
	if err == nil {
		e.MsgID = id
		return o.end(ctx, e, msg.EntrySent, nil, NoticeSent)
	}
	if errors.Is(err, protocol.ErrUncertain) {
		return o.end(ctx, e, msg.EntryUncertain, &msg.Error{Code: msg.ErrUncertain}, NoticeUncertain)
	}
	return o.held(ctx, e, err, true)
}

// sendOnce makes e's one send request to the chat to.
func (o *Outbox) sendOnce(ctx context.Context, cl *protocol.Client, e msg.Entry, to string, id *string) error {
	var r protocol.SendResult
	var err error
	switch {
	case e.Emoticon != "":
		r, err = cl.SendEmoticon(ctx, protocol.Emoticon{To: to, MD5: e.Emoticon, ClientMsgID: e.ClientMsgID})
	case e.File == nil:
		r, err = cl.SendText(ctx, protocol.Text{To: to, Content: e.Text, ClientMsgID: e.ClientMsgID})
	default:
		up := e.Upload
		kind, _ := protocol.ParseKind(up.Kind)
		r, err = cl.SendUploaded(ctx, to, protocol.UploadResult{Kind: kind, Name: up.Name, Size: up.Size, MediaID: up.MediaID, Signature: up.Signature}, e.ClientMsgID)
	}
	*id = r.MsgID
	return err
}

// notOfThisLogin: a refusal that may mean "this UserName is not of this
// login" (the server answers Ret 1, a parameter error, for a UserName of
// another login; §3.4 renews them at each login). The server answered, so
// nothing was sent; a send whose answer was lost (ErrUncertain) is never
// one.
func notOfThisLogin(err error) bool {
	return err != nil && errors.Is(err, protocol.ErrParam) && !errors.Is(err, protocol.ErrUncertain)
}

// refinding runs a step to the chat to; refused for a UserName not of
// this login, it runs it once more to the chat found again (refind).
func (o *Outbox) refinding(ctx context.Context, e msg.Entry, to string, step func(to string) error) error {
	err := step(to)
	if !notOfThisLogin(err) {
		return err
	}
	again, ok, ferr := o.refind(ctx, e, to)
	switch {
	case ferr != nil:
		return ferr
	case ok:
		return step(again)
	}
	return err
}

// refind fetches the chats of e's account's login now and finds e's chat
// again by its names, after the server refused the UserName to. ok is
// false when to is still among the chats: the refusal was about something
// else, and stands. No chat or several of the name are NOT_FOUND or
// AMBIGUOUS: nothing goes to a guess.
func (o *Outbox) refind(ctx context.Context, e msg.Entry, to string) (again string, ok bool, err error) {
	if stableUserName(e.To.UserName) {
		return "", false, nil
	}
	chats, err := o.cfg.Link.Fresh(ctx)
	if err != nil {
		return "", false, err
	}
	for _, c := range chats {
		if c.UserName == to {
			return "", false, nil
		}
	}
	byName := e.To
	byName.UserName, byName.Login = "", ""
	c, err := Match(byName, "", chats)
	if err != nil {
		return "", false, err
	}
	return c.UserName, true, nil
}

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
	o.cfg.Effects.Notify(ctx, Notice{Kind: notice, Entry: e, Quiet: notice == NoticeSent && !e.Scheduled && !e.Shared})
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

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
