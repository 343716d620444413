package core

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/recall"
	"github.com/wxdrop/wxdrop/wasm/rules"
	"github.com/wxdrop/wxdrop/wasm/safename"
)

// Recalled messages kept (防撤回). While the person has it on
// (recall.Config, storage.local), the web WeChat tab's content script
// passes on every message that reached the page, as the page API's
// on('message') gives it (msg.RecallMessages). Each is kept in
// IndexedDB (Env.Kept; the index under recall.IndexKey), and the
// media of an image, a video, a voice message or a file is downloaded
// as it arrives, in the session of the tab's account (the rules' media
// download), and moved into the same store: after a recall the server
// no longer serves it. A recall (MsgType 10002, the recalled id in its
// revokemsg) lists the kept original for the popup, optionally in a
// notification, and answers the content script for on('revoke').

// keptMedia: the media of a message of type t is kept.
func keptMedia(t string) bool { return t == "image" || t == "video" || t == "voice" || t == "file" }

// revokedID reads the recalled message's id in a 10002's content (its
// revokemsg XML, unescaped by the content script or not): the first
// <msgid>digits</msgid>, each bracket written < > or &lt; &gt;, of 1 to
// 32 digits; "" when there is none. Read by hand, not with a regular
// expression: Go's regexp was linked into core.wasm for this alone once
// the rules had their own engine (wasm/rules), and the wake time follows
// the size (README, "Why").
func revokedID(text string) string {
	for i := 0; ; {
		j := strings.Index(text[i:], "msgid")
		if j < 0 {
			return ""
		}
		at := i + j
		i = at + len("msgid")
		if _, ok := cutSuffixOf(text[:at], "<", "&lt;"); !ok {
			continue
		}
		rest, ok := cutPrefixOf(text[i:], ">", "&gt;")
		if !ok {
			continue
		}
		n := 0
		for n < len(rest) && '0' <= rest[n] && rest[n] <= '9' {
			n++
		}
		if n == 0 || n > 32 {
			continue
		}
		if after, ok := cutPrefixOf(rest[n:], "<", "&lt;"); ok && strings.HasPrefix(after, "/msgid") {
			if _, ok := cutPrefixOf(after[len("/msgid"):], ">", "&gt;"); ok {
				return rest[:n]
			}
		}
	}
}

// cutPrefixOf cuts the first of prefixes that s starts with.
func cutPrefixOf(s string, prefixes ...string) (string, bool) {
	for _, p := range prefixes {
		if after, ok := strings.CutPrefix(s, p); ok {
			return after, true
		}
	}
	return s, false
}

// cutSuffixOf cuts the first of suffixes that s ends with.
func cutSuffixOf(s string, suffixes ...string) (string, bool) {
	for _, p := range suffixes {
		if before, ok := strings.CutSuffix(s, p); ok {
			return before, true
		}
	}
	return s, false
}

// keptMessage is what the worker reads of a message it keeps, besides
// the fields the rules check.
type keptMessage struct {
	To      string `json:"to"`
	Revoked string `json:"revoked"`
	Text    string `json:"text"`
}

func (c *Core) recallConfig(ctx context.Context) (recall.Config, error) {
	var rc recall.Config
	_, err := c.env.Storage.Get(ctx, browser.AreaLocal, msg.RecallKey, &rc)
	return rc, err
}

func (c *Core) recallIndex(ctx context.Context) (recall.Index, error) {
	var x recall.Index
	_, err := c.env.Kept.Get(ctx, recall.IndexKey, &x)
	return x, err
}

