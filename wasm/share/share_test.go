package share_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/share"
)

func TestFileName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, disposition, url, contentType, want string
	}{
		{"URL's last segment", "", "https://a.test/docs/report.pdf", "application/pdf", "report.pdf"},
		{"percent-encoded URL", "", "https://a.test/%E6%8A%A5%E5%91%8A%202026.pdf?x=1", "", "报告 2026.pdf"},
		{"filename", `attachment; filename="plan.docx"`, "https://a.test/get?id=3", "", "plan.docx"},
		{"filename* wins", `attachment; filename="fallback.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf`, "https://a.test/x", "", "报告.pdf"},
		{"filename* alone, lower-case charset", `attachment; filename*=utf-8''%F0%9F%98%80%20a.zip`, "https://a.test/x", "", "😀 a.zip"},
		{"ISO-8859-1", `attachment; filename*=iso-8859-1'en'caf%E9.txt`, "https://a.test/x", "", "café.txt"},
		{"raw UTF-8 unquoted (refused by the RFC, common)", `attachment; filename=报告 终稿.pdf`, "https://a.test/x", "", "报告 终稿.pdf"},
		{"percent-encoded plain filename", `attachment; filename="%E6%8A%A5%E5%91%8A.pdf"`, "https://a.test/x", "", "报告.pdf"},
		{"inline with a name", `inline; filename="pic.png"`, "https://a.test/x", "", "pic.png"},
		{"path parts removed", `attachment; filename="../../etc/passwd"`, "https://a.test/x", "", "passwd"},
		{"Windows path", `attachment; filename="C:\\Users\\me\\a.txt"`, "https://a.test/x", "", "a.txt"},
		{"refused characters", `attachment; filename="a<b>:c|d?.txt"`, "https://a.test/x", "", "a_b__c_d_.txt"},
		{"extension from the type", "", "https://a.test/image", "image/png", "image.png"},
		{"no name at all", "", "https://a.test/", "application/pdf", "download.pdf"},
		{"data URL", "", "data:image/png;base64,AAAA", "image/png", "download.png"},
		{"unknown type, no extension", "", "https://a.test/blob", "application/x-thing", "blob"},
		{"bad disposition falls back to the URL", `attachment; filename*=UTF-8''%ZZ`, "https://a.test/f/b.zip", "", "b.zip"},
		{"a right-to-left override", `attachment; filename*=UTF-8''invoice%E2%80%AEfdp.exe`, "https://a.test/x", "", "invoicefdp.exe"},
		{"every bidirectional control", "", "https://a.test/%E2%80%AAa%E2%80%ABb%E2%80%ACc%E2%80%ADd%E2%81%A6e%E2%81%A7f%E2%81%A8g%E2%81%A9h%E2%80%8Ei%E2%80%8Fj%D8%9Ck.txt", "", "abcdefghijk.txt"},
		{"C1 controls", `attachment; filename*=UTF-8''a%C2%80b%C2%85c%C2%9F.pdf`, "https://a.test/x", "", "abc.pdf"},
		{"a Windows device name", `attachment; filename="CON.txt"`, "https://a.test/x", "", "CON_.txt"},
		{"a device name in lower case, no extension", "", "https://a.test/files/aux", "", "aux_"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, share.FileName(tc.disposition, tc.url, tc.contentType))
		})
	}
	long := share.FileName(`attachment; filename="`+strings.Repeat("长", 150)+`.pdf"`, "", "")
	require.LessOrEqual(t, len(long), 200)
	require.True(t, strings.HasSuffix(long, "长.pdf"), long)
}

// URLs of the web WeChat page (§7, §1.4).
const (
	wxSkey  = "%40crypt_14ae1b12_1bb5e370393b8cd502919825fe9dbfc0"
	wxPage  = "https://wx.qq.com/?&lang=zh_CN"
	wxImage = "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetmsgimg?&MsgID=6829659093985341608&skey=" + wxSkey + "&type=slave"
	wxLink  = "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxcheckurl?requrl=https%3A%2F%2Fnews.test%2Fa%3Fid%3D3&skey=" + wxSkey + "&deviceid=e784205590563506&pass_ticket=tM9%252B&opcode=2&scene=1&username=@a1"
)

