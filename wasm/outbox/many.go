package outbox

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/schedule"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// hold is what a run makes an entry of it wait for.
type hold struct {
	// gate: the run's spacing and its cap per hour let it go no sooner.
	gate time.Time
	// paused: the person paused the run.
	paused bool
	// base is the time its grace period counts from: its own time, or
	// later when the run moved or held it (a run of 100 chats at 3 s
	// takes minutes past its time and misses none).
	base time.Time
}

// holdOf is e's hold; an entry of no run is held by nothing.
func holdOf(rec msg.Outbox, e msg.Entry) hold {
	h := hold{base: fromMs(e.Due)}
	r, ok := rec.Runs[e.Run]
	if e.Run == "" || !ok {
		return h
	}
	h.paused = r.Paused
	h.gate = later(fromMs(r.LastSend).Add(time.Duration(r.SpacingMs)*time.Millisecond), capEnd(r))
	h.base = later(later(h.base, fromMs(r.Active)), later(h.gate, fromMs(rec.PauseUntil)))
	return h
}

// capEnd is when r's cap per hour lets its next send go: an hour after
// the send PerHour sends ago (zero: fewer sends than that). In the past, it
// is when the cap let go, which a grace period counts from.
func capEnd(r msg.Run) time.Time {
	if r.PerHour <= 0 || len(r.Sends) < r.PerHour {
		return time.Time{}
	}
	return fromMs(r.Sends[len(r.Sends)-r.PerHour]).Add(time.Hour)
}

// noteRunSend records that e's run sends now: written with the entry's
// "sending" state, before the request, so a stopped worker's successor
// keeps the spacing and the cap.
func noteRunSend(rec *msg.Outbox, e msg.Entry, now time.Time) {
	r, ok := rec.Runs[e.Run]
	if e.Run == "" || !ok {
		return
	}
	r.LastSend, r.Active = ms(now), ms(now)
	// The last PerHour sends are all the cap needs.
	r.Sends = append(append([]int64(nil), r.Sends...), ms(now))
	if r.PerHour > 0 && len(r.Sends) > r.PerHour {
		r.Sends = r.Sends[len(r.Sends)-r.PerHour:]
	}
	rec.Runs[e.Run] = r
}

// runAnswered moves the run's last send to when its answer came: the
// spacing and the cap then hold at the server too, whatever time a request took to
// get there (a quick request after a slow one came closer than the
// spacing).
func runAnswered(rec *msg.Outbox, e msg.Entry, now time.Time) {
	if r, ok := rec.Runs[e.Run]; ok && e.Run != "" {
		r.LastSend = max(r.LastSend, ms(now))
		// The cap counts the send at its answer too: the run's sends go
		// one at a time, so its last is this one.
		if n := len(r.Sends); n > 0 {
			r.Sends = append([]int64(nil), r.Sends...)
			r.Sends[n-1] = max(r.Sends[n-1], ms(now))
		}
		rec.Runs[e.Run] = r
	}
}

// shareUpload keeps e's upload, made to the chat to, on e's run: the
// run's other chats send its MediaId (planOf) instead of uploading the
// same file again, across a stopped worker too (it is in the record).
func shareUpload(rec *msg.Outbox, e msg.Entry, to string) {
	r, ok := rec.Runs[e.Run]
	if e.Run == "" || !ok || r.UploadPerChat || e.Upload == nil {
		return
	}
	u := *e.Upload
	r.Upload, r.UploadLogin, r.UploadTo = &u, e.UploadLogin, to
	rec.Runs[e.Run] = r
}

// borrowed: e sends its run's upload, made for another chat than to.
func borrowed(o *Outbox, ctx context.Context, e msg.Entry, to string) bool {
	if e.Run == "" || e.Upload == nil {
		return false
	}
	o.mu.Lock()
	rec, err := o.load(ctx)
	o.mu.Unlock()
	if err != nil {
		return false
	}
	r := rec.Runs[e.Run]
	return r.Upload != nil && r.Upload.MediaID == e.Upload.MediaID && r.UploadTo != to
}

// uploadPerChat makes e's run upload its file for each chat from now on.
func uploadPerChat(rec *msg.Outbox, e msg.Entry) {
	if r, ok := rec.Runs[e.Run]; ok {
		r.UploadPerChat, r.Upload, r.UploadLogin, r.UploadTo = true, nil, "", ""
		rec.Runs[e.Run] = r
	}
}

