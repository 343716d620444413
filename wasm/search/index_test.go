package search

import (
	"slices"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// people is a small list covering every field and ordering rule.
var people = []msg.Contact{
	{UserName: "@zs", NickName: "张三", RemarkName: "老张", PYInitial: "ZS", PYQuanPin: "zhangsan", RemarkPYInitial: "LZ", RemarkPYQuanPin: "laozhang"},
	{UserName: "@ls", NickName: "李四", PYInitial: "LS", PYQuanPin: "lisi", Recent: 2},
	{UserName: "@ww", NickName: "王五", PYInitial: "WW", PYQuanPin: "wangwu"},
	{UserName: "@alice", NickName: "Alice Chen", RemarkName: "陈爱丽", PYInitial: "ALICECHEN", PYQuanPin: "alicechen", RemarkPYInitial: "CAL", RemarkPYQuanPin: "chenaili"},
	{UserName: "@@fam", NickName: "相亲相爱一家人", PYInitial: "XQXAYJR", PYQuanPin: "xiangqinxiangaiyijiaren", Group: true, Recent: 1},
	{UserName: "@@work", NickName: "项目组", PYInitial: "XMZ", PYQuanPin: "xiangmuzu", Group: true},
	{UserName: "@smile", NickName: `Smile<span class="emoji emoji1f604"></span>Li`, PYInitial: "SL", PYQuanPin: "smileli"},
	{UserName: "filehelper", NickName: "文件传输助手", PYInitial: "WJCSZS", PYQuanPin: "wenjianchuanshuzhushou"},
	{UserName: "@li", NickName: "Li", PYInitial: "LI", PYQuanPin: "li"},
}

func users(ix *Index, hits []int) []string {
	out := make([]string, len(hits))
	for k, i := range hits {
		out[k] = ix.Contact(i).UserName
	}
	return out
}

func TestSearch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		query string
		want  []string
	}{
		{"empty: recent first, then by pinyin of the shown name", "",
			[]string{"@@fam", "@ls", "@alice", "@zs", "@li", "@smile", "@ww", "filehelper", "@@work"}},
		{"blank is empty", "   ",
			[]string{"@@fam", "@ls", "@alice", "@zs", "@li", "@smile", "@ww", "filehelper", "@@work"}},
		{"nick substring", "三", []string{"@zs"}},
		{"remark", "老张", []string{"@zs"}},
		{"case-insensitive nick", "ALICE", []string{"@alice"}},
		{"pinyin initials: exact before substring", "zs", []string{"@zs", "filehelper"}},
		{"pinyin prefix over substring", "zhang", []string{"@zs"}},
		{"remark pinyin", "chenai", []string{"@alice"}},
		{"spaces ignored in pinyin", "zhang san", []string{"@zs"}},
		// "li": exact for @li; a prefix of lisi (@ls); a substring of
		// alicechen and smileli, which keep the empty-query order.
		{"exact > prefix > substring; recent first within prefix", "li",
			[]string{"@li", "@ls", "@alice", "@smile"}},
		{"emoji markup is not matched", "emoji", nil},
		{"emoji character matches", "😄", []string{"@smile"}},
		{"group", "xiangmu", []string{"@@work"}},
		{"no match", "qqqq", nil},
		{"query longer than every field", "wenjianchuanshuzhushouxx", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ix := New(people) // an index each: an Index is not safe for concurrent use
			hits, total := ix.Search(tt.query, 0)
			got := users(ix, hits)
			if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("Search(%q) = %v, want %v", tt.query, got, tt.want)
			}
			if total != len(tt.want) {
				t.Errorf("Search(%q) total = %d, want %d", tt.query, total, len(tt.want))
			}
		})
	}
}

func TestSearchLimit(t *testing.T) {
	t.Parallel()
	ix := New(people)
	tests := []struct {
		query     string
		limit     int
		want      []string
		wantTotal int
	}{
		{"", 2, []string{"@@fam", "@ls"}, 9},
		{"li", 2, []string{"@li", "@ls"}, 4},
		{"li", 1, []string{"@li"}, 4},
		{"li", 100, []string{"@li", "@ls", "@alice", "@smile"}, 4},
	}
	for _, tt := range tests {
		hits, total := ix.Search(tt.query, tt.limit)
		if got := users(ix, hits); !slices.Equal(got, tt.want) || total != tt.wantTotal {
			t.Errorf("Search(%q, %d) = %v, %d; want %v, %d", tt.query, tt.limit, got, total, tt.want, tt.wantTotal)
		}
	}
}

func TestDisplay(t *testing.T) {
	t.Parallel()
	ix := New([]msg.Contact{
		{UserName: "@a", NickName: "张三", RemarkName: "老张"},
		{UserName: "@b", NickName: `Smile<span class="emoji emoji1f604"></span>`},
		{UserName: "@c"},
		{UserName: "@d", NickName: "   "},
		{UserName: "@e", NickName: "王五", RemarkName: " "},
		{UserName: "@f", NickName: "\u3164\u200b"},
		{UserName: "@g", NickName: " a "},
	})
	tests := []struct{ display, nick string }{
		{"老张", "张三"},
		{"Smile😄", ""},
		{"@c", ""},
		// A name of only spaces (or invisible characters) shows in
		// quotes; it showed nothing.
		{"“   ”", ""},
		{"王五", ""},
		{"“\u3164\u200b”", ""},
		{" a ", ""},
	}
	for i, tt := range tests {
		if got := ix.Display(i); got != tt.display {
			t.Errorf("Display(%d) = %q, want %q", i, got, tt.display)
		}
		if got := ix.Nick(i); got != tt.nick {
			t.Errorf("Nick(%d) = %q, want %q", i, got, tt.nick)
		}
	}
}

