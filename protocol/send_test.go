package protocol_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/httpdoer"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/protocol/wxsim/wxsimtest"
)

var ctx = context.Background()

func TestSendTextToEveryKindOfChat(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	tests := []struct{ key, text string }{
		{"zhangsan", "你好 👋"},
		{"family", "群消息 @张三"},
		{"filehelper", "a note to myself"},
		{"escape", `&<>'" and 😀 stay as they are`},
	}
	for _, tt := range tests {
		to := env.Sim.UserName(tt.key)
		res, err := env.Client.SendText(ctx, protocol.Text{To: to, Content: tt.text})
		require.NoError(t, err, tt.key)
		require.NotEmpty(t, res.MsgID)
		msgs := env.Sim.Messages()
		got := msgs[len(msgs)-1]
		require.Equal(t, tt.key, got.ToKey)
		require.Equal(t, tt.text, got.Content)
		require.Equal(t, 1, got.Type)
		require.Equal(t, res.MsgID, got.MsgID)
		require.Equal(t, res.LocalID, got.ClientMsgID)
		require.Equal(t, got.ClientMsgID, got.LocalID)
	}
	require.Empty(t, env.Sim.Rejections())
}

func TestClientMsgIDShapeAndReuse(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{}, protocol.WithClock(fixedClock(1476614675634)), protocol.WithRand(seqRand(722)))
	id := env.Client.NewClientMsgID()
	require.Equal(t, "14766146756340722", id)
	to := env.Sim.UserName("lisi")
	for i := 0; i < 2; i++ {
		res, err := env.Client.SendText(ctx, protocol.Text{To: to, Content: "retry", ClientMsgID: id})
		require.NoError(t, err)
		require.Equal(t, id, res.LocalID)
	}
	for _, m := range env.Sim.Messages() {
		require.Equal(t, id, m.ClientMsgID, "a retry must reuse the ClientMsgId")
	}
}

// TestRetryKeepsTheClientMsgID: under a clock and a random source that
// would give every new id a different value, a send given its id (a
// retry) sends that id, and only a send without one gets a new id.
func TestRetryKeepsTheClientMsgID(t *testing.T) {
	t.Parallel()
	ms := int64(1476614675634)
	ticking := func() time.Time { ms += 7; return time.UnixMilli(ms) }
	r := 0
	counting := func(n int) int { r++; return r % n }
	env := wxsimtest.New(t, wxsim.Config{}, protocol.WithClock(ticking), protocol.WithRand(counting))
	to := env.Sim.UserName("lisi")
	first, err := env.Client.SendText(ctx, protocol.Text{To: to, Content: "new"})
	require.NoError(t, err)
	for i := 0; i < 2; i++ {
		res, err := env.Client.SendText(ctx, protocol.Text{To: to, Content: "retry", ClientMsgID: first.LocalID})
		require.NoError(t, err)
		require.Equal(t, first.LocalID, res.LocalID)
	}
	other, err := env.Client.SendText(ctx, protocol.Text{To: to, Content: "another"})
	require.NoError(t, err)
	require.NotEqual(t, first.LocalID, other.LocalID, "the clock moved: a new message gets a new id")
	var ids []string
	for _, m := range env.Sim.Messages() {
		ids = append(ids, m.ClientMsgID)
	}
	require.Equal(t, []string{first.LocalID, first.LocalID, first.LocalID, other.LocalID}, ids)
}

func TestDeviceIDFreshPerRequest(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	to := env.Sim.UserName("lisi")
	for i := 0; i < 3; i++ {
		_, err := env.Client.SendText(ctx, protocol.Text{To: to, Content: "x"})
		require.NoError(t, err)
	}
	seen := map[string]bool{}
	for _, r := range env.Sim.RequestsTo("webwxsendmsg") {
		dev := deviceIDOf(t, r.Body)
		require.True(t, protocol.IsDeviceID(dev), dev)
		seen[dev] = true
	}
	require.Len(t, seen, 3, "the page makes a new DeviceID for every request")
}

func TestSendEmoticonByMD5AndUploadedGIF(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	to := env.Sim.UserName("zhangsan")
	_, err := env.Client.SendEmoticon(ctx, protocol.Emoticon{To: to, MD5: "44682E637B75A3F5D6747D61DBD23A15"})
	require.NoError(t, err)

	gif := append([]byte("GIF89a"), bytes.Repeat([]byte{7}, 5000)...)
	res, up, err := env.Client.SendFileData(ctx, protocol.Upload{To: to, Name: "wave.gif", Size: int64(len(gif)), Data: bytes.NewReader(gif)}, "")
	require.NoError(t, err)
	require.Equal(t, protocol.KindEmoticon, up.Kind)
	msgs := env.Sim.Messages()
	got := msgs[len(msgs)-1]
	require.Equal(t, 47, got.Type)
	require.Equal(t, res.MsgID, got.MsgID)
	md, ok := env.Sim.Media(got.MediaID)
	require.True(t, ok)
	require.Equal(t, "doc", md.MediaType, "GIF is uploaded as doc (§6.4)")
	require.Equal(t, gif, md.Data)
}

