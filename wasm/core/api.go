package core

import (
	"context"
	"encoding/json"
	"errors"
	"path"
	"strings"
	"time"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// The page API: window.wxdrop's calls, from the web WeChat tab's content
// script. The API can do nothing the logged-in page could not do itself:
// it reads the chats and sends through the outbox (and its rate limit),
// and never fetches a URL it is given. It answers only while the person
// has turned it on (msg.Automation).

// apiWait is how long a send call waits for its message to go out: the
// call's own timeout, within [MinAPIWaitMs, APIWaitMs].
func apiWait(call msg.APICallBody) time.Duration {
	ms := call.TimeoutMs
	if ms <= 0 || ms > msg.APIWaitMs {
		ms = msg.APIWaitMs
	}
	return time.Duration(max(ms, msg.MinAPIWaitMs)) * time.Millisecond
}

// apiSendCall is what the content script says of a call besides its
// arguments: the id a send's (or a schedule's, or a run's) entry takes,
// made by the content script, and how long a send waits.
type apiSendCall struct {
	entry string
	wait  time.Duration
}

func (c *Core) automation(ctx context.Context) (msg.Automation, error) {
	var a msg.Automation
	_, err := c.env.Storage.Get(ctx, browser.AreaLocal, msg.AutomationKey, &a)
	return a, err
}

func (c *Core) setAutomation(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	a, err := decode[msg.Automation](body, msg.SetAutomation)
	if err != nil {
		return nil, err
	}
	return a, c.env.Storage.Set(ctx, browser.AreaLocal, msg.AutomationKey, a)
}

// apiOn says API_OFF unless the person turned the page API on.
func (c *Core) apiOn(ctx context.Context) error {
	a, err := c.automation(ctx)
	if err == nil && !a.API {
		err = &msg.Error{Code: msg.ErrAPIOff}
	}
	return err
}

// apiChats are the chats of the tab's login, which must be live.
func (c *Core) apiChats(ctx context.Context) ([]msg.Contact, error) {
	return c.chats(ctx, false)
}

// apiContacts are the chats matching a query (pinyin too, as the popup's
// search), or all of them, as plain objects.
func apiContacts(chats []msg.Contact, query string) []msg.APIContact {
	list := chats
	if q := strings.TrimSpace(query); q != "" {
		ix := search.New(chats)
		hits, _ := ix.Search(q, len(chats))
		list = make([]msg.Contact, len(hits))
		for i, h := range hits {
			list[i] = ix.Contact(h)
		}
	}
	out := make([]msg.APIContact, len(list))
	for i, ct := range list {
		out[i] = msg.APIContact{UserName: ct.UserName, NickName: search.Clean(ct.NickName), RemarkName: search.Clean(ct.RemarkName),
			IsGroup: ct.Group, Alias: ct.Alias, Province: ct.Province, City: ct.City}
	}
	return out
}

// apiTo finds the chat a call names: a UserName of this login, or the
// exact remark, nick or group name of one chat (a group not saved to the
// contacts by its UserName only: GROUP_UNSAVED). Nothing is sent to a
// guess: no match is NOT_FOUND, several are AMBIGUOUS.
func apiTo(chats []msg.Contact, to string) (string, error) {
	to = strings.TrimSpace(to)
	if to == "" {
		return "", msg.BadToEmpty.Err()
	}
	for _, ct := range chats {
		if ct.UserName == to {
			return to, nil
		}
	}
	var found []string
	unsaved := false
	for _, ct := range chats {
		if (ct.RemarkName != "" && search.Clean(ct.RemarkName) == to) || search.Clean(ct.NickName) == to {
			if ct.Unsaved {
				// Not found by its name: anyone can make a group of
				// any name with the person in it (security.md row 77).
				unsaved = true
				continue
			}
			found = append(found, ct.UserName)
		}
	}
	switch {
	case len(found) == 0 && unsaved:
		return "", &msg.Error{Code: msg.ErrGroupUnsaved, Detail: to}
	case len(found) == 0:
		return "", &msg.Error{Code: msg.ErrNotFound, Detail: to}
	case len(found) == 1:
		return found[0], nil
	}
	return "", &msg.Error{Code: msg.ErrAmbiguous, Detail: to}
}

// apiSend queues body to the chat now and waits for the outcome. A
// message the outbox would hold (logged out, too frequent, no network)
// is cancelled and the call rejects with why: a script decides itself
// what to do.
func (c *Core) apiSend(ctx context.Context, sc apiSendCall, to string, body msg.AddBody) (*msg.APISent, error) {
	body.ID = sc.entry
	id, err := c.apiAdd(ctx, to, body)
	if err != nil {
		return nil, err
	}
	sc.entry = id
	return c.apiOutcome(ctx, sc)
}

// apiAdd finds the chat a call names and queues body to it.
func (c *Core) apiAdd(ctx context.Context, to string, body msg.AddBody) (string, error) {
	chats, err := c.apiChats(ctx)
	if err != nil {
		return "", err
	}
	if body.To, err = apiTo(chats, to); err != nil {
		return "", err
	}
	es, err := c.outbox.Add(ctx, body)
	if err != nil {
		return "", err
	}
	return es[0].ID, nil
}

// record is the outbox's record as stored.
func (c *Core) record(ctx context.Context) (msg.Outbox, error) {
	var rec msg.Outbox
	_, err := c.env.Storage.Get(ctx, browser.AreaLocal, msg.OutboxKey, &rec)
	return rec, err
}

// outboxRead is one read of the outbox record, made after since was
// taken from Outbox.Changed: it shows every write before since closes.
type outboxRead struct {
	since <-chan struct{}
	done  chan struct{}
	rec   msg.Outbox
	err   error
}

// recordSince is the outbox record as it is at least since since was
// taken from Outbox.Changed. However many page calls wait for their
// entries, one read serves them all until the outbox writes again: 400
// calls each reading the whole record every 100 ms starved the worker
// (e2e TestPageAPIFlood).
func (c *Core) recordSince(ctx context.Context, since <-chan struct{}) (msg.Outbox, error) {
	c.readMu.Lock()
	r := c.lastRead
	if r == nil || r.since != since {
		r = &outboxRead{since: since, done: make(chan struct{})}
		c.lastRead = r
		c.readMu.Unlock()
		// Not the caller's own deadline: the others wait on this read.
		r.rec, r.err = c.record(context.WithoutCancel(ctx))
		close(r.done)
	} else {
		c.readMu.Unlock()
	}
	select {
	case <-r.done:
		return r.rec, r.err
	case <-ctx.Done():
		return msg.Outbox{}, ctx.Err()
	}
}

// The longest file name and type a page may give: more than any file
// system's 255 characters, in UTF-8, and a media type's 127 + 1 + 127.
const (
	maxPageFileName = 1024
	maxPageFileType = 255
)

// apiSendFile sends a file the content script stored in IndexedDB (the
// file bridge) and waits for the outcome. A sticker must be a GIF.
func (c *Core) apiSendFile(ctx context.Context, a *msg.APISendFileArgs, sc apiSendCall) (*msg.APISent, error) {
	f, err := pageFileRef(&a.APIFile, "sendFile")
	switch {
	case err != nil:
		return nil, err
	case a.Kind == "emoticon" && !strings.EqualFold(path.Ext(f.Name), ".gif") && f.Type != "image/gif":
		return nil, msg.BadStickerGIF.Err()
	}
	// Only a file the bridge stored for this content script, once.
	if err := c.claimPageFile(ctx, f.ID, f.Size); err != nil {
		return nil, err
	}
	res, err := c.apiSend(ctx, sc, a.To, msg.AddBody{File: &f})
	if me := (*msg.Error)(nil); err != nil && errors.As(err, &me) && me.Entry == "" {
		// Never queued: the file is nobody's.
		_ = c.env.Files.Delete(ctx, f.ID)
	}
	return res, err
}

// pageFileRef is the file a page call carries, checked as every call
// checks its file before claiming it (method names the call in the error).
func pageFileRef(a *msg.APIFile, method string) (msg.FileRef, error) {
	f := msg.FileRef{ID: a.FileID, Name: a.Name, Size: a.Size, Type: a.Type}
	switch {
	case f.ID == "" || f.Name == "":
		return f, msg.BadFileName.Err(method)
	case f.Size <= 0:
		return f, &msg.Error{Code: msg.ErrEmptyFile, Detail: f.Name}
	case len(f.Name) > maxPageFileName || len(f.Type) > maxPageFileType:
		// The page names the file itself; the entry keeps the name for
		// days in storage.local, which the whole extension shares.
		return f, msg.BadFileNameLong.Err()
	case f.Size > msg.MaxFileBytes:
		return f, &msg.Error{Code: msg.ErrTooLarge, Detail: f.Name}
	}
	return f, nil
}

// apiOutcome waits for an entry to end, or to be held, at most sc.wait.
// Every failure names the entry (msg.Error.Entry). When the wait runs
// out, an entry still queued is cancelled (NOT_SENT: nothing went, and
// nothing will); one already on its way is UNCERTAIN.
func (c *Core) apiOutcome(ctx context.Context, sc apiSendCall) (*msg.APISent, error) {
	id := sc.entry
	wctx, cancel := context.WithTimeout(ctx, sc.wait)
	defer cancel()
	for {
		changed := c.outbox.Changed()
		rec, err := c.recordSince(ctx, changed)
		if err != nil {
			return nil, err
		}
		e, ok := rec.Entries[id]
		if !ok {
			// Never queued (the worker stopped before), or forgotten.
			return nil, &msg.Error{Code: msg.ErrNotSent, Entry: id}
		}
		if res, err, done := apiEnded(e); done {
			return res, err
		}
		if e.State == msg.EntryQueued && e.Waiting != "" {
			if _, err := c.outbox.Cancel(ctx, id); err == nil {
				return nil, &msg.Error{Code: e.Waiting, Entry: id}
			}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-wctx.Done():
			return c.apiGiveUp(ctx, id)
		case <-changed:
		}
	}
}

// endedError is why an entry ended unsent when it holds no Error of its
// own: it was missed or cancelled.
func endedError(s msg.EntryState) *msg.Error {
	switch s {
	case msg.EntryMissed:
		return &msg.Error{Code: msg.ErrMissed}
	case msg.EntryCancelled:
		return &msg.Error{Code: msg.ErrCancelled}
	}
	return &msg.Error{Code: msg.ErrInternal, Detail: "ended " + string(s) + " without a reason"}
}

// apiEnded is the call's answer for an entry that ended.
func apiEnded(e msg.Entry) (*msg.APISent, error, bool) {
	switch {
	case e.State == msg.EntrySent:
		return &msg.APISent{MsgID: e.MsgID, LocalID: e.ClientMsgID, ClientMsgID: e.ClientMsgID, Entry: e.ID}, nil, true
	case e.State == msg.EntryUncertain:
		return nil, &msg.Error{Code: msg.ErrUncertain, Detail: e.ClientMsgID, Entry: e.ID}, true
	case e.State.Final():
		if e.Error != nil {
			err := *e.Error
			err.Entry = e.ID
			return nil, &err, true
		}
		err := endedError(e.State)
		err.Entry = e.ID
		return nil, err, true
	}
	return nil, nil, false
}

// apiGiveUp ends a call whose wait ran out: its entry is cancelled if it
// can be (NOT_SENT), else the message may be on its way (UNCERTAIN).
func (c *Core) apiGiveUp(ctx context.Context, id string) (*msg.APISent, error) {
	if _, err := c.outbox.Cancel(ctx, id); err == nil {
		return nil, &msg.Error{Code: msg.ErrNotSent, Detail: "no outcome in time", Entry: id}
	}
	if rec, err := c.record(ctx); err == nil {
		if e, ok := rec.Entries[id]; ok {
			if res, err, done := apiEnded(e); done {
				return res, err
			}
		}
	}
	return nil, &msg.Error{Code: msg.ErrUncertain, Detail: "no outcome in time", Entry: id}
}

// apiSchedule schedules a text: {to, text, at (ms or ISO text), repeat}.
func (c *Core) apiSchedule(ctx context.Context, a *msg.APIScheduleArgs, sc apiSendCall) (*msg.APIID, error) {
	var at int64
	switch v := a.At.(type) {
	case float64:
		// Below 1 ms is 0 to the outbox, which is "now": a schedule
		// needs a time.
		if v < 1 || !atInRange(v) {
			return nil, &msg.Error{Code: msg.ErrBadTime}
		}
		at = int64(v)
	case string:
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return nil, &msg.Error{Code: msg.ErrBadTime, Detail: v}
		}
		at = t.UnixMilli()
	default:
		return nil, &msg.Error{Code: msg.ErrBadTime}
	}
	entry := sc.entry
	if entry != "" {
		// Asked again after a stopped worker: made already, or not.
		if rec, err := c.record(ctx); err != nil {
			return nil, err
		} else if _, ok := rec.Entries[entry]; ok {
			return &msg.APIID{ID: entry}, nil
		}
	}
	id, err := c.apiAdd(ctx, a.To, msg.AddBody{Text: a.Text, At: at, Repeat: a.Repeat, ID: entry})
	if err != nil {
		return nil, err
	}
	return &msg.APIID{ID: id}, nil
}