func TestEmpty(t *testing.T) {
	t.Parallel()
	ix := New(nil)
	if hits, total := ix.Search("x", 50); len(hits) != 0 || total != 0 {
		t.Errorf("Search on an empty index = %v, %d", hits, total)
	}
	if hits, total := ix.Search("", 50); len(hits) != 0 || total != 0 {
		t.Errorf("empty Search on an empty index = %v, %d", hits, total)
	}
}

// TestTopBeforeSort: the first rows found without sorting are the rows
// of the sorted order.
func TestTopBeforeSort(t *testing.T) {
	t.Parallel()
	cs := generated(3000)
	sorted := New(cs)
	sorted.Sort()
	for _, limit := range []int{1, 12, 50, 187} {
		want, wantTotal := sorted.Search("", limit)
		lazy := New(cs)
		got, total := lazy.Search("", limit)
		if !slices.Equal(got, want) || total != wantTotal {
			t.Errorf("limit %d: unsorted top = %v (%d), sorted = %v (%d)", limit, got, total, want, wantTotal)
		}
		if lazy.order != nil {
			t.Errorf("limit %d: the top rows sorted the index", limit)
		}
	}
}

// TestFirstSearchBeforeSort: a query searched before the sort (the
// popup's first keystroke) finds what the sorted index finds, in the
// same order, without sorting; and the index sorted afterwards still
// does.
func TestFirstSearchBeforeSort(t *testing.T) {
	t.Parallel()
	cs := append(append([]msg.Contact{}, people...), generated(3000)...)
	sorted := New(cs)
	sorted.Sort()
	queries := []string{"z", "zs", "wang", "lxm", "zhang wei", "li", "张", "王芳", "q", "ALICE", "😄", "qqqq", "a", "芳"}
	for _, limit := range []int{1, 12, 50, 187} {
		for _, q := range queries {
			want, wantTotal := sorted.Search(q, limit)
			lazy := New(cs)
			got, total := lazy.Search(q, limit)
			if !slices.Equal(got, want) || total != wantTotal {
				t.Errorf("Search(%q, %d) before the sort = %v (%d), sorted = %v (%d)", q, limit, users(lazy, got), total, users(sorted, want), wantTotal)
			}
			if lazy.order != nil {
				t.Errorf("Search(%q, %d): the first search sorted the index", q, limit)
			}
			lazy.Sort()
			for _, q2 := range []string{q, "", "zh"} {
				want, wantTotal := sorted.Search(q2, limit)
				if got, total := lazy.Search(q2, limit); !slices.Equal(got, want) || total != wantTotal {
					t.Errorf("after Search(%q) and the sort, Search(%q, %d) = %v (%d), want %v (%d)", q, q2, limit, got, total, want, wantTotal)
				}
			}
		}
	}
}

// TestSearchWhileTyping: a query searched among the previous query's
// matches (it contains the previous one, as typing on makes it) finds
// what a full search finds, in the same order and with the same total,
// through typing, erasing, spaces, case, markup and entities.
func TestSearchWhileTyping(t *testing.T) {
	t.Parallel()
	cs := append(append([]msg.Contact{}, people...), generated(3000)...)
	typing := [][]string{
		{"z", "zh", "zha", "zhan", "zhang", "zhang ", "zhang w", "zhang we", "zhang wei"},
		{"zhang wei", "zhang we", "zhang w", "zhang", "zhan", "zha", "zh", "z", ""},
		{"z", "", "zh", "zha", "z", "zs"},
		{"l", "li", "li", "lis", "li", "a", "al", "ali"},
		{"Z", "ZH", "zha", "ZHAN"},
		{"zh ", "zh a", "zh an", " zh an", "zhan"},
		{"张", "张三", "张", "王", "王芳"},
		{"<", "<s", "<sp", "<span", "<span>", "<span>l", "li"},
		{"&", "&a", "&am", "&amp", "&amp;", "&amp;x", "&lt"},
		{"😄", "😄l", "smile😄", "e", "em", "emo", "emoji"},
		{"q", "qq", "qqq", "qqqq", "qqqqz", "q"},
		{"x", "xq", "xqx", "xiang", "xiangq", "xiangqin"},
		{"a", "a ", "a b", "ab", "a bc"},
	}
	full := New(cs)
	full.Sort()
	for _, limit := range []int{1, 12, 50, 0} {
		for _, seq := range typing {
			ix := New(cs)
			ix.Sort()
			for _, q := range seq {
				got, total := ix.Search(q, limit)
				full.lastQ = "" // nothing to narrow: a search of every contact
				want, wantTotal := full.Search(q, limit)
				if !slices.Equal(got, want) || total != wantTotal {
					t.Errorf("typing %q, limit %d: Search(%q) = %v (%d), a full search = %v (%d)", seq, limit, q, users(ix, got), total, users(full, want), wantTotal)
				}
			}
		}
	}
}