// getRecall answers the pages: the settings, the room used, the recalls.
func (c *Core) getRecall(ctx context.Context, _ json.RawMessage, _ Sender) (any, error) {
	rc, err := c.recallConfig(ctx)
	if err != nil {
		return nil, err
	}
	c.recallMu.Lock()
	x, err := c.recallIndex(ctx)
	c.recallMu.Unlock()
	if err != nil {
		return nil, err
	}
	v := recall.View{Config: rc, Kept: len(x.Items), Bytes: x.Bytes(), Recalled: []recall.Recalled{}}
	for _, it := range x.Items {
		if it.Media != "" {
			v.Media++
		}
	}
	for i := len(x.Recalled) - 1; i >= 0; i-- {
		r := x.Recalled[i]
		// The popup heads a recall with the sender and "in $CHAT$" in one
		// line, which a right-to-left override in a name turned around
		// (security.md row 93).
		r.SenderName, r.ChatName = safename.Visible(r.SenderName), safename.Visible(r.ChatName)
		v.Recalled = append(v.Recalled, r)
	}
	return v, nil
}

// setRecall stores the settings after checking them; turned off, what
// was kept is let go.
func (c *Core) setRecall(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	rc, err := decode[recall.Config](body, msg.SetRecall)
	if err != nil {
		return nil, err
	}
	if why := rc.Check(); why != "" {
		return nil, &msg.Error{Code: msg.Code("RECALL_" + why)}
	}
	if err := c.env.Storage.Set(ctx, browser.AreaLocal, msg.RecallKey, rc); err != nil {
		return nil, err
	}
	c.recallMu.Lock()
	defer c.recallMu.Unlock()
	x, err := c.recallIndex(ctx)
	if err != nil {
		return nil, err
	}
	if !rc.On {
		gone := x.Items
		x = recall.Index{}
		c.letGo(ctx, gone)
	} else {
		c.letGo(ctx, x.Prune(rc, c.env.Clock.Now()))
	}
	return rc, c.env.Kept.Set(ctx, recall.IndexKey, x)
}

// letGo deletes the records and media of items. (Under recallMu.)
func (c *Core) letGo(ctx context.Context, items []recall.Item) {
	for _, it := range items {
		_ = c.env.Kept.Delete(ctx, recall.Key(it.Account, it.ID))
		if it.Media != "" {
			_ = c.env.Kept.Delete(ctx, it.Media)
		}
	}
}

