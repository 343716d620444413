package wxurl_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxurl"
)

// The session's secrets, as §1.2 and §7 show them.
const (
	skey       = "@crypt_14ae1b12_1bb5e370393b8cd502919825fe9dbfc0"
	passTicket = "tM909DkHH8fXLR7hhwIgn9MqmSuCxx6%2BcdaA9qE203zxP7fMT%2FtxPlY7opbnnVE2"
	dataTicket = "gSdyUoSdMPGqNZ2gGo4a1fhS"
)

// checkURL is the page's link wrapper around target (§1.4, [P ~L9292]).
func checkURL(host, target string) string {
	return "https://" + host + "/cgi-bin/mmwebwx-bin/webwxcheckurl?requrl=" + url.QueryEscape(target) +
		"&skey=" + url.QueryEscape(skey) + "&deviceid=e784205590563506&pass_ticket=" + url.QueryEscape(passTicket) +
		"&opcode=2&scene=1&username=@aa357b7fc1ccb2e77a2632a6251fb6de"
}

func TestClean(t *testing.T) {
	t.Parallel()
	refused := func(reason string) *wxurl.Error { return &wxurl.Error{Reason: reason} }
	for _, tc := range []struct {
		name  string
		raw   string
		want  string
		media *wxurl.Media
		err   *wxurl.Error
	}{
		{"a site's URL stays as written", "https://news.test/a/1?b=2&a=1#top", "https://news.test/a/1?b=2&a=1#top", nil, nil},
		{"a site's sid and uin are its own", "https://forum.test/t?sid=3&uin=7", "https://forum.test/t?sid=3&uin=7", nil, nil},
		{"WeChat's secret names are stripped anywhere", "https://evil.test/x?a=1&skey=" + url.QueryEscape(skey) + "&pass_ticket=" + passTicket + "&b=2&webwx_data_ticket=" + dataTicket + "&wxsid=s&wxuin=1",
			"https://evil.test/x?a=1&b=2", nil, nil},
		{"in any case, encoded", "https://evil.test/x?SKey=1&%73key=2&Pass_Ticket=3&c=4", "https://evil.test/x?c=4", nil, nil},
		{"in a fragment", "https://app.test/#/chat?skey=1&room=2", "https://app.test/#/chat?room=2", nil, nil},
		{"all stripped: no ? left", "https://evil.test/x?skey=1", "https://evil.test/x", nil, nil},
		{"data: URLs are left to the caller", "data:image/png;base64,AAAA", "data:image/png;base64,AAAA", nil, nil},
		{"the WeChat page itself", "https://wx.qq.com/?&lang=zh_CN", "https://wx.qq.com/?&lang=zh_CN", nil, nil},
		{"the WeChat page with the session's sid", "https://wx.qq.com/?lang=zh_CN&sid=QfLp+LoswGm&uin=2381672740&deviceid=e1", "https://wx.qq.com/?lang=zh_CN", nil, nil},
		{"an article on mp.weixin.qq.com", "https://mp.weixin.qq.com/s/Ab3dEf?scene=1", "https://mp.weixin.qq.com/s/Ab3dEf?scene=1", nil, nil},

		{"webwxcheckurl becomes its requrl", checkURL("wx.qq.com", "https://www.example.com/docs?id=3&lang=en"), "https://www.example.com/docs?id=3&lang=en", nil, nil},
		{"on wx2", checkURL("wx2.qq.com", "http://example.org/"), "http://example.org/", nil, nil},
		{"on web.wechat.com", checkURL("web.wechat.com", "https://example.org/a b"), "https://example.org/a b", nil, nil},
		{"its requrl cleaned again", checkURL("wx.qq.com", "https://evil.test/?skey="+url.QueryEscape(skey)+"&x=1"), "https://evil.test/?x=1", nil, nil},
		{"wrapped twice", checkURL("wx.qq.com", checkURL("wx8.qq.com", "https://example.org/deep")), "https://example.org/deep", nil, nil},
		{"wrapping an image of a message", checkURL("wx.qq.com", "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetmsgimg?&MsgID=6829659093985341608&skey="+url.QueryEscape(skey)),
			"", &wxurl.Media{Type: "image", MsgID: "6829659093985341608"}, nil},
		{"webwxcheckurl without requrl", "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxcheckurl?skey=" + url.QueryEscape(skey), "", nil, &wxurl.Error{Reason: wxurl.ReasonNoTarget, Endpoint: "webwxcheckurl"}},

		{"an image (§7 seed)", "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetmsgimg?&MsgID=6829659093985341608&skey=" + url.QueryEscape(skey) + "&type=slave",
			"", &wxurl.Media{Type: "image", MsgID: "6829659093985341608"}, nil},
		{"an image, the page's right-click form", "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetmsgimg?&MsgID=6829659093985341608&skey=" + skey,
			"", &wxurl.Media{Type: "image", MsgID: "6829659093985341608"}, nil},
		{"a sticker preview (type=big)", "https://wx8.qq.com/cgi-bin/mmwebwx-bin/webwxgetmsgimg?&MsgID=1234567890123456789&skey=" + url.QueryEscape(skey) + "&type=big",
			"", &wxurl.Media{Type: "image", MsgID: "1234567890123456789"}, nil},
		{"a voice message", "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetvoice?msgid=6181125285738858128&skey=" + skey,
			"", &wxurl.Media{Type: "voice", MsgID: "6181125285738858128"}, nil},
		{"a video", "https://web2.wechat.com/cgi-bin/mmwebwx-bin/webwxgetvideo?msgid=114757855447263581&skey=" + url.QueryEscape(skey),
			"", &wxurl.Media{Type: "video", MsgID: "114757855447263581"}, nil},
		{"a file (webwxgetmedia on the file host)", "https://file.wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetmedia?sender=%40aa357b7fc1ccb2e7&mediaid=%40crypt_5f2c1e8a_abc&encryfilename=%25E6%258A%25A5%25E5%2591%258A.pdf&fromuser=2381672740&pass_ticket=" + url.QueryEscape(passTicket) + "&webwx_data_ticket=" + url.QueryEscape(dataTicket),
			"", &wxurl.Media{Type: "file", Sender: "@aa357b7fc1ccb2e7", MediaID: "@crypt_5f2c1e8a_abc", EncryFileName: "%E6%8A%A5%E5%91%8A.pdf"}, nil},
		{"a media URL without its message", "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetmsgimg?&skey=" + skey, "", nil, &wxurl.Error{Reason: wxurl.ReasonNoMessage, Endpoint: "webwxgetmsgimg"}},
		{"a MsgID that is not one", "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetvideo?msgid=1%26skey%3Dx&skey=" + skey, "", nil, &wxurl.Error{Reason: wxurl.ReasonNoMessage, Endpoint: "webwxgetvideo"}},
		{"a file without its mediaid", "https://file.wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetmedia?sender=a&webwx_data_ticket=" + dataTicket, "", nil, &wxurl.Error{Reason: wxurl.ReasonNoMessage, Endpoint: "webwxgetmedia"}},

		{"an avatar", "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgeticon?seq=637275253&username=@aa357b7f&skey=" + skey, "", nil, &wxurl.Error{Reason: wxurl.ReasonCGI, Endpoint: "webwxgeticon"}},
		{"a group's avatar", "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetheadimg?seq=0&username=@@eca74ece&skey=" + skey, "", nil, &wxurl.Error{Reason: wxurl.ReasonCGI, Endpoint: "webwxgetheadimg"}},
		{"webwxsync", "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxsync?sid=QfLp&skey=" + skey + "&pass_ticket=" + passTicket, "", nil, &wxurl.Error{Reason: wxurl.ReasonCGI, Endpoint: "webwxsync"}},
		{"synccheck on the push host", "https://webpush.wx.qq.com/cgi-bin/mmwebwx-bin/synccheck?r=1&skey=" + url.QueryEscape(skey) + "&sid=QfLp&uin=2381672740&deviceid=e1&synckey=1_2", "", nil, &wxurl.Error{Reason: wxurl.ReasonCGI, Endpoint: "synccheck"}},
		{"webwxlogout", "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxlogout?redirect=1&type=0&skey=" + url.QueryEscape(skey), "", nil, &wxurl.Error{Reason: wxurl.ReasonCGI, Endpoint: "webwxlogout"}},
		{"the login host's CGI", "https://login.wx.qq.com/cgi-bin/mmwebwx-bin/login?loginicon=true&uuid=x&tip=0", "", nil, &wxurl.Error{Reason: wxurl.ReasonCGI, Endpoint: "login"}},
		{"upper case, backslashes, doubled slashes", `https://WX.QQ.COM//cgi-bin\mmwebwx-bin//WebWxGetIcon?skey=1`, "", nil, &wxurl.Error{Reason: wxurl.ReasonCGI, Endpoint: "webwxgeticon"}},
		{"a host ending in a dot", "https://wx.qq.com./cgi-bin/mmwebwx-bin/webwxgeticon?skey=1", "", nil, &wxurl.Error{Reason: wxurl.ReasonCGI, Endpoint: "webwxgeticon"}},
		{"not a URL, with a secret", "https://wx.qq.com:bad/?skey=" + skey, "", nil, refused(wxurl.ReasonUnreadable)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, m, err := wxurl.Clean(tc.raw)
			if tc.err != nil {
				require.Equal(t, tc.err, err)
				require.Empty(t, got)
				require.Nil(t, m)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
			require.Equal(t, tc.media, m)
			for _, s := range []string{skey, url.QueryEscape(skey), passTicket, dataTicket} {
				require.NotContains(t, got, s)
			}
		})
	}
}

