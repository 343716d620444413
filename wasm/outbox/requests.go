package outbox

import (
	"context"
	"strings"
	"time"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/wxurl"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/safename"
	"github.com/wxdrop/wxdrop/wasm/schedule"
)

// pastTolerance: a time picked in the minute that just passed is "now",
// not an error (the pickers have minutes, the clock does not wait).
const pastTolerance = time.Minute

// Add makes the entries of one request: a text, a file, or both (the text
// first). They are written before Add answers, so a popup that closes at
// once loses nothing.
func (o *Outbox) Add(ctx context.Context, b msg.AddBody) ([]msg.Entry, error) {
	if (b.To == "") == (b.Recipient == nil) {
		return nil, msg.BadAddTo.Err()
	}
	if r := b.Recipient; r != nil && (r.Name() == "" || r.UserName != "") {
		return nil, msg.BadRecipientNames.Err()
	}
	if strings.TrimSpace(b.Text) == "" {
		b.Text = ""
	}
	if b.Text == "" && b.File == nil && b.Source == nil && b.Emoticon == "" {
		return nil, refuse(msg.ErrEmptyMessage, "")
	}
	if b.Source != nil && (b.File != nil || (b.Source.URL == "") == (b.Source.Media == nil)) {
		return nil, msg.BadSource.Err()
	}
	if m := b.Source; m != nil && m.Media != nil && ((m.Media.Type != "file" && m.Media.MsgID == "") || (m.Media.Type == "file" && m.Media.MediaID == "")) {
		// A file is fetched by its MediaId (its link on the page names no
		// MsgId); the others by their MsgId.
		return nil, msg.BadMediaID.Err()
	}
	if m := b.Source; m != nil && m.URL != "" {
		// A URL is kept as wxurl.Clean leaves it, or not at all: the
		// outbox is in storage.local for days (share.PlanOf cleans it;
		// this holds for every other way in).
		if u, med, err := wxurl.Clean(m.URL); err != nil || med != nil || u != m.URL {
			return nil, refuse(msg.ErrWeChatURL, "")
		}
	}
	if b.Emoticon != "" && (b.File != nil || b.Source != nil || !protocol.IsMD5Hex(b.Emoticon)) {
		return nil, msg.BadStickerAlone.Err()
	}
	if len(b.Text) > msg.MaxTextBytes {
		return nil, refuse(msg.ErrTooLong, "")
	}
	if b.File != nil {
		f, err := checkFile(*b.File)
		if err != nil {
			return nil, err
		}
		b.File = &f
	}
	if !schedule.Repeat(b.Repeat).Valid() && b.Repeat != msg.RepeatNone {
		return nil, msg.BadRepeat.Err()
	}
	now := o.now()
	due := now
	if b.At != 0 {
		at := fromMs(b.At)
		if at.Before(now.Add(-pastTolerance)) {
			return nil, refuse(msg.ErrBadTime, "")
		}
		if at.After(now) {
			due = at
		}
	} else if b.Repeat != msg.RepeatNone {
		return nil, refuse(msg.ErrBadTime, "a repeat needs a time")
	}
	// The entry belongs to the account it was made for (a tab's, a
	// rule's, the popup's), and its chat is looked up in that account.
	acct, err := o.cfg.Link.Account(ctx)
	if err != nil {
		return nil, err
	}
	ctx = forEntry(ctx, acct)
	var to msg.Recipient
	if b.Recipient != nil {
		to = *b.Recipient
	} else if to, err = o.recipientOf(ctx, b.To); err != nil {
		return nil, err
	}

	// The files of the history makeRoom forgets go once the lock is let go
	// (releaseFiles takes it).
	var freed []string
	defer func() { o.releaseFiles(ctx, freed...) }()
	o.mu.Lock()
	defer o.mu.Unlock()
	rec, err := o.load(ctx)
	if err != nil {
		return nil, err
	}
	// Created orders the entries as they were asked for, even within one
	// millisecond.
	created := ms(now)
	for _, e := range rec.Entries {
		created = max(created, e.Created+1)
	}
	if b.ID != "" {
		if _, taken := rec.Entries[b.ID]; taken || !isID(b.ID) {
			return nil, msg.BadEntryID.Err()
		}
	}
	var made []msg.Entry
	mk := func(kind msg.EntryKind) msg.Entry {
		id := newID()
		if b.ID != "" && len(made) == 0 {
			id = b.ID
		}
		e := msg.Entry{
			ID: id, To: to, Account: acct, Content: msg.Content{Kind: kind}, Scheduled: b.At != 0, Shared: b.Shared, Chosen: chosen(ctx),
			Slot: ms(due), Due: ms(due), Repeat: b.Repeat,
			ClientMsgID: o.clientMsgID(rec, made), State: msg.EntryQueued,
			Created: created + int64(len(made)), Updated: ms(now),
		}
		if e.Repeat != msg.RepeatNone {
			e.Series = e.ID
		}
		return e
	}
	if b.Text != "" {
		e := mk(msg.KindText)
		e.Text = b.Text
		made = append(made, e)
	}
	if b.File != nil {
		f := *b.File
		e := mk(KindOf(protocol.KindOf(f.Name, f.Size)))
		e.File = &f
		made = append(made, e)
	}
	if b.Emoticon != "" {
		e := mk(msg.KindEmoticon)
		e.Emoticon = b.Emoticon
		made = append(made, e)
	}
	if b.Source != nil {
		// Its kind is known for sure once it is fetched.
		src := *b.Source
		kind := msg.KindFile
		if m := src.Media; m != nil {
			mm := *m
			src.Media = &mm
			if k := msg.EntryKind(m.Type); k == msg.KindImage || k == msg.KindVideo {
				kind = k
			}
		}
		e := mk(kind)
		e.Source = &src
		made = append(made, e)
	}
	if pendingCount(rec)+len(made) > msg.MaxPending {
		return nil, refuse(msg.ErrOutboxFull, "")
	}
	if b.File != nil && fileBytes(rec)+b.File.Size > msg.MaxFileBytes {
		return nil, refuse(msg.ErrOutboxFull, "")
	}
	for _, e := range made {
		rec.Entries[e.ID] = e
	}
	var fits bool
	if freed, fits = makeRoom(&rec); !fits {
		return nil, refuse(msg.ErrOutboxFull, "")
	}
	if b.File != nil {
		delete(rec.Orphans, b.File.ID)
	}
	if err := o.save(ctx, rec); err != nil {
		return nil, err
	}
	o.guard(ctx) // a worker stopped before it plans these still wakes (guard's reason)
	o.Kick()
	return made, nil
}

