package msgexport_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/msgexport"
	"golang.org/x/net/html"
)

// hostile are texts that would run a script, were they not escaped.
var hostile = []string{
	`<script>alert(1)</script>`,
	`<img src=x onerror="alert(2)">`,
	`<a href="javascript:alert(3)">点我</a>`,
	`"><svg onload=alert(4)>`,
	`</td></tr></table><script>alert(5)</script>`,
}

func sample() msgexport.Export {
	e := msgexport.Export{Chat: "@abc", ChatName: `张三 <b>&</b>`, From: 1000, To: 9000, Exported: 9999}
	for i, h := range hostile {
		e.Messages = append(e.Messages, msgexport.Message{ID: "10" + string(rune('0'+i)), Time: int64(2000 + i), From: "@abc", Sender: h, Type: "text", Text: h})
	}
	e.Messages = append(e.Messages,
		msgexport.Message{ID: "200", Time: 3000, From: "@me", FromSelf: true, Type: "image", Media: msgexport.MediaPath("200", `x" onerror="alert(6).jpg`, "image/jpeg")},
		msgexport.Message{ID: "201", Time: 3001, From: "@abc", Type: "file", FileName: "<script>.pdf", Media: msgexport.MediaPath("201", "javascript:alert(7).pdf", "")},
		msgexport.Message{ID: "202", Time: 3002, From: "@abc", Type: "video", MediaError: "SOURCE_REFUSED"},
	)
	return e
}

var labels = msgexport.Labels{Lang: "zh-CN", Title: "聊天 <script>alert(8)</script>", Who: "谁", When: "时间", What: "内容", Me: "我", Open: "打开", Missing: "未保存",
	Types: map[string]string{"image": "图片", "file": "文件", "video": "视频"}}

func when(ms int64) string { return time.UnixMilli(ms).UTC().Format("2006-01-02 15:04:05") }

// walk calls f on every element node.
func walk(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

// The page parsed as a browser parses it holds no script, no event
// handler and no link but the media's relative paths; each message's
// text is there as text, in its row, in order.
func TestHTMLRunsNothing(t *testing.T) {
	t.Parallel()
	e := sample()
	doc, err := html.Parse(bytes.NewReader(msgexport.HTML(e, labels, when)))
	require.NoError(t, err)
	var rows []*html.Node
	walk(doc, func(n *html.Node) {
		require.NotEqual(t, "script", n.Data, "a script element")
		require.NotEqual(t, "svg", n.Data)
		for _, a := range n.Attr {
			require.False(t, strings.HasPrefix(strings.ToLower(a.Key), "on"), "an event handler: %s=%q on <%s>", a.Key, a.Val, n.Data)
			if a.Key == "href" || a.Key == "src" {
				require.True(t, strings.HasPrefix(a.Val, "./media/"), "a link that is not a media file: %q", a.Val)
			}
		}
		if n.Data == "tr" && len(n.Attr) > 0 {
			rows = append(rows, n)
		}
	})
	require.Len(t, rows, len(e.Messages))
	text := func(n *html.Node) string {
		var b strings.Builder
		var f func(*html.Node)
		f = func(n *html.Node) {
			if n.Type == html.TextNode {
				b.WriteString(n.Data)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				f(c)
			}
		}
		f(n)
		return b.String()
	}
	for i, h := range hostile {
		cells := []string{}
		for c := rows[i].FirstChild; c != nil; c = c.NextSibling {
			cells = append(cells, text(c))
		}
		require.Equal(t, []string{h, when(int64(2000 + i)), h}, cells, "row %d: who, when, what", i)
	}
	require.Contains(t, text(rows[5]), "我")
	require.Contains(t, text(rows[6]), "<script>.pdf")
	require.Contains(t, text(rows[7]), "SOURCE_REFUSED")
	var title string
	walk(doc, func(n *html.Node) {
		if n.Data == "title" {
			title = text(n)
		}
	})
	require.Equal(t, labels.Title, title)
}

// Media paths stay in media/, are unique by message id, and lose what
// a file system refuses or hides.
func TestMediaPath(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ id, name, mime, want string }{
		{"1", "photo.jpg", "", "media/1-photo.jpg"},
		{"2", "", "image/png", "media/2-media.png"},
		{"3", "../../etc/passwd", "", "media/3-passwd"},
		{"4", `..\..\win.ini`, "", "media/4-win.ini"},
		{"5", "a\u202egpj.exe", "", "media/5-agpj.exe"},
		{"6", `a<b>:"c|?*.txt`, "", "media/6-a_b___c___.txt"},
		{"7/../x", "..", "video/mp4", "media/7x-media.mp4"},
		{"8", "报告.pdf", "", "media/8-报告.pdf"},
	} {
		require.Equal(t, c.want, msgexport.MediaPath(c.id, c.name, c.mime), "%q %q", c.id, c.name)
	}
	long := msgexport.MediaPath("9", strings.Repeat("长", 100)+".docx", "")
	require.True(t, strings.HasSuffix(long, ".docx"))
	require.LessOrEqual(t, len(long), len("media/9-")+120)
}