// recallMessages keeps a batch of messages that reached the page and
// answers the recalls among them with their originals.
func (c *Core) recallMessages(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	if len(body) > MaxIncomingBytes {
		return nil, msg.BadTooManyMessages.Err()
	}
	var b struct {
		Messages []json.RawMessage `json:"messages"`
	}
	if json.Unmarshal(body, &b) != nil {
		return nil, msg.BadShape.Err(msg.RecallMessages)
	}
	if len(b.Messages) > MaxIncomingBatch {
		return nil, msg.BadTooManyMessages.Err()
	}
	out := msg.RecallAnswer{Revokes: []msg.Revoke{}}
	rc, err := c.recallConfig(ctx)
	if err != nil || !rc.On {
		return out, err
	}
	chats, login, err := c.chatsAndLogin(ctx)
	if err != nil {
		return nil, err
	}
	acct, _ := outbox.AccountOf(ctx)
	names := chatNames(chats)
	c.recallMu.Lock()
	defer c.recallMu.Unlock()
	x, err := c.recallIndex(ctx)
	if err != nil {
		return nil, err
	}
	now := c.env.Clock.Now()
	for _, raw := range b.Messages {
		var m rules.Message
		var k keptMessage
		if json.Unmarshal(raw, &m) != nil || json.Unmarshal(raw, &k) != nil {
			continue
		}
		// Only well-made messages of the login's chats are kept; the
		// check marks the login's own (FromSelf), whose chat is To.
		ok, _ := checkIncoming(rules.Batch{Messages: []rules.Message{m}}, login, chats)
		if len(ok) == 0 {
			continue
		}
		m = ok[0]
		if m.Type != "recalled" {
			media := keptMedia(m.Type) && !m.FromSelf
			chat := m.Chat()
			if m.FromSelf && m.Group == "" {
				chat = k.To
			}
			if !x.Add(recall.Item{Account: acct, ID: m.ID, At: now.UnixMilli(), Bytes: int64(len(raw)), Pending: media, Chat: chat, ChatName: names[chat], Time: m.Time, Self: m.FromSelf}) {
				continue
			}
			if err := c.env.Kept.Set(ctx, recall.Key(acct, m.ID), raw); err != nil {
				return nil, err
			}
			continue
		}
		id := k.Revoked
		if id == "" {
			id = revokedID(k.Text)
		}
		if !isMsgID(id) {
			continue
		}
		rv := msg.Revoke{ID: id, From: m.From, To: k.To, Group: m.Group, GroupSender: m.GroupSender, Time: m.Time}
		r := recall.Recalled{ID: id, Account: acct, Chat: m.Chat(), ChatName: names[m.Chat()], At: now.UnixMilli(), Original: jsonlite.Raw("null")}
		var om rules.Message
		if it := x.Find(acct, id); it != nil {
			var orig json.RawMessage
			var o rules.Message
			if found, err := c.env.Kept.Get(ctx, recall.Key(acct, id), &orig); err == nil && found && json.Unmarshal(orig, &o) == nil && o.Chat() == m.Chat() {
				// The original, said in the chat the recall came from
				// (nothing of another chat's).
				om = o
				rv.Original = orig
				r.Original = jsonlite.Raw(orig)
				r.Media, r.MediaName, r.MediaType, r.MediaError = it.Media, it.MediaName, it.MediaType, it.MediaError
			}
		}
		r.From, r.Time = om.From, om.Time
		if om.GroupSender != "" {
			r.From = om.GroupSender
		}
		if r.From == "" {
			r.From = m.From
			if m.GroupSender != "" {
				r.From = m.GroupSender
			}
		}
		r.SenderName = names[r.From]
		x.Recalled = append(x.Recalled, r)
		out.Revokes = append(out.Revokes, rv)
		if rc.Notify {
			c.notifyRecall(ctx, r, om)
		}
	}
	c.letGo(ctx, x.Prune(rc, now))
	if err := c.env.Kept.Set(ctx, recall.IndexKey, x); err != nil {
		return nil, err
	}
	if len(out.Revokes) > 0 {
		// The popup follows the list through this stamp.
		if err := c.env.Storage.Set(ctx, browser.AreaLocal, msg.RecallStampKey, now.UnixMilli()); err != nil {
			return nil, err
		}
	}
	c.startKeeping(ctx, x)
	return out, nil
}

// startKeeping downloads the media that wait (those of this batch, and
// any a worker stopped before it had them), unless they download
// already. (Under recallMu.) One download at a time, in the order they
// came: each may be as large as the space set (200 MB), and a contact who
// forwards a large file again and again, each forward in a sync of its
// own, had a download under way per batch, gigabytes in IndexedDB at once
// (docs/security.md row 79).
func (c *Core) startKeeping(ctx context.Context, x recall.Index) {
	for _, it := range x.Items {
		key := recall.MediaKey(it.Account, it.ID)
		if it.Pending && !c.keeping[key] {
			if c.keeping == nil {
				c.keeping = map[string]bool{}
			}
			c.keeping[key] = true
			c.keepQueue = append(c.keepQueue, it)
		}
	}
	if c.keeper || len(c.keepQueue) == 0 {
		return
	}
	c.keeper = true
	c.bg.Add(1)
	go func() {
		defer c.bg.Done()
		for {
			c.recallMu.Lock()
			if len(c.keepQueue) == 0 {
				c.keeper = false
				c.recallMu.Unlock()
				return
			}
			it := c.keepQueue[0]
			c.keepQueue = c.keepQueue[1:]
			c.recallMu.Unlock()
			c.keepMedia(context.Background(), it)
		}
	}()
}

