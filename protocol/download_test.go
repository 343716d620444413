package protocol_test

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/protocol/wxsim/wxsimtest"
)

func readAll(t *testing.T, d *protocol.Download) []byte {
	t.Helper()
	defer d.Body.Close()
	b, err := io.ReadAll(d.Body)
	require.NoError(t, err)
	return b
}

// TestDownloadEveryKind: each kind of received media comes back with the
// exact bytes the server holds.
func TestDownloadEveryKind(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	c := env.Client
	tests := []struct {
		name  string
		in    wxsim.Incoming
		url   func(m wxsim.Message) string
		rng   string
		thumb bool
	}{
		{"image", wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgImage, Data: randomBytes(70000, 1)},
			func(m wxsim.Message) string { return c.MsgImageURL(m.MsgID, protocol.ImageFull) }, "", false},
		{"image thumbnail", wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgImage, Data: randomBytes(70000, 2), Thumb: randomBytes(900, 3)},
			func(m wxsim.Message) string { return c.MsgImageURL(m.MsgID, protocol.ImageThumb) }, "", true},
		{"emoticon", wxsim.Incoming{From: "lisi", Type: wxsim.MsgEmoticon, Data: randomBytes(5000, 4)},
			func(m wxsim.Message) string { return c.MsgImageURL(m.MsgID, protocol.ImageBig) }, "", false},
		{"voice", wxsim.Incoming{From: "lisi", Type: wxsim.MsgVoice, Data: randomBytes(12000, 5), VoiceLength: 3000},
			func(m wxsim.Message) string { return c.VoiceURL(m.MsgID) }, "", false},
		{"video", wxsim.Incoming{From: "zhangsan", Group: "family", Type: wxsim.MsgVideo, Data: randomBytes(900000, 6)},
			func(m wxsim.Message) string { return c.VideoURL(m.MsgID) }, "bytes=0-", false},
		{"file", wxsim.Incoming{From: "alice", Type: wxsim.MsgApp, FileName: `季度 &<>"报告.pdf`, Data: randomBytes(1<<20, 7)},
			func(m wxsim.Message) string {
				return c.MediaURL(protocol.MediaRef{Sender: m.From, MediaID: m.MediaID, EncryFileName: m.EncryFileName})
			}, "", false},
	}
	for _, tt := range tests {
		m, err := env.Sim.Deliver(tt.in)
		require.NoError(t, err, tt.name)
		d, err := c.Download(ctx, tt.url(m), tt.rng)
		require.NoError(t, err, tt.name)
		want := tt.in.Data
		if tt.thumb {
			want = tt.in.Thumb
		}
		require.Equal(t, want, readAll(t, d), tt.name)
		if tt.rng != "" {
			require.Equal(t, "bytes 0-899999/900000", d.ContentRange)
		}
	}
	require.Empty(t, env.Sim.Rejections())
}

func TestDownloadURLsAsThePageBuildsThem(t *testing.T) {
	t.Parallel()
	s := protocol.Session{Uin: seedUin, Sid: seedSid, Skey: seedSkey, DataTicket: "dt+/=", Host: "wx.qq.com", UserName: seedSelf}
	c, err := protocol.NewClient(&capture{}, s)
	require.NoError(t, err)
	// The seed's own URLs (shared/seeds).
	require.Equal(t, "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetmsgimg?&MsgID=6829659093985341608&skey=%40crypt_14ae1b12_1bb5e370393b8cd502919825fe9dbfc0&type=slave", c.MsgImageURL("6829659093985341608", protocol.ImageThumb))
	require.Equal(t, "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetvoice?msgid=6181125285738858128&skey=@crypt_14ae1b12_1bb5e370393b8cd502919825fe9dbfc0", c.VoiceURL("6181125285738858128"))
	require.Equal(t, "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetvideo?msgid=114757855447263581&skey=%40crypt_14ae1b12_1bb5e370393b8cd502919825fe9dbfc0", c.VideoURL("114757855447263581"))
	require.Equal(t, "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgeticon?seq=637275253&username=@aa357b7fc1ccb2e77a2632a6251fb6de2c5dd1c0ec503f04b25cfd34c256956a&skey=@crypt_14ae1b12_1bb5e370393b8cd502919825fe9dbfc0", c.IconURL("@aa357b7fc1ccb2e77a2632a6251fb6de2c5dd1c0ec503f04b25cfd34c256956a", 637275253, ""))
	require.Equal(t, "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetheadimg?seq=0&username=@@eca74ece82ad7947d262c59d53ab5d001e8776374141377cc025956b44bd1c03&skey=@crypt_14ae1b12_1bb5e370393b8cd502919825fe9dbfc0", c.IconURL("@@eca74ece82ad7947d262c59d53ab5d001e8776374141377cc025956b44bd1c03", 0, ""))
	u := c.MediaURL(protocol.MediaRef{Sender: "@abc", MediaID: "@crypt_1", EncryFileName: "a%20b.pdf"})
	require.Equal(t, "https://file.wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetmedia?sender=%40abc&mediaid=%40crypt_1&encryfilename=a%2520b.pdf&fromuser=566148615&pass_ticket=undefined&webwx_data_ticket=dt%2B%2F%3D", u)
}

func TestAvatars(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	for _, key := range []string{"zhangsan", "family"} {
		d, err := env.Client.Download(ctx, env.Client.IconURL(env.Sim.UserName(key), 0, ""), "")
		require.NoError(t, err)
		require.Equal(t, "image/png", d.ContentType)
		require.Equal(t, wxsim.AvatarPNG(key), readAll(t, d))
	}
}

func TestDownloadRefusals(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	m, err := env.Sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgImage, Data: []byte("jpeg")})
	require.NoError(t, err)
	_, err = env.Client.Download(ctx, "https://evil.example/cgi-bin/mmwebwx-bin/webwxgetmsgimg?x", "")
	require.ErrorContains(t, err, "not on this session's web WeChat hosts")
	_, err = env.Client.Download(ctx, "https://wx.qq.com.evil.example/cgi-bin/mmwebwx-bin/x", "")
	require.Error(t, err)
	env.Sim.Logout()
	_, err = env.Client.Download(ctx, env.Client.MsgImageURL(m.MsgID, protocol.ImageFull), "")
	require.ErrorIs(t, err, protocol.ErrLoggedOut)
	require.ErrorIs(t, err, protocol.ErrNotMedia)
	require.False(t, strings.Contains(err.Error(), env.Sess.Skey))
}

func TestMediaRange(t *testing.T) {
	t.Parallel()
	tests := []struct{ url, want string }{
		{"https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetvideo?msgid=1&skey=x", "bytes=0-"},
		{"https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxgetvoice?msgid=1&skey=x", "bytes=0-"},
		{"https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetmsgimg?&MsgID=1&skey=x", ""},
		{"https://file.wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetmedia?sender=x", ""},
		{"https://example.com/cgi-bin/mmwebwx-bin/webwxgetvideo?msgid=1", ""},
		{"http://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetvideo?msgid=1", ""},
	}
	for _, tt := range tests {
		if got := protocol.MediaRange(tt.url); got != tt.want {
			t.Errorf("MediaRange(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
}
