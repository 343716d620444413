package core_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestPageAPISendMany: a run through the page API to chats named by
// their names, placeholders filled per chat; paused, the worker stopped,
// resumed by the next worker; each chat gets its own text once, at the
// run's spacing as wxsim's clock saw it.
func TestPageAPISendMany(t *testing.T) {
	t.Parallel()
	people := wxsim.DefaultPeople()
	var names []any
	for i := range 6 {
		p := wxsim.Person{Key: fmt.Sprintf("many%d", i), NickName: fmt.Sprintf("群发%d", i), ContactFlag: 3}
		if i%2 == 1 {
			p.RemarkName = fmt.Sprintf("客户%d", i)
		}
		people = append(people, p)
		names = append(names, p.RemarkName+map[bool]string{true: p.NickName}[p.RemarkName == ""])
	}
	f := newFixtureWith(t, wxsim.Config{People: people})
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)

	var made map[string]string
	require.Nil(t, f.apiCall(t, msg.APICallBody{Method: "sendMany", Entry: "0123456789abcdef",
		Args: argsJSON(t, map[string]any{"to": names, "text": "{name}，您好（{nick}）", "spacingMs": 1000.0})}, &made))
	require.Equal(t, "0123456789abcdef", made["id"], "the run takes the content script's id")
	// Asked again after a stopped worker: the same run, not a second.
	require.Nil(t, f.apiCall(t, msg.APICallBody{Method: "sendMany", Entry: made["id"],
		Args: argsJSON(t, map[string]any{"to": names, "text": "{name}，您好（{nick}）"})}, &made))
	require.Equal(t, "0123456789abcdef", made["id"])

	var run msg.APIRun
	require.Eventually(t, func() bool {
		require.Nil(t, f.api(t, "run", map[string]any{"id": made["id"]}, &run))
		return run.Sent >= 2
	}, 20*time.Second, 10*time.Millisecond)
	f.ok(t, fromPopup, msg.OutboxRunPause, msg.IDBody{ID: made["id"]}, nil)
	f.core.Wait()

	// The next wake of the worker resumes it.
	f.core = newCore(f.env)
	f.ok(t, fromPopup, msg.OutboxRunResume, msg.IDBody{ID: made["id"]}, nil)
	require.Eventually(t, func() bool {
		require.Nil(t, f.api(t, "run", map[string]any{"id": made["id"]}, &run))
		return run.Done
	}, 30*time.Second, 10*time.Millisecond)
	require.Equal(t, 6, run.Sent)
	require.Len(t, run.Chats, 6)
	require.Equal(t, "客户1，您好（群发1）", run.Chats[1].Text)

	var times []time.Time
	got := map[string]int{}
	for _, m := range f.sim.Messages() {
		got[m.ToKey]++
		times = append(times, m.Time)
		var i int
		_, err := fmt.Sscanf(m.ToKey, "many%d", &i)
		require.NoError(t, err)
		require.Equal(t, fmt.Sprintf("%s，您好（群发%d）", names[i], i), m.Content)
	}
	for i := range 6 {
		require.Equal(t, 1, got[fmt.Sprintf("many%d", i)], "many%d gets the run once", i)
	}
	for i := 1; i < len(times); i++ {
		require.GreaterOrEqual(t, times[i].Sub(times[i-1]), time.Second, "send %d", i)
	}

	// cancel stops a run; a run that is done stays as it ended.
	require.Nil(t, f.api(t, "cancel", map[string]any{"id": made["id"]}, &run))
	require.Equal(t, 6, run.Sent)
	require.Equal(t, msg.ErrNoEntry, f.api(t, "run", map[string]any{"id": "nope"}, nil).Code)
	require.Equal(t, msg.ErrNotFound, f.api(t, "sendMany", map[string]any{"to": []any{"nobody"}, "text": "x"}, nil).Code)
}

// TestPageAPISendManyAFile: sendMany with a file the file bridge stored
// for the call: each chat gets the text, then the file, uploaded once; a
// file not stored for a call, or used twice, is refused as sendFile's is.
func TestPageAPISendManyAFile(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, wxsim.Config{})
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
	to := []any{"老张", "李四"}
	tests := []struct {
		name string
		args func(id string) map[string]any
		code msg.Code
	}{
		{"not stored for a call", func(string) map[string]any {
			f.env.putFile("page-forged", []byte("%PDF-1.7\nx"))
			return map[string]any{"to": to, "fileId": "page-forged", "name": "a.pdf", "size": 10.0}
		}, msg.ErrFileGone},
		{"no name", func(id string) map[string]any { return map[string]any{"to": to, "fileId": id, "size": 10.0} }, msg.ErrBadRequest},
		{"too large", func(id string) map[string]any {
			return map[string]any{"to": to, "fileId": id, "name": "a.iso", "size": float64(3 << 30)}
		}, msg.ErrTooLarge},
	}
	for _, tt := range tests {
		e := f.api(t, "sendMany", tt.args("page-x"), nil)
		require.NotNil(t, e, tt.name)
		require.Equal(t, tt.code, e.Code, tt.name)
	}

	id := f.storePageFile(t, []byte("%PDF-1.7\nhello"))
	var made map[string]string
	require.Nil(t, f.api(t, "sendMany", map[string]any{"to": to, "text": "{name}，附件", "fileId": id, "name": "报告.pdf", "size": 14.0, "type": "application/pdf"}, &made))
	e := f.api(t, "sendMany", map[string]any{"to": to, "fileId": id, "name": "报告.pdf", "size": 14.0}, nil)
	require.NotNil(t, e)
	require.Equal(t, msg.ErrFileGone, e.Code, "a stored file makes one run")
	var run msg.APIRun
	require.Eventually(t, func() bool {
		require.Nil(t, f.api(t, "run", map[string]any{"id": made["id"]}, &run))
		return run.Done
	}, 30*time.Second, 10*time.Millisecond)
	require.Equal(t, 4, run.Sent)
	require.Equal(t, "报告.pdf", run.Chats[1].File)
	got := map[string]int{}
	for _, m := range f.sim.Messages() {
		got[m.ToKey+" "+m.FileName]++
	}
	require.Equal(t, map[string]int{"zhangsan ": 1, "zhangsan 报告.pdf": 1, "lisi ": 1, "lisi 报告.pdf": 1}, got)
	require.Len(t, f.sim.RequestsTo("webwxuploadmedia"), 1)
}
