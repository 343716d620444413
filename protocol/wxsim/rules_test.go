package wxsim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/httpdoer"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/protocol/wxsim/wxsimtest"
)

var ctx = context.Background()

// cookieDoer sends through the simulator with the session's cookies set by
// hand, so that a mutation can take one away.
type cookieDoer struct {
	hc      *http.Client
	cookies []*http.Cookie
}

func (d *cookieDoer) Do(r *http.Request) (*http.Response, error) {
	for _, c := range d.cookies {
		r.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	return d.hc.Do(r)
}

// setJSON changes one field of a JSON body; path is dot-separated, and a nil
// value deletes the field.
func setJSON(t *testing.T, body []byte, path string, v any) []byte {
	var m map[string]any
	require.NoError(t, json.Unmarshal(body, &m))
	keys := strings.Split(path, ".")
	cur := m
	for _, k := range keys[:len(keys)-1] {
		cur = cur[k].(map[string]any)
	}
	if v == nil {
		delete(cur, keys[len(keys)-1])
	} else {
		cur[keys[len(keys)-1]] = v
	}
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}

// field replaces the value of a multipart form field.
func field(body []byte, name, from, to string) []byte {
	return bytes.Replace(body, []byte("name=\""+name+"\"\r\n\r\n"+from), []byte("name=\""+name+"\"\r\n\r\n"+to), 1)
}

type action func(t *testing.T, env *wxsimtest.Env, c *protocol.Client) error

func sendText(t *testing.T, env *wxsimtest.Env, c *protocol.Client) error {
	_, err := c.SendText(ctx, protocol.Text{To: env.Sim.UserName("lisi"), Content: "hi"})
	return err
}

func uploadFile(size int, name string) action {
	return func(t *testing.T, env *wxsimtest.Env, c *protocol.Client) error {
		data := bytes.Repeat([]byte{0x5a}, size)
		if strings.HasSuffix(name, ".png") {
			copy(data, "\x89PNG\r\n\x1a\n")
		}
		_, _, err := c.SendFileData(ctx, protocol.Upload{To: env.Sim.UserName("lisi"), Name: name, Size: int64(size), Data: bytes.NewReader(data)}, "")
		return err
	}
}

// onEndpoint applies mutate only to requests of one endpoint (nth: only the
// nth such request, 0-based; -1 all).
func onEndpoint(ep string, nth int, mutate func(t *testing.T, r *http.Request, b []byte) []byte) func(t *testing.T) func(*http.Request, []byte) []byte {
	return func(t *testing.T) func(*http.Request, []byte) []byte {
		n := 0
		return func(r *http.Request, b []byte) []byte {
			if !strings.HasSuffix(r.URL.Path, "/"+ep) {
				return b
			}
			i := n
			n++
			if nth >= 0 && i != nth {
				return b
			}
			return mutate(t, r, b)
		}
	}
}

// replace changes the first old in the body to new.
func replace(old, new string) func(*testing.T, *http.Request, []byte) []byte {
	return func(_ *testing.T, _ *http.Request, b []byte) []byte {
		return bytes.Replace(b, []byte(old), []byte(new), 1)
	}
}

// query sets (or, empty, removes) a query parameter.
func query(name, value string) func(*testing.T, *http.Request, []byte) []byte {
	return func(_ *testing.T, r *http.Request, b []byte) []byte {
		q := r.URL.Query()
		if value == "" {
			q.Del(name)
		} else {
			q.Set(name, value)
		}
		r.URL.RawQuery = q.Encode()
		return b
	}
}

// download fetches a file someone sent, as the page's link does.
func download(t *testing.T, env *wxsimtest.Env, c *protocol.Client) error {
	m, err := env.Sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgApp, FileName: "a.pdf", Data: bytes.Repeat([]byte{1}, 1000)})
	require.NoError(t, err)
	d, err := c.Download(ctx, c.MediaURL(protocol.MediaRef{Sender: m.From, MediaID: m.MediaID, EncryFileName: m.EncryFileName}), "")
	if err == nil {
		d.Body.Close()
	}
	return err
}

