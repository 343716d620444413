package core

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// Jobs are the sends started from the extension's pages. Each one runs in
// the worker, not in the page that asked (a popup closes when it loses
// focus), and its progress and outcome are written to storage.session,
// where every page can follow them.

func newJobID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// updateJob applies f to the stored job and writes it back.
func (c *Core) updateJob(ctx context.Context, id string, f func(*msg.Job)) (msg.Job, error) {
	c.jobsMu.Lock()
	defer c.jobsMu.Unlock()
	jobs := map[string]msg.Job{}
	if _, err := c.env.Get(ctx, AreaSession, msg.JobsKey, &jobs); err != nil {
		return msg.Job{}, err
	}
	j := jobs[id]
	f(&j)
	j.Updated = c.env.Now().UnixMilli()
	jobs[id] = j
	return j, c.env.Set(ctx, AreaSession, msg.JobsKey, jobs)
}

// clearJobs forgets the finished jobs, and the files of failed ones.
func (c *Core) clearJobs(ctx context.Context) error {
	c.jobsMu.Lock()
	defer c.jobsMu.Unlock()
	jobs := map[string]msg.Job{}
	if _, err := c.env.Get(ctx, AreaSession, msg.JobsKey, &jobs); err != nil {
		return err
	}
	for id, j := range jobs {
		if j.Finished() {
			if j.State != msg.JobSent && j.Kind != "text" {
				_ = c.env.DeleteFile(ctx, id)
			}
			delete(jobs, id)
		}
	}
	return c.env.Set(ctx, AreaSession, msg.JobsKey, jobs)
}

// startJob records a queued job and runs it in the background.
func (c *Core) startJob(ctx context.Context, j msg.Job, run func(ctx context.Context, id string) error) (msg.Job, error) {
	if ct, ok := c.findContact(ctx, j.To); ok {
		j.ToName = displayName(ct)
	}
	j.State = msg.JobQueued
	j.Created = c.env.Now().UnixMilli()
	j, err := c.updateJob(ctx, j.ID, func(s *msg.Job) { *s = j })
	if err != nil {
		return j, err
	}
	c.bg.Add(1)
	go func() {
		defer c.bg.Done()
		ctx := context.Background()
		err := run(ctx, j.ID)
		_, _ = c.updateJob(ctx, j.ID, func(s *msg.Job) {
			if err == nil {
				s.State, s.Done = msg.JobSent, s.Size
				return
			}
			s.Error = toMsgError(err)
			s.State = msg.JobFailed
			if s.Error.Code == msg.ErrUncertain {
				s.State = msg.JobUncertain
			}
		})
		if err == nil {
			if ct, ok := c.findContact(ctx, j.To); ok {
				c.noteRecent(ctx, ct)
			}
		}
	}()
	return j, nil
}

func displayName(ct msg.Contact) string {
	if ct.RemarkName != "" {
		return ct.RemarkName
	}
	return ct.NickName
}

func (c *Core) sendText(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	var b msg.SendTextBody
	if err := json.Unmarshal(body, &b); err != nil || b.To == "" {
		return nil, &msg.Error{Code: msg.ErrBadRequest, Detail: "send.text needs to and text"}
	}
	if strings.TrimSpace(b.Text) == "" {
		return nil, &msg.Error{Code: msg.ErrEmptyMessage}
	}
	j := msg.Job{ID: newJobID(), To: b.To, Kind: "text", Text: b.Text}
	return c.startJob(ctx, j, func(ctx context.Context, id string) error {
		clientMsgID := ""
		return c.withClient(ctx, func(cl *protocol.Client) error {
			if clientMsgID == "" {
				clientMsgID = cl.NewClientMsgID() // the same id if it is tried again
			}
			_, _ = c.updateJob(ctx, id, func(s *msg.Job) { s.State = msg.JobSending })
			r, err := cl.SendText(ctx, protocol.Text{To: b.To, Content: b.Text, ClientMsgID: clientMsgID})
			if err == nil {
				_, _ = c.updateJob(ctx, id, func(s *msg.Job) { s.MsgID = r.MsgID })
			}
			return err
		})
	})
}

func (c *Core) sendFile(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	var b msg.SendFileBody
	if err := json.Unmarshal(body, &b); err != nil || b.To == "" || b.FileID == "" || b.Name == "" {
		return nil, &msg.Error{Code: msg.ErrBadRequest, Detail: "send.file needs to, fileId and name"}
	}
	if b.Size <= 0 {
		return nil, &msg.Error{Code: msg.ErrEmptyFile, Detail: b.Name}
	}
	// The job takes the file's id, so the Blob in IndexedDB and its job
	// are found by the same key.
	j := msg.Job{ID: b.FileID, To: b.To, Kind: protocol.KindOf(b.Name, b.Size).String(), Name: b.Name, Size: b.Size}
	return c.startJob(ctx, j, func(ctx context.Context, id string) error {
		f, err := c.env.OpenFile(ctx, b.FileID)
		if err != nil {
			return &msg.Error{Code: msg.ErrFileGone, Detail: b.Name}
		}
		var up *protocol.UploadResult
		clientMsgID := ""
		err = c.withClient(ctx, func(cl *protocol.Client) error {
			if clientMsgID == "" {
				clientMsgID = cl.NewClientMsgID()
			}
			if up == nil {
				_, _ = c.updateJob(ctx, id, func(s *msg.Job) { s.State = msg.JobUploading })
				r, err := cl.Upload(ctx, protocol.Upload{To: b.To, Name: b.Name, Type: b.Type, Size: f.Size(), Data: f,
					Progress: func(done, total int64) {
						_, _ = c.updateJob(ctx, id, func(s *msg.Job) { s.Done, s.Size = done, total })
					}})
				if err != nil {
					return err
				}
				up = &r
				_, _ = c.updateJob(ctx, id, func(s *msg.Job) { s.Kind = r.Kind.String() })
			}
			_, _ = c.updateJob(ctx, id, func(s *msg.Job) { s.State = msg.JobSending })
			r, err := cl.SendUploaded(ctx, b.To, *up, clientMsgID)
			if err == nil {
				_, _ = c.updateJob(ctx, id, func(s *msg.Job) { s.MsgID = r.MsgID })
			}
			return err
		})
		if err == nil {
			_ = c.env.DeleteFile(ctx, b.FileID)
		}
		if errors.Is(err, protocol.ErrFileRead) {
			return &msg.Error{Code: msg.ErrFileRead, Detail: b.Name}
		}
		return err
	})
}

// withClient runs f with a client of the current session. A refusal that
// says the session is gone may only mean the page's skey changed: the web
// WeChat tab is asked once, and with a new skey f runs again (nothing was
// sent the first time). Otherwise the session is marked logged out.
func (c *Core) withClient(ctx context.Context, f func(*protocol.Client) error) error {
	cl, ps, err := c.client(ctx)
	if errors.Is(err, errNoSession) {
		if c.askTabs(ctx) == nil {
			cl, ps, err = c.client(ctx)
		}
	}
	if err != nil {
		return err
	}
	err = f(cl)
	if !errors.Is(err, protocol.ErrLoggedOut) || errors.Is(err, protocol.ErrUncertain) {
		return err
	}
	if c.askTabs(ctx) == nil {
		if cl2, ps2, err2 := c.client(ctx); err2 == nil && ps2.Skey != ps.Skey {
			if err = f(cl2); !errors.Is(err, protocol.ErrLoggedOut) {
				return err
			}
		}
	}
	_ = c.markLoggedOut(ctx)
	return err
}
