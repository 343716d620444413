package core_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// api calls window.wxdrop's method as the page's content script does.
func (f *fixture) api(t *testing.T, method string, args map[string]any, out any) *msg.Error {
	t.Helper()
	res, e := f.call(t, fromTab, msg.APICall, msg.APICallBody{Method: msg.APIMethod(method), Args: argsJSON(t, args)})
	if e == nil && out != nil {
		require.NoError(t, json.Unmarshal(res, out))
	}
	return e
}

func TestPageAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	code := func(e *msg.Error) msg.Code {
		if e == nil {
			return ""
		}
		return e.Code
	}
	require.Equal(t, msg.ErrAPIOff, code(f.api(t, "me", nil, nil)), "off until the person turns it on")
	require.Equal(t, msg.ErrNotAllowed, code(func() *msg.Error { _, e := f.call(t, fromTab, msg.SetAutomation, msg.Automation{API: true}); return e }()),
		"the page cannot turn it on itself")
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)

	var me map[string]string
	require.Nil(t, f.api(t, "me", nil, &me))
	require.Equal(t, "wxdrop测试", me["nickName"])

	var cs []msg.APIContact
	require.Nil(t, f.api(t, "contacts", map[string]any{"query": "ls"}, &cs))
	require.NotEmpty(t, cs)
	require.Equal(t, "李四", cs[0].NickName)
	require.Nil(t, f.api(t, "contacts", nil, &cs))
	require.Greater(t, len(cs), 5)

	var sent msg.APISent
	require.Nil(t, f.api(t, "sendText", map[string]any{"to": "老张", "text": "by remark"}, &sent))
	require.NotEmpty(t, sent.MsgID)
	require.Equal(t, sent.ClientMsgID, sent.LocalID)
	m := f.sim.Messages()[len(f.sim.Messages())-1]
	require.Equal(t, "zhangsan", m.ToKey)
	require.Equal(t, sent.MsgID, m.MsgID)
	var revokedAs msg.APIRevoked
	require.Nil(t, f.api(t, "revoke", map[string]any{"entry": sent.Entry}, &revokedAs))
	// WeChat's answer is in Chinese: the English page's is not.
	require.Equal(t, english("api_revoked"), revokedAs.Introduction)
	require.True(t, strings.HasPrefix(revokedAs.Introduction, "Recalled."), revokedAs.Introduction)
	revoked := false
	for _, m := range f.sim.Messages() {
		if m.MsgID == sent.MsgID {
			revoked = m.Revoked
		}
	}
	require.True(t, revoked, "wxsim has the message revoked")
	require.Equal(t, msg.ErrNoEntry, code(f.api(t, "revoke", map[string]any{"entry": "nope"}, nil)))
	require.Nil(t, f.api(t, "sendText", map[string]any{"to": f.sim.UserName("lisi"), "text": "by UserName"}, &sent))
	require.Nil(t, f.api(t, "sendText", map[string]any{"to": "相亲相爱一家人", "text": "by group name"}, &sent))

	// A file the content script stored through the file bridge.
	id := f.storePageFile(t, []byte("%PDF-1.7\nhello"))
	require.Nil(t, f.api(t, "sendFile", map[string]any{"to": "老张", "fileId": id, "name": "报告.pdf", "size": 14.0, "type": "application/pdf"}, &sent))
	last := f.sim.Messages()[len(f.sim.Messages())-1]
	require.Equal(t, "报告.pdf", last.FileName)
	require.Equal(t, 6, last.Type)
	require.Equal(t, msg.ErrBadRequest, code(f.api(t, "downloadFile", map[string]any{"sender": "@x"}, nil)), "a file message names its media")
	require.Equal(t, msg.ErrTooLarge, code(f.api(t, "sendFile", map[string]any{"to": "老张", "fileId": "x", "name": "huge.iso", "size": float64(3 << 30)}, nil)))
	require.Equal(t, msg.ErrBadRequest, code(f.api(t, "sendFile", map[string]any{"to": "老张", "fileId": "x", "name": "a.png", "size": 10.0, "type": "image/png", "kind": "emoticon"}, nil)))

	tests := []struct {
		name  string
		setup func()
		to    string
		code  msg.Code
		// queued: the message was queued first, and the failure names
		// its entry.
		queued bool
	}{
		{"no such chat", nil, "nobody", msg.ErrNotFound, false},
		{"1205", func() { f.sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Ret: 1205}) }, "李四", msg.ErrTooFrequent, true},
		{"answer lost after the send", func() { f.sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Drop: true, AfterHandling: true}) }, "李四", msg.ErrUncertain, true},
		{"logged out", func() { f.sim.Logout() }, "李四", msg.ErrLoggedOut, true},
	}
	for _, tt := range tests {
		if tt.setup != nil {
			tt.setup()
		}
		e := f.api(t, "sendText", map[string]any{"to": tt.to, "text": tt.name}, nil)
		require.Equal(t, tt.code, code(e), tt.name)
		if tt.queued {
			require.Contains(t, f.entries(t), e.Entry, "%s: the failure names its entry", tt.name)
		} else {
			require.Empty(t, e.Entry, tt.name)
		}
	}
	// A held message was cancelled, not left to go later.
	for _, e := range f.entries(t) {
		require.False(t, e.State.Pending(), "entry %s %s", e.ID, e.State)
	}
}

