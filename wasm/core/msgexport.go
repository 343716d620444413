package core

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/msgexport"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/recall"
	"github.com/wxdrop/wxdrop/wasm/rules"
	"github.com/wxdrop/wxdrop/wasm/safename"
	"github.com/wxdrop/wxdrop/wasm/schedule"
)

// Exporting kept messages (issue 17 part 3): the messages recall keeping
// keeps (one switch: the same records, bounds and place; a second
// switch would keep the same data under the same bounds, and only the
// listing of recalls, which costs nothing, would differ) go to JSON, or
// to a zip of one HTML page with the media beside it, for one chat and
// a date range. The file is answered as bytes, saved by the options page
// through chrome.downloads from a blob: URL, or made a Blob by the page
// API: never through a WeChat URL.

// MaxExportBytes bounds an export: it crosses the extension's messaging
// (as base64, whose 64 MB limit it must stay under), so a larger one asks
// for fewer days.
const MaxExportBytes = 40 << 20

// exportMessagesMsg answers the options page's export.
func (c *Core) exportMessagesMsg(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	b, err := decode[msg.ExportMessagesBody](body, msg.ExportMessages)
	if err != nil {
		return nil, err
	}
	return c.exportMessages(ctx, b, nil)
}

// apiExportMessages answers the page API: only the messages the tab's
// own account received (a page never reads another login's).
func (c *Core) apiExportMessages(ctx context.Context, b *msg.ExportMessagesBody, _ apiSendCall) (*msg.Export, error) {
	// The account the tab's messages were kept under (recallMessages').
	acct, _ := outbox.AccountOf(ctx)
	e, err := c.exportMessages(ctx, *b, &acct)
	return &e, err
}

// keptChatsMsg answers the options' chat picker: the chats with kept
// messages, the most recent first.
func (c *Core) keptChatsMsg(ctx context.Context, _ json.RawMessage, _ Sender) (any, error) {
	c.recallMu.Lock()
	x, err := c.recallIndex(ctx)
	c.recallMu.Unlock()
	if err != nil {
		return nil, err
	}
	names := c.currentNames(ctx)
	by := map[string]*msg.KeptChat{}
	out := []msg.KeptChat{}
	for _, it := range x.Items {
		if it.Chat == "" {
			continue
		}
		k := by[it.Chat]
		if k == nil {
			k = &msg.KeptChat{Chat: it.Chat, Name: names[it.Chat]}
			by[it.Chat] = k
		}
		if k.Name == "" {
			k.Name = it.ChatName
		}
		k.Count++
		if k.First == 0 || it.Time < k.First {
			k.First = it.Time
		}
		if it.Time > k.Last {
			k.Last = it.Time
		}
	}
	for _, k := range by {
		// Shown in the options' words ("$NAME$ ($COUNT$)"): a name's
		// right-to-left override turned the count around (security.md
		// row 90).
		k.Name = safename.Visible(k.Name)
		out = append(out, *k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Last > out[j].Last })
	return out, nil
}

// currentNames are the live login's chat names by UserName (none when
// logged out: the kept names serve then).
func (c *Core) currentNames(ctx context.Context) map[string]string {
	chats, err := link{c}.Chats(ctx)
	if err != nil {
		return map[string]string{}
	}
	return chatNames(chats)
}

// exportBound reads a from or to: a number (Unix ms), or a date
// "YYYY-MM-DD" in the person's zone (from its start; a to date
// includes its day, so the bound is the next day's start). Absent: 0.
func exportBound(raw json.RawMessage, z schedule.Zone, isTo bool) (int64, bool) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" || s == `""` || s == "0" {
		return 0, true
	}
	var ms float64
	if json.Unmarshal(raw, &ms) == nil {
		return int64(ms), ms > 0
	}
	var d string
	if json.Unmarshal(raw, &d) != nil {
		return 0, false
	}
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(d))
	if err != nil {
		return 0, false
	}
	if isTo {
		t = t.AddDate(0, 0, 1)
	}
	return z.Instant(schedule.Wall{Year: t.Year(), Month: t.Month(), Day: t.Day()}).UnixMilli(), true
}

