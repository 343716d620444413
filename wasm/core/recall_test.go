package core_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/recall"
)

// onMessage is a wxsim message as the content script gives it to
// on('message') (and so to the worker's recall.messages).
func onMessage(m wxsim.Message) map[string]any {
	p := map[string]any{"id": m.MsgID, "from": m.From, "to": m.To, "msgType": m.Type, "time": m.Time.UnixMilli()}
	if member, rest, ok := strings.Cut(m.Content, ":<br/>"); ok && strings.HasPrefix(m.From, "@@") {
		p["group"], p["isGroup"], p["groupSender"] = m.From, true, member
		m.Content = rest
	}
	switch m.Type {
	case wxsim.MsgText:
		p["type"], p["text"] = "text", m.Content
	case wxsim.MsgImage:
		p["type"] = "image"
	case wxsim.MsgRecalled:
		p["type"] = "recalled"
		p["text"] = m.Content
	}
	return p
}

func (f *fixture) recall(t *testing.T) recall.View {
	t.Helper()
	var v recall.View
	f.ok(t, fromPopup, msg.GetRecall, nil, &v)
	return v
}

// While keeping is on, a text and an image that reached the page are
// kept (the image's bytes as wxsim served them); their recalls answer
// with the originals as on('message') gave them, list them for the
// popup and notify; a recall of a message never kept has original null;
// turned off, everything kept is let go.
func TestRecalledMessagesKept(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetRecall, recall.Config{On: true, Notify: true}, nil)
	jpeg := append([]byte("\xff\xd8\xff\xe0"), []byte(strings.Repeat("图", 500))...)
	text, err := f.sim.Deliver(wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgText, Text: "晚上 7 点见"})
	require.NoError(t, err)
	img, err := f.sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgImage, Data: jpeg})
	require.NoError(t, err)
	pt, pi := onMessage(text), onMessage(img)
	var a msg.RecallAnswer
	f.ok(t, fromTab, msg.RecallMessages, map[string]any{"messages": []any{pt, pi}}, &a)
	require.Empty(t, a.Revokes)
	f.core.Wait()
	v := f.recall(t)
	require.Equal(t, 2, v.Kept)
	require.Equal(t, 1, v.Media, "the image's media is kept")

	var recalls []any
	for _, id := range []string{text.MsgID, img.MsgID} {
		r, err := f.sim.DeliverRecall(id)
		require.NoError(t, err)
		recalls = append(recalls, onMessage(r))
	}
	recalls = append(recalls, map[string]any{"id": "4242", "from": text.From, "type": "recalled", "msgType": 10002, "revoked": "999999"})
	f.ok(t, fromTab, msg.RecallMessages, map[string]any{"messages": recalls}, &a)
	require.Len(t, a.Revokes, 3)
	want := func(p map[string]any) any {
		b, _ := json.Marshal(p)
		var v any
		require.NoError(t, json.Unmarshal(b, &v))
		return v
	}
	require.Equal(t, text.MsgID, a.Revokes[0].ID)
	require.Equal(t, text.From, a.Revokes[0].From)
	require.Equal(t, want(pt), a.Revokes[0].Original)
	require.Equal(t, img.MsgID, a.Revokes[1].ID)
	require.Equal(t, want(pi), a.Revokes[1].Original)
	require.Equal(t, "999999", a.Revokes[2].ID)
	require.Nil(t, a.Revokes[2].Original, "a recall of a message not kept")

	v = f.recall(t)
	require.Len(t, v.Recalled, 3)
	got := v.Recalled[1] // newest first: the image's
	require.Equal(t, img.MsgID, got.ID)
	require.Equal(t, "李四", got.ChatName)
	require.NotEmpty(t, got.Media)
	f.env.mu.Lock()
	kept := f.env.keptFiles[got.Media]
	f.env.mu.Unlock()
	require.Equal(t, jpeg, kept, "the media bytes are wxsim's")
	require.Equal(t, "老张", v.Recalled[2].ChatName)
	require.Equal(t, "null", string(v.Recalled[0].Original))
	require.Len(t, f.env.notes, 3)
	require.NotContains(t, f.env.all(areaKept)+f.env.all(browser.AreaLocal), "skey", "no secret is kept")

	f.ok(t, fromPopup, msg.SetRecall, recall.Config{On: false}, nil)
	v = f.recall(t)
	require.Zero(t, v.Kept)
	require.Empty(t, f.env.keptFiles)
	f.ok(t, fromTab, msg.RecallMessages, map[string]any{"messages": []any{pt}}, &a)
	require.Zero(t, f.recall(t).Kept, "nothing is kept while off")
}