func TestPlanOf(t *testing.T) {
	t.Parallel()
	page := "https://news.test/a/1"
	for _, tc := range []struct {
		name  string
		click share.Click
		text  string
		src   *msg.Source
		code  msg.Code
	}{
		{"image", share.Click{Context: "image", SrcURL: "https://img.test/p.jpg", PageURL: page}, "", &msg.Source{URL: "https://img.test/p.jpg", Page: page, As: "image"}, ""},
		{"data image", share.Click{Context: "image", SrcURL: "data:image/png;base64,AA", PageURL: page}, "", &msg.Source{URL: "data:image/png;base64,AA", Page: page, As: "image"}, ""},
		{"blob image", share.Click{Context: "image", SrcURL: "blob:https://news.test/1-2", PageURL: page}, "", nil, msg.ErrSourceNotUsable},
		{"file link", share.Click{Context: "link", LinkURL: "file:///home/me/a.pdf", PageURL: page}, "", nil, msg.ErrSourceNotUsable},
		{"link", share.Click{Context: "link", LinkURL: "https://files.test/a.pdf", PageURL: page}, "", &msg.Source{URL: "https://files.test/a.pdf", Page: page, As: "link"}, ""},
		{"video", share.Click{Context: "video", SrcURL: "https://v.test/c.mp4", PageURL: page}, "", &msg.Source{URL: "https://v.test/c.mp4", Page: page, As: "video"}, ""},
		{"selection", share.Click{Context: "selection", SelectionText: "  一段话 ", PageURL: page}, "一段话\n" + page, nil, ""},
		{"empty selection", share.Click{Context: "selection", SelectionText: " ", PageURL: page}, "", nil, msg.ErrEmptyMessage},
		{"page", share.Click{Context: "page", PageURL: page, PageTitle: " 新闻 "}, "新闻\n" + page, nil, ""},
		{"page without a title", share.Click{Context: "page", PageURL: page}, page, nil, ""},
		{"unknown", share.Click{Context: "frame"}, "", nil, msg.ErrBadRequest},

		// On the web WeChat page itself: no URL that carries the
		// session's keys is kept.
		{"a link WeChat wraps", share.Click{Context: "link", LinkURL: wxLink, PageURL: wxPage}, "", &msg.Source{URL: "https://news.test/a?id=3", Page: wxPage, As: "link"}, ""},
		{"a message's image", share.Click{Context: "image", SrcURL: wxImage, PageURL: wxPage}, "", &msg.Source{As: "image", Page: wxPage, Media: &msg.Media{Type: "image", MsgID: "6829659093985341608"}}, ""},
		{"a message's video", share.Click{Context: "video", SrcURL: "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetvideo?msgid=114757855447263581&skey=" + wxSkey, PageURL: wxPage}, "", &msg.Source{As: "video", Page: wxPage, Media: &msg.Media{Type: "video", MsgID: "114757855447263581"}}, ""},
		{"a message's voice", share.Click{Context: "audio", SrcURL: "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetvoice?msgid=6181125285738858128&skey=" + wxSkey, PageURL: wxPage}, "", &msg.Source{As: "voice", Page: wxPage, Media: &msg.Media{Type: "voice", MsgID: "6181125285738858128"}}, ""},
		{"a message's file", share.Click{Context: "link", LinkURL: "https://file.wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetmedia?sender=@a1&mediaid=@crypt_m1&encryfilename=a.pdf&fromuser=2381672740&pass_ticket=p%252B&webwx_data_ticket=d1", PageURL: wxPage}, "",
			&msg.Source{As: "file", Page: wxPage, Media: &msg.Media{Type: "file", Sender: "@a1", MediaID: "@crypt_m1", EncryFileName: "a.pdf"}}, ""},
		{"an avatar", share.Click{Context: "image", SrcURL: "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgeticon?seq=1&username=@a1&skey=" + wxSkey, PageURL: wxPage}, "", nil, msg.ErrWeChatURL},
		{"a page opened on webwxsync", share.Click{Context: "page", PageURL: "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxsync?sid=1&skey=" + wxSkey}, "", nil, msg.ErrWeChatURL},
		{"an image opened in its own tab", share.Click{Context: "page", PageURL: wxImage}, "", &msg.Source{As: "image", Media: &msg.Media{Type: "image", MsgID: "6829659093985341608"}}, ""},
		{"a selection on a page opened on a CGI URL names no page", share.Click{Context: "selection", SelectionText: "字", PageURL: wxImage}, "字", nil, ""},
		{"a site's URL with the names of WeChat's secrets", share.Click{Context: "link", LinkURL: "https://evil.test/a?skey=" + wxSkey + "&b=1", PageURL: page}, "", &msg.Source{URL: "https://evil.test/a?b=1", Page: page, As: "link"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := share.PlanOf(tc.click)
			if tc.code != "" {
				var me *msg.Error
				require.True(t, errors.As(err, &me), "%v", err)
				require.Equal(t, tc.code, me.Code)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.text, p.Text)
			require.Equal(t, tc.src, p.Source)
		})
	}
}