// exportMessages writes the kept messages of a chat (its UserName, else
// its name) in a range.
// account, when not nil, is the only account whose messages are read.
func (c *Core) exportMessages(ctx context.Context, b msg.ExportMessagesBody, account *string) (msg.Export, error) {
	if b.Format == "" {
		b.Format = msgexport.FormatJSON
	}
	if b.Format != msgexport.FormatJSON && b.Format != msgexport.FormatHTML {
		return msg.Export{}, &msg.Error{Code: msg.ErrBadFormat, Detail: b.Format}
	}
	z := c.env.Clock.Zone()
	from, ok1 := exportBound(json.RawMessage(b.From), z, false)
	to, ok2 := exportBound(json.RawMessage(b.To), z, true)
	if !ok1 || !ok2 || (to != 0 && from >= to) {
		return msg.Export{}, &msg.Error{Code: msg.ErrExportRange}
	}
	rc, err := c.recallConfig(ctx)
	if err != nil {
		return msg.Export{}, err
	}
	if !rc.On {
		return msg.Export{}, &msg.Error{Code: msg.ErrExportOff}
	}
	c.recallMu.Lock()
	x, err := c.recallIndex(ctx)
	c.recallMu.Unlock()
	if err != nil {
		return msg.Export{}, err
	}
	names := c.currentNames(ctx)
	chat := strings.TrimSpace(b.Chat)
	e := msgexport.Export{Chat: chat, From: from, To: to, Exported: c.env.Clock.Now().UnixMilli()}
	items := make([]recall.Item, 0)
	all := x.Items
	x.Items = x.Items[:0:0]
	for _, it := range all {
		if account == nil || it.Account == *account {
			x.Items = append(x.Items, it)
		}
	}
	for _, it := range x.Items {
		if it.Chat != chat || !e.In(it.Time) {
			continue
		}
		items = append(items, it)
	}
	if len(items) == 0 && chat != "" {
		// A name: the chat of that name now, else as it was kept.
		for _, it := range x.Items {
			if (names[it.Chat] == chat || (names[it.Chat] == "" && it.ChatName == chat)) && e.In(it.Time) {
				items = append(items, it)
			}
		}
	}
	if len(items) == 0 {
		return msg.Export{}, &msg.Error{Code: msg.ErrExportNone, Detail: chat}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Time < items[j].Time })
	e.Chat = items[0].Chat
	e.ChatName = names[e.Chat]
	if e.ChatName == "" {
		e.ChatName = items[0].ChatName
	}
	zip := msgexport.NewZip(localWall(z, c.env.Clock.Now()))
	size := 0
	for _, it := range items {
		var m rules.Message
		if found, err := c.env.Kept.Get(ctx, recall.Key(it.Account, it.ID), &m); err != nil {
			return msg.Export{}, err
		} else if !found {
			continue
		}
		em := msgexport.Message{ID: m.ID, Time: m.Time, From: m.From, FromSelf: m.FromSelf || it.Self, Type: m.Type, Text: m.Text, FileName: m.FileName, MediaError: it.MediaError}
		if m.GroupSender != "" {
			em.From = m.GroupSender
		}
		em.Sender = names[em.From]
		if em.Sender == "" {
			em.Sender = m.SenderName
		}
		if it.Media != "" {
			em.Media = msgexport.MediaPath(m.ID, m.FileName, it.MediaType)
			if b.Format == msgexport.FormatHTML {
				data, found, err := c.env.Kept.File(ctx, it.Media)
				if err != nil {
					return msg.Export{}, err
				}
				if !found {
					em.Media, em.MediaError = "", string(msg.ErrRecallMediaLost)
				} else if size += len(data); size > MaxExportBytes {
					return msg.Export{}, &msg.Error{Code: msg.ErrExportTooBig, Detail: strconv.Itoa(MaxExportBytes >> 20)}
				} else if err := zip.Add(em.Media, data); err != nil {
					return msg.Export{}, &msg.Error{Code: msg.ErrExportTooBig, Detail: strconv.Itoa(MaxExportBytes >> 20)}
				}
			}
		}
		e.Messages = append(e.Messages, em)
	}
	name := "wxdrop-messages-" + c.env.Clock.Now().Format("2006-01-02")
	js := msgexport.JSON(e)
	if b.Format == msgexport.FormatJSON {
		return msg.Export{Name: name + ".json", Type: "application/json", Text: string(js)}, nil
	}
	page := msgexport.HTML(e, c.exportLabels(e, z), func(ms int64) string {
		return localWall(z, time.UnixMilli(ms)).Format(time.DateTime)
	})
	if err := zip.Add("index.html", page); err != nil {
		return msg.Export{}, &msg.Error{Code: msg.ErrExportTooBig, Detail: strconv.Itoa(MaxExportBytes >> 20)}
	}
	if err := zip.Add("messages.json", js); err != nil {
		return msg.Export{}, &msg.Error{Code: msg.ErrExportTooBig, Detail: strconv.Itoa(MaxExportBytes >> 20)}
	}
	data, err := zip.Bytes()
	if err != nil || len(data) > MaxExportBytes {
		return msg.Export{}, &msg.Error{Code: msg.ErrExportTooBig, Detail: strconv.Itoa(MaxExportBytes >> 20)}
	}
	return msg.Export{Name: name + ".zip", Type: "application/zip", Data: data}, nil
}

// localWall is t's wall time in z, as a time.Time whose fields are the
// wall's (its zone says nothing).
func localWall(z schedule.Zone, t time.Time) time.Time {
	w := z.Wall(t)
	return time.Date(w.Year, w.Month, w.Day, w.Hour, w.Minute, t.Second(), 0, time.UTC)
}

// exportLabels are the page's words in the person's language.
func (c *Core) exportLabels(e msgexport.Export, z schedule.Zone) msgexport.Labels {
	m := c.env.Runtime.Message
	day := func(ms int64) string { return localWall(z, time.UnixMilli(ms)).Format(time.DateOnly) }
	first, last := e.From, e.To-1
	if len(e.Messages) > 0 {
		if first == 0 {
			first = e.Messages[0].Time
		}
		if e.To == 0 {
			last = e.Messages[len(e.Messages)-1].Time
		}
	}
	// The title is wxdrop's sentence around the name ("$CHAT$, $FROM$
	// to $TO$"), which a right-to-left override in it turned around
	// (security.md row 90); the messages and the JSON keep it.
	name := safename.Visible(e.ChatName)
	if name == "" {
		name = e.Chat
	}
	l := msgexport.Labels{Lang: m("msgexport_lang"), Title: m("msgexport_title", name, day(first), day(last)),
		Who: m("msgexport_who"), When: m("msgexport_when"), What: m("msgexport_what"),
		Me: m("msgexport_me"), Open: m("msgexport_open"), Missing: m("msgexport_missing"), Types: map[string]string{}}
	for _, t := range []string{"image", "video", "voice", "file", "emoticon", "link", "app", "card", "location", "system", "recalled", "other"} {
		l.Types[t] = m("recall_type_" + t)
	}
	return l
}