// pruneRuns forgets the runs no entry belongs to any more.
func pruneRuns(rec *msg.Outbox, changed *bool) {
	if len(rec.Runs) == 0 {
		return
	}
	used := map[string]bool{}
	for _, e := range rec.Entries {
		used[e.Run] = true
	}
	for id := range rec.Runs {
		if !used[id] {
			delete(rec.Runs, id)
			*changed = true
		}
	}
}

// AddRun makes a run: one text entry per chat, its placeholders filled
// for that chat, all written before AddRun answers. A chat named twice
// gets the run once.
func (o *Outbox) AddRun(ctx context.Context, b msg.RunBody) (msg.RunStatus, error) {
	b = b.Normalized()
	if strings.TrimSpace(b.Text) == "" {
		b.Text = ""
	}
	if b.Text == "" && b.File == nil {
		return msg.RunStatus{}, refuse(msg.ErrEmptyMessage, "")
	}
	if b.File != nil {
		f, err := checkFile(*b.File)
		if err != nil {
			return msg.RunStatus{}, err
		}
		b.File = &f
	}
	if len(b.Text) > msg.MaxTextBytes {
		return msg.RunStatus{}, refuse(msg.ErrTooLong, "")
	}
	var to []string
	seen := map[string]bool{}
	for _, u := range b.To {
		if u != "" && !seen[u] {
			seen[u] = true
			to = append(to, u)
		}
	}
	if len(to) == 0 || len(to) > msg.MaxRunChats {
		return msg.RunStatus{}, msg.BadRunChats.Err(strconv.Itoa(msg.MaxRunChats))
	}
	if b.Repeat != msg.RepeatNone && (!schedule.Repeat(b.Repeat).Valid() || b.At == 0) {
		return msg.RunStatus{}, refuse(msg.ErrBadTime, "a repeat needs a time")
	}
	now := o.now()
	due := now
	if b.At != 0 {
		at := fromMs(b.At)
		if at.Before(now.Add(-pastTolerance)) {
			return msg.RunStatus{}, refuse(msg.ErrBadTime, "")
		}
		due = later(at, now)
	}
	acct, err := o.cfg.Link.Account(ctx)
	if err != nil {
		return msg.RunStatus{}, err
	}
	ctx = forEntry(ctx, acct)
	login, chats, err := o.loginChats(ctx)
	if err != nil {
		return msg.RunStatus{}, err
	}
	byName := map[string]msg.Contact{}
	for _, c := range chats {
		byName[c.UserName] = c
	}
	var recips []msg.Recipient
	for _, u := range to {
		c, ok := byName[u]
		if !ok {
			// Its UserName, which the popup names: a refusal of a run of
			// fifty chats that does not say which left a person to guess.
			return msg.RunStatus{}, refuse(msg.ErrNotFound, u)
		}
		recips = append(recips, RecipientOf(c, login))
	}

	// The files of the history makeRoom forgets go once the lock is let go
	// (releaseFiles takes it).
	var freed []string
	defer func() { o.releaseFiles(ctx, freed...) }()
	o.mu.Lock()
	defer o.mu.Unlock()
	rec, err := o.load(ctx)
	if err != nil {
		return msg.RunStatus{}, err
	}
	id := b.ID
	if id == "" {
		id = newID()
	} else if _, taken := rec.Runs[id]; taken || !isID(id) {
		return msg.RunStatus{}, msg.BadRunID.Err()
	}
	if pendingCount(rec)+len(recips)*len(runContents(b, msg.Recipient{})) > msg.MaxPending {
		return msg.RunStatus{}, refuse(msg.ErrOutboxFull, "")
	}
	if b.File != nil && fileBytes(rec)+b.File.Size > msg.MaxFileBytes {
		return msg.RunStatus{}, refuse(msg.ErrOutboxFull, "")
	}
	created := ms(now)
	for _, e := range rec.Entries {
		created = max(created, e.Created+1)
	}
	var made []msg.Entry
	for i, r := range recips {
		for _, c := range runContents(b, r) {
			e := msg.Entry{
				ID: newID(), To: r, Account: acct, Content: c,
				Scheduled: b.At != 0, Slot: ms(due), Due: ms(due), Repeat: b.Repeat,
				ClientMsgID: o.clientMsgID(rec, made), State: msg.EntryQueued,
				Created: created + int64(len(made)), Updated: ms(now), Run: id, RunSeq: i,
			}
			if len(e.Text) > msg.MaxTextBytes {
				return msg.RunStatus{}, refuse(msg.ErrTooLong, r.Name())
			}
			if e.Repeat != msg.RepeatNone {
				e.Series = e.ID
			}
			made = append(made, e)
		}
	}
	if rec.Runs == nil {
		rec.Runs = map[string]msg.Run{}
	}
	rec.Runs[id] = msg.Run{ID: id, Account: acct, SpacingMs: b.SpacingMs, PerHour: b.PerHour, Active: ms(due), Created: ms(now)}
	for _, e := range made {
		rec.Entries[e.ID] = e
	}
	var fits bool
	if freed, fits = makeRoom(&rec); !fits {
		return msg.RunStatus{}, refuse(msg.ErrOutboxFull, "")
	}
	if b.File != nil {
		delete(rec.Orphans, b.File.ID)
	}
	if err := o.save(ctx, rec); err != nil {
		return msg.RunStatus{}, err
	}
	o.guard(ctx)
	o.Kick()
	st, _ := msg.StatusOf(rec, id)
	return st, nil
}