func TestPageAPIAmbiguousAndSchedule(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, wxsim.Config{People: append(wxsim.DefaultPeople(), wxsim.Person{Key: "lisi2", NickName: "李四", PYInitial: "LS", PYQuanPin: "lisi", ContactFlag: 1})})
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)

	e := f.api(t, "sendText", map[string]any{"to": "李四", "text": "which one?"}, nil)
	require.NotNil(t, e)
	require.Equal(t, msg.ErrAmbiguous, e.Code)
	require.Empty(t, f.sim.Messages(), "nothing goes to a guess")

	at := time.Now().Add(time.Hour).UnixMilli()
	var made map[string]string
	require.Nil(t, f.api(t, "schedule", map[string]any{"to": "老张", "text": "in an hour", "at": float64(at), "repeat": "daily"}, &made))
	var list []msg.APIScheduled
	require.Nil(t, f.api(t, "scheduled", nil, &list))
	require.Len(t, list, 1)
	require.Equal(t, made["id"], list[0].ID)
	require.Equal(t, "老张", list[0].To)
	require.Equal(t, at, list[0].At)
	require.Equal(t, msg.RepeatDaily, list[0].Repeat)
	require.Nil(t, f.api(t, "cancel", map[string]any{"id": made["id"]}, nil))
	require.Nil(t, f.api(t, "scheduled", nil, &list))
	require.Empty(t, list)
	require.Equal(t, msg.ErrBadTime, f.api(t, "schedule", map[string]any{"to": "老张", "text": "x", "at": "tomorrow"}, nil).Code)
}

// argsJSON is a call's arguments as the content script sends them.
func argsJSON(t *testing.T, args map[string]any) jsonlite.Raw {
	t.Helper()
	if args == nil {
		return nil
	}
	b, err := json.Marshal(args)
	require.NoError(t, err)
	return b
}

// apiCall is api with the content script's own fields (the entry's id
// and the timeout).
func (f *fixture) apiCall(t *testing.T, body msg.APICallBody, out any) *msg.Error {
	t.Helper()
	res, e := f.call(t, fromTab, msg.APICall, body)
	if e == nil && out != nil {
		require.NoError(t, json.Unmarshal(res, out))
	}
	return e
}

