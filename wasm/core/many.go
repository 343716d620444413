package core

import (
	"context"
	"encoding/json"

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
// before anything is queued. entry is the content script's id for it, so
// that a call asked again after a stopped worker makes no second run.
func (c *Core) apiSendMany(ctx context.Context, args map[string]any, entry string) (any, error) {
	if entry != "" {
		if rec, err := c.record(ctx); err != nil {
			return nil, err
		} else if _, ok := rec.Runs[entry]; ok {
			return map[string]string{"id": entry}, nil
		}
	}
	list, _ := args["to"].([]any)
	if len(list) == 0 {
		return nil, &msg.Error{Code: msg.ErrBadRequest, Detail: "sendMany needs a list of chats"}
	}
	chats, err := c.apiChats(ctx)
	if err != nil {
		return nil, err
	}
	b := msg.RunBody{ID: entry}
	for _, v := range list {
		s, _ := v.(string)
		to, err := apiTo(chats, s)
		if err != nil {
			return nil, err
		}
		b.To = append(b.To, to)
	}
	b.Text, _ = args["text"].(string)
	if id, _ := args["fileId"].(string); id != "" {
		f, err := c.apiRunFile(ctx, args)
		if err != nil {
			return nil, err
		}
		b.File = &f
	}
	if v, ok := args["spacingMs"].(float64); ok {
		b.SpacingMs = int(v)
	}
	if v, ok := args["perHour"].(float64); ok {
		b.PerHour = int(v)
	}
	if v, ok := args["at"].(float64); ok {
		b.At = int64(v)
	}
	if r, ok := args["repeat"].(string); ok {
		b.Repeat = msg.Repeat(r)
	}
	st, err := c.outbox.AddRun(ctx, b)
	if err != nil {
		if b.File != nil {
			// Never queued: the file is nobody's.
			_ = c.env.DeleteFile(ctx, b.File.ID)
		}
		return nil, err
	}
	return map[string]string{"id": st.ID}, nil
}

// apiRunFile is the file of a sendMany call, stored by the file bridge
// for this call, checked as sendFile checks its own.
func (c *Core) apiRunFile(ctx context.Context, args map[string]any) (msg.FileRef, error) {
	str := func(k string) string { s, _ := args[k].(string); return s }
	size, _ := args["size"].(float64)
	f := msg.FileRef{ID: str("fileId"), Name: str("name"), Size: int64(size), Type: str("type")}
	switch {
	case f.Name == "":
		return f, &msg.Error{Code: msg.ErrBadRequest, Detail: "sendMany's file needs a name"}
	case f.Size <= 0:
		return f, &msg.Error{Code: msg.ErrEmptyFile, Detail: f.Name}
	case f.Size > msg.MaxFileBytes:
		return f, &msg.Error{Code: msg.ErrTooLarge, Detail: f.Name}
	}
	return f, c.claimPageFile(ctx, f.ID, f.Size)
}

// apiRun is wxdrop.run(id): the run's progress and its chats.
func (c *Core) apiRun(ctx context.Context, id string) (any, error) {
	st, err := c.outbox.DoRun(ctx, id, outbox.RunGet)
	if err != nil {
		return nil, err
	}
	return apiRunOf(st), nil
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
// cancelled); anything else is a scheduled entry.
func (c *Core) apiCancel(ctx context.Context, id string) (any, error) {
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
	_, err = c.outbox.Cancel(ctx, id)
	return nil, err
}
