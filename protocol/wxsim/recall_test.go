package wxsim

import (
	"html"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A recall reaches the page's webwxsync as MsgType 10002 from the chat
// the message came from, naming the recalled MsgId in its revokemsg; the
// recalled image is no longer served, and a message is recalled once.
func TestRecallArrivesThroughSync(t *testing.T) {
	s, tb := newLoggedInPage(t, Config{SyncHold: 200 * time.Millisecond})
	k0 := tb.syncKey
	img, err := s.Deliver(Incoming{From: "zhangsan", Type: MsgImage, Data: []byte("\xff\xd8\xffjpeg")})
	require.NoError(t, err)
	require.Contains(t, s.byMsg(), img.MsgID)
	r, err := s.DeliverRecall(img.MsgID)
	require.NoError(t, err)
	out := tb.sync(k0)
	require.Equal(t, 2, out.AddMsgCount)
	got := out.AddMsgList[1]
	require.Equal(t, MsgRecalled, got.MsgType)
	require.Equal(t, r.MsgID, got.MsgID)
	require.Equal(t, img.From, got.FromUserName)
	c := html.UnescapeString(got.Content)
	require.Contains(t, c, "<revokemsg>")
	require.Contains(t, c, "<msgid>"+img.MsgID+"</msgid>")
	require.Contains(t, c, "<replacemsg><![CDATA[\"张三\" 撤回了一条消息]]></replacemsg>")
	require.NotContains(t, s.byMsg(), img.MsgID, "a recalled message's media is gone")

	_, err = s.DeliverRecall(img.MsgID)
	require.Error(t, err, "recalled already")
	_, err = s.DeliverRecall("12345")
	require.Error(t, err, "no such message")

	// In a group, the recall starts with the member's name, as the
	// recalled message did.
	k1 := out.SyncKey
	g, err := s.Deliver(Incoming{From: "lisi", Group: "family", Type: MsgText, Text: "发错群了"})
	require.NoError(t, err)
	gr, err := s.DeliverRecall(g.MsgID)
	require.NoError(t, err)
	out = tb.sync(k1)
	require.Equal(t, 2, out.AddMsgCount)
	got = out.AddMsgList[1]
	require.Equal(t, gr.MsgID, got.MsgID)
	require.Equal(t, g.From, got.FromUserName)
	prefix := s.UserName("lisi") + ":<br/>"
	require.True(t, strings.HasPrefix(got.Content, prefix), got.Content)
	c = html.UnescapeString(strings.TrimPrefix(got.Content, prefix))
	require.Contains(t, c, "<msgid>"+g.MsgID+"</msgid>")
	require.Contains(t, c, `"李四" 撤回了一条消息`)
}