func batchContacts(t *testing.T, env *wxsimtest.Env, c *protocol.Client) error {
	_, err := c.BatchContacts(ctx, []protocol.ContactRef{{UserName: env.Sim.UserName("family")}})
	return err
}

// revoke sends a text and takes it back.
func revoke(t *testing.T, env *wxsimtest.Env, c *protocol.Client) error {
	to := env.Sim.UserName("lisi")
	res, err := c.SendText(ctx, protocol.Text{To: to, Content: "oops"})
	require.NoError(t, err)
	_, err = c.Revoke(ctx, protocol.Revoke{To: to, SvrMsgID: res.MsgID, ClientMsgID: res.LocalID})
	return err
}

func header(name, value string) func(*testing.T, *http.Request, []byte) []byte {
	return func(_ *testing.T, r *http.Request, b []byte) []byte {
		if value == "" {
			r.Header.Del(name)
		} else {
			r.Header.Set(name, value)
		}
		return b
	}
}

func jsonField(path string, v any) func(*testing.T, *http.Request, []byte) []byte {
	return func(t *testing.T, _ *http.Request, b []byte) []byte { return setJSON(t, b, path, v) }
}

// TestEveryRuleRefuses takes a valid request of the real client, breaks one
// thing, and checks the simulator's Ret and reason: one case per rule.
func TestEveryRuleRefuses(t *testing.T) {
	t.Parallel()
	const mib = 1 << 20
	tests := []struct {
		name    string
		act     action
		mutate  func(t *testing.T) func(*http.Request, []byte) []byte
		cookies func([]*http.Cookie) []*http.Cookie
		ret     int
		reason  string
	}{
		{name: "extension Origin", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, header("Origin", "chrome-extension://abcdefghijklmnop")), ret: 1, reason: "Origin"},
		{name: "no Origin on a POST", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, header("Origin", "")), ret: 1, reason: "Origin"},
		{name: "foreign Referer", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, header("Referer", "https://evil.example/")), ret: 1, reason: "Referer"},
		{name: "Sec-Fetch-Site none", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, header("Sec-Fetch-Site", "none")), ret: 1, reason: "Sec-Fetch-Site"},
		{name: "upload says same-origin", act: uploadFile(100, "a.txt"), mutate: onEndpoint("webwxuploadmedia", -1, header("Sec-Fetch-Site", "same-origin")), ret: 1, reason: "Sec-Fetch-Site"},
		{name: "wxsid cookie missing", act: sendText, cookies: without("wxsid"), ret: 1102, reason: "cookie wxsid missing"},
		{name: "data ticket cookie missing", act: sendText, cookies: without("webwx_data_ticket"), ret: 1102, reason: "webwx_data_ticket missing"},
		{name: "wxuin cookie wrong", act: sendText, cookies: changed("wxuin", "1"), ret: 1102, reason: "wxuin is not"},
		{name: "malformed JSON", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, func(_ *testing.T, _ *http.Request, b []byte) []byte { return b[:len(b)-3] }), ret: 1200, reason: "not JSON"},
		{name: "BaseRequest missing", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, jsonField("BaseRequest", nil)), ret: 1, reason: "BaseRequest missing"},
		{name: "Skey wrong", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, jsonField("BaseRequest.Skey", "@crypt_00000000_0")), ret: 1101, reason: "Skey"},
		{name: "Skey missing", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, jsonField("BaseRequest.Skey", nil)), ret: 1, reason: "Skey missing"},
		{name: "Sid wrong", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, jsonField("BaseRequest.Sid", "x")), ret: 1100, reason: "Sid"},
		{name: "Uin wrong", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, jsonField("BaseRequest.Uin", 42)), ret: 1100, reason: "Uin"},
		{name: "DeviceID missing", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, jsonField("BaseRequest.DeviceID", nil)), ret: 1, reason: "DeviceID"},
		{name: "wrong Type for webwxsendmsg", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, jsonField("Msg.Type", 3)), ret: 1, reason: "Msg.Type 3"},
		{name: "Scene missing", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, jsonField("Scene", nil)), ret: 1, reason: "Scene"},
		{name: "FromUserName not self", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, jsonField("Msg.FromUserName", "@someoneelse")), ret: 1, reason: "FromUserName"},
		{name: "unknown recipient", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, jsonField("Msg.ToUserName", "@0000")), ret: 1, reason: "ToUserName"},
		{name: "ClientMsgId missing", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, jsonField("Msg.ClientMsgId", nil)), ret: 1, reason: "ClientMsgId"},
		{name: "pass_ticket wrong", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, func(_ *testing.T, r *http.Request, b []byte) []byte {
			q := r.URL.Query()
			q.Set("pass_ticket", "forged")
			r.URL.RawQuery = q.Encode()
			return b
		}), ret: -14, reason: "pass_ticket"},
		{name: "session of another host", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, func(_ *testing.T, r *http.Request, b []byte) []byte {
			r.URL.Host, r.Host = "wx2.qq.com", "wx2.qq.com"
			return b
		}), ret: 1100, reason: "host wx2.qq.com"},
		{name: "chunk out of order", act: uploadFile(3*mib/2, "c.bin"), mutate: onEndpoint("webwxuploadmedia", 1, func(_ *testing.T, _ *http.Request, b []byte) []byte { return field(b, "chunk", "1", "2") }), ret: 1, reason: "out of order"},
		{name: "first chunk missing", act: uploadFile(3*mib/2, "c.bin"), mutate: onEndpoint("webwxuploadmedia", 0, func(_ *testing.T, _ *http.Request, b []byte) []byte { return field(b, "chunk", "0", "1") }), ret: 1, reason: "chunk 0 never came"},
		{name: "ClientMediaId changes between chunks", act: uploadFile(3*mib/2, "c.bin"), mutate: onEndpoint("webwxuploadmedia", 1, func(_ *testing.T, _ *http.Request, b []byte) []byte {
			return bytes.Replace(b, []byte(`"ClientMediaId":1`), []byte(`"ClientMediaId":2`), 1)
		}), ret: 1, reason: "ClientMediaId"},
		{name: "chunk fields missing", act: uploadFile(3*mib/2, "c.bin"), mutate: onEndpoint("webwxuploadmedia", 0, func(_ *testing.T, _ *http.Request, b []byte) []byte {
			return bytes.Replace(bytes.Replace(b, []byte(`name="chunks"`), []byte(`name="xchunks"`), 1), []byte(`name="chunk"`), []byte(`name="xchunk"`), 1)
		}), ret: 1, reason: "must be sent in chunks"},
		{name: "FileMd5 does not match the bytes", act: uploadFile(1000, "m.bin"), mutate: onEndpoint("webwxuploadmedia", -1, func(_ *testing.T, _ *http.Request, b []byte) []byte {
			i := bytes.LastIndex(b, []byte("\r\n------WebKitFormBoundary")) - 1 // the file's last byte
			b[i]++
			return b
		}), ret: 1, reason: "does not match the bytes"},
		{name: "webwx_data_ticket field wrong", act: uploadFile(1000, "m.bin"), mutate: onEndpoint("webwxuploadmedia", -1, func(_ *testing.T, _ *http.Request, b []byte) []byte {
			return bytes.Replace(b, []byte("name=\"webwx_data_ticket\"\r\n\r\n"), []byte("name=\"webwx_data_ticket\"\r\n\r\nX"), 1)
		}), ret: -14, reason: "webwx_data_ticket field"},
		{name: "mediatype unknown", act: uploadFile(1000, "m.bin"), mutate: onEndpoint("webwxuploadmedia", -1, func(_ *testing.T, _ *http.Request, b []byte) []byte { return field(b, "mediatype", "doc", "xls") }), ret: 1, reason: "mediatype"},
		{name: "MediaType not 4", act: uploadFile(1000, "m.bin"), mutate: onEndpoint("webwxuploadmedia", -1, func(_ *testing.T, _ *http.Request, b []byte) []byte {
			return bytes.Replace(b, []byte(`"MediaType":4`), []byte(`"MediaType":1`), 1)
		}), ret: 1, reason: "MediaType"},
		{name: "over 25 MiB with a forged Signature", act: uploadFile(26*mib, "big.bin"), mutate: onEndpoint("webwxuploadmedia", 0, func(_ *testing.T, _ *http.Request, b []byte) []byte {
			return bytes.Replace(b, []byte(`"Signature":"`), []byte(`"Signature":"X`), 1)
		}), ret: 1, reason: "AESKey and Signature are not the ones webwxcheckupload gave"},
		{name: "over 25 MiB sent without its Signature", act: uploadFile(26*mib, "big.bin"), mutate: onEndpoint("webwxsendappmsg", -1, jsonField("Msg.Signature", nil)), ret: 1, reason: "needs the Signature from webwxcheckupload"},
		{name: "malformed appmsg XML", act: uploadFile(1000, "x.pdf"), mutate: onEndpoint("webwxsendappmsg", -1, func(t *testing.T, _ *http.Request, b []byte) []byte {
			return bytes.Replace(b, []byte("<title>x.pdf</title>"), []byte("<title>x & y.pdf</title>"), 1)
		}), ret: 1, reason: "malformed appmsg"},
		{name: "appmsg totallen wrong", act: uploadFile(1000, "x.pdf"), mutate: onEndpoint("webwxsendappmsg", -1, func(t *testing.T, _ *http.Request, b []byte) []byte {
			return bytes.Replace(b, []byte("<totallen>1000</totallen>"), []byte("<totallen>999</totallen>"), 1)
		}), ret: 1, reason: "totallen"},
		{name: "appmsg with Type 49", act: uploadFile(1000, "x.pdf"), mutate: onEndpoint("webwxsendappmsg", -1, jsonField("Msg.Type", 49)), ret: 1, reason: "Msg.Type 49"},
		{name: "image sent with a doc upload", act: uploadFile(1000, "x.png"), mutate: onEndpoint("webwxuploadmedia", -1, func(_ *testing.T, _ *http.Request, b []byte) []byte { return field(b, "mediatype", "pic", "doc") }), ret: 1, reason: "uploaded as \"doc\""},
		{name: "unknown emoticon MD5", act: func(t *testing.T, env *wxsimtest.Env, c *protocol.Client) error {
			_, err := c.SendEmoticon(ctx, protocol.Emoticon{To: env.Sim.UserName("lisi"), MD5: "00000000000000000000000000000000"})
			return err
		}, ret: 1, reason: "no emoticon"},
		{name: "getcontact with a wrong skey", act: func(t *testing.T, env *wxsimtest.Env, c *protocol.Client) error {
			_, err := c.Contacts(ctx)
			return err
		}, mutate: onEndpoint("webwxgetcontact", -1, func(_ *testing.T, r *http.Request, b []byte) []byte {
			q := r.URL.Query()
			q.Set("skey", "@crypt_x")
			r.URL.RawQuery = q.Encode()
			return b
		}), ret: 1101, reason: "skey"},
		{name: "GET with an extension's Origin", act: func(t *testing.T, env *wxsimtest.Env, c *protocol.Client) error {
			_, err := c.Contacts(ctx)
			return err
		}, mutate: onEndpoint("webwxgetcontact", -1, header("Origin", "chrome-extension://abcdefghijklmnop")), ret: 1, reason: "Origin"},
		{name: "batchgetcontact Count wrong", act: func(t *testing.T, env *wxsimtest.Env, c *protocol.Client) error {
			_, err := c.BatchContacts(ctx, []protocol.ContactRef{{UserName: env.Sim.UserName("family")}})
			return err
		}, mutate: onEndpoint("webwxbatchgetcontact", -1, jsonField("Count", 2)), ret: 1, reason: "Count"},
		{name: "checkupload without FileSize", act: uploadFile(26*mib, "big.bin"), mutate: onEndpoint("webwxcheckupload", -1, jsonField("FileSize", 0)), ret: 1, reason: "FileSize missing"},
		{name: "checkupload without FileName", act: uploadFile(26*mib, "big.bin"), mutate: onEndpoint("webwxcheckupload", -1, jsonField("FileName", "")), ret: 1, reason: "FileName missing"},
		{name: "UploadType not 2", act: uploadFile(1000, "m.bin"), mutate: onEndpoint("webwxuploadmedia", -1, replace(`"UploadType":2`, `"UploadType":1`)), ret: 1, reason: "UploadType must be 2"},
		{name: "TotalLen not the size", act: uploadFile(1000, "m.bin"), mutate: onEndpoint("webwxuploadmedia", -1, replace(`"TotalLen":1000`, `"TotalLen":999`)), ret: 1, reason: "TotalLen is not the file's size"},
		{name: "DataLen not the size", act: uploadFile(1000, "m.bin"), mutate: onEndpoint("webwxuploadmedia", -1, replace(`"DataLen":1000`, `"DataLen":999`)), ret: 1, reason: "DataLen is not the file's size"},
		{name: "StartPos not 0", act: uploadFile(1000, "m.bin"), mutate: onEndpoint("webwxuploadmedia", -1, replace(`"StartPos":0`, `"StartPos":5`)), ret: 1, reason: "StartPos must be 0"},
		{name: "pass_ticket field wrong", act: uploadFile(1000, "m.bin"), mutate: onEndpoint("webwxuploadmedia", -1, replace("name=\"pass_ticket\"\r\n\r\n", "name=\"pass_ticket\"\r\n\r\nX")), ret: -14, reason: "pass_ticket field"},
		{name: "chunks count wrong", act: uploadFile(3*mib/2, "c.bin"), mutate: onEndpoint("webwxuploadmedia", 0, func(_ *testing.T, _ *http.Request, b []byte) []byte { return field(b, "chunks", "3", "4") }), ret: 1, reason: "chunks 4, a file of"},
		{name: "chunk shorter than its length", act: uploadFile(1000, "m.bin"), mutate: onEndpoint("webwxuploadmedia", -1, func(_ *testing.T, _ *http.Request, b []byte) []byte {
			i := bytes.LastIndex(b, []byte("\r\n------WebKitFormBoundary")) - 1 // the file's last byte
			return append(b[:i:i], b[i+1:]...)
		}), ret: 1, reason: "has 999 bytes, want 1000"},
		{name: "chunks disagree on the file", act: uploadFile(3*mib/2, "c.bin"), mutate: onEndpoint("webwxuploadmedia", 1, func(_ *testing.T, _ *http.Request, b []byte) []byte { return field(b, "name", "c.bin", "d.bin") }), ret: 1, reason: "disagree on the file"},
		{name: "download with another data ticket", act: download, mutate: onEndpoint("webwxgetmedia", -1, query("webwx_data_ticket", "forged")), ret: -14, reason: "webwx_data_ticket parameter"},
		{name: "download from another uin", act: download, mutate: onEndpoint("webwxgetmedia", -1, query("fromuser", "1")), ret: 1, reason: "fromuser"},
		{name: "download of another file name", act: download, mutate: onEndpoint("webwxgetmedia", -1, query("encryfilename", "other.pdf")), ret: 1, reason: "encryfilename"},
		{name: "batchgetcontact without type=ex", act: batchContacts, mutate: onEndpoint("webwxbatchgetcontact", -1, query("type", "")), ret: 1, reason: "type=ex"},
		{name: "batchgetcontact of nothing", act: batchContacts, mutate: onEndpoint("webwxbatchgetcontact", -1, func(t *testing.T, _ *http.Request, b []byte) []byte {
			return setJSON(t, setJSON(t, b, "List", []any{}), "Count", 0)
		}), ret: 1, reason: "List has 0 entries"},
		{name: "batchgetcontact of 51", act: batchContacts, mutate: onEndpoint("webwxbatchgetcontact", -1, func(t *testing.T, _ *http.Request, b []byte) []byte {
			var m map[string]any
			require.NoError(t, json.Unmarshal(b, &m))
			one := m["List"].([]any)[0]
			list := make([]any, 51)
			for i := range list {
				list[i] = one
			}
			return setJSON(t, setJSON(t, b, "List", list), "Count", 51)
		}), ret: 1, reason: "List has 51 entries, 1 to 50 allowed"},
		{name: "text without Content", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, jsonField("Msg.Content", "")), ret: 1, reason: "Msg.Content missing or empty"},
		{name: "LocalID missing", act: sendText, mutate: onEndpoint("webwxsendmsg", -1, jsonField("Msg.LocalID", nil)), ret: 1, reason: "Msg.LocalID missing"},
		{name: "emoticon EmojiFlag not 2", act: func(t *testing.T, env *wxsimtest.Env, c *protocol.Client) error {
			_, err := c.SendEmoticon(ctx, protocol.Emoticon{To: env.Sim.UserName("lisi"), MD5: "44682e637b75a3f5d6747d61dbd23a15"})
			return err
		}, mutate: onEndpoint("webwxsendemoticon", -1, jsonField("Msg.EmojiFlag", 1)), ret: 1, reason: "EmojiFlag must be 2"},
		{name: "revoke naming another recipient", act: revoke, mutate: onEndpoint("webwxrevokemsg", -1, jsonField("ToUserName", "@other")), ret: 1, reason: "not the message's recipient"},
		{name: "revoke with another ClientMsgId", act: revoke, mutate: onEndpoint("webwxrevokemsg", -1, jsonField("ClientMsgId", "1")), ret: 1, reason: "ClientMsgId is not the message's"},
		{name: "checkupload without FileType", act: uploadFile(26*mib, "big.bin"), mutate: onEndpoint("webwxcheckupload", -1, jsonField("FileType", nil)), ret: 1, reason: "FileType"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := wxsimtest.New(t, wxsim.Config{})
			cookies := env.Sess.Cookies()
			if tt.cookies != nil {
				cookies = tt.cookies(cookies)
			}
			doer := &cookieDoer{hc: &http.Client{Transport: env.Sim.Transport()}, cookies: cookies}
			var next protocol.Doer = httpdoer.New(doer)
			if tt.mutate != nil {
				next = &wxsimtest.Mutator{Next: doer, Mutate: tt.mutate(t)}
			}
			c := wxsimtest.NewClient(t, next, env.Sess.Protocol())
			err := tt.act(t, env, c)
			env.RequireRefused(t, err, tt.ret, tt.reason)
		})
	}
}