// The JSON holds every message as it was given, the page's characters
// unescaped, and an empty export is an empty list.
func TestJSON(t *testing.T) {
	t.Parallel()
	e := sample()
	var back msgexport.Export
	require.NoError(t, json.Unmarshal(msgexport.JSON(e), &back))
	require.Equal(t, e, back)
	require.Contains(t, string(msgexport.JSON(e)), `<script>alert(1)</script>`, "text as it was, not \\u003c")
	require.Contains(t, string(msgexport.JSON(msgexport.Export{Chat: "x"})), `"messages": []`)
}

// In bounds a range: from included, to excluded, 0 unbounded.
func TestIn(t *testing.T) {
	t.Parallel()
	e := msgexport.Export{From: 10, To: 20}
	for _, c := range []struct {
		t  int64
		in bool
	}{{9, false}, {10, true}, {19, true}, {20, false}} {
		require.Equal(t, c.in, e.In(c.t), "%d", c.t)
	}
	require.True(t, msgexport.Export{}.In(0))
	require.True(t, msgexport.Export{From: 5}.In(1<<50))
}

// The zip reads back with archive/zip: every entry's name (UTF-8), its
// bytes (the CRC checked by the reader) and its date.
func TestZipReadsBack(t *testing.T) {
	t.Parallel()
	mod := time.Date(2026, 12, 6, 17, 30, 42, 0, time.UTC)
	z := msgexport.NewZip(mod)
	files := []struct {
		name string
		data []byte
	}{
		{"index.html", []byte("<!DOCTYPE html><p>你好</p>")},
		{"media/1-照片.jpg", append([]byte("\xff\xd8\xff\xe0"), bytes.Repeat([]byte{0, 1, 2, 255}, 3000)...)},
		{"media/2-empty.txt", nil},
	}
	for _, f := range files {
		require.NoError(t, z.Add(f.name, f.data))
	}
	b, err := z.Bytes()
	require.NoError(t, err)
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	require.Len(t, r.File, len(files))
	for i, f := range files {
		zf := r.File[i]
		require.Equal(t, f.name, zf.Name)
		require.False(t, zf.NonUTF8)
		require.Equal(t, zip.Store, zf.Method)
		require.Equal(t, mod.Format(time.DateTime), zf.Modified.Format(time.DateTime))
		rc, err := zf.Open()
		require.NoError(t, err)
		got, err := io.ReadAll(rc) // a wrong CRC-32 fails here
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		require.Equal(t, len(f.data), len(got))
		require.True(t, bytes.Equal(f.data, got))
	}
	// A flipped byte of the data fails the reader's CRC check.
	bad := append([]byte(nil), b...)
	bad[30+len("index.html")] ^= 1
	r, err = zip.NewReader(bytes.NewReader(bad), int64(len(bad)))
	require.NoError(t, err)
	rc, err := r.File[0].Open()
	require.NoError(t, err)
	_, err = io.ReadAll(rc)
	require.ErrorIs(t, err, zip.ErrChecksum)
}
