package wxsim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestNewLoginPage(t *testing.T) {
	s := newPageServer(t, Config{})
	tb := newPageTab(t, s, "wx.qq.com")
	uri := tb.scan()
	require.Regexp(t, `^https://wx\.qq\.com/cgi-bin/mmwebwx-bin/webwxnewloginpage\?ticket=[0-9a-f]+@qrticket_0&uuid=[^&]+&lang=zh_CN&scan=\d+$`, uri)

	res, body := tb.get(uri + "&fun=new&version=v2")
	require.Equal(t, http.StatusOK, res.StatusCode)
	ss, _ := s.CurrentSession()
	f := parseLoginXML(body)
	require.Equal(t, map[string]string{"ret": "0", "message": "", "skey": ss.Skey, "wxsid": ss.Sid, "wxuin": "566148615", "pass_ticket": ss.PassTicket, "isgrayscale": "1"}, f)
	require.True(t, strings.HasPrefix(body, "<error><ret>0</ret>"))

	// The cookies of §1.1, for .wx.qq.com, Secure, readable by the page.
	got := map[string]*http.Cookie{}
	for _, c := range res.Cookies() {
		got[c.Name] = c
	}
	for _, name := range []string{"wxuin", "wxsid", "webwx_data_ticket", "webwx_auth_ticket", "mm_lang"} {
		c, ok := got[name]
		require.True(t, ok, name)
		require.Equal(t, "wx.qq.com", c.Domain, name) // Go drops the leading dot
		require.True(t, c.Secure, name)
		require.False(t, c.HttpOnly, name)
	}
	require.Equal(t, ss.DataTicket, got["webwx_data_ticket"].Value)

	// A ticket works once; wrong tickets are refused with 1203 (§1.2, §9).
	uri2 := tb.scan()
	u2, _ := url.Parse(uri2)
	tests := []struct{ name, url string }{
		{"used ticket", uri + "&fun=new&version=v2"},
		{"unknown ticket", "/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=abc@qrticket_0&uuid=x&fun=new"},
		{"wrong uuid", strings.Replace(uri2, "uuid="+u2.Query().Get("uuid"), "uuid=nope", 1) + "&fun=new&version=v2"},
		{"the wrong uuid used the ticket up", uri2 + "&fun=new&version=v2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := len(s.Rejections())
			_, body := tb.get(tt.url)
			require.Equal(t, "1203", parseLoginXML(body)["ret"], body)
			require.Len(t, s.Rejections(), n+1)
		})
	}

	// Without fun=new the ticket is not spent.
	uri3 := tb.scan()
	_, body = tb.get(uri3)
	require.Equal(t, "1203", parseLoginXML(body)["ret"])
}

func TestNewLoginPageHeaders(t *testing.T) {
	s := newPageServer(t, Config{})
	tb := newPageTab(t, s, "wx.qq.com")
	uri := tb.scan()
	r, _ := http.NewRequest(http.MethodGet, uri+"&fun=new&version=v2", nil)
	r.Header.Set("Sec-Fetch-Site", "none")
	res, err := tb.c.Do(r)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Empty(t, res.Cookies(), "no cookies for a request that is not the page's")
	rej := s.Rejections()
	require.Len(t, rej, 1)
	require.Equal(t, "webwxnewloginpage", rej[0].Endpoint)
}

