package core

import (
	"context"
	"encoding/json"
	"math"
	"strconv"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// Runs to many chats (群发): the pages' requests and the page API's calls.

func (c *Core) outboxRunAdd(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	b, err := decode[msg.RunBody](body, msg.OutboxRunAdd)
	if err != nil {
		return nil, err
	}
	return c.outbox.AddRun(ctx, b)
}

// runAction is the handler of a run request that does a.
func runAction(name string, a outbox.RunAction) handlerFunc {
	return func(c *Core, ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
		b, err := decode[msg.IDBody](body, name)
		if err != nil {
			return nil, err
		}
		return c.outbox.DoRun(ctx, b.ID, a)
	}
}

// apiSendMany makes a run from a page: to names chats as sendText's to
// does (a UserName, or the exact name of one chat); every chat is found
// before anything is queued. The call's entry is the content script's id
// for it, so that a call asked again after a stopped worker makes no
// second run.
func (c *Core) apiSendMany(ctx context.Context, a *msg.APISendManyArgs, sc apiSendCall) (*msg.APIID, error) {
	if sc.entry != "" {
		if rec, err := c.record(ctx); err != nil {
			return nil, err
		} else if _, ok := rec.Runs[sc.entry]; ok {
			return &msg.APIID{ID: sc.entry}, nil
		}
	}
	if len(a.To) == 0 || len(a.To) > msg.MaxRunChats {
		// Bounded before any name is looked up (each among every
		// contact): 100,000 copies of one name held the worker for
		// minutes.
		return nil, msg.BadManyChats.Err(strconv.Itoa(msg.MaxRunChats))
	}
	if !atInRange(a.At) {
		return nil, &msg.Error{Code: msg.ErrBadTime}
	}
	chats, err := c.apiChats(ctx)
	if err != nil {
		return nil, err
	}
	spacing, perHour, err := runLimits(a)
	if err != nil {
		return nil, err
	}
	b := msg.RunBody{ID: sc.entry, Text: a.Text, At: int64(a.At), Repeat: a.Repeat, SpacingMs: spacing, PerHour: perHour}
	for _, s := range a.To {
		to, err := apiTo(chats, s)
		if err != nil {
			return nil, err
		}
		b.To = append(b.To, to)
	}
	if a.FileID != "" {
		f, err := pageFileRef(&a.APIFile, "sendMany")
		if err != nil {
			return nil, err
		}
		if err := c.claimPageFile(ctx, f.ID, f.Size); err != nil {
			return nil, err
		}
		b.File = &f
	}
	st, err := c.outbox.AddRun(ctx, b)
	if err != nil {
		if b.File != nil {
			// Never queued: the file is nobody's.
			_ = c.env.Files.Delete(ctx, b.File.ID)
		}
		return nil, err
	}
	return &msg.APIID{ID: st.ID}, nil
}

// apiRun is wxdrop.run(id): the run's progress and its chats.
func (c *Core) apiRun(ctx context.Context, a *msg.IDBody, _ apiSendCall) (*msg.APIRun, error) {
	st, err := c.outbox.DoRun(ctx, a.ID, outbox.RunGet)
	if err != nil {
		return nil, err
	}
	r := apiRunOf(st)
	return &r, nil
}

// apiRunOf is a run's status as a page sees it.
func apiRunOf(st msg.RunStatus) msg.APIRun {
	r := msg.APIRun{ID: st.ID, Total: st.Total, Sent: st.Counts[msg.RunSent], Failed: st.Counts[msg.RunFailed],
		NotSent: st.Counts[msg.RunNotSent], Uncertain: st.Counts[msg.RunUncertain], Waiting: st.Counts[msg.RunWaiting],
		Done: st.Done, Paused: st.Paused, Stopped: st.Stopped, PauseUntil: st.PauseUntil, Chats: []msg.APIRunChat{}}
	for _, ch := range st.Chats {
		r.Chats = append(r.Chats, msg.APIRunChat{Name: search.Clean(ch.Name), Text: ch.Text, File: ch.File, Result: ch.Result, Error: ch.Error})
	}
	return r
}

// apiCancel is wxdrop.cancel(id): a run is stopped (its queued chats
// cancelled), and it answers the run's progress (msg.APIRun); anything
// else is a scheduled entry, and it answers nothing.
func (c *Core) apiCancel(ctx context.Context, a *msg.IDBody, _ apiSendCall) (any, error) {
	id := a.ID
	rec, err := c.record(ctx)
	if err != nil {
		return nil, err
	}
	if _, ok := rec.Runs[id]; ok {
		st, err := c.outbox.DoRun(ctx, id, outbox.RunStop)
		if err != nil {
			return nil, err
		}
		return apiRunOf(st), nil
	}
	if e, ok := rec.Entries[id]; ok && !ownEntry(ctx, e) {
		// Another account's entry: not this tab's to cancel.
		return nil, &msg.Error{Code: msg.ErrNoEntry}
	}
	_, err = c.outbox.Cancel(ctx, id)
	return nil, err
}

// runLimits are sendMany's spacing and cap per hour, checked as the
// popup's form checks them (model.RunLimits): one given out of the run's
// bounds is refused in words, where it was moved in without one (10 ms
// became a second, perHour 0 the default 100); 0 is one left out.
func runLimits(a *msg.APISendManyArgs) (spacingMs, perHour int, err error) {
	if s := a.SpacingMs; s.Set {
		if math.IsNaN(s.V) || s.V < msg.MinRunSpacingMs || s.V > msg.MaxSpacingMs {
			return 0, 0, &msg.Error{Code: msg.ErrRunSpacingBad}
		}
		spacingMs = int(s.V)
	}
	if p := a.PerHour; p.Set {
		if math.IsNaN(p.V) || p.V < 1 || p.V >= msg.MaxRunPerHour+1 {
			return 0, 0, &msg.Error{Code: msg.ErrRunPerHourBad}
		}
		perHour = int(p.V)
	}
	return spacingMs, perHour, nil
}