// checkFile is a file a request names, as the outbox keeps it, or why it
// is refused.
func checkFile(f msg.FileRef) (msg.FileRef, error) {
	// Whoever named it (a page script through the API, a file on the
	// disk), the chat sees a name that shows what it is: no control
	// reorders "fdp.exe" into "exe.pdf".
	f.Name = safename.Visible(f.Name)
	if f.ID == "" || f.Name == "" {
		return f, msg.BadFileIDName.Err()
	}
	if f.Size <= 0 {
		return f, refuse(msg.ErrEmptyFile, f.Name)
	}
	return f, nil
}

// recipientOf describes the chat userName of the current login, so that
// it can be found again in a later one.
func (o *Outbox) recipientOf(ctx context.Context, userName string) (msg.Recipient, error) {
	login, chats, err := o.loginChats(ctx)
	if err != nil {
		return msg.Recipient{}, err
	}
	for _, c := range chats {
		if c.UserName == userName {
			return RecipientOf(c, login), nil
		}
	}
	return msg.Recipient{}, refuse(msg.ErrNotFound, "")
}

// needsFile reports whether an entry may still send its file: it waits,
// or the person may send it again.
func needsFile(e msg.Entry) bool {
	return e.File != nil && e.State != msg.EntrySent && e.State != msg.EntryCancelled
}

// fileBytes is the size of the files the outbox holds for its entries.
func fileBytes(rec msg.Outbox) int64 {
	seen := map[string]bool{}
	var n int64
	for _, e := range rec.Entries {
		if needsFile(e) && !seen[e.File.ID] {
			seen[e.File.ID] = true
			n += e.File.Size
		}
	}
	return n
}

// editable refuses an entry that is not queued or that this worker is
// sending now.
func (o *Outbox) editable(e msg.Entry) error {
	if e.State != msg.EntryQueued || o.inflight[e.ID] {
		return refuse(msg.ErrNotQueued, "")
	}
	return nil
}