func TestInit(t *testing.T) {
	s, tb := newLoggedInPage(t, Config{})
	ss, _ := s.CurrentSession()

	out := tb.init()
	require.Equal(t, ss.Skey, out.SKey)
	require.Equal(t, ss.UserName, out.User.UserName)
	require.Equal(t, int64(566148615), out.User.Uin)
	require.Equal(t, "wxdrop测试", out.User.NickName)
	require.Equal(t, initContacts, out.Count)
	require.Len(t, out.ContactList, initContacts)
	require.Equal(t, "filehelper", out.ContactList[0].UserName)
	require.Equal(t, 4, out.SyncKey.Count)
	require.Len(t, out.SyncKey.List, 4)
	require.Equal(t, 1, out.SyncKey.List[0].Key)
	require.True(t, strings.HasPrefix(out.ChatSet, "filehelper,"))
	require.Equal(t, 1, out.GrayScale)

	// After a reload: Skey "" and no pass_ticket (§1.3); the answer's SKey
	// is how the page learns it.
	reload := *tb
	reload.skey, reload.passTicket = "", ""
	out = reload.init()
	require.Equal(t, ss.Skey, out.SKey)

	tests := []struct {
		name   string
		query  string
		base   map[string]any
		noCook bool
		ret    int
	}{
		{"wrong skey", "", map[string]any{"Uin": 566148615, "Sid": ss.Sid, "Skey": "@crypt_0_0", "DeviceID": "e1"}, false, retInvalid},
		{"wrong sid", "", map[string]any{"Uin": 566148615, "Sid": "x", "Skey": "", "DeviceID": "e1"}, false, retNoSession},
		{"no DeviceID", "", map[string]any{"Uin": 566148615, "Sid": ss.Sid, "Skey": ss.Skey}, false, retParam},
		{"wrong pass_ticket", "&pass_ticket=abc", map[string]any{"Uin": 566148615, "Sid": ss.Sid, "Skey": ss.Skey, "DeviceID": "e1"}, false, retTicket},
		{"no cookies", "", map[string]any{"Uin": 566148615, "Sid": ss.Sid, "Skey": ss.Skey, "DeviceID": "e1"}, true, retCookie},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tb
			if tt.noCook {
				c = newPageTab(t, s, "wx.qq.com")
			}
			var out baseResp
			c.postJSON("/cgi-bin/mmwebwx-bin/webwxinit?r=-1"+tt.query, map[string]any{"BaseRequest": tt.base}, &out)
			require.Equal(t, tt.ret, out.BaseResponse.Ret)
		})
	}
}

func TestStatusNotify(t *testing.T) {
	s, tb := newLoggedInPage(t, Config{})
	self := tb.userName
	tests := []struct {
		name string
		body map[string]any
		ret  int
	}{
		{"inited", map[string]any{"Code": 3, "FromUserName": self, "ToUserName": self, "ClientMsgId": 1476614675634}, 0},
		{"read", map[string]any{"Code": 1, "FromUserName": self, "ToUserName": s.UserName("lisi"), "ClientMsgId": 1476614675634}, 0},
		{"seconds as a string", map[string]any{"Code": 3, "FromUserName": self, "ToUserName": self, "ClientMsgId": "1476614675"}, 0},
		{"inited to someone else", map[string]any{"Code": 3, "FromUserName": self, "ToUserName": s.UserName("lisi"), "ClientMsgId": 1}, retParam},
		{"no ClientMsgId", map[string]any{"Code": 3, "FromUserName": self, "ToUserName": self}, retParam},
		{"no Code", map[string]any{"FromUserName": self, "ToUserName": self, "ClientMsgId": 1}, retParam},
		{"from someone else", map[string]any{"Code": 3, "FromUserName": s.UserName("lisi"), "ToUserName": self, "ClientMsgId": 1}, retParam},
		{"BaseRequest inside is missing", map[string]any{}, retParam},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := map[string]any{"BaseRequest": tb.base()}
			if len(tt.body) == 0 {
				body = map[string]any{"Code": 3}
			}
			for k, v := range tt.body {
				body[k] = v // flat, beside BaseRequest (§2)
			}
			var out struct {
				BaseResponse BaseResponse
				MsgID        string
			}
			tb.postJSON("/cgi-bin/mmwebwx-bin/webwxstatusnotify?lang=zh_CN"+tb.ptQuery(), body, &out)
			require.Equal(t, tt.ret, out.BaseResponse.Ret)
			if tt.ret == 0 {
				require.NotEmpty(t, out.MsgID)
			}
		})
	}
}

// syncCheckURL is the page's synccheck URL (§4.1).
func (tb *pageTab) syncCheckURL(host string) string {
	var keys []string
	for _, it := range tb.syncKey.List {
		keys = append(keys, fmt.Sprintf("%d_%d", it.Key, it.Val))
	}
	return fmt.Sprintf("https://webpush.%s/cgi-bin/mmwebwx-bin/synccheck?r=%d&skey=%s&sid=%s&uin=%s&deviceid=e123456789012345&synckey=%s&_=%d",
		host, time.Now().UnixMilli(), url.QueryEscape(tb.skey), url.QueryEscape(tb.sid), tb.uin,
		url.QueryEscape(strings.Join(keys, "|")), time.Now().UnixMilli())
}