func TestIsWeChatHost(t *testing.T) {
	t.Parallel()
	for host, want := range map[string]bool{
		"wx.qq.com": true, "file.wx2.qq.com": true, "webpush.web.wechat.com": true, "login.wx8.qq.com": true,
		"WX.QQ.COM": true, "wx.qq.com.": true, "mp.weixin.qq.com": true,
		"qq.com": false, "evilwx.qq.com": false, "wx.qq.com.evil.test": false, "wechat.com": false, "example.org": false,
	} {
		require.Equal(t, want, wxurl.IsWeChatHost(host), host)
	}
}

// FuzzClean: whatever the text, Clean does not panic, keeps no secret's
// name in an http(s) URL it returns, and gives the same URL again when
// given its own answer.
func FuzzClean(f *testing.F) {
	for _, s := range []string{
		checkURL("wx.qq.com", "https://example.org/?skey=1"),
		"https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetmsgimg?&MsgID=6829659093985341608&skey=" + skey,
		"https://file.wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetmedia?sender=a&mediaid=b&webwx_data_ticket=c",
		"https://evil.test/x?a=1&skey=2#/p?pass_ticket=3&b=4",
		"https://wx.qq.com/?lang=zh_CN&sid=1",
		"data:image/png;base64,AAAA",
		"http://[::1]:80/?skey=",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, m, err := wxurl.Clean(raw)
		if err != nil || m != nil {
			if got != "" {
				t.Fatalf("Clean(%q) = %q with %v, %v", raw, got, m, err)
			}
			return
		}
		u, perr := url.Parse(got)
		if perr != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return
		}
		weChat := wxurl.IsWeChatHost(u.Hostname())
		for _, part := range []string{u.RawQuery, u.EscapedFragment()} {
			if i := strings.IndexByte(part, '?'); i >= 0 {
				part = part[i+1:]
			}
			for _, p := range strings.Split(part, "&") {
				k, _, _ := strings.Cut(p, "=")
				if d, err := url.QueryUnescape(k); err == nil {
					k = d
				}
				if wxurl.IsSecretName(strings.TrimSpace(k), weChat) {
					t.Fatalf("Clean(%q) = %q keeps %q", raw, got, k)
				}
			}
		}
		again, m2, err2 := wxurl.Clean(got)
		if err2 != nil || m2 != nil || again != got {
			t.Fatalf("Clean(%q) = %q, but Clean of that = %q, %v, %v", raw, got, again, m2, err2)
		}
	})
}
