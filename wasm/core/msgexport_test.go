package core_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/msgexport"
	"github.com/wxdrop/wxdrop/wasm/recall"
	"golang.org/x/net/html"
)

// readZip reads an export's zip back: its files by name.
func readZip(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	out := map[string][]byte{}
	for _, f := range r.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		out[f.Name] = b
	}
	return out
}

// Kept messages of wxsim's chats export as JSON and as a zip of one
// page and the media: from the options (every account) and from the page
// API (the tab's account), one chat, in a range; the hostile texts are
// shown, never run; the image's bytes are wxsim's.
func TestExportMessages(t *testing.T) {
	t.Parallel()
	sh, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	// wxsim's clock: the texts on 6 December, the image on the 7th.
	var clockMu sync.Mutex
	clock := time.Date(2026, 12, 6, 10, 0, 0, 0, sh)
	setClock := func(t time.Time) { clockMu.Lock(); clock = t; clockMu.Unlock() }
	f := newFixtureWith(t, wxsim.Config{Now: func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return clock }})
	code := func(e *msg.Error) msg.Code {
		if e == nil {
			return ""
		}
		return e.Code
	}
	exp := func(body msg.ExportMessagesBody) (msg.Export, *msg.Error) {
		var ex msg.Export
		res, e := f.call(t, fromPopup, msg.ExportMessages, body)
		if e == nil {
			require.NoError(t, json.Unmarshal(res, &ex))
		}
		return ex, e
	}
	_, e := exp(msg.ExportMessagesBody{Chat: "老张", Format: "json"})
	require.Equal(t, msg.ErrExportOff, code(e), "nothing is kept while keeping is off")

	f.ok(t, fromPopup, msg.SetRecall, recall.Config{On: true}, nil)
	texts := []string{`<script>alert(1)</script>`, `<img src=x onerror="alert(2)">`, `<a href="javascript:alert(3)">点我</a>`}
	jpeg := append([]byte("\xff\xd8\xff\xe0"), []byte(strings.Repeat("图", 300))...)
	var delivered []wxsim.Message
	for i, tx := range texts {
		setClock(time.Date(2026, 12, 6, 10+i, 0, 0, 0, sh))
		m, err := f.sim.Deliver(wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgText, Text: tx})
		require.NoError(t, err)
		delivered = append(delivered, m)
	}
	setClock(time.Date(2026, 12, 7, 9, 0, 0, 0, sh))
	img, err := f.sim.Deliver(wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgImage, Data: jpeg})
	require.NoError(t, err)
	delivered = append(delivered, img)
	other, err := f.sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgText, Text: "别的聊天"})
	require.NoError(t, err)
	var batch []any
	for _, m := range append(delivered, other) {
		batch = append(batch, onMessage(m))
	}
	f.ok(t, fromTab, msg.RecallMessages, map[string]any{"messages": batch}, nil)
	f.core.Wait()

	var chats []msg.KeptChat
	f.ok(t, fromPopup, msg.KeptChats, nil, &chats)
	require.Len(t, chats, 2)
	byName := map[string]msg.KeptChat{}
	for _, c := range chats {
		byName[c.Name] = c
	}
	require.Equal(t, 4, byName["老张"].Count)
	require.Equal(t, 1, byName["李四"].Count)
	chat := byName["老张"].Chat
	require.Equal(t, f.sim.UserName("zhangsan"), chat)

	// JSON: the chat's messages in order, nothing of the other chat's.
	ex, e := exp(msg.ExportMessagesBody{Chat: chat, Format: "json"})
	require.Nil(t, e)
	require.Equal(t, "application/json", ex.Type)
	require.True(t, strings.HasSuffix(ex.Name, ".json"))
	var got msgexport.Export
	require.NoError(t, json.Unmarshal([]byte(ex.Text), &got))
	require.Equal(t, "老张", got.ChatName)
	require.Len(t, got.Messages, len(delivered))
	for i, m := range delivered {
		row := got.Messages[i]
		require.Equal(t, m.MsgID, row.ID)
		require.Equal(t, m.Time.UnixMilli(), row.Time)
		require.Equal(t, "老张", row.Sender)
		if i < len(texts) {
			require.Equal(t, "text", row.Type)
			require.Equal(t, texts[i], row.Text)
		}
	}
	require.Equal(t, "image", got.Messages[3].Type)
	require.True(t, strings.HasPrefix(got.Messages[3].Media, "media/"+img.MsgID+"-"))
	require.NotContains(t, ex.Text, "别的聊天")

	// HTML: a zip of the page, the JSON and the image as wxsim served it.
	ex, e = exp(msg.ExportMessagesBody{Chat: "老张", Format: "html"})
	require.Nil(t, e, "a chat by its name too")
	require.Equal(t, "application/zip", ex.Type)
	files := readZip(t, ex.Data)
	require.Equal(t, jpeg, files[got.Messages[3].Media])
	require.Len(t, files, 3)
	doc, err := html.Parse(bytes.NewReader(files["index.html"]))
	require.NoError(t, err)
	var body strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			require.NotEqual(t, "script", n.Data)
			for _, a := range n.Attr {
				require.False(t, strings.HasPrefix(a.Key, "on"), "%s on <%s>", a.Key, n.Data)
				if a.Key == "href" || a.Key == "src" {
					require.Equal(t, "./"+got.Messages[3].Media, a.Val)
				}
			}
		}
		if n.Type == html.TextNode {
			body.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, tx := range texts {
		require.Contains(t, body.String(), tx, "the text shown as it was said")
	}
	var inZip msgexport.Export
	require.NoError(t, json.Unmarshal(files["messages.json"], &inZip))
	require.Equal(t, got.Messages, inZip.Messages)

	// The range: from and to as times (to excluded), and as dates of
	// the person's days (Shanghai's; to includes its day).
	ids := func(body msg.ExportMessagesBody) []string {
		t.Helper()
		ex, e := exp(body)
		require.Nil(t, e, "%+v", body)
		return exportedField(t, ex, func(m msgexport.Message) string { return m.ID })
	}
	num := func(m wxsim.Message) jsonlite.Raw { return jsonlite.Raw(jsonNum(m.Time.UnixMilli())) }
	require.Equal(t, []string{delivered[1].MsgID, delivered[2].MsgID}, ids(msg.ExportMessagesBody{Chat: chat, From: num(delivered[1]), To: num(img), Format: "json"}))
	require.Equal(t, []string{img.MsgID}, ids(msg.ExportMessagesBody{Chat: chat, From: jsonlite.Raw(`"2026-12-07"`), Format: "json"}))
	require.Equal(t, []string{delivered[0].MsgID, delivered[1].MsgID, delivered[2].MsgID},
		ids(msg.ExportMessagesBody{Chat: chat, From: jsonlite.Raw(`"2026-12-06"`), To: jsonlite.Raw(`"2026-12-06"`), Format: "json"}))
	_, e = exp(msg.ExportMessagesBody{Chat: chat, To: num(delivered[0]), Format: "json"})
	require.Equal(t, msg.ErrExportNone, code(e), "to is excluded")

	for _, c := range []struct {
		body msg.ExportMessagesBody
		want msg.Code
	}{
		{msg.ExportMessagesBody{Chat: chat, Format: "xlsx"}, msg.ErrBadFormat},
		{msg.ExportMessagesBody{Chat: chat, Format: "json", From: jsonlite.Raw(`"2026-13-01"`)}, msg.ErrExportRange},
		{msg.ExportMessagesBody{Chat: chat, Format: "json", From: jsonlite.Raw(`"2026-12-06"`), To: jsonlite.Raw(`"2026-12-05"`)}, msg.ErrExportRange},
		{msg.ExportMessagesBody{Chat: chat, Format: "json", From: jsonlite.Raw(`{}`)}, msg.ErrExportRange},
		{msg.ExportMessagesBody{Chat: "nobody", Format: "json"}, msg.ErrExportNone},
	} {
		_, e := exp(c.body)
		require.Equal(t, c.want, code(e), "%+v", c.body)
	}

	// The page API: only once the person turned it on; the same file.
	require.Equal(t, msg.ErrAPIOff, code(f.api(t, "exportMessages", map[string]any{"chat": chat, "format": "json"}, nil)))
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
	var api msg.Export
	require.Nil(t, f.api(t, "exportMessages", map[string]any{"chat": "老张", "format": "html"}, &api))
	require.Equal(t, jpeg, readZip(t, api.Data)[got.Messages[len(got.Messages)-1].Media])
}