func (tb *pageTab) syncCheck() string {
	tb.t.Helper()
	res, body := tb.get(tb.syncCheckURL(tb.host))
	require.Equal(tb.t, http.StatusOK, res.StatusCode)
	require.Contains(tb.t, res.Header.Get("Content-Type"), "javascript")
	return body
}

func syncJS(retcode, selector string) string {
	return `window.synccheck={retcode:"` + retcode + `",selector:"` + selector + `"}`
}

func TestSyncCheck(t *testing.T) {
	const hold = 300 * time.Millisecond
	s, tb := newLoggedInPage(t, Config{SyncHold: hold})

	start := time.Now()
	require.Equal(t, syncJS("0", "0"), tb.syncCheck(), "an idle poll ends with selector 0")
	require.GreaterOrEqual(t, time.Since(start), hold)

	_, err := s.Deliver(Incoming{From: "lisi", Type: MsgText, Text: "hi"})
	require.NoError(t, err)
	require.Equal(t, syncJS("0", "2"), tb.syncCheck(), "selector 2 when the feed has messages past the key")

	// A held poll wakes when a message arrives.
	s2, tb2 := newLoggedInPage(t, Config{SyncHold: time.Minute})
	done := make(chan string, 1)
	go func() {
		_, body := tb2.get(tb2.syncCheckURL("wx.qq.com"))
		done <- body
	}()
	waitHeld(t, s2, 1)
	_, err = s2.Deliver(Incoming{From: "lisi", Type: MsgText, Text: "hi"})
	require.NoError(t, err)
	select {
	case body := <-done:
		require.Equal(t, syncJS("0", "2"), body)
	case <-time.After(20 * time.Second):
		t.Fatal("the held poll did not wake")
	}
	require.Empty(t, s.Rejections())

	// Refusals are retcodes in the script, recorded as rejections (§9).
	other := newPageTab(t, s, "wx.qq.com")
	wrongSkey := *tb
	wrongSkey.skey = "@crypt_00_00"
	wrongSid := *tb
	wrongSid.sid = "nope"
	tests := []struct {
		name string
		get  func() string
		want string
	}{
		{"no cookies", func() string { _, b := other.get(tb.syncCheckURL("wx.qq.com")); return b }, syncJS("1102", "0")},
		{"wrong push host", func() string { _, b := tb.get(tb.syncCheckURL("wx2.qq.com")); return b }, syncJS("1100", "0")},
		{"wrong skey", func() string { return wrongSkey.syncCheck() }, syncJS("1101", "0")},
		{"wrong sid", func() string { return wrongSid.syncCheck() }, syncJS("1101", "0")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := len(s.Rejections())
			require.Equal(t, tt.want, tt.get())
			rej := s.Rejections()
			require.Len(t, rej, n+1)
			require.Equal(t, "synccheck", rej[n].Endpoint)
		})
	}

	s.Logout()
	require.Equal(t, syncJS("1101", "0"), tb.syncCheck(), "after a logout on the phone")
}

// waitHeld waits until n synccheck polls are held by s.
func waitHeld(t *testing.T, s *Server, n int) {
	t.Helper()
	require.Eventually(t, func() bool { return s.HeldPolls() == n }, 20*time.Second, time.Millisecond, "%d held polls", n)
}

func TestSyncCheckHeldPollSeesLogout(t *testing.T) {
	s, tb := newLoggedInPage(t, Config{SyncHold: time.Minute})
	done := make(chan string, 1)
	go func() { done <- tb.syncCheck() }()
	waitHeld(t, s, 1)
	s.Logout()
	select {
	case body := <-done:
		require.Equal(t, syncJS("1101", "0"), body)
	case <-time.After(20 * time.Second):
		t.Fatal("the held poll did not wake")
	}
}

