package core_test

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/internal/testsite"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// pageMessage is a message wxsim delivered as the page's content script
// passes it on (page.js's plain()).
func pageMessage(t *testing.T, f *fixture, in wxsim.Incoming) rules.Message {
	t.Helper()
	m, err := f.sim.Deliver(in)
	require.NoError(t, err)
	types := map[int]string{wxsim.MsgImage: "image", wxsim.MsgVoice: "voice", wxsim.MsgVideo: "video", wxsim.MsgEmoticon: "emoticon", wxsim.MsgApp: "file"}
	out := rules.Message{ID: m.MsgID, From: m.From, Type: types[in.Type], Time: m.Time.UnixMilli(), FileSize: m.FileSize}
	if in.Group != "" {
		out.Group, out.IsGroup, out.GroupSender = m.From, true, f.sim.UserName(in.From)
	}
	switch in.Type {
	case wxsim.MsgApp:
		out.FileName, out.MediaID, out.EncryFileName = m.FileName, m.MediaID, m.EncryFileName
	case wxsim.MsgVideo:
		out.FileName = m.FileName
	case wxsim.MsgEmoticon:
		out.MD5 = m.MD5
	}
	return out
}

func md5Of(b []byte) string { s := md5.Sum(b); return hex.EncodeToString(s[:]) }

// rulesLog is the rules' log as the options page reads it.
func rulesLog(t *testing.T, f *fixture) []rules.LogEntry {
	t.Helper()
	res, e := f.call(t, fromPopup, msg.GetRules, nil)
	require.Nil(t, e)
	var view rules.View
	require.NoError(t, json.Unmarshal(res, &view))
	return view.Log
}

// TestRulesForwardMedia: a forward rule sends each kind of message it
// takes as what it is: the image, video and file as uploads of the same
// bytes, the sticker by its MD5, the voice message as a file.
func TestRulesForwardMedia(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cfg := rules.Config{On: true, Rules: []rules.Rule{{ID: "fwd", Kind: rules.KindForward, On: true, From: "相亲相爱一家人", To: "文件传输助手",
		Types: []string{"text", "image", "video", "voice", "file", "emoticon"}}}}
	f.ok(t, fromPopup, msg.SetRules, cfg, nil)
	voice := []byte("ID3\x03" + strings.Repeat("v", 3000))
	batch := rules.Batch{Messages: []rules.Message{
		pageMessage(t, f, wxsim.Incoming{From: "lisi", Group: "family", Type: wxsim.MsgImage, Data: testsite.PNG}),
		pageMessage(t, f, wxsim.Incoming{From: "lisi", Group: "family", Type: wxsim.MsgVideo, FileName: "clip.mp4", Data: testsite.MP4}),
		pageMessage(t, f, wxsim.Incoming{From: "lisi", Group: "family", Type: wxsim.MsgApp, FileName: "报告 v2.pdf", Data: testsite.PDF}),
		pageMessage(t, f, wxsim.Incoming{From: "lisi", Group: "family", Type: wxsim.MsgEmoticon, Data: testsite.GIF}),
		pageMessage(t, f, wxsim.Incoming{From: "lisi", Group: "family", Type: wxsim.MsgVoice, Data: voice}),
	}}
	f.ok(t, fromTab, msg.PageMessages, batch, nil)
	f.settle(t)
	var sent []wxsim.Message
	for _, m := range f.sim.Messages() {
		if !m.Incoming {
			sent = append(sent, m)
		}
	}
	for _, e := range f.entries(t) {
		t.Logf("entry %s %s %+v %+v", e.Kind, e.State, e.Error, e.Source)
	}
	require.Len(t, sent, 5, "%+v", sent)
	for _, m := range sent {
		require.Equal(t, "filehelper", m.ToKey)
	}
	media := func(m wxsim.Message) *wxsim.Media {
		md, ok := f.sim.Media(m.MediaID)
		require.True(t, ok, "wxsim holds the upload of %+v", m)
		return md
	}
	require.Equal(t, 3, sent[0].Type, "the image as an image")
	require.Equal(t, md5Of(testsite.PNG), media(sent[0]).MD5)
	require.Equal(t, 43, sent[1].Type, "the video as a video")
	require.Equal(t, md5Of(testsite.MP4), media(sent[1]).MD5)
	require.Equal(t, 6, sent[2].Type, "the file as a file")
	require.Equal(t, "报告 v2.pdf", sent[2].FileName)
	require.Equal(t, md5Of(testsite.PDF), media(sent[2]).MD5)
	require.Equal(t, 47, sent[3].Type, "the sticker by its MD5, with no upload")
	require.Equal(t, md5Of(testsite.GIF), sent[3].EMoticonMD5)
	require.Equal(t, 6, sent[4].Type, "a voice message as a file")
	require.Equal(t, md5Of(voice), media(sent[4]).MD5)

	log := rulesLog(t, f)
	require.Len(t, log, 5)
	require.Equal(t, rules.ResultQueued, log[2].Result)
	require.Equal(t, "报告 v2.pdf", log[2].What)
	require.Equal(t, rules.TypeFile, log[2].Type, "the log keeps the kind apart, for the page to say in the person's language")

	// Texts only, as before, when the rule names no types.
	cfg.Rules[0].Types = nil
	f.ok(t, fromPopup, msg.SetRules, cfg, nil)
	f.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: []rules.Message{
		pageMessage(t, f, wxsim.Incoming{From: "lisi", Group: "family", Type: wxsim.MsgImage, Data: testsite.PNG}),
	}}, nil)
	f.settle(t)
	require.Len(t, rulesLog(t, f), 5, "an image is not forwarded by a texts-only rule")
}