// exportedField is a field of each message of a JSON export.
func exportedField(t *testing.T, ex msg.Export, field func(msgexport.Message) string) []string {
	t.Helper()
	var e msgexport.Export
	require.NoError(t, json.Unmarshal([]byte(ex.Text), &e))
	var out []string
	for _, m := range e.Messages {
		out = append(out, field(m))
	}
	return out
}

func jsonNum(n int64) string { b, _ := json.Marshal(n); return string(b) }

// TestExportMessagesOnlyOwnAccount: the page API exports only what the
// tab's own account received; the options (the person) export every
// account's.
func TestExportMessagesOnlyOwnAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetRecall, recall.Config{On: true}, nil)
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
	mine, err := f.sim.Deliver(wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgText, Text: "mine"})
	require.NoError(t, err)
	f.ok(t, fromTab, msg.RecallMessages, map[string]any{"messages": []any{onMessage(mine)}}, nil)
	// The other account's message of a chat of the same UserName and name.
	var x recall.Index
	found, err := memKept{f.env}.Get(ctx, recall.IndexKey, &x)
	require.NoError(t, err)
	require.True(t, found)
	require.Len(t, x.Items, 1)
	theirs := x.Items[0]
	theirs.Account, theirs.ID = f.secondAccount(t), "777"
	x.Items = append(x.Items, theirs)
	require.NoError(t, memKept{f.env}.Set(ctx, recall.IndexKey, x))
	p := onMessage(mine)
	p["id"], p["text"] = "777", "theirs"
	require.NoError(t, memKept{f.env}.Set(ctx, recall.Key(theirs.Account, "777"), p))

	texts := func(ex msg.Export) []string {
		return exportedField(t, ex, func(m msgexport.Message) string { return m.Text })
	}
	var api msg.Export
	require.Nil(t, f.api(t, "exportMessages", map[string]any{"chat": "老张"}, &api), "json is the default format")
	require.Equal(t, []string{"mine"}, texts(api))
	var opts msg.Export
	f.ok(t, fromPopup, msg.ExportMessages, msg.ExportMessagesBody{Chat: "老张", Format: "json"}, &opts)
	require.ElementsMatch(t, []string{"mine", "theirs"}, texts(opts))
}