// sync posts webwxsync as the page does (§4.2): sid and skey raw in the URL.
func (tb *pageTab) sync(key SyncKey) syncResp {
	tb.t.Helper()
	var out syncResp
	tb.postJSON("/cgi-bin/mmwebwx-bin/webwxsync?sid="+tb.sid+"&skey="+tb.skey+tb.ptQuery(),
		map[string]any{"BaseRequest": tb.base(), "SyncKey": key, "rr": -1890672329}, &out)
	return out
}

func TestSync(t *testing.T) {
	s, tb := newLoggedInPage(t, Config{SyncHold: 200 * time.Millisecond})
	k0 := tb.syncKey

	img, _ := SampleIncoming("image", "")
	img.From = "zhangsan"
	mImg, err := s.Deliver(img)
	require.NoError(t, err)
	f, _ := SampleIncoming("file", "")
	f.From = "lisi"
	mFile, err := s.Deliver(f)
	require.NoError(t, err)

	out := tb.sync(k0)
	require.Equal(t, 0, out.BaseResponse.Ret)
	require.Equal(t, 2, out.AddMsgCount)
	require.Len(t, out.AddMsgList, 2)
	ss, _ := s.CurrentSession()
	require.Equal(t, ss.Skey, out.SKey)
	require.Equal(t, out.SyncKey, out.SyncCheckKey)
	require.NotEqual(t, k0, out.SyncKey)
	require.Equal(t, mImg.MsgID, out.AddMsgList[0].MsgID)
	require.Equal(t, MsgImage, out.AddMsgList[0].MsgType)
	require.Equal(t, s.UserName("zhangsan"), out.AddMsgList[0].FromUserName)
	require.Equal(t, ss.UserName, out.AddMsgList[0].ToUserName)
	require.Equal(t, MsgApp, out.AddMsgList[1].MsgType)
	require.Equal(t, 6, out.AddMsgList[1].AppMsgType)
	require.Equal(t, fmt.Sprint(mFile.FileSize), out.AddMsgList[1].FileSize)
	k1 := out.SyncKey

	// The wire shape: MsgId a string, NewMsgId a number, FileSize a string.
	var raw struct{ AddMsgList []map[string]json.RawMessage }
	b, _ := json.Marshal(out)
	require.NoError(t, json.Unmarshal(b, &raw))
	require.Equal(t, `"`+mImg.MsgID+`"`, string(raw.AddMsgList[0]["MsgId"]))
	require.Equal(t, mImg.MsgID, string(raw.AddMsgList[0]["NewMsgId"]))
	require.True(t, strings.HasPrefix(string(raw.AddMsgList[1]["FileSize"]), `"`))
	for _, name := range []string{"RecommendInfo", "AppInfo", "StatusNotifyUserName", "EncryFileName", "OriContent", "HasProductId", "ImgHeight"} {
		require.Contains(t, raw.AddMsgList[0], name)
	}

	// Each message comes once: the new key has nothing, and the old key
	// finds the messages already handed out (§4.3).
	require.Equal(t, 0, tb.sync(k1).AddMsgCount)
	require.Equal(t, 0, tb.sync(k0).AddMsgCount)

	// The thumbnail of the image is served by webwxgetmsgimg (§7).
	res, _ := tb.get("/cgi-bin/mmwebwx-bin/webwxgetmsgimg?&MsgID=" + mImg.MsgID + "&skey=" + url.QueryEscape(tb.skey) + "&type=slave")
	require.Equal(t, http.StatusOK, res.StatusCode)

	// A message the account sent arrives through the feed as sent by it.
	var sent sendResp
	tb.postJSON("/cgi-bin/mmwebwx-bin/webwxsendmsg?lang=zh_CN"+tb.ptQuery(), map[string]any{"BaseRequest": tb.base(),
		"Msg": map[string]any{"Type": 1, "Content": "来自扩展 / from the extension", "FromUserName": ss.UserName, "ToUserName": s.UserName("wangwu"),
			"LocalID": "14766146756340722", "ClientMsgId": "14766146756340722"}, "Scene": 0}, &sent)
	require.Equal(t, 0, sent.BaseResponse.Ret)
	tb.syncKey = k1
	require.Equal(t, syncJS("0", "2"), tb.syncCheck())
	out = tb.sync(k1)
	require.Equal(t, 1, out.AddMsgCount)
	m := out.AddMsgList[0]
	require.Equal(t, sent.MsgID, m.MsgID)
	require.Equal(t, ss.UserName, m.FromUserName)
	require.Equal(t, s.UserName("wangwu"), m.ToUserName)
	require.Equal(t, MsgText, m.MsgType)
	require.Equal(t, "来自扩展 / from the extension", m.Content)

	// The page's synccheck now holds again.
	tb.syncKey = out.SyncKey
	require.Equal(t, syncJS("0", "0"), tb.syncCheck())
	require.Empty(t, s.Rejections())
}

