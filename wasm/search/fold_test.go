package search

import (
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestFullWidthFound: what a Chinese input method types in full-width
// mode (全角: "ｚｓ", "ＡＢＣ", an ideographic space) finds what its ASCII
// finds, and a name written in full-width letters is found by either.
// "ｚｓ" found nothing.
func TestFullWidthFound(t *testing.T) {
	t.Parallel()
	ix := New([]msg.Contact{
		{UserName: "@a", NickName: "张三", RemarkName: "老张", PYInitial: "ZS", PYQuanPin: "zhangsan", RemarkPYInitial: "LZ", RemarkPYQuanPin: "laozhang"},
		{UserName: "@b", NickName: "ＡＢＣ公司", PYInitial: "ABCGS", PYQuanPin: "abcgongsi"},
		{UserName: "@c", NickName: "李四", PYInitial: "LS", PYQuanPin: "lisi"},
	})
	for _, tc := range []struct{ query, want string }{
		{"ｚｓ", "老张"},
		{"ＺＳ", "老张"},
		{"ｚｈａｎｇ　ｓａｎ", "老张"},
		{"zhang　san", "老张"},
		{"ａｂｃ", "ＡＢＣ公司"},
		{"abc公", "ＡＢＣ公司"},
		{"ＡＢＣ公司", "ＡＢＣ公司"},
	} {
		hits, _ := ix.Search(tc.query, 10)
		if len(hits) != 1 || ix.Display(hits[0]) != tc.want {
			var got []string
			for _, h := range hits {
				got = append(got, ix.Display(h))
			}
			t.Errorf("Search(%q) = %q, want [%s]", tc.query, got, tc.want)
		}
	}
}