// TestExportMessagesOwnTexts: a text the account itself sent (from its
// own UserName, the page's fromSelf or not) is of the chat it went to,
// and the page names it "Me".
func TestExportMessagesOwnTexts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetRecall, recall.Config{On: true}, nil)
	ss, _ := f.sim.CurrentSession()
	to := f.sim.UserName("zhangsan")
	own := []any{
		map[string]any{"id": "501", "from": ss.UserName, "to": to, "type": "text", "text": "我说的", "time": 1000},
		map[string]any{"id": "502", "from": ss.UserName, "to": to, "type": "text", "text": "也是我说的", "time": 2000, "fromSelf": true},
	}
	f.ok(t, fromTab, msg.RecallMessages, map[string]any{"messages": own}, nil)
	var ex msg.Export
	f.ok(t, fromPopup, msg.ExportMessages, msg.ExportMessagesBody{Chat: to, Format: "html"}, &ex)
	files := readZip(t, ex.Data)
	var got msgexport.Export
	require.NoError(t, json.Unmarshal(files["messages.json"], &got))
	require.Len(t, got.Messages, 2)
	for _, m := range got.Messages {
		require.True(t, m.FromSelf, m.Text)
	}
	require.Equal(t, "老张", got.ChatName)
	require.Contains(t, string(files["index.html"]), "<td>Me</td>")
}