// ownEntry says whether entry e is the tab's account's (or made before
// entries named their account): a tab neither sees nor touches another
// account's entries, as it sees only its own runs (outbox.DoRun).
func ownEntry(ctx context.Context, e msg.Entry) bool {
	acct, _ := outbox.AccountOf(ctx)
	return e.Account == "" || e.Account == acct
}

// maxAtMs is the last time JavaScript's Date holds (the year 275760).
// A page's at beyond it is no time: made an int64 it would be the
// largest one, a schedule the popup could not show.
const maxAtMs = 8.64e15

// atInRange says whether a page's at (ms) is a time a Date can hold.
func atInRange(ms float64) bool { return ms >= -maxAtMs && ms <= maxAtMs }

// apiScheduled lists the scheduled messages still to go.
func (c *Core) apiScheduled(ctx context.Context, _ *struct{}, _ apiSendCall) ([]msg.APIScheduled, error) {
	rec, err := c.record(ctx)
	if err != nil {
		return nil, err
	}
	out := []msg.APIScheduled{}
	for _, e := range rec.Entries {
		if !e.Scheduled || !e.State.Pending() || !ownEntry(ctx, e) {
			continue
		}
		s := msg.APIScheduled{ID: e.ID, To: search.Clean(e.To.Name()), Text: e.Text, At: e.Due, Repeat: e.Repeat, State: string(e.State)}
		if e.File != nil {
			s.File = e.File.Name
		}
		out = append(out, s)
	}
	return out, nil
}

