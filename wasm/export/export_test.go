package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/protocol/wxsim/wxsimtest"
	"github.com/wxdrop/wxdrop/wasm/export"
)

var labels = export.Labels{
	Header: [9]string{"remark", "nick", "alias", "sex", "province", "city", "signature", "kind", "members"},
	Male:   "male", Female: "female", Friend: "friend", Group: "group", Official: "official account",
}

// people are the simulator's contacts plus names that break a naive CSV.
func people() []wxsim.Person {
	return append(wxsim.DefaultPeople(),
		wxsim.Person{Key: "quote", NickName: `王,"小"二 😀`, RemarkName: "老王\n第二行", Alias: "wang_2", Sex: 1, Signature: `签名, "引号"` + "\r\n下一行 🎉", Province: "广东", City: "深圳", ContactFlag: 3},
		wxsim.Person{Key: "markup", NickName: `笑<span class="emoji emoji1f604"></span>脸`, ContactFlag: 1, Sex: 2},
		wxsim.Person{Key: "formula", NickName: "=HYPERLINK(\"http://x\")", ContactFlag: 1},
		wxsim.Person{Key: "fullwidth", NickName: "＝HYPERLINK(\"http://x\")", RemarkName: "＋1", Alias: "－1", Signature: "＠SUM(1)", City: "﹦1", Province: "﹫x", ContactFlag: 1},
	)
}

func TestCSVReadsBackRowByRow(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{People: people()})
	cs, err := env.Client.Contacts(context.Background())
	require.NoError(t, err)
	rows := export.Rows(cs, env.Sess.UserName)
	out := export.CSV(rows, labels)
	require.True(t, bytes.HasPrefix(out, []byte("\xef\xbb\xbf")), "a UTF-8 byte order mark first")
	require.Contains(t, string(out), "\r\n", "RFC 4180 lines end in CRLF")

	r := csv.NewReader(bytes.NewReader(out[3:]))
	r.FieldsPerRecord = 9
	recs, err := r.ReadAll()
	require.NoError(t, err)
	require.Equal(t, labels.Header[:], recs[0])
	byNick := map[string][]string{}
	for _, rec := range recs[1:] {
		byNick[rec[1]] = rec
	}
	// Every contact but the file helper, once; the account itself is not one.
	require.Len(t, recs, 1+len(people())-1)
	want := map[string][]string{
		`王,"小"二 😀`:                  {"老王\n第二行", `王,"小"二 😀`, "wang_2", "male", "广东", "深圳", `签名, "引号"` + "\n下一行 🎉", "friend", ""}, // a line break in a cell reads back as \n
		"笑😄脸":                       {"", "笑😄脸", "", "female", "", "", "", "friend", ""},
		"相亲相爱一家人":                   {"", "相亲相爱一家人", "", "", "", "", "", "group", "2"},
		"项目组":                       {"", "项目组", "", "", "", "", "", "group", "3"},
		"微信支付":                      {"", "微信支付", "", "", "", "", "", "official account", ""},
		"张三":                        {"老张", "张三", "", "male", "北京", "海淀", "", "friend", ""},
		`测试&<>'"😀`:                  {"", `测试&<>'"😀`, "", "", "", "", "", "friend", ""},
		"'=HYPERLINK(\"http://x\")": {"", "'=HYPERLINK(\"http://x\")", "", "", "", "", "", "friend", ""},
		// Full-width and small signs start a formula too (row 111).
		"'＝HYPERLINK(\"http://x\")": {"'＋1", "'＝HYPERLINK(\"http://x\")", "'－1", "", "'﹫x", "'﹦1", "'＠SUM(1)", "friend", ""},
	}
	for nick, rec := range want {
		require.Equal(t, rec, byNick[nick], nick)
	}
	require.NotContains(t, byNick, "文件传输助手")
}

func TestJSON(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{People: people()})
	cs, err := env.Client.Contacts(context.Background())
	require.NoError(t, err)
	var got []map[string]any
	require.NoError(t, json.Unmarshal(export.JSON(export.Rows(cs, env.Sess.UserName)), &got))
	found := false
	for _, g := range got {
		if g["nick"] == `王,"小"二 😀` {
			found = true
			require.Equal(t, "老王\n第二行", g["remark"])
			require.Equal(t, "friend", g["kind"])
			require.Equal(t, "male", g["sex"])
		}
		if g["nick"] == "项目组" {
			require.Equal(t, "group", g["kind"])
			require.EqualValues(t, 3, g["members"])
		}
	}
	require.True(t, found)
	require.Equal(t, "[]\n", string(export.JSON(nil)))
}