func TestSyncRefusals(t *testing.T) {
	s, tb := newLoggedInPage(t, Config{})
	ss, _ := s.CurrentSession()
	good := func() map[string]any {
		return map[string]any{"BaseRequest": tb.base(), "SyncKey": tb.syncKey, "rr": -1}
	}
	tests := []struct {
		name  string
		query string
		body  func() map[string]any
		ret   int
	}{
		{"wrong skey in the query", "sid=" + ss.Sid + "&skey=@crypt_0_0", good, retInvalid},
		{"no skey", "sid=" + ss.Sid, good, retInvalid},
		{"wrong sid in the query", "sid=abc&skey=" + ss.Skey, good, retInvalid},
		{"wrong Skey in the body", "sid=" + ss.Sid + "&skey=" + ss.Skey, func() map[string]any {
			b := good()
			b["BaseRequest"] = map[string]any{"Uin": tb.uin, "Sid": tb.sid, "Skey": "@crypt_0_0", "DeviceID": "e1"}
			return b
		}, retInvalid},
		{"no SyncKey", "sid=" + ss.Sid + "&skey=" + ss.Skey, func() map[string]any { b := good(); delete(b, "SyncKey"); return b }, retParam},
		{"a SyncKey never handed out", "sid=" + ss.Sid + "&skey=" + ss.Skey, func() map[string]any {
			b := good()
			b["SyncKey"] = SyncKey{Count: 1, List: []SyncKeyItem{{1, 5}}}
			return b
		}, retParam},
		{"no rr", "sid=" + ss.Sid + "&skey=" + ss.Skey, func() map[string]any { b := good(); delete(b, "rr"); return b }, retParam},
		{"sid encoded is fine too", "sid=" + url.QueryEscape(ss.Sid) + "&skey=" + url.QueryEscape(ss.Skey), good, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out baseResp
			tb.postJSON("/cgi-bin/mmwebwx-bin/webwxsync?"+tt.query, tt.body(), &out)
			require.Equal(t, tt.ret, out.BaseResponse.Ret)
		})
	}
	other := newPageTab(t, s, "wx.qq.com")
	var out baseResp
	other.postJSON("/cgi-bin/mmwebwx-bin/webwxsync?sid="+ss.Sid+"&skey="+ss.Skey, good(), &out)
	require.Equal(t, retCookie, out.BaseResponse.Ret)
}

// TestRotateSkeyPageLearns: after RotateSkey the page's poll says selector
// 2, its webwxsync with the skey it knows hands out the new one, and from
// then on the old one is refused.
func TestRotateSkeyPageLearns(t *testing.T) {
	s, tb := newLoggedInPage(t, Config{SyncHold: time.Minute})
	old := tb.skey
	newSkey := s.RotateSkey()
	require.Equal(t, syncJS("0", "2"), tb.syncCheck())
	out := tb.sync(tb.syncKey)
	require.Equal(t, 0, out.BaseResponse.Ret)
	require.Equal(t, newSkey, out.SKey)

	stale := *tb
	stale.skey = old
	require.Equal(t, syncJS("1101", "0"), stale.syncCheck())
	var r baseResp
	stale.postJSON("/cgi-bin/mmwebwx-bin/webwxsync?sid="+tb.sid+"&skey="+old, map[string]any{"BaseRequest": stale.base(), "SyncKey": out.SyncKey, "rr": 1}, &r)
	require.Equal(t, retInvalid, r.BaseResponse.Ret)
}