func TestFetchedLinks(t *testing.T) {
	t.Parallel()
	link := msg.Source{URL: "https://files.test/get?id=1", As: "link"}
	for _, tc := range []struct {
		name string
		src  msg.Source
		f    share.Fetched
		page bool
		file string
		kind protocol.Kind
	}{
		{"HTML page", link, share.Fetched{URL: link.URL, ContentType: "text/html; charset=utf-8"}, true, "", 0},
		{"HTML as an attachment", link, share.Fetched{URL: link.URL, ContentType: "text/html", ContentDisposition: `attachment; filename="saved.html"`}, false, "saved.html", protocol.KindFile},
		{"PDF", link, share.Fetched{URL: "https://files.test/报告.pdf", ContentType: "application/pdf", Size: 10}, false, "报告.pdf", protocol.KindFile},
		{"GIF is an emoticon", link, share.Fetched{URL: "https://files.test/a.gif", ContentType: "image/gif", Size: 10}, false, "a.gif", protocol.KindEmoticon},
		{"image from a script URL", msg.Source{As: "image"}, share.Fetched{URL: "https://img.test/photo.php?id=2", ContentType: "image/jpeg", Size: 10}, false, "photo.php.jpg", protocol.KindImage},
		{"jpeg named .jpeg", msg.Source{As: "image"}, share.Fetched{URL: "https://img.test/a.jpeg", ContentType: "image/jpeg", Size: 10}, false, "a.jpeg", protocol.KindImage},
		{"webp image goes as a file", msg.Source{As: "image"}, share.Fetched{URL: "https://img.test/a.webp", ContentType: "image/webp", Size: 10}, false, "a.webp", protocol.KindFile},
		{"small video", msg.Source{As: "video"}, share.Fetched{URL: "https://v.test/c.mp4", ContentType: "video/mp4", Size: 5 << 20}, false, "c.mp4", protocol.KindVideo},
		{"20 MiB video is a file", msg.Source{As: "video"}, share.Fetched{URL: "https://v.test/c.mp4", ContentType: "video/mp4", Size: 20 << 20}, false, "c.mp4", protocol.KindFile},
		{"audio is a file", msg.Source{As: "audio"}, share.Fetched{URL: "https://a.test/s.mp3", ContentType: "audio/mpeg", Size: 10}, false, "s.mp3", protocol.KindFile},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.page, share.IsPage(tc.src, tc.f))
			if tc.page {
				return
			}
			name, kind := share.File(tc.src, tc.f)
			require.Equal(t, tc.file, name)
			require.Equal(t, tc.kind, kind)
		})
	}
}

func TestTitle(t *testing.T) {
	t.Parallel()
	require.Equal(t, "新闻 & 评论", share.Title([]byte("<html><head><TITLE lang=zh>\n  新闻 &amp;\n 评论 </TITLE>")))
	require.Equal(t, "", share.Title([]byte("<html><body>no title")))
	require.Equal(t, "A'B \"C\" 中 &bogus;", share.Title([]byte("<title>A&#39;B &quot;C&quot; &#x4e2d; &bogus;</title>")))
	require.Equal(t, "", share.Title([]byte("<title>\xb1\xa8\xb8\xe6</title>")), "GBK is not read")
	require.Equal(t, "T\nhttps://p.test/", share.PageText(msg.Source{URL: "https://p.test/"}, share.Fetched{Head: []byte("<title>T</title>")}))
	require.Equal(t, "https://a.test/*", share.Origin("https://a.test:8443/x?y"))
	require.Equal(t, "", share.Origin("data:image/png;base64,AA"))
}

