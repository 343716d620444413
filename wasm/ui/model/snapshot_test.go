package model

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// TestNewSnapshot: each row is what the picker shows (display name, the
// nick name under a remark, avatar, group) with the text instant.js's
// prefix filter searches, in the order given.
func TestNewSnapshot(t *testing.T) {
	t.Parallel()
	contacts := []msg.Contact{
		{UserName: "@zs", NickName: "张三", RemarkName: "老张", PYInitial: "ZS", PYQuanPin: "zhangsan", RemarkPYInitial: "LZ", RemarkPYQuanPin: "laozhang", HeadImgURL: "https://wx.qq.com/icon?u=@zs&skey=k", Recent: 1},
		{UserName: "@@g", NickName: `项目<span class="emoji emoji1f604"></span>组`, PYInitial: "XMZ", Group: true},
		{UserName: "@x"},
	}
	ix := search.New(contacts)
	s := NewSnapshot("@me", `我<span class="emoji emoji1f604"></span>`, "st.3", ix, []int{2, 0, 1})
	if s.User != "@me" || s.Nick != "我😄" || s.Stamp != "st.3" {
		t.Errorf("user %q, nick %q, stamp %q; want @me, 我😄 (cleaned), st.3", s.User, s.Nick, s.Stamp)
	}
	tests := []struct {
		user, name, nick, head string
		group                  bool
		keys                   []string // each must be a whole key
		pos                    int      // in contacts
	}{
		{user: "@x", name: "@x", pos: 2},
		{user: "@zs", name: "老张", nick: "张三", head: contacts[0].HeadImgURL, keys: []string{"张三", "老张", "zs", "zhangsan", "lz", "laozhang"}, pos: 0},
		{user: "@@g", name: "项目😄组", group: true, keys: []string{"项目😄组", "xmz"}, pos: 1},
	}
	if len(s.Chats) != len(tests) {
		t.Fatalf("%d chats, want %d", len(s.Chats), len(tests))
	}
	for i, tt := range tests {
		c := s.Chats[i]
		if c.User != tt.user || c.Name != tt.name || c.Nick != tt.nick || c.Head != tt.head || c.Group != tt.group || c.Pos != tt.pos {
			t.Errorf("row %d: %+v; want user %q name %q nick %q head %q group %v pos %d", i, c, tt.user, tt.name, tt.nick, tt.head, tt.group, tt.pos)
		}
		keys := strings.Split(c.Keys, "\x00")
		for _, k := range tt.keys {
			found := false
			for _, have := range keys {
				found = found || have == k
			}
			if !found {
				t.Errorf("row %d: keys %q lack %q", i, keys, k)
			}
		}
	}
	// The JSON names are instant.js's.
	b, err := json.Marshal(s.Chats[1])
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{`"u":`, `"n":`, `"k":`, `"h":`, `"s":`, `"p":`} {
		if !strings.Contains(string(b), name) {
			t.Errorf("%s lacks %s", b, name)
		}
	}
}
