package search

import (
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestSameNameToldApart: two chats of one display name say on their
// second line what tells them apart (the WeChat ID, else the province
// and city), after the nick name a remark's row shows; a name of one
// chat keeps its line as it was.
func TestSameNameToldApart(t *testing.T) {
	t.Parallel()
	ix := New([]msg.Contact{
		{UserName: "@a", NickName: "张伟", Alias: "zhangwei88", Province: "广东", City: "深圳"},
		{UserName: "@b", NickName: "张伟", Province: "北京"},
		{UserName: "@c", NickName: "张伟", Province: "浙江", City: "杭州"},
		{UserName: "@d", NickName: "Wei", RemarkName: "张伟", Alias: "wei_z"},
		{UserName: "@e", NickName: "李四", Alias: "lisi"},
		{UserName: "@f", NickName: "老王", RemarkName: "王"},
		{UserName: "@@g", NickName: "家", Group: true},
		{UserName: "@@h", NickName: "家", Group: true},
	})
	for i, want := range []string{
		"zhangwei88",
		"北京",
		"浙江 杭州",
		"Wei · wei_z",
		"",   // one 李四: nothing to tell apart
		"老王", // one 王: the nick name, as before
		"",   // two groups called 家: nothing known tells them apart
		"",
	} {
		if got := ix.Nick(i); got != want {
			t.Errorf("Nick(%d) of %s = %q, want %q", i, ix.Display(i), got, want)
		}
	}
}
