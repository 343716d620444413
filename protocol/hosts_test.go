package protocol_test

import (
	"bytes"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/httpdoer"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/protocol/wxsim/wxsimtest"
)

func TestHostsFor(t *testing.T) {
	t.Parallel()
	for _, main := range []string{"wx.qq.com", "wx2.qq.com", "wx8.qq.com", "web.wechat.com", "web2.wechat.com", "WX2.QQ.COM"} {
		h, err := protocol.HostsFor(main)
		require.NoError(t, err)
		require.Equal(t, "file."+h.Main, h.File)
		require.Equal(t, "webpush."+h.Main, h.Push)
	}
	for _, bad := range []string{"", "qq.com", "wx.qq.com.evil.example", "login.wx.qq.com", "file.wx.qq.com"} {
		_, err := protocol.HostsFor(bad)
		require.Error(t, err, bad)
	}
	require.Len(t, protocol.AllHosts(), 15)
}

// TestEveryHostOfTheTable logs in on each main host and checks that every
// URL follows the session's host: sends on the main host, uploads on its
// file host.
func TestEveryHostOfTheTable(t *testing.T) {
	t.Parallel()
	for _, main := range protocol.MainHosts {
		t.Run(main, func(t *testing.T) {
			t.Parallel()
			sim, err := wxsim.New(wxsim.Config{})
			require.NoError(t, err)
			t.Cleanup(func() { sim.Close() })
			sess, err := sim.Login(main)
			require.NoError(t, err)
			c := wxsimtest.NewClient(t, httpdoer.New(sim.Client()), sess.Protocol())
			to := sim.UserName("zhangsan")
			_, err = c.SendText(ctx, protocol.Text{To: to, Content: "hi"})
			require.NoError(t, err)
			data := bytes.Repeat([]byte("x"), 600<<10)
			_, _, err = c.SendFileData(ctx, protocol.Upload{To: to, Name: "a.txt", Size: int64(len(data)), Data: bytes.NewReader(data)}, "")
			require.NoError(t, err)
			_, err = c.Contacts(ctx)
			require.NoError(t, err)
			for _, r := range sim.Requests() {
				want := main
				if r.Endpoint == "webwxuploadmedia" {
					want = "file." + main
				}
				require.Equal(t, want, r.Host, r.Endpoint)
				require.Equal(t, "https://"+main+"/", r.Header.Get("Referer"))
			}
			require.Empty(t, sim.Rejections())
		})
	}
}

// TestAnswersThatAreNotJSON: a clear error for each kind of bad answer.
func TestAnswersThatAreNotJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body, kind string
	}{
		{"", "empty body"},
		{"   \n", "empty body"},
		{"<!DOCTYPE html><html><body>登录超时</body></html>", "HTML page"},
		{`{"BaseResponse":{"Ret":0,"ErrMsg":""},"MemberList":[{"UserName":"@a"`, "truncated JSON"},
		{`{"BaseResponse":{"Ret":0,"ErrMsg":""}}}`, "invalid JSON"},
		{`{"MemberList":[]}`, "no BaseResponse"},
		{`[1,2,3]`, "invalid JSON"},
	}
	for _, tt := range tests {
		doer := &capture{answer: func(*http.Request) (*http.Response, error) { return jsonResponse(tt.body), nil }}
		c, err := protocol.NewClient(doer, protocol.Session{Uin: 1, Sid: "sid", Skey: "@crypt_k", DataTicket: "d", Host: "wx.qq.com", UserName: "@me"})
		require.NoError(t, err)
		_, err = c.Contacts(ctx)
		var de *protocol.DecodeError
		require.True(t, errors.As(err, &de), "%q: %v", tt.body, err)
		require.Equal(t, tt.kind, de.Kind, tt.body)
		require.ErrorIs(t, err, protocol.ErrBadResponse)
		require.Contains(t, err.Error(), "webwxgetcontact: unexpected response")
	}
	doer := &capture{answer: func(*http.Request) (*http.Response, error) { return statusResponse(503, "busy"), nil }}
	c, _ := protocol.NewClient(doer, protocol.Session{Uin: 1, Sid: "sid", Skey: "@crypt_k", DataTicket: "d", Host: "wx.qq.com", UserName: "@me"})
	_, err := c.Contacts(ctx)
	var he *protocol.HTTPError
	require.ErrorAs(t, err, &he)
	require.Equal(t, "webwxgetcontact: HTTP status 503", err.Error())
}