// TestRulesSaveMedia: a save rule keeps each kind of media it takes
// under its folder, named by chat, member and time; a save without the
// person's leave is logged, and one held by a logout is done after the
// login.
func TestRulesSaveMedia(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.env.now = func() time.Time { return time.Date(2026, 12, 2, 21, 0, 0, 0, time.UTC) }
	cfg := rules.Config{On: true, Rules: []rules.Rule{{ID: "save", Kind: rules.KindSave, On: true, Chats: []string{"相亲相爱一家人"}, Folder: "微信/家"}}}
	f.ok(t, fromPopup, msg.SetRules, cfg, nil)
	_, e := f.call(t, fromPopup, msg.SetRules, rules.Config{On: true, Rules: []rules.Rule{{ID: "x", Kind: rules.KindSave, On: true, Folder: "../etc"}}})
	require.NotNil(t, e)
	require.Equal(t, msg.ErrRuleFolderBad, e.Code)

	img := pageMessage(t, f, wxsim.Incoming{From: "lisi", Group: "family", Type: wxsim.MsgImage, Data: testsite.PNG})
	file := pageMessage(t, f, wxsim.Incoming{From: "lisi", Group: "family", Type: wxsim.MsgApp, FileName: "a:b?.pdf", Data: testsite.PDF})
	other := pageMessage(t, f, wxsim.Incoming{From: "lisi", Type: wxsim.MsgApp, FileName: "not this.pdf", Data: testsite.PDF})
	text := rules.Message{ID: "t1", From: f.sim.UserName("family"), Group: f.sim.UserName("family"), Type: "text", Text: "hi"}
	f.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: []rules.Message{img, file, other, text}}, nil)
	f.core.Wait()
	stamp := func(m rules.Message) string {
		return time.UnixMilli(m.Time).In(shanghai).Format("2006-01-02 15.04.05")
	}
	f.env.mu.Lock()
	saved := f.env.saved
	f.env.mu.Unlock()
	require.Len(t, saved, 2, "%v", keys(saved))
	require.Equal(t, testsite.PNG, saved["微信/家/相亲相爱一家人 - 李四 "+stamp(img)+" image-"+img.ID+".jpg"], "%v", keys(saved))
	require.Equal(t, testsite.PDF, saved["微信/家/相亲相爱一家人 - 李四 "+stamp(file)+" a_b_.pdf"], "%v", keys(saved))
	log := rulesLog(t, f)
	require.Len(t, log, 2)
	require.Equal(t, rules.ResultSaved, log[0].Result)
	require.True(t, strings.HasPrefix(log[0].Detail, "微信/家/"), log[0].Detail)
	require.Equal(t, f.env.filesLeft(), 0, "the downloads are not kept once saved")

	// Not allowed: logged, and nothing waits.
	f.env.mu.Lock()
	f.env.noDownloads = true
	f.env.mu.Unlock()
	f.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: []rules.Message{
		pageMessage(t, f, wxsim.Incoming{From: "lisi", Group: "family", Type: wxsim.MsgImage, Data: testsite.PNG}),
	}}, nil)
	f.core.Wait()
	log = rulesLog(t, f)
	require.Equal(t, rules.ResultNotSaved, log[len(log)-1].Result)
	require.Equal(t, string(msg.ErrNoDownloads), log[len(log)-1].Detail)

	// Logged out: the save waits, and is done on a wake after the login.
	f.env.mu.Lock()
	f.env.noDownloads = false
	f.env.mu.Unlock()
	late := pageMessage(t, f, wxsim.Incoming{From: "lisi", Group: "family", Type: wxsim.MsgVideo, FileName: "clip.mp4", Data: testsite.MP4})
	f.sim.Logout()
	f.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: []rules.Message{late}}, nil)
	f.core.Wait()
	require.Len(t, rulesLog(t, f), len(log), "nothing logged while it waits")
	_, err := f.sim.Login("wx.qq.com")
	require.NoError(t, err)
	f.ok(t, fromTab, msg.PageSession, f.env.page(), nil)
	f.core.Start()
	f.core.Wait()
	log = rulesLog(t, f)
	require.Equal(t, rules.ResultSaved, log[len(log)-1].Result, "%+v", log[len(log)-1])
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestPageAPISendEmoticonByMD5: a received sticker goes again by its MD5.
func TestPageAPISendEmoticonByMD5(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
	got := pageMessage(t, f, wxsim.Incoming{From: "lisi", Type: wxsim.MsgEmoticon, Data: testsite.GIF})
	var sent msg.APISent
	require.Nil(t, f.api(t, "sendEmoticon", map[string]any{"to": "老张", "md5": strings.ToUpper(got.MD5)}, &sent))
	last := f.sim.Messages()[len(f.sim.Messages())-1]
	require.Equal(t, 47, last.Type)
	require.Equal(t, got.MD5, last.EMoticonMD5)
	require.Equal(t, sent.MsgID, last.MsgID)
	e := f.api(t, "sendEmoticon", map[string]any{"to": "老张", "md5": "not-an-md5"}, nil)
	require.NotNil(t, e)
	require.Equal(t, msg.ErrBadRequest, e.Code)
	e = f.api(t, "sendEmoticon", map[string]any{"to": "老张", "md5": strings.Repeat("0", 32)}, nil)
	require.NotNil(t, e, "a sticker the server does not know")
	t.Log("unknown sticker:", e.Code, e.Detail)
}