// TestPageAPIOutcomes: a send call whose wait runs out says whether its
// message may have left (UNCERTAIN) or was cancelled (NOT_SENT), and
// names its entry; the content script can ask again for the outcome of
// the entry it named, and an entry never queued is NOT_SENT.
func TestPageAPIOutcomes(t *testing.T) {
	t.Parallel()
	t.Run("held at the server past the timeout: UNCERTAIN, sent once", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
		arrived, release := make(chan struct{}), make(chan struct{})
		f.sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Arrived: arrived, Hold: release})
		e := f.apiCall(t, msg.APICallBody{Method: "sendText", Args: argsJSON(t, map[string]any{"to": "老张", "text": "held"}), Entry: "00000000000000a1", TimeoutMs: 1000}, nil)
		<-arrived
		require.NotNil(t, e)
		require.Equal(t, msg.ErrUncertain, e.Code)
		require.Equal(t, "00000000000000a1", e.Entry)
		close(release)
		var sent msg.APISent
		require.Nil(t, f.apiCall(t, msg.APICallBody{Method: "outcome", Entry: e.Entry}, &sent), "asked again, the outcome is the send's")
		require.Equal(t, e.Entry, sent.Entry)
		f.settle(t)
		n := 0
		for _, m := range f.sim.Messages() {
			if m.Content == "held" {
				n++
			}
		}
		require.Equal(t, 1, n)
	})
	t.Run("still queued past the timeout: NOT_SENT, never sent", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
		f.ok(t, fromPopup, msg.SetSettings, msg.Settings{GraceMinutes: 10, SpacingMs: msg.MaxSpacingMs, KeepDays: 7}, nil)
		require.Nil(t, f.api(t, "sendText", map[string]any{"to": "老张", "text": "first"}, nil))
		e := f.apiCall(t, msg.APICallBody{Method: "sendText", Args: argsJSON(t, map[string]any{"to": "老张", "text": "spaced"}), TimeoutMs: 1000}, nil)
		require.NotNil(t, e)
		require.Equal(t, msg.ErrNotSent, e.Code)
		require.NotEmpty(t, e.Entry)
		require.Equal(t, msg.EntryCancelled, f.entries(t)[e.Entry].State)
		f.settle(t)
		for _, m := range f.sim.Messages() {
			require.NotEqual(t, "spaced", m.Content)
		}
	})
	t.Run("asked again", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
		e := f.apiCall(t, msg.APICallBody{Method: "outcome", Entry: "00000000000000b2"}, nil)
		require.NotNil(t, e)
		require.Equal(t, msg.ErrNotSent, e.Code, "an entry never queued")
		var sent msg.APISent
		require.Nil(t, f.apiCall(t, msg.APICallBody{Method: "sendText", Args: argsJSON(t, map[string]any{"to": "老张", "text": "x"}), Entry: "00000000000000b2"}, &sent))
		require.Equal(t, "00000000000000b2", sent.Entry)
		e = f.apiCall(t, msg.APICallBody{Method: "sendText", Args: argsJSON(t, map[string]any{"to": "老张", "text": "y"}), Entry: "00000000000000b2"}, nil)
		require.NotNil(t, e)
		require.Equal(t, msg.ErrBadRequest, e.Code, "an id taken")
		var again msg.APISent
		require.Nil(t, f.apiCall(t, msg.APICallBody{Method: "outcome", Entry: "00000000000000b2"}, &again))
		require.Equal(t, sent, again)
	})
}

// TestPageAPIMethodErrors: a name the table has no handler of is
// NO_METHOD (naming it), a member page.js answers itself too; arguments
// of the wrong shape are BAD_REQUEST saying what the method takes; and
// nothing is answered while the API is off.
func TestPageAPIMethodErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tests := []struct {
		name   string
		method string
		args   string
		code   msg.Code
		detail string
	}{
		{"off: not even a name it lacks", "sendVoice", `{}`, msg.ErrAPIOff, ""},
		{"a name it lacks", "sendVoice", `{}`, msg.ErrNoMethod, "sendVoice"},
		{"a member page.js answers", "download", `{}`, msg.ErrNoMethod, "download"},
		{"no name", "", `{}`, msg.ErrNoMethod, ""},
		{"a number for a text", "sendText", `{"to":"老张","text":5}`, msg.ErrBadRequest, "sendText takes (to, text)"},
		{"arguments not an object", "contacts", `["ls"]`, msg.ErrBadRequest, "contacts takes a query, e.g. contacts('zs') or contacts({query: 'zs'})"},
		{"a list of chats that is not", "sendMany", `{"to":"老张","text":"x"}`, msg.ErrBadRequest, "sendMany takes (to[], text, {spacingMs, perHour, at, repeat})"},
		{"a request that is not", "acceptFriend", `{"request":"77"}`, msg.ErrBadRequest, "acceptFriend takes a request from on('friendRequest')"},
		// 1e300 ms became the largest int64: a schedule for the year
		// 292 million, which JavaScript's Date (and so the popup) cannot show.
		{"a schedule past any date", "schedule", `{"to":"老张","text":"x","at":1e300}`, msg.ErrBadTime, ""},
		{"a run past any date", "sendMany", `{"to":["老张"],"text":"x","at":8.7e15}`, msg.ErrBadTime, ""},
		// A spacing or a cap out of a run's bounds was moved in without
		// a word: 10 ms went a second apart, perHour 0 a hundred an hour.
		{"a run 10 ms apart", "sendMany", `{"to":["老张"],"text":"x","spacingMs":10}`, msg.ErrRunSpacingBad, ""},
		{"a run two minutes apart", "sendMany", `{"to":["老张"],"text":"x","spacingMs":120000}`, msg.ErrRunSpacingBad, ""},
		{"a run at NaN ms apart", "sendMany", `{"to":["老张"],"text":"x","spacingMs":null}`, msg.ErrRunSpacingBad, ""},
		{"a run of none an hour", "sendMany", `{"to":["老张"],"text":"x","perHour":0}`, msg.ErrRunPerHourBad, ""},
		{"a run of 5,000 an hour", "sendMany", `{"to":["老张"],"text":"x","perHour":5000}`, msg.ErrRunPerHourBad, ""},
		// 0 (an unset time, or new Date(0)) is no time to the outbox: the
		// schedule was sent at once.
		{"a schedule at the epoch", "schedule", `{"to":"老张","text":"x","at":0}`, msg.ErrBadTime, ""},
		{"a schedule at half a millisecond", "schedule", `{"to":"老张","text":"x","at":0.5}`, msg.ErrBadTime, ""},
	}
	for i, tt := range tests {
		if i == 1 {
			f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
		}
		_, e := f.call(t, fromTab, msg.APICall, msg.APICallBody{Method: msg.APIMethod(tt.method), Args: jsonlite.Raw(tt.args)})
		require.NotNil(t, e, tt.name)
		require.Equal(t, tt.code, e.Code, tt.name)
		require.Equal(t, tt.detail, e.Detail, tt.name)
	}
	require.Empty(t, f.sim.Messages(), "nothing sent")
}

