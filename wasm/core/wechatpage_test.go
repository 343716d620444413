package core_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/internal/testsite"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// secretsOf are the session's secrets in every form a URL or a text may
// hold them.
func secretsOf(s wxsim.Session) map[string]string {
	dec, _ := url.QueryUnescape(s.PassTicket)
	out := map[string]string{}
	for name, v := range map[string]string{"skey": s.Skey, "pass_ticket": s.PassTicket, "pass_ticket decoded": dec, "data ticket": s.DataTicket, "sid": s.Sid} {
		out[name] = v
		out[name+" encoded"] = url.QueryEscape(v)
		out[name+" encoded twice"] = url.QueryEscape(url.QueryEscape(v))
	}
	return out
}

// TestMenuOnTheWeChatPageKeepsNoSecret: "Send to WeChat" on the web WeChat
// page itself (issue 14, finding 1). Every kind of link and media the page
// shows, with the session's keys in its URL, is sent as what it is (a
// message's image, video, voice or file as that media, fetched again
// from the session; a link WeChat wraps as the link it wraps); a URL of
// WeChat's own that is neither is refused, and so is a selection that
// holds a key. No secret of the session is then in storage.local, in a
// stored file, in a notification or in any message wxsim received.
func TestMenuOnTheWeChatPageKeepsNoSecret(t *testing.T) {
	t.Parallel()
	f := newShareFixture(t)
	sess, _ := f.sim.CurrentSession()
	deliver := func(in wxsim.Incoming) wxsim.Message {
		m, err := f.sim.Deliver(in)
		require.NoError(t, err)
		return m
	}
	voice := []byte("ID3\x03" + strings.Repeat("v", 3000))
	img := deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgImage, Data: testsite.PNG})
	vid := deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgVideo, FileName: "clip.mp4", Data: testsite.MP4})
	voi := deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgVoice, Data: voice})
	file := deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgApp, FileName: "报告 v2.pdf", Data: testsite.PDF})
	page := "https://" + sess.Host + "/?&lang=zh_CN"
	wrapped := sess.CheckURL(siteURL + testsite.PagePath)

	for _, tc := range []struct {
		name string
		info map[string]string
		// typ is the Type wxsim received (0: nothing is sent), data its
		// bytes, text its content; code the error of a refusal.
		typ  int
		data []byte
		text string
		code msg.Code
	}{
		{"a message's image (its thumbnail's URL)", map[string]string{"mediaType": "image", "srcUrl": sess.MediaURL(img)}, 3, testsite.PNG, "", ""},
		{"a message's video", map[string]string{"mediaType": "video", "srcUrl": sess.MediaURL(vid)}, 43, testsite.MP4, "", ""},
		{"a message's voice", map[string]string{"mediaType": "audio", "srcUrl": sess.MediaURL(voi)}, 6, voice, "", ""},
		{"a message's file", map[string]string{"linkUrl": sess.MediaURL(file)}, 6, testsite.PDF, "", ""},
		{"a link WeChat wraps", map[string]string{"linkUrl": wrapped}, 1, nil, testsite.PageTitle + "\n" + siteURL + testsite.PagePath, ""},
		{"an avatar", map[string]string{"mediaType": "image", "srcUrl": sess.IconURL(sess.UserName)}, 0, nil, "", msg.ErrWeChatURL},
		{"a selection with the skey", map[string]string{"selectionText": "看这个 " + sess.Skey}, 0, nil, "", msg.ErrSessionSecret},
		{"a site's URL with the data ticket", map[string]string{"linkUrl": siteURL + "/x?t=" + url.QueryEscape(sess.DataTicket)}, 0, nil, "", msg.ErrSessionSecret},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(f.sim.Messages())
			info := map[string]string{"pageUrl": page}
			for k, v := range tc.info {
				info[k] = v
			}
			f.click(t, f.to, info)
			if tc.code != "" {
				require.Len(t, f.sim.Messages(), before, "nothing is sent")
				f.env.mu.Lock()
				n := f.env.notes["wxdrop:share"]
				f.env.mu.Unlock()
				require.Equal(t, english(tc.code.Key(), "webwxgeticon"), n.body, "the notification says why")
				return
			}
			e := f.last(t)
			require.Equal(t, msg.EntrySent, e.State, "%+v %+v", e.Error, e.Source)
			msgs := f.sim.Messages()
			require.Len(t, msgs, before+1)
			m := msgs[len(msgs)-1]
			require.Equal(t, tc.typ, m.Type)
			if tc.data == nil {
				require.Equal(t, tc.text, m.Content)
				return
			}
			md, ok := f.sim.Media(m.MediaID)
			require.True(t, ok)
			require.Equal(t, md5Of(tc.data), md5Of(md.Data))
		})
	}
	require.Equal(t, "报告 v2.pdf", f.sim.Messages()[len(f.sim.Messages())-2].FileName, "a file is named by the server")

	// Nothing kept or sent holds a secret.
	var kept []string
	f.env.mu.Lock()
	for k, v := range f.env.storage[browser.AreaLocal] {
		kept = append(kept, "storage.local "+k+": "+v)
	}
	for id, b := range f.env.files {
		kept = append(kept, "file "+id+": "+string(b))
	}
	for id, n := range f.env.notes {
		kept = append(kept, "notification "+id+": "+n.title+" "+n.body)
	}
	f.env.mu.Unlock()
	for _, m := range f.sim.Messages() {
		kept = append(kept, "message: "+m.Content+" "+m.FileName)
	}
	for _, k := range kept {
		for name, v := range secretsOf(sess) {
			if len(v) >= 4 && strings.Contains(k, v) {
				t.Errorf("the %s is in %.200s", name, k)
			}
		}
	}
}