// keepMedia downloads the media of a kept message in the session of its
// account, and moves it into the kept store; a download that fails is
// marked with its code (the popup says why the media is missing).
func (c *Core) keepMedia(ctx context.Context, it recall.Item) {
	key := recall.MediaKey(it.Account, it.ID)
	defer func() {
		c.recallMu.Lock()
		delete(c.keeping, key)
		c.recallMu.Unlock()
	}()
	rc, err := c.recallConfig(ctx)
	if err != nil {
		return
	}
	_, space := rc.Bounds()
	var m rules.Message
	if found, err := c.env.Kept.Get(ctx, recall.Key(it.Account, it.ID), &m); err != nil || !found {
		return
	}
	room := c.keepRoom(ctx, space)
	var dl Download
	var name string
	if room <= 0 {
		err = &msg.Error{Code: msg.ErrRecallHourFull}
	} else if dl, name, err = c.downloadMedia(outbox.WithAccount(ctx, it.Account), mediaOf(m), min(space, room), func(int64, int64) {}); err != nil && toMsgError(err).Code == msg.ErrOutboxFull && room < space {
		// Larger than what this hour has left.
		err = &msg.Error{Code: msg.ErrRecallHourFull}
	}
	if err == nil {
		if err = c.env.Kept.Keep(ctx, dl.FileID, key); err != nil {
			_ = c.env.Files.Delete(ctx, dl.FileID)
		}
	}
	c.recallMu.Lock()
	defer c.recallMu.Unlock()
	x, xerr := c.recallIndex(ctx)
	if xerr != nil {
		return
	}
	kept := x.Find(it.Account, it.ID)
	if kept == nil {
		// Let go while it downloaded.
		if err == nil {
			_ = c.env.Kept.Delete(ctx, key)
		}
		return
	}
	code := ""
	if err != nil {
		code = string(toMsgError(err).Code)
	}
	// A logout or the network leaves it to the next batch; WeChat's
	// refusal ends it.
	kept.Pending = code == string(msg.ErrLoggedOut) || code == string(msg.ErrNetwork)
	if kept.Pending {
		return
	}
	if err != nil {
		kept.MediaError = code
	} else {
		kept.Media, kept.MediaName, kept.MediaType, kept.Bytes = key, name, dl.ContentType, kept.Bytes+dl.Size
		x.Room(c.env.Clock.Now().UnixMilli(), space)
		x.HourBytes += dl.Size
	}
	// A recall that came first shows the media, or why it is missing.
	listed := false
	for i := range x.Recalled {
		if r := &x.Recalled[i]; r.Account == it.Account && r.ID == it.ID && string(r.Original) != "null" {
			r.Media, r.MediaName, r.MediaType, r.MediaError = kept.Media, kept.MediaName, kept.MediaType, kept.MediaError
			listed = true
		}
	}
	c.letGo(ctx, x.Prune(rc, c.env.Clock.Now()))
	if c.env.Kept.Set(ctx, recall.IndexKey, x) == nil && listed {
		_ = c.env.Storage.Set(ctx, browser.AreaLocal, msg.RecallStampKey, c.env.Clock.Now().UnixMilli())
	}
}

// notifyRecall shows a recall in a notification: who, and what.
func (c *Core) notifyRecall(ctx context.Context, r recall.Recalled, om rules.Message) {
	who := r.SenderName
	if who == "" {
		who = r.ChatName
	}
	what := c.env.Runtime.Message("recall_not_kept")
	if string(r.Original) != "null" {
		what = strings.TrimSpace(om.Text)
		if what == "" {
			what = c.env.Runtime.Message("recall_type_" + om.Type)
		}
	}
	_ = c.env.Notifications.Notify(ctx, "recall-"+r.Account+"-"+r.ID, c.env.Runtime.Message("recall_notify_title", shownName(who)), what)
}

// keepRoom is what kept media may still download this hour (recall.Index.Room).
func (c *Core) keepRoom(ctx context.Context, space int64) int64 {
	c.recallMu.Lock()
	defer c.recallMu.Unlock()
	x, err := c.recallIndex(ctx)
	if err != nil {
		return 0
	}
	return x.Room(c.env.Clock.Now().UnixMilli(), space)
}