// TestPageAPIFileNameBounded: a page's sendFile names its file and its
// type itself; a name of megabytes went into the outbox's entry, kept in
// storage.local (10 MiB for the whole extension) for days. A name or a
// type longer than any a file system gives is BAD_REQUEST, and nothing
// is queued.
func TestPageAPIFileNameBounded(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
	tests := []struct {
		name, fileName, typ string
		code                msg.Code
	}{
		{"a name of 3 MB", strings.Repeat("a", 3<<20) + ".txt", "text/plain", msg.ErrBadRequest},
		{"a type of 1 MB", "a.txt", strings.Repeat("a", 1<<20), msg.ErrBadRequest},
		{"a Chinese name of 255 characters", strings.Repeat("长", 251) + ".txt", "text/plain", ""},
	}
	for _, tt := range tests {
		id := f.storePageFile(t, []byte("hello"))
		e := f.api(t, "sendFile", map[string]any{"to": "老张", "fileId": id, "name": tt.fileName, "size": 5.0, "type": tt.typ}, nil)
		if tt.code == "" {
			require.Nil(t, e, tt.name)
			continue
		}
		require.NotNil(t, e, tt.name)
		require.Equal(t, tt.code, e.Code, tt.name)
	}
	for _, e := range f.entries(t) {
		require.Less(t, len(e.File.Name)+len(e.File.Type), 2048, "an entry keeps a name of %d bytes", len(e.File.Name))
	}
}

// TestWaitingCallsShareOneRead: page calls waiting for their entries read
// the outbox record once a write, together, not each of them again and
// again: 400 calls each reading the whole record every 100 ms starved the
// worker (e2e TestPageAPIFlood). Twenty calls wait 2 s each for entries
// the spacing holds; every read of the record must be owed to a write.
func TestWaitingCallsShareOneRead(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
	f.ok(t, fromPopup, msg.SetSettings, msg.Settings{GraceMinutes: 10, SpacingMs: msg.MaxSpacingMs, KeepDays: 7}, nil)
	f.env.mu.Lock()
	reads0, writes0 := f.env.reads[msg.OutboxKey], f.env.writes[msg.OutboxKey]
	f.env.mu.Unlock()
	const calls = 20
	var wg sync.WaitGroup
	codes := make(chan msg.Code, calls)
	for i := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := f.apiCall(t, msg.APICallBody{Method: "sendText", Args: argsJSON(t, map[string]any{"to": "老张", "text": fmt.Sprint("flood ", i)}), TimeoutMs: 2000}, nil)
			if e == nil {
				codes <- ""
			} else {
				codes <- e.Code
			}
		}()
	}
	wg.Wait()
	close(codes)
	notSent := 0
	for c := range codes {
		if c == msg.ErrNotSent {
			notSent++
		}
	}
	require.GreaterOrEqual(t, notSent, calls-1, "all but the first wait out their time, held by the spacing")
	f.env.mu.Lock()
	reads, writes := f.env.reads[msg.OutboxKey]-reads0, f.env.writes[msg.OutboxKey]-writes0
	f.env.mu.Unlock()
	// The outbox itself reads before each write (an add, a cancel, a
	// step); the waiting calls add at most one read a write between them.
	// Each polling on its own would be some 20 reads a call.
	require.LessOrEqual(t, reads, 3*writes+calls, "%d reads of the outbox record for %d writes", reads, writes)
}