func TestRevoke(t *testing.T) {
	t.Parallel()
	now := time.Now()
	clock := func() time.Time { return now }
	env := wxsimtest.New(t, wxsim.Config{Now: func() time.Time { return clock() }})
	to := env.Sim.UserName("zhangsan")
	res, err := env.Client.SendText(ctx, protocol.Text{To: to, Content: "oops"})
	require.NoError(t, err)
	out, err := env.Client.Revoke(ctx, protocol.Revoke{To: to, SvrMsgID: res.MsgID, ClientMsgID: res.LocalID})
	require.NoError(t, err)
	require.Equal(t, "已撤回", out.SysWording)
	require.True(t, env.Sim.Messages()[0].Revoked)

	res2, err := env.Client.SendText(ctx, protocol.Text{To: to, Content: "too late"})
	require.NoError(t, err)
	later := now.Add(3 * time.Minute)
	clock = func() time.Time { return later }
	_, err = env.Client.Revoke(ctx, protocol.Revoke{To: to, SvrMsgID: res2.MsgID, ClientMsgID: res2.LocalID})
	require.ErrorIs(t, err, protocol.ErrSystem)
}

// TestSendFailures: what a send returns for each way it can fail, and
// whether the server recorded the message.
func TestSendFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		fault    wxsim.Fault
		want     error
		notWant  error
		recorded int
	}{
		{"frequency limit", wxsim.Fault{Ret: 1205}, protocol.ErrTooFrequent, protocol.ErrUncertain, 0},
		{"logged out 1101", wxsim.Fault{Ret: 1101}, protocol.ErrLoggedOut, protocol.ErrUncertain, 0},
		{"answer lost after the server took it", wxsim.Fault{Drop: true, AfterHandling: true}, protocol.ErrUncertain, nil, 1},
		{"answer cut off after the server took it", wxsim.Fault{Cut: true}, protocol.ErrUncertain, nil, 1},
		{"connection dropped before handling", wxsim.Fault{Drop: true}, protocol.ErrUncertain, nil, 0},
		{"gateway error", wxsim.Fault{Status: 502}, protocol.ErrUncertain, nil, 0},
		{"HTML error page", wxsim.Fault{Body: "<html>busy</html>"}, protocol.ErrUncertain, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := wxsimtest.New(t, wxsim.Config{})
			tt.fault.Endpoint = "webwxsendmsg"
			env.Sim.Inject(tt.fault)
			_, err := env.Client.SendText(ctx, protocol.Text{To: env.Sim.UserName("lisi"), Content: "hi"})
			require.ErrorIs(t, err, tt.want)
			if tt.notWant != nil {
				require.NotErrorIs(t, err, tt.notWant)
			}
			require.Len(t, env.Sim.Messages(), tt.recorded)
			assertNoSecrets(t, env.Sess, err.Error())
		})
	}
}

func TestLoggedOutSession(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	env.Sim.Logout()
	_, err := env.Client.SendText(ctx, protocol.Text{To: env.Sim.UserName("lisi"), Content: "hi"})
	require.ErrorIs(t, err, protocol.ErrLoggedOut)
	var apiErr *protocol.Error
	require.True(t, errors.As(err, &apiErr))
	require.Equal(t, 1101, apiErr.Ret)
	require.Equal(t, "webwxsendmsg", apiErr.Endpoint)
}

func TestSkeyRotation(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	newSkey := env.Sim.RotateSkey()
	to := env.Sim.UserName("lisi")
	_, err := env.Client.SendText(ctx, protocol.Text{To: to, Content: "old skey"})
	require.ErrorIs(t, err, protocol.ErrLoggedOut)
	s := env.Client.Session()
	s.Skey = newSkey
	require.NoError(t, env.Client.SetSession(s))
	_, err = env.Client.SendText(ctx, protocol.Text{To: to, Content: "new skey"})
	require.NoError(t, err)
}

// TestReloadedPageSession: after a reload the page never knows pass_ticket
// (§1.3); everything still works without it.
func TestReloadedPageSession(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	s := env.Sess.Protocol()
	s.PassTicket = ""
	c := wxsimtest.NewClient(t, httpdoer.New(env.HTTP), s)
	to := env.Sim.UserName("zhangsan")
	_, err := c.SendText(ctx, protocol.Text{To: to, Content: "after reload"})
	require.NoError(t, err)
	data := bytes.Repeat([]byte("pdf"), 300000)
	_, _, err = c.SendFileData(ctx, protocol.Upload{To: to, Name: "r.pdf", Size: int64(len(data)), Data: bytes.NewReader(data)}, "")
	require.NoError(t, err)
	for _, r := range env.Sim.Requests() {
		require.NotContains(t, r.RawQuery, "pass_ticket", r.Endpoint)
	}
	ups := env.Sim.RequestsTo("webwxuploadmedia")
	require.Contains(t, string(ups[0].Body), "pass_ticket:undefined")
	require.Empty(t, env.Sim.Rejections())
}

func TestCheckedInputs(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	to := env.Sim.UserName("lisi")
	_, err := env.Client.SendText(ctx, protocol.Text{To: to})
	require.Error(t, err)
	_, err = env.Client.SendText(ctx, protocol.Text{Content: "nobody"})
	require.Error(t, err)
	_, err = env.Client.SendEmoticon(ctx, protocol.Emoticon{To: to})
	require.Error(t, err)
	_, err = env.Client.Upload(ctx, protocol.Upload{To: to, Name: "empty.txt", Size: 0, Data: bytes.NewReader(nil)})
	require.ErrorIs(t, err, protocol.ErrEmptyFile)
	require.Empty(t, env.Sim.Requests(), "bad input is refused before any request")
	_, err = protocol.NewClient(httpdoer.New(env.HTTP), protocol.Session{Uin: 1, Sid: "s", Skey: "k", DataTicket: "d", Host: "evil.example"})
	require.ErrorContains(t, err, "not a web WeChat host")
}