// guard sets the alarm stepGuard ahead before what was just written is
// planned: a worker stopped in between, which would leave a message
// scheduled an hour away with no alarm, is woken to plan it. It is called
// before Kick, so that the plan's own wake-up, made by a run that starts
// after it, comes last and replaces this one (called after Kick, it could
// follow that run's wake-up and put the alarm seconds away instead of at
// the message's time).
func (o *Outbox) guard(ctx context.Context) {
	o.runMu.Lock()
	run := o.curRun
	o.runMu.Unlock()
	o.wake(ctx, run, o.now().Add(stepGuard))
}

// runContents are the messages of run b to the chat r, in order: its
// text with r's names filled in, then its file. Every chat's file entry
// names the same file (one Blob in IndexedDB, kept while any of them may
// still send it), and the first upload of it serves them all (planOf).
func runContents(b msg.RunBody, r msg.Recipient) []msg.Content {
	var cs []msg.Content
	if b.Text != "" {
		// The names as a person reads them: web WeChat's carry emoji as
		// markup and entities (§2), which would reach the chat as tags.
		shown := r
		shown.NickName, shown.RemarkName = search.Clean(r.NickName), search.Clean(r.RemarkName)
		cs = append(cs, msg.Content{Kind: msg.KindText, Text: msg.Fill(b.Text, shown)})
	}
	if b.File != nil {
		f := *b.File
		cs = append(cs, msg.Content{Kind: KindOf(protocol.KindOf(f.Name, f.Size)), File: &f})
	}
	return cs
}

// loginChats are the account's own UserName in the current login and the
// chats of that login, which the entries' recipients are described from.
func (o *Outbox) loginChats(ctx context.Context) (string, []msg.Contact, error) {
	login, _, err := o.cfg.Link.Login(ctx)
	if err != nil {
		return "", nil, err
	}
	chats, err := o.cfg.Link.Chats(ctx)
	return login, chats, err
}

// RunAction is what the person does to a run.
type RunAction int

const (
	RunGet RunAction = iota
	RunPause
	RunResume
	RunStop
)

// DoRun shows, pauses, resumes or stops run id. A tab's account sees only
// its own runs (the extension's pages see all).
func (o *Outbox) DoRun(ctx context.Context, id string, a RunAction) (msg.RunStatus, error) {
	var release []string
	o.mu.Lock()
	rec, err := o.load(ctx)
	if err != nil {
		o.mu.Unlock()
		return msg.RunStatus{}, err
	}
	r, ok := rec.Runs[id]
	if acct, set := AccountOf(ctx); !ok || (set && acct != r.Account) {
		o.mu.Unlock()
		return msg.RunStatus{}, refuse(msg.ErrNoEntry, "")
	}
	now := o.now()
	switch a {
	case RunPause:
		r.Paused = true
	case RunResume:
		r.Paused, r.Active = false, ms(now)
	case RunStop:
		r.Paused, r.Stopped = false, true
		for eid, e := range rec.Entries {
			if e.Run != id || e.State != msg.EntryQueued || o.inflight[eid] {
				continue
			}
			e.State, e.Error, e.Done, e.Updated, e.Waiting = msg.EntryCancelled, &msg.Error{Code: msg.ErrCancelled}, ms(now), ms(now), ""
			rec.Entries[eid] = e
			if e.File != nil {
				release = append(release, e.File.ID)
			}
		}
	}
	if a != RunGet {
		rec.Runs[id] = r
		if err := o.save(ctx, rec); err != nil {
			o.mu.Unlock()
			return msg.RunStatus{}, err
		}
	}
	o.mu.Unlock()
	if a != RunGet {
		o.releaseFiles(ctx, release...)
		o.Kick()
	}
	st, _ := msg.StatusOf(rec, id)
	return st, nil
}