// Edit changes a queued entry: its text, time, repeat or chat.
func (o *Outbox) Edit(ctx context.Context, b msg.EditBody) (msg.Entry, error) {
	var to *msg.Recipient
	if b.To != "" {
		// The new chat is one of the entry's own account.
		o.mu.Lock()
		rec, err := o.load(ctx)
		o.mu.Unlock()
		if err != nil {
			return msg.Entry{}, err
		}
		r, err := o.recipientOf(forEntry(ctx, rec.Entries[b.ID].Account), b.To)
		if err != nil {
			return msg.Entry{}, err
		}
		to = &r
	}
	if b.Text != nil && len(*b.Text) > msg.MaxTextBytes {
		return msg.Entry{}, refuse(msg.ErrTooLong, "")
	}
	if b.Repeat != nil && *b.Repeat != msg.RepeatNone && !schedule.Repeat(*b.Repeat).Valid() {
		return msg.Entry{}, msg.BadRepeat.Err()
	}
	now := o.now()
	e, err := o.update(ctx, b.ID, func(_ *msg.Outbox, e *msg.Entry) error {
		if err := o.editable(*e); err != nil {
			return err
		}
		if b.Text != nil {
			if e.Kind != msg.KindText {
				return msg.BadEditTextOnly.Err()
			}
			if strings.TrimSpace(*b.Text) == "" {
				return refuse(msg.ErrEmptyMessage, "")
			}
			e.Text = *b.Text
		}
		if b.At != 0 {
			at := fromMs(b.At)
			if at.Before(now.Add(-pastTolerance)) {
				return refuse(msg.ErrBadTime, "")
			}
			e.Slot, e.Due, e.Scheduled = b.At, max(b.At, ms(now)), true
			e.Waiting, e.Notified, e.RetryAt, e.Retries = "", false, 0, 0
		}
		if b.Repeat != nil {
			if *b.Repeat != msg.RepeatNone && !e.Scheduled {
				return refuse(msg.ErrBadTime, "a repeat needs a time")
			}
			e.Repeat = *b.Repeat
			if e.Repeat != msg.RepeatNone && e.Series == "" {
				e.Series = e.ID
			}
		}
		if to != nil {
			e.To = *to
			// An upload is made for its recipient.
			e.Upload, e.UploadLogin = nil, ""
		}
		return nil
	})
	if err == nil {
		o.Kick()
	}
	return e, err
}

// Cancel ends a queued entry, and the repeat it belongs to.
func (o *Outbox) Cancel(ctx context.Context, id string) (msg.Entry, error) {
	var file string
	e, err := o.update(ctx, id, func(_ *msg.Outbox, e *msg.Entry) error {
		if err := o.editable(*e); err != nil {
			return err
		}
		e.State, e.Done, e.Waiting = msg.EntryCancelled, ms(o.now()), ""
		if e.File != nil {
			file = e.File.ID
		}
		return nil
	})
	if err == nil {
		o.releaseFiles(ctx, file)
		o.Kick()
	}
	return e, err
}

// SendNow makes a queued entry due now, or queues a failed, missed or
// uncertain one again with its ClientMsgId (the person chose to).
func (o *Outbox) SendNow(ctx context.Context, id string) (msg.Entry, error) {
	now := ms(o.now())
	e, err := o.update(ctx, id, func(_ *msg.Outbox, e *msg.Entry) error {
		switch e.State {
		case msg.EntryQueued:
			if o.inflight[e.ID] {
				return refuse(msg.ErrNotQueued, "")
			}
		case msg.EntryFailed, msg.EntryMissed, msg.EntryUncertain:
			e.State, e.Error, e.Done = msg.EntryQueued, nil, 0
		default:
			return refuse(msg.ErrNotQueued, "")
		}
		e.Due = now
		e.Waiting, e.Notified, e.RetryAt, e.Retries = "", false, 0, 0
		return nil
	})
	if err == nil {
		o.Kick()
	}
	return e, err
}

// Clear forgets the finished entries, and the files only they needed.
func (o *Outbox) Clear(ctx context.Context) error {
	o.mu.Lock()
	rec, err := o.load(ctx)
	if err != nil {
		o.mu.Unlock()
		return err
	}
	var files []string
	for id, e := range rec.Entries {
		if e.State.Final() {
			if e.File != nil {
				files = append(files, e.File.ID)
			}
			delete(rec.Entries, id)
		}
	}
	err = o.save(ctx, rec)
	o.mu.Unlock()
	if err != nil {
		return err
	}
	o.releaseFiles(ctx, files...)
	return nil
}

// releaseFiles deletes the files of ids that no entry needs any more. A
// file whose delete is lost (a stopped worker) is swept as an orphan.
func (o *Outbox) releaseFiles(ctx context.Context, ids ...string) {
	if len(ids) == 0 {
		return
	}
	o.mu.Lock()
	rec, err := o.load(ctx)
	o.mu.Unlock()
	if err != nil {
		return
	}
	needed := map[string]bool{}
	for _, e := range rec.Entries {
		if needsFile(e) {
			needed[e.File.ID] = true
		}
	}
	for _, id := range ids {
		if needed[id] {
			// Another entry (a repeat's next) sends it later: a
			// download must outlive this wake.
			o.cfg.Files.Persist(ctx, id)
		} else {
			_ = o.cfg.Files.Delete(ctx, id)
		}
	}
}
