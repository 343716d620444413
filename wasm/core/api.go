package core

import (
	"context"
	"encoding/json"
	"path"
	"strings"
	"time"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// The page API: window.wxdrop's calls, from the web WeChat tab's content
// script. The API can do nothing the logged-in page could not do itself:
// it reads the chats and sends through the outbox (and its rate limit),
// and never fetches a URL it is given. It answers only while the person
// has turned it on (msg.Automation).

// apiWait bounds how long a send call waits for its message to go out.
const apiWait = 90 * time.Second

func (c *Core) automation(ctx context.Context) (msg.Automation, error) {
	var a msg.Automation
	_, err := c.env.Get(ctx, AreaLocal, msg.AutomationKey, &a)
	return a, err
}

func (c *Core) setAutomation(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	a, err := decode[msg.Automation](body, msg.SetAutomation)
	if err != nil {
		return nil, err
	}
	return a, c.env.Set(ctx, AreaLocal, msg.AutomationKey, a)
}

// apiCall runs one call of window.wxdrop.
func (c *Core) apiCall(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	call, err := decode[msg.APICallBody](body, msg.APICall)
	if err != nil {
		return nil, err
	}
	if a, err := c.automation(ctx); err != nil {
		return nil, err
	} else if !a.API {
		return nil, &msg.Error{Code: msg.ErrAPIOff}
	}
	str := func(k string) string { s, _ := call.Args[k].(string); return s }
	switch call.Method {
	case "me":
		st, err := c.state(ctx)
		if err != nil {
			return nil, err
		}
		if st.Status != msg.SessionReady {
			return nil, &msg.Error{Code: msg.ErrLoggedOut}
		}
		return map[string]string{"userName": st.UserName, "nickName": search.Clean(st.NickName)}, nil
	case "contacts":
		chats, err := c.apiChats(ctx)
		if err != nil {
			return nil, err
		}
		return apiContacts(chats, str("query")), nil
	case "sendText":
		return c.apiSendText(ctx, str("to"), str("text"))
	case "sendFile":
		size, _ := call.Args["size"].(float64)
		return c.apiSendFile(ctx, str("to"), msg.FileRef{ID: str("fileId"), Name: str("name"), Size: int64(size), Type: str("type")}, str("kind"))
	case "sendEmoticon":
		md5 := strings.ToLower(strings.TrimSpace(str("md5")))
		if !protocol.IsMD5Hex(md5) {
			return nil, &msg.Error{Code: msg.ErrBadRequest, Detail: "a sticker's MD5 is 32 hex digits"}
		}
		return c.apiSend(ctx, str("to"), msg.AddBody{Emoticon: md5})
	case "schedule":
		return c.apiSchedule(ctx, call.Args)
	case "scheduled":
		return c.apiScheduled(ctx)
	case "cancel":
		_, err := c.outbox.Cancel(ctx, str("id"))
		return nil, err
	case "revoke":
		return c.apiRevoke(ctx, str("entry"))
	case "acceptFriend":
		return c.apiAcceptFriend(ctx, call.Args)
	case "exportContacts":
		return c.exportContacts(ctx, str("format"))
	case "downloadFile":
		return c.apiDownloadFile(ctx, protocol.MediaRef{Sender: str("sender"), MediaID: str("mediaId"), EncryFileName: str("encryFileName")})
	}
	return nil, &msg.Error{Code: msg.ErrBadRequest, Detail: "no method " + call.Method}
}

// apiChats are the chats of the login, which must be live.
func (c *Core) apiChats(ctx context.Context) ([]msg.Contact, error) {
	st, err := c.state(ctx)
	if err != nil {
		return nil, err
	}
	if st.Status != msg.SessionReady {
		return nil, &msg.Error{Code: msg.ErrLoggedOut}
	}
	return link{c}.Chats(ctx)
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
// exact remark, nick or group name of one chat. Nothing is sent to a
// guess: no match is NOT_FOUND, several are AMBIGUOUS.
func apiTo(chats []msg.Contact, to string) (string, error) {
	to = strings.TrimSpace(to)
	if to == "" {
		return "", &msg.Error{Code: msg.ErrBadRequest, Detail: "to is empty"}
	}
	for _, ct := range chats {
		if ct.UserName == to {
			return to, nil
		}
	}
	var found []string
	for _, ct := range chats {
		if (ct.RemarkName != "" && search.Clean(ct.RemarkName) == to) || search.Clean(ct.NickName) == to {
			found = append(found, ct.UserName)
		}
	}
	switch len(found) {
	case 0:
		return "", &msg.Error{Code: msg.ErrNotFound, Detail: to}
	case 1:
		return found[0], nil
	}
	return "", &msg.Error{Code: msg.ErrAmbiguous, Detail: to}
}

// apiSendText sends a text now and waits for the outcome. A message the
// outbox would hold (logged out, too frequent, no network) is cancelled
// and the call rejects with why: a script decides itself what to do.
func (c *Core) apiSendText(ctx context.Context, to, text string) (any, error) {
	return c.apiSend(ctx, to, msg.AddBody{Text: text})
}

// apiSend queues body to the chat now and waits for the outcome.
func (c *Core) apiSend(ctx context.Context, to string, body msg.AddBody) (any, error) {
	id, err := c.apiAdd(ctx, to, body)
	if err != nil {
		return nil, err
	}
	return c.apiOutcome(ctx, id)
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
func (c *Core) record(ctx context.Context) (msg.Outbox, error) { return envStore{c.env}.Load(ctx) }

// apiSendFile sends a file the content script stored in IndexedDB (the
// file bridge) and waits for the outcome. A sticker must be a GIF.
func (c *Core) apiSendFile(ctx context.Context, to string, f msg.FileRef, kind string) (any, error) {
	switch {
	case f.ID == "" || f.Name == "":
		return nil, &msg.Error{Code: msg.ErrBadRequest, Detail: "sendFile needs a file"}
	case f.Size <= 0:
		return nil, &msg.Error{Code: msg.ErrEmptyFile, Detail: f.Name}
	case f.Size > msg.MaxFileBytes:
		return nil, &msg.Error{Code: msg.ErrTooLarge, Detail: f.Name}
	case kind == "emoticon" && !strings.EqualFold(path.Ext(f.Name), ".gif") && f.Type != "image/gif":
		return nil, &msg.Error{Code: msg.ErrBadRequest, Detail: "a sticker is a GIF"}
	}
	return c.apiSend(ctx, to, msg.AddBody{File: &f})
}

// apiOutcome waits for an entry to end, or to be held.
func (c *Core) apiOutcome(ctx context.Context, id string) (any, error) {
	ctx, cancel := context.WithTimeout(ctx, apiWait)
	defer cancel()
	for {
		rec, err := c.record(ctx)
		if err != nil {
			return nil, err
		}
		e, ok := rec.Entries[id]
		switch {
		case !ok:
			return nil, &msg.Error{Code: msg.ErrNoEntry}
		case e.State == msg.EntrySent:
			return msg.APISent{MsgID: e.MsgID, LocalID: e.ClientMsgID, ClientMsgID: e.ClientMsgID, Entry: e.ID}, nil
		case e.State == msg.EntryUncertain:
			return nil, &msg.Error{Code: msg.ErrUncertain, Detail: e.ClientMsgID}
		case e.State.Final():
			if e.Error != nil {
				return nil, e.Error
			}
			return nil, endedError(e.State)
		case e.State == msg.EntryQueued && e.Waiting != "":
			if _, err := c.outbox.Cancel(ctx, id); err == nil {
				return nil, &msg.Error{Code: e.Waiting}
			}
		}
		select {
		case <-ctx.Done():
			return nil, &msg.Error{Code: msg.ErrNetwork, Detail: "no outcome in time"}
		case <-time.After(100 * time.Millisecond):
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

// apiSchedule schedules a text: {to, text, at (ms or ISO text), repeat}.
func (c *Core) apiSchedule(ctx context.Context, args map[string]any) (any, error) {
	to, _ := args["to"].(string)
	text, _ := args["text"].(string)
	var at int64
	switch v := args["at"].(type) {
	case float64:
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
	repeat, _ := args["repeat"].(string)
	id, err := c.apiAdd(ctx, to, msg.AddBody{Text: text, At: at, Repeat: msg.Repeat(repeat)})
	if err != nil {
		return nil, err
	}
	return map[string]string{"id": id}, nil
}

// apiScheduled lists the scheduled messages still to go.
func (c *Core) apiScheduled(ctx context.Context) (any, error) {
	rec, err := c.record(ctx)
	if err != nil {
		return nil, err
	}
	out := []msg.APIScheduled{}
	for _, e := range rec.Entries {
		if !e.Scheduled || !e.State.Pending() {
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
func (c *Core) apiRevoke(ctx context.Context, id string) (any, error) {
	rec, err := c.record(ctx)
	if err != nil {
		return nil, err
	}
	e, ok := rec.Entries[id]
	if !ok || e.State != msg.EntrySent || e.MsgID == "" {
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
		var err error
		res, err = cl.Revoke(ctx, protocol.Revoke{To: to.UserName, SvrMsgID: e.MsgID, ClientMsgID: e.ClientMsgID})
		return err
	})
	if err != nil {
		return nil, err
	}
	return map[string]string{"introduction": res.Introduction}, nil
}

// apiDownloadFile downloads a file attachment of this session
// (webwxgetmedia on the file host: the one URL it builds) into IndexedDB,
// where the content script's file bridge takes it (and deletes it).
func (c *Core) apiDownloadFile(ctx context.Context, ref protocol.MediaRef) (any, error) {
	if ref.MediaID == "" || ref.Sender == "" {
		return nil, &msg.Error{Code: msg.ErrBadRequest, Detail: "downloadFile needs a file message"}
	}
	if _, err := c.apiChats(ctx); err != nil {
		return nil, err
	}
	dl, _, err := c.downloadMedia(ctx, msg.Media{Type: "file", Sender: ref.Sender, MediaID: ref.MediaID, EncryFileName: ref.EncryFileName}, msg.MaxFileBytes, func(int64, int64) {})
	if err != nil {
		if me := toMsgError(err); me.Code != msg.ErrLoggedOut {
			return nil, &msg.Error{Code: msg.ErrDownloadFailed, Detail: string(me.Code)}
		}
		return nil, err
	}
	// The content script's frame reads it from IndexedDB next.
	if err := c.env.Stored(ctx, dl.FileID); err != nil {
		return nil, &msg.Error{Code: msg.ErrDownloadFailed, Detail: "not stored"}
	}
	return map[string]any{"fileId": dl.FileID, "size": dl.Size}, nil
}