// The options' bounds are checked.
func TestRecallBoundsChecked(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, tc := range []struct {
		c    recall.Config
		code msg.Code
	}{{recall.Config{On: true, Days: 31}, msg.ErrRecallDays}, {recall.Config{On: true, MB: 1}, msg.ErrRecallSpace}} {
		_, e := f.call(t, fromPopup, msg.SetRecall, tc.c)
		require.NotNil(t, e)
		require.Equal(t, tc.code, e.Code)
	}
	// Only a web WeChat tab passes messages on; only the extension's
	// pages change the settings.
	other := core.Sender{ID: extID, URL: "https://example.com/", TabURL: "https://example.com/", TabID: 9, Self: fromTab.Self}
	_, e := f.call(t, other, msg.RecallMessages, map[string]any{"messages": []any{}})
	require.NotNil(t, e)
	require.Equal(t, msg.ErrNotAllowed, e.Code)
	_, e = f.call(t, fromTab, msg.SetRecall, recall.Config{On: true})
	require.NotNil(t, e)
	require.Equal(t, msg.ErrNotAllowed, e.Code)
}

// A recall that names a kept message of another chat gets no original:
// a chat cannot read what was said in another through its recalls.
func TestRecallOfAnotherChatsMessage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetRecall, recall.Config{On: true}, nil)
	secret, err := f.sim.Deliver(wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgText, Text: "只给你看"})
	require.NoError(t, err)
	other, err := f.sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgText, Text: "hi"})
	require.NoError(t, err)
	var a msg.RecallAnswer
	f.ok(t, fromTab, msg.RecallMessages, map[string]any{"messages": []any{onMessage(secret), onMessage(other)}}, &a)
	forged := map[string]any{"id": "777001", "from": other.From, "type": "recalled", "msgType": 10002, "revoked": secret.MsgID}
	f.ok(t, fromTab, msg.RecallMessages, map[string]any{"messages": []any{forged}}, &a)
	require.Len(t, a.Revokes, 1)
	require.Nil(t, a.Revokes[0].Original)
	v := f.recall(t)
	require.Len(t, v.Recalled, 1)
	require.Equal(t, "null", string(v.Recalled[0].Original))
	require.Empty(t, v.Recalled[0].Media)
	require.Equal(t, other.From, v.Recalled[0].From, "the original's sender is not told")
	require.Zero(t, v.Recalled[0].Time)
}