// apiRevoke takes back a message a send call made (its entry), in the
// server's two minutes (webwxrevokemsg, §5.6).
func (c *Core) apiRevoke(ctx context.Context, a *msg.APIRevokeArgs, _ apiSendCall) (*msg.APIRevoked, error) {
	rec, err := c.record(ctx)
	if err != nil {
		return nil, err
	}
	e, ok := rec.Entries[a.Entry]
	if !ok || !ownEntry(ctx, e) || e.State != msg.EntrySent || e.MsgID == "" {
		return nil, &msg.Error{Code: msg.ErrNoEntry, Detail: "revoke takes what a send resolved with"}
	}
	chats, err := c.apiChats(ctx)
	if err != nil {
		return nil, err
	}
	login, _, err := link{c}.Login(ctx)
	if err != nil {
		return nil, err
	}
	to, err := outbox.Match(e.To, login, chats)
	if err != nil {
		return nil, err
	}
	var res protocol.RevokeResult
	err = c.withClient(ctx, func(cl *protocol.Client) error {
		res, err = cl.Revoke(ctx, protocol.Revoke{To: to.UserName, SvrMsgID: e.MsgID, ClientMsgID: e.ClientMsgID})
		return err
	})
	if err != nil {
		return nil, err
	}
	// WeChat's words are Chinese whatever the person's language: said
	// in theirs (revokedWords).
	return &msg.APIRevoked{Introduction: revokedWords(c.env.Runtime.Message, res)}, nil
}