func TestAddMsgOfSentMessages(t *testing.T) {
	at := time.Unix(1476614675, 0)
	tests := []struct {
		name             string
		m                Message
		msgType, appType int
		size             string
	}{
		{"text", Message{MsgID: "1", Type: 1, Content: "hi", Time: at}, 1, 0, ""},
		{"image", Message{MsgID: "2", Type: 3, FileName: "a.png", FileSize: 10, Time: at}, 3, 0, "10"},
		{"video", Message{MsgID: "3", Type: 43, FileName: "a.mp4", FileSize: 11, Time: at}, 43, 0, "11"},
		{"emoticon", Message{MsgID: "4", Type: 47, Time: at}, 47, 0, ""},
		{"file", Message{MsgID: "5", Type: 6, FileName: "a b.csv", FileSize: 12, Time: at}, 49, 6, "12"},
		{"incoming voice", Message{MsgID: "6", Type: 34, FileSize: 13, Incoming: true, VoiceLength: 2000, Time: at}, 34, 0, "13"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := addMsg(tt.m)
			require.Equal(t, tt.msgType, w.MsgType)
			require.Equal(t, tt.appType, w.AppMsgType)
			require.Equal(t, tt.size, w.FileSize)
			require.Equal(t, tt.m.MsgID, w.MsgID)
			require.Equal(t, at.Unix(), w.CreateTime)
		})
	}
}

func TestLogoutForm(t *testing.T) {
	s, tb := newLoggedInPage(t, Config{SyncHold: 200 * time.Millisecond})
	form := url.Values{"sid": {tb.sid}, "uin": {tb.uin}}.Encode()

	res, b := tb.do(http.MethodPost, "/cgi-bin/mmwebwx-bin/webwxlogout?redirect=1&type=3&skey="+url.QueryEscape(tb.skey), "application/x-www-form-urlencoded", []byte(form))
	require.Contains(t, string(b), `"Ret":1`)
	res, b = tb.do(http.MethodPost, "/cgi-bin/mmwebwx-bin/webwxlogout?redirect=1&type=0&skey="+url.QueryEscape(tb.skey), "application/x-www-form-urlencoded", []byte("sid=x&uin="+tb.uin))
	require.Contains(t, string(b), `"Ret":1100`)
	ss, _ := s.CurrentSession()
	require.False(t, ss.LoggedOut)

	res, _ = tb.do(http.MethodPost, "/cgi-bin/mmwebwx-bin/webwxlogout?redirect=1&type=0&skey="+url.QueryEscape(tb.skey), "application/x-www-form-urlencoded", []byte(form))
	require.Equal(t, http.StatusFound, res.StatusCode)
	require.Equal(t, "https://wx.qq.com/", res.Header.Get("Location"))
	ss, _ = s.CurrentSession()
	require.True(t, ss.LoggedOut)
	require.Equal(t, syncJS("1101", "0"), tb.syncCheck())
	_, html := tb.get("/")
	require.Contains(t, html, "isLogin: false")
}

// TestPageContactPaging runs webwxgetcontact with the page's query, as the
// interceptor orders it (§1.4): lang, pass_ticket, r, seq, skey.
func TestPageContactPaging(t *testing.T) {
	s, tb := newLoggedInPage(t, Config{ContactPageSize: 4})
	seq, n := 0, 0
	for i := 0; i < 17; i++ {
		_, body := tb.get(fmt.Sprintf("/cgi-bin/mmwebwx-bin/webwxgetcontact?lang=zh_CN&pass_ticket=%s&r=%d&seq=%d&skey=%s",
			url.QueryEscape(tb.passTicket), time.Now().UnixMilli(), seq, tb.skey))
		var out struct {
			BaseResponse BaseResponse
			MemberCount  int
			Seq          int
		}
		require.NoError(t, json.Unmarshal([]byte(body), &out))
		require.Equal(t, 0, out.BaseResponse.Ret)
		n += out.MemberCount
		if seq = out.Seq; seq == 0 {
			break
		}
	}
	require.Equal(t, len(DefaultPeople()), n)
	require.Empty(t, s.Rejections())
}