// The media of a message kept by a worker that stopped before it had
// downloaded it is downloaded by the next wake's first batch; a media
// WeChat no longer gives is marked RECALL_MEDIA_LOST's way (its code).
func TestRecallMediaAfterAWorkerStop(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetRecall, recall.Config{On: true}, nil)
	first, err := f.sim.Deliver(wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgText, Text: "一"})
	require.NoError(t, err)
	f.ok(t, fromTab, msg.RecallMessages, map[string]any{"messages": []any{onMessage(first)}}, nil)
	var x recall.Index
	_, err = memKept{f.env}.Get(ctx, recall.IndexKey, &x)
	require.NoError(t, err)
	require.Len(t, x.Items, 1)
	acct := x.Items[0].Account

	// What the stopped wake left: an image kept, its media not yet.
	pic := []byte("\xff\xd8\xff\xe0 a picture")
	img, err := f.sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgImage, Data: pic})
	require.NoError(t, err)
	gone, err := f.sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgImage, Data: []byte("\xff\xd8\xff\xe0 recalled")})
	require.NoError(t, err)
	for _, m := range []wxsim.Message{img, gone} {
		p := onMessage(m)
		p["type"] = "image"
		require.NoError(t, memKept{f.env}.Set(ctx, recall.Key(acct, m.MsgID), p))
		x.Add(recall.Item{Account: acct, ID: m.MsgID, At: m.Time.UnixMilli(), Bytes: 100, Pending: true})
	}
	require.NoError(t, memKept{f.env}.Set(ctx, recall.IndexKey, x))
	_, err = f.sim.DeliverRecall(gone.MsgID)
	require.NoError(t, err)

	// The next wake: a new core over the same storage.
	f.core = newCore(f.env)
	second, err := f.sim.Deliver(wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgText, Text: "二"})
	require.NoError(t, err)
	f.ok(t, fromTab, msg.RecallMessages, map[string]any{"messages": []any{onMessage(second)}}, nil)
	f.core.Wait()

	x = recall.Index{} // (a JSON array decoded into a slice keeps what its elements omit)
	_, err = memKept{f.env}.Get(ctx, recall.IndexKey, &x)
	require.NoError(t, err)
	it := x.Find(acct, img.MsgID)
	require.NotNil(t, it)
	require.False(t, it.Pending, "%+v", x.Items)
	require.NotEmpty(t, it.Media)
	f.env.mu.Lock()
	require.Equal(t, pic, f.env.keptFiles[it.Media])
	f.env.mu.Unlock()
	lost := x.Find(acct, gone.MsgID)
	require.False(t, lost.Pending)
	require.Empty(t, lost.Media)
	require.NotEmpty(t, lost.MediaError)
}

// In a group, the recall names the member who said it and the group.
func TestRecallInAGroup(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetRecall, recall.Config{On: true}, nil)
	g, err := f.sim.Deliver(wxsim.Incoming{From: "lisi", Group: "family", Type: wxsim.MsgText, Text: "发错群了"})
	require.NoError(t, err)
	p := onMessage(g)
	f.ok(t, fromTab, msg.RecallMessages, map[string]any{"messages": []any{p}}, nil)
	r, err := f.sim.DeliverRecall(g.MsgID)
	require.NoError(t, err)
	var a msg.RecallAnswer
	f.ok(t, fromTab, msg.RecallMessages, map[string]any{"messages": []any{onMessage(r)}}, &a)
	require.Len(t, a.Revokes, 1)
	rv := a.Revokes[0]
	require.Equal(t, g.MsgID, rv.ID)
	require.Equal(t, g.From, rv.Group)
	require.Equal(t, f.sim.UserName("lisi"), rv.GroupSender)
	require.Equal(t, "发错群了", rv.Original.(map[string]any)["text"])
	got := f.recall(t).Recalled[0]
	require.Equal(t, "相亲相爱一家人", got.ChatName)
	require.Equal(t, f.sim.UserName("lisi"), got.From)
	require.Equal(t, "李四", got.SenderName)
}