func TestIsLocal(t *testing.T) {
	t.Parallel()
	for host, want := range map[string]bool{
		"localhost": true, "LOCALHOST.": true, "app.localhost": true, "nas.local": true, "printer.Local": true,
		"127.0.0.1": true, "127.8.9.10": true, "10.1.2.3": true, "172.16.0.1": true, "172.31.255.255": true, "192.168.1.1": true,
		"169.254.169.254": true, "100.64.0.1": true, "0.0.0.0": true, "::1": true, "::": true, "fc00::1": true, "fd12:3456::1": true, "fe80::1": true,
		"::ffff:192.168.0.1": true, "::ffff:127.0.0.1": true,
		// Names only a local network gives (security.md row 103).
		"router": true, "NAS.": true, "router.lan": true, "nas.home.arpa": true, "metadata.google.internal": true,
		"fritz.home": true, "wiki.intranet.corp": true, "printer.localdomain": true, "portal.intranet": true,
		// A router's own names under a real suffix (security.md row 112).
		"fritz.box": true, "FRITZ.BOX.": true, "nas.fritz.box": true, "speedport.ip": true,
		"myfritz.box.example.com": false, "notfritz.box": false, "myfritz.net": false, "box": true, "mail.box": false,
		// A browser's shorter forms of an address (security.md row 106).
		"127.1": true, "0x7f.0.0.1": true, "0177.0.0.1": true, "0x7F000001": true, "2130706433.": true, "10.1": true,
		"192.168.1": true, "3232235777": true, "0xa9.0xfe.0xa9.0xfe": true, "169.254.43518": true, "0x0": true,
		"134744072": false, "8.8.2056": false, "0x8.0x8.0x8.0x8": false, "1.2.3.4.example.com": false, "256.1.1.1": false,
		"lan.example.com": false, "internal.example.com": false, "home.example.net": false, "corp.com": false,
		"172.32.0.1": false, "172.15.255.255": false, "11.0.0.1": false, "8.8.8.8": false, "192.169.0.1": false, "2001:db8::1": false,
		"files.test": false, "example.com": false, "local.example.com": false, "localhost.example.com": false, "": false,
	} {
		require.Equal(t, want, share.IsLocal(host), host)
	}
}

func TestCheckTarget(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, page, target string
		refused            string // the host named, "" when allowed
	}{
		{"another site", "https://news.test/a", "https://cdn.example.com/f.pdf", ""},
		{"a WeChat host", "https://news.test/a", "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgeticon?seq=1", "wx.qq.com"},
		{"WeChat's file host", "https://news.test/a", "https://file.wx2.qq.com/cgi-bin/mmwebwx-bin/webwxgetmedia?mediaid=1", "file.wx2.qq.com"},
		{"WeChat's, from a page on WeChat", "https://wx.qq.com/", "https://web.wechat.com/", "web.wechat.com"},
		{"the router, from a site", "https://news.test/a", "http://192.168.1.1/reboot", "192.168.1.1"},
		{"the cloud's metadata", "https://news.test/a", "http://169.254.169.254/latest/meta-data/", "169.254.169.254"},
		{"localhost", "https://news.test/a", "http://localhost:8080/admin", "localhost"},
		{"IPv6 loopback", "https://news.test/a", "http://[::1]:631/", "::1"},
		{"a .local name", "https://news.test/a", "http://nas.local/share/a.pdf", "nas.local"},
		{"the router by its name", "https://news.test/a", "http://router.lan/cgi-bin/config.exp", "router.lan"},
		{"the FRITZ!Box by its name", "https://news.test/a", "http://fritz.box/cgi-bin/firmwarecfg", "fritz.box"},
		{"a name of one label", "https://news.test/a", "http://nas/share/a.pdf", "nas"},
		{"the router by a short address", "https://news.test/a", "http://192.168.1/reboot", "192.168.1"},
		{"the cloud's metadata by its name", "https://news.test/a", "http://metadata.google.internal/computeMetadata/v1/", "metadata.google.internal"},
		{"the home network's name", "https://news.test/a", "http://nas.home.arpa/a.pdf", "nas.home.arpa"},
		{"the intranet, from the intranet's own page", "http://wiki.corp/page", "http://files.corp/a.pdf", ""},
		// Another extension's page (its host one label) is on no network
		// (security.md row 107).
		{"the router, from a PDF another extension shows", "chrome-extension://oemmndcbldboiebfnladdacbdfmadadm/content/web/viewer.html?file=https%3A%2F%2Fnews.test%2Fa.pdf", "http://192.168.1.1/reboot", "192.168.1.1"},
		{"the NAS by name, from another add-on's page", "moz-extension://3c5b2a9e-8f1d-4c2b-9a7e-2d6f0b1c4e5a/reader.html", "http://nas/share/a.pdf", "nas"},
		{"the router, from the router's own page of one label", "http://router/", "http://192.168.1.1/a.pdf", ""},
		{"the NAS, from the NAS's own page", "http://nas.local/files", "http://192.168.1.5/share/a.pdf", ""},
		{"localhost, from a page on localhost", "http://localhost:3000/", "http://127.0.0.1:3000/a.zip", ""},
		{"not http", "https://news.test/a", "ftp://files.test/a", "ftp:"},
	} {
		err := share.CheckTarget(tc.page, tc.target)
		if tc.refused == "" {
			require.NoError(t, err, tc.name)
			continue
		}
		var me *msg.Error
		require.ErrorAs(t, err, &me, tc.name)
		require.Equal(t, msg.ErrRedirectRefused, me.Code, tc.name)
		require.Equal(t, tc.refused, me.Detail, tc.name)
	}
}

