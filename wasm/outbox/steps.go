package outbox

import (
	"context"
	"errors"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// The steps: each network step of an entry (fetch, upload, send) writes
// the entry before it goes to the network and after, through setEntry; a
// step that fails goes to held (end.go).

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
	ctx, cancel := context.WithTimeout(forEntry(ctx, e.Account), o.cfg.Deadlines.Plan)
	defer cancel()
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

// progress shows the progress of a step on entry id (a download when
// fetching, else an upload), and moves the step's wake-up on as it goes.
func (o *Outbox) progress(ctx context.Context, id string, fetching bool) func(done, total int64) {
	return func(done, total int64) {
		o.cfg.Effects.Progress(ctx, id, &msg.Progress{Done: done, Size: total, Fetching: fetching})
		now := o.now()
		o.guardMu.Lock()
		move := now.Add(stepGuard / 2).After(o.guardAt)
		if move {
			o.guardAt = now.Add(stepGuard)
		}
		o.guardMu.Unlock()
		if move {
			o.wake(ctx, o.curRun, now.Add(stepGuard))
		}
	}
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
	e.Upload = &msg.Upload{MediaID: res.MediaID, Kind: res.Kind.String(), Name: res.Name, Size: res.Size, Signature: res.Signature, FileID: e.File.ID}
	e.UploadLogin = login
	if uploadedTo != to {
		// Found again: the send step goes to that chat of this login.
		e.To.UserName, e.To.Login = uploadedTo, login
	}
	return o.setEntry(ctx, e, func(rec *msg.Outbox) { shareUpload(rec, e, uploadedTo) })
}

// uploadOf is the upload of e's file f to the chat to.
func (o *Outbox) uploadOf(ctx context.Context, e msg.Entry, f File, to string, force *protocol.Kind) protocol.Upload {
	return protocol.Upload{
		To: to, Name: e.File.Name, Type: e.File.Type, Size: f.Size(), Data: f, MD5: e.File.MD5, Kind: force,
		Progress:       o.progress(ctx, e.ID, false),
		RequestTimeout: o.cfg.Deadlines.Chunk,
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
	fctx, touch, stop := idle(ctx, o.cfg.Deadlines.Fetch)
	progress := o.progress(ctx, e.ID, true)
	got, err := o.cfg.Fetch.Fetch(fctx, *e.Source, limit, func(done, total int64) { touch(); progress(done, total) })
	stalled := errors.Is(context.Cause(fctx), errStalled)
	stop()
	o.cfg.Effects.Progress(ctx, e.ID, nil)
	if err != nil && stalled {
		if e.Retries < maxRefetches {
			// A download that stopped coming sent nothing to the chat:
			// it is tried again after the backoff of a lost connection,
			// a few times at most.
			return o.held(ctx, e, &msg.Error{Code: msg.ErrNetwork}, false)
		}
		err = &msg.Error{Code: msg.ErrUnreachable}
	}
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
	if requestOf(e.Content) == requestNone {
		// Nothing is sent rather than an empty text: an entry of a kind
		// this worker does not know (written by a newer one) fails.
		return o.fail(ctx, e, unsendable(e))
	}
	to, _, err := o.resolve(ctx, e)
	if err != nil {
		return o.held(ctx, e, err, false)
	}
	now := o.now()
	e.State, e.Tries = msg.EntrySending, e.Tries+1
	if err := o.setEntry(ctx, e, func(rec *msg.Outbox) { rec.LastSend = ms(now); noteRunSend(rec, e, now) }); err != nil {
		return err
	}
	var id string
	ctx = forEntry(ctx, e.Account)
	sendTo := func(to string) error {
		// Each request on its own deadline; one cut short after it may
		// have left is an UncertainError (protocol's roundTrip).
		return bounded(ctx, o.cfg.Deadlines.Send, func(ctx context.Context) error {
			return o.cfg.Link.Do(ctx, func(cl *protocol.Client) error {
				return o.sendOnce(ctx, cl, e, to, &id)
			})
		})
	}
	// A send refused is a send that sent nothing: one more request to the
	// chat found again is not a second copy.
	err = o.refinding(ctx, e, to, sendTo)
	if notOfThisLogin(err) && borrowed(o, ctx, e, to) {
		// WeChat refused the run's MediaId for this chat: nothing was
		// sent, and this chat and the run's next ones upload their own.
		e.State, e.Tries, e.Upload, e.UploadLogin = msg.EntryQueued, e.Tries-1, nil, ""
		return o.setEntry(ctx, e, func(rec *msg.Outbox) { uploadPerChat(rec, e) })
	}
	if err == nil {
		e.MsgID = id
		return o.end(ctx, e, msg.EntrySent, nil, NoticeSent)
	}
	if errors.Is(err, protocol.ErrUncertain) {
		return o.end(ctx, e, msg.EntryUncertain, &msg.Error{Code: msg.ErrUncertain}, NoticeUncertain)
	}
	return o.held(ctx, e, err, true)
}

// request is the send request that carries a content.
type request int

const (
	// requestNone: no request carries it (a kind of content this worker
	// does not know).
	requestNone request = iota
	requestText
	requestEmoticon
	// requestUploaded sends the file the upload step uploaded.
	requestUploaded
)

// requestOf is the request that sends c, once it is fetched and
// uploaded. A kind of content added to msg.Content is sent by none until
// it is added here (TestEveryContentIsSent fails until then).
func requestOf(c msg.Content) request {
	switch {
	case c.Emoticon != "":
		return requestEmoticon
	case c.File != nil:
		return requestUploaded
	case c.Text != "" || c.Kind == msg.KindText:
		return requestText
	}
	return requestNone
}

func unsendable(e msg.Entry) *msg.Error {
	return &msg.Error{Code: msg.ErrInternal, Detail: "no request sends a message of kind " + string(e.Kind)}
}

// sendOnce makes e's one send request to the chat to.
func (o *Outbox) sendOnce(ctx context.Context, cl *protocol.Client, e msg.Entry, to string, id *string) error {
	var r protocol.SendResult
	var err error
	switch requestOf(e.Content) {
	case requestEmoticon:
		r, err = cl.SendEmoticon(ctx, protocol.Emoticon{To: to, MD5: e.Emoticon, ClientMsgID: e.ClientMsgID})
	case requestText:
		r, err = cl.SendText(ctx, protocol.Text{To: to, Content: e.Text, ClientMsgID: e.ClientMsgID})
	case requestUploaded:
		up := e.Upload
		kind, _ := protocol.ParseKind(up.Kind)
		r, err = cl.SendUploaded(ctx, to, protocol.UploadResult{Kind: kind, Name: up.Name, Size: up.Size, MediaID: up.MediaID, Signature: up.Signature}, e.ClientMsgID)
	default:
		return unsendable(e)
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
	var chats []msg.Contact
	err = bounded(ctx, o.cfg.Deadlines.Plan, func(ctx context.Context) (err error) {
		chats, err = o.cfg.Link.Fresh(ctx)
		return err
	})
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