// TestKeptMediaOneAtATime (docs/security.md row 79): with recalled
// messages kept, every picture, video, voice message and file that
// arrives is downloaded as it arrives (it may be recalled). A contact
// forwards a large file again and again (a forward costs them nothing),
// each reaching the page in a sync of its own: each batch started
// downloads of its own beside the others', every one up to the space set
// (200 MB) in the extension's IndexedDB before the oldest were let go,
// so twenty forwards put 4 GB on the disk at once. One download of kept
// media is under way at a time now; the others wait their turn.
func TestKeptMediaOneAtATime(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetRecall, recall.Config{On: true}, nil)
	gate := make(chan struct{})
	f.env.mu.Lock()
	f.env.mediaGate = gate
	f.env.mu.Unlock()
	jpeg := append([]byte("\xff\xd8\xff\xe0"), []byte(strings.Repeat("图", 500))...)
	const n = 8
	for range n {
		img, err := f.sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgImage, Data: jpeg})
		require.NoError(t, err)
		var a msg.RecallAnswer
		f.ok(t, fromTab, msg.RecallMessages, map[string]any{"messages": []any{onMessage(img)}}, &a)
	}
	// Each batch's download has had the time to start.
	require.Eventually(t, func() bool {
		f.env.mu.Lock()
		defer f.env.mu.Unlock()
		return f.env.mediaNow >= 1
	}, 10*time.Second, 10*time.Millisecond)
	// No second one starts while the first is held (the batches'
	// own downloads, before, were all under way within milliseconds).
	require.Never(t, func() bool {
		f.env.mu.Lock()
		defer f.env.mu.Unlock()
		return f.env.mediaNow > 1
	}, 300*time.Millisecond, 10*time.Millisecond)
	close(gate)
	f.core.Wait()
	f.env.mu.Lock()
	most := f.env.mediaMost
	f.env.mu.Unlock()
	require.Equal(t, 1, most, "downloads of kept media under way at once")
	require.Equal(t, n, f.recall(t).Media, "every media kept in turn")
}

// TestKeptMediaBoundedByTheHour (docs/security.md row 81): one at a time
// (row 79), the kept media were still downloaded without end: a contact
// who sends or forwards large files again and again kept wxdrop
// downloading at the speed of the line, each copy up to the space set,
// the oldest let go to make room. In an hour, media are downloaded up to
// the space set for recalled messages now (no more than the store could
// keep); the others are marked RECALL_HOUR_FULL, and the next hour keeps
// again.
func TestKeptMediaBoundedByTheHour(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var later atomic.Int64
	f.env.now = func() time.Time { return time.Now().Add(time.Duration(later.Load())) }
	f.ok(t, fromPopup, msg.SetRecall, recall.Config{On: true, MB: recall.MinMB}, nil)
	// Two fill the hour's space exactly: the third is not asked for.
	jpeg := append([]byte("\xff\xd8\xff\xe0"), bytes.Repeat([]byte{'x'}, recall.MinMB<<20/2-4)...)
	arrive := func(n int) {
		for range n {
			img, err := f.sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgImage, Data: jpeg})
			require.NoError(t, err)
			var a msg.RecallAnswer
			f.ok(t, fromTab, msg.RecallMessages, map[string]any{"messages": []any{onMessage(img)}}, &a)
			f.core.Wait()
		}
	}
	arrive(5)
	f.core.Wait()
	require.Len(t, f.sim.RequestsTo("webwxgetmsgimg"), 2, "downloads: what fits in the hour's space")
	var x recall.Index
	found, err := f.env.Get(ctx, areaKept, recall.IndexKey, &x)
	require.NoError(t, err)
	require.True(t, found)
	full := 0
	for _, it := range x.Items {
		if it.MediaError == string(msg.ErrRecallHourFull) {
			full++
		}
	}
	require.Equal(t, 3, full)
	require.Zero(t, f.env.filesLeft(), "nothing left in the files store")

	later.Store(int64(61 * time.Minute))
	arrive(1)
	require.Len(t, f.sim.RequestsTo("webwxgetmsgimg"), 3, "the next hour downloads again")
	var next recall.Index
	found, err = f.env.Get(ctx, areaKept, recall.IndexKey, &next)
	require.NoError(t, err)
	require.True(t, found)
	last := next.Items[len(next.Items)-1]
	require.NotEmpty(t, last.Media, "the next hour keeps again: %+v", last)
	require.Empty(t, last.MediaError)
}