// TestWrappedLinkToAShortAddress (docs/security.md row 106): a contact
// sends a link to the router by a shorter form of its address
// (http://127.1/, http://192.168.1/); web WeChat wraps it
// (webwxcheckurl?requrl=…), so the browser's menu gives it as the
// contact wrote it, and the person sends it on from the menu. The
// browser fetches 127.0.0.1: the link is the router's before anything is
// fetched.
func TestWrappedLinkToAShortAddress(t *testing.T) {
	t.Parallel()
	for _, target := range []string{"http://127.1/reboot", "http://192.168.1/cgi-bin/config.exp", "http://0xa9fea9fe/latest/meta-data/"} {
		wrapped := "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxcheckurl?requrl=" + url.QueryEscape(target) + "&skey=" + wxSkey
		p, err := share.PlanOf(share.Click{Context: share.ContextLink, LinkURL: wrapped, PageURL: "https://wx.qq.com/"})
		require.NoError(t, err, target)
		require.NotNil(t, p.Source, target)
		require.Equal(t, target, p.Source.URL, "the core fetches the link the contact wrote")
		err = share.CheckTarget(p.Source.Page, p.Source.URL)
		var me *msg.Error
		require.ErrorAs(t, err, &me, target)
		require.Equal(t, msg.ErrRedirectRefused, me.Code, target)
	}
}

// TestWithCookies (docs/security.md row 95): a link goes with the
// person's cookies of its site; a picture, video or sound only when it
// is of the site of the page it is on.
func TestWithCookies(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, as, page, url string
		want                bool
	}{
		{"a link to another site", share.ContextLink, "https://attacker.test/p", "https://files.test/private/report", true},
		{"a picture of the page's own host", share.ContextImage, "https://files.test/article.html", "https://files.test/img/photo.png", true},
		{"a picture of a sibling host", share.ContextImage, "https://www.example.com/a", "https://img.example.com/x.png", true},
		{"a picture of the parent domain", share.ContextImage, "https://news.example.com/a", "https://example.com/x.png", true},
		{"a picture of another site", share.ContextImage, "https://attacker.test/meme.html", "https://files.test/private/report", false},
		{"a video of another site", share.ContextVideo, "https://attacker.test/meme.html", "https://files.test/media/clip.mp4", false},
		{"a sound of another site", share.ContextAudio, "https://attacker.test/meme.html", "https://files.test/a.mp3", false},
		{"one suffix of two labels", share.ContextImage, "https://a.example.com.cn/p", "https://b.example.com.cn/x.png", true},
		{"two sites under one suffix of two labels", share.ContextImage, "https://evil.com.cn/p", "https://bank.com.cn/x.png", false},
		{"two sites under co.uk", share.ContextImage, "https://evil.co.uk/p", "https://bank.co.uk/x.png", false},
		// security.md row 99: second levels anyone registers under.
		{"two sites under me.uk", share.ContextImage, "https://evil.me.uk/p", "https://alice.me.uk/private.png", false},
		{"two sites under ltd.uk", share.ContextImage, "https://evil.ltd.uk/p", "https://shop.ltd.uk/x.png", false},
		{"two sites under gen.in", share.ContextImage, "https://evil.gen.in/p", "https://bank.gen.in/x.png", false},
		{"two sites under idv.tw", share.ContextImage, "https://evil.idv.tw/p", "https://alice.idv.tw/x.png", false},
		{"one site under me.uk", share.ContextImage, "https://www.alice.me.uk/p", "https://img.alice.me.uk/x.png", true},
		{"upper case and a trailing dot", share.ContextImage, "https://WWW.Example.COM./p", "https://img.example.com/x.png", true},
		{"two IP addresses", share.ContextImage, "http://10.0.0.1/p", "http://10.0.0.2/x.png", false},
		{"one IP address", share.ContextImage, "http://10.0.0.1/p", "http://10.0.0.1/x.png", true},
		{"no page (a WeChat URL)", share.ContextImage, "", "https://files.test/img/photo.png", false},
	} {
		got := share.WithCookies(msg.Source{As: tc.as, Page: tc.page, URL: tc.url})
		require.Equal(t, tc.want, got, tc.name)
	}
}