// TestAcceptedVariations: what real clients are known to send differently
// is accepted (docs/protocol.md §0, §2).
func TestAcceptedVariations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(t *testing.T) func(*http.Request, []byte) []byte
	}{
		{"Uin as a string", onEndpoint("webwxsendmsg", -1, jsonField("BaseRequest.Uin", "566148615"))},
		{"no Content-Type (itchat)", onEndpoint("webwxsendmsg", -1, header("Content-Type", ""))},
		{"pass_ticket once-encoded (itchat)", onEndpoint("webwxsendmsg", -1, func(_ *testing.T, r *http.Request, b []byte) []byte {
			r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "%25", "%", -1)
			return b
		})},
		{"LocalID different from ClientMsgId (itchat)", onEndpoint("webwxsendmsg", -1, jsonField("Msg.LocalID", "123"))},
		{"DeviceID holding pass_ticket (itchat)", onEndpoint("webwxsendmsg", -1, jsonField("BaseRequest.DeviceID", "tM909DkHH8fXLR7hhwIg"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := wxsimtest.New(t, wxsim.Config{})
			c := wxsimtest.NewClient(t, &wxsimtest.Mutator{Next: env.HTTP, Mutate: tt.mutate(t)}, env.Sess.Protocol())
			require.NoError(t, sendText(t, env, c))
			require.Empty(t, env.Sim.Rejections())
		})
	}
}

func TestLoggedOutRefusesEverything(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	env.Sim.Logout()
	for _, act := range []action{sendText, uploadFile(10, "a.txt")} {
		err := act(t, env, env.Client)
		require.ErrorIs(t, err, protocol.ErrLoggedOut)
	}
}

func without(name string) func([]*http.Cookie) []*http.Cookie {
	return func(cs []*http.Cookie) []*http.Cookie {
		var out []*http.Cookie
		for _, c := range cs {
			if c.Name != name {
				out = append(out, c)
			}
		}
		return out
	}
}

func changed(name, value string) func([]*http.Cookie) []*http.Cookie {
	return func(cs []*http.Cookie) []*http.Cookie {
		var out []*http.Cookie
		for _, c := range cs {
			cp := *c
			if c.Name == name {
				cp.Value = value
			}
			out = append(out, &cp)
		}
		return out
	}
}