// TestRulesForwardCleansTheName: a file a contact sends with a
// right-to-left override in its name is forwarded under a name that
// shows what it is.
func TestRulesForwardCleansTheName(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cfg := rules.Config{On: true, Rules: []rules.Rule{{ID: "fwd", Kind: rules.KindForward, On: true, From: "李四", To: "文件传输助手", Types: []string{"file"}}}}
	f.ok(t, fromPopup, msg.SetRules, cfg, nil)
	batch := rules.Batch{Messages: []rules.Message{pageMessage(t, f, wxsim.Incoming{From: "lisi", Type: wxsim.MsgApp, FileName: "invoice\u202Efdp.exe", Data: testsite.PDF})}}
	f.ok(t, fromTab, msg.PageMessages, batch, nil)
	f.settle(t)
	var names []string
	for _, m := range f.sim.Messages() {
		if !m.Incoming {
			names = append(names, m.FileName)
		}
	}
	require.Equal(t, []string{"invoicefdp.exe"}, names)
}

// TestSaveRulesBoundedByTheHour (docs/security.md row 80): a member of a
// chat a save rule names forwards one large file again and again (a
// forward costs them nothing): every copy was saved to the Downloads
// folder, one after the other, the person's disk filling at the speed of
// their line. The save rules save at most core.SaveBytesPerHour now (here
// made small): what would pass it is logged as not saved
// (SAVES_HOUR_FULL), and the next hour saves again.
func TestSaveRulesBoundedByTheHour(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var later atomic.Int64
	f.env.now = func() time.Time { return time.Now().Add(time.Duration(later.Load())) }
	big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 1000)...)
	core.SetSavesPerHour(f.core, int64(2*len(big)+len(big)/2))
	cfg := rules.Config{On: true, Rules: []rules.Rule{{ID: "save", Kind: rules.KindSave, On: true, Chats: []string{"相亲相爱一家人"}, Types: []string{"file"}}}}
	f.ok(t, fromPopup, msg.SetRules, cfg, nil)
	forward := func(n int) {
		var ms []rules.Message
		for i := range n {
			ms = append(ms, pageMessage(t, f, wxsim.Incoming{From: "lisi", Group: "family", Type: wxsim.MsgApp, FileName: fmt.Sprintf("合同%d.pdf", i), Data: big}))
		}
		f.ok(t, fromTab, msg.PageMessages, rules.Batch{Messages: ms}, nil)
		f.core.Wait()
	}
	forward(5)
	f.env.mu.Lock()
	saved := len(f.env.saved)
	f.env.mu.Unlock()
	require.Equal(t, 2, saved, "what fits in the hour")
	full := 0
	for _, l := range rulesLog(t, f) {
		if l.Result == rules.ResultNotSaved && l.Detail == string(msg.ErrSavesHourFull) {
			full++
		}
	}
	require.Equal(t, 3, full)
	require.Zero(t, f.env.filesLeft(), "nothing left in IndexedDB")

	later.Store(int64(61 * time.Minute))
	forward(1)
	f.env.mu.Lock()
	saved = len(f.env.saved)
	f.env.mu.Unlock()
	require.Equal(t, 3, saved, "the next hour saves again")
}
