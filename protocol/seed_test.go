package protocol_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
)

// The seed capture's session values (testdata/seed, docs/protocol.md §5).
const (
	seedUin        = 566148615
	seedSid        = "2qui+CC4YTiiI2zk"
	seedSkey       = "@crypt_14ae1b12_1bb5e370393b8cd502919825fe9dbfc0"
	seedSelf       = "@595d9f44c64e2f480baa0d6430ca58ef053a768daa6d7b3fcc4bece244bcbce3"
	seedPassTicket = "tM909DkHH8fXLR7hhwIgn9MqmSuCxx6%2BcdaA9qE203zxP7fMT%2FtxPlY7opbnnVE2"
)

// TestSeedBodies checks that the JSON the client sends equals the seed's
// captured bodies byte for byte after compaction: the same fields, values
// and order.
func TestSeedBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden  string
		sess    protocol.Session
		ms      int64
		rnd     int
		lang    string
		wantURL string
		send    func(*protocol.Client) error
	}{
		{
			golden: "webwxsendmsg.json", ms: 1476614675634, rnd: 722, lang: "zh_CN",
			sess:    protocol.Session{Uin: seedUin, Sid: seedSid, Skey: seedSkey, PassTicket: seedPassTicket, DeviceID: "e784205590563506", UserName: seedSelf},
			wantURL: "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxsendmsg?lang=zh_CN&pass_ticket=tM909DkHH8fXLR7hhwIgn9MqmSuCxx6%252BcdaA9qE203zxP7fMT%252FtxPlY7opbnnVE2",
			send: func(c *protocol.Client) error {
				_, err := c.SendText(context.Background(), protocol.Text{To: "@@9e1c0ab62b5ab222835786c00192fb1e10c75f8082c245d360ac6a6bd2efe2df", Content: "@啊啊啊 啊啊啊啊啊啊"})
				return err
			},
		},
		{
			golden: "webwxsendemoticon.json", ms: 1476615019056, rnd: 991, lang: "zh_CN",
			sess:    protocol.Session{Uin: seedUin, Sid: seedSid, Skey: seedSkey, DeviceID: "e961665475339031", UserName: seedSelf},
			wantURL: "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxsendemoticon?fun=sys&lang=zh_CN",
			send: func(c *protocol.Client) error {
				_, err := c.SendEmoticon(context.Background(), protocol.Emoticon{To: "@e5403f77c2193da671790c1a242d0b43ac6f570e5047993ef745d13d6376b57b", MD5: "44682e637b75a3f5d6747d61dbd23a15"})
				return err
			},
		},
		{
			golden: "webwxsendmsgimg.json", ms: 1476615848499, rnd: 338, lang: "zh_CN",
			sess:    protocol.Session{Uin: seedUin, Sid: seedSid, Skey: seedSkey, DeviceID: "e374531581999650", UserName: seedSelf},
			wantURL: "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxsendmsgimg?fun=async&f=json&lang=zh_CN",
			send: func(c *protocol.Client) error {
				_, err := c.SendImage(context.Background(), protocol.Media{To: "@e5403f77c2193da671790c1a242d0b43ac6f570e5047993ef745d13d6376b57b", MediaID: "@crypt_4d268bd0"})
				return err
			},
		},
		{
			golden: "webwxsendappmsg.json", ms: 1476761460420, rnd: 494, lang: "",
			sess:    protocol.Session{Uin: seedUin, Sid: "NO0RlTCXvpBGaag7", Skey: "@crypt_14ae1b12_3bdec7023595f68f9900b5d9d7d30b75", DeviceID: "e984332143788024", UserName: "@257b5aa7fb7b1672afb889be97197478cf618d9bab2b470cf767a61ae9f7f321"},
			wantURL: "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxsendappmsg?fun=async&f=json",
			send: func(c *protocol.Client) error {
				_, err := c.SendFile(context.Background(), protocol.File{To: "@@ab3e18c922f8ab162762f6da231236137ca52871419ec9cafc2421607e82e1ca", Attachment: protocol.Attachment{
					Title: "top10.csv", Size: 1760,
					MediaID: "@crypt_f672a24d_9d9c7d6a3b5ec058db1e6eb3d7c66917ede2e615535e9659365322de110ac41877d9a3b878ed82c0959f9b4602ef6e6d784ae853ab4e242d201cb19b9ee255a337f884eab998c5c43e7d433c01f14c91",
				}})
				return err
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			tt.sess.Host, tt.sess.DataTicket = "wx.qq.com", "ticket"
			doer := &capture{}
			c, err := protocol.NewClient(doer, tt.sess, protocol.WithClock(fixedClock(tt.ms)), protocol.WithRand(seqRand(tt.rnd)), protocol.WithLang(tt.lang))
			require.NoError(t, err)
			require.NoError(t, tt.send(c))

			req, body := doer.last()
			require.Equal(t, tt.wantURL, req.URL.String())
			require.Equal(t, "application/json;charset=UTF-8", req.Header.Get("Content-Type"))
			raw, err := os.ReadFile(filepath.Join("testdata", "seed", tt.golden))
			require.NoError(t, err)
			var want bytes.Buffer
			require.NoError(t, json.Compact(&want, raw))
			require.Equal(t, want.String(), string(body), "body differs from the seed")
		})
	}
}
