package wxsim

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Person is a contact of the simulated account, with a stable Key. Its
// UserName is made anew at every login, as the real server does (§3.4).
type Person struct {
	Key             string // stable across logins, e.g. "zhangsan"
	NickName        string
	RemarkName      string
	PYInitial       string
	PYQuanPin       string
	RemarkPYInitial string
	RemarkPYQuanPin string
	Group           bool
	Members         []string // Keys of the members, for groups
	ContactFlag     int
	VerifyFlag      int
	Sex             int
	Signature       string
	Alias           string
	Province, City  string
	// Special accounts keep their plain UserName (filehelper).
	FixedUserName string
	// Unsaved: a group not saved to the account's contacts, which
	// webwxgetcontact leaves out (only saved groups are listed there);
	// the page learns it from its chat list, and webwxbatchgetcontact
	// gives it. Anyone who can add the account to a group makes one.
	Unsaved bool
}

// DefaultPeople are the contacts every simulated account has; tests name
// them by Key. 测试&<>'"😀 checks escaping all the way through.
func DefaultPeople() []Person {
	return []Person{
		{Key: "filehelper", NickName: "文件传输助手", PYInitial: "WJCSZS", PYQuanPin: "wenjianchuanshuzhushou", FixedUserName: "filehelper", ContactFlag: 3},
		{Key: "zhangsan", NickName: "张三", RemarkName: "老张", PYInitial: "ZS", PYQuanPin: "zhangsan", RemarkPYInitial: "LZ", RemarkPYQuanPin: "laozhang", ContactFlag: 3, Sex: 1, Province: "北京", City: "海淀"},
		{Key: "lisi", NickName: "李四", PYInitial: "LS", PYQuanPin: "lisi", ContactFlag: 3, Sex: 2, Province: "上海"},
		{Key: "wangwu", NickName: "王五", PYInitial: "WW", PYQuanPin: "wangwu", ContactFlag: 1},
		{Key: "alice", NickName: "Alice Chen", RemarkName: "陈爱丽", PYInitial: "ALICECHEN", PYQuanPin: "alicechen", RemarkPYInitial: "CAL", RemarkPYQuanPin: "chenaili", ContactFlag: 1},
		{Key: "escape", NickName: `测试&<>'"😀`, PYInitial: "CS", PYQuanPin: "ceshi", ContactFlag: 1},
		{Key: "family", NickName: "相亲相爱一家人", PYInitial: "XQXAYJR", PYQuanPin: "xiangqinxiangaiyijiaren", Group: true, Members: []string{"zhangsan", "lisi"}, ContactFlag: 3},
		{Key: "work", NickName: "项目组", PYInitial: "XMZ", PYQuanPin: "xiangmuzu", Group: true, Members: []string{"zhangsan", "wangwu", "alice"}, ContactFlag: 3},
		{Key: "wxpay", NickName: "微信支付", PYInitial: "WXZF", PYQuanPin: "weixinzhifu", VerifyFlag: 24, ContactFlag: 3},
	}
}

// syllables pairs common name characters with their pinyin, for generated
// contact lists large enough to measure search (issue 3 uses 5,000).
var syllables = []struct{ han, py string }{
	{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"}, {"杨", "yang"},
	{"黄", "huang"}, {"赵", "zhao"}, {"吴", "wu"}, {"周", "zhou"}, {"徐", "xu"}, {"孙", "sun"},
	{"马", "ma"}, {"朱", "zhu"}, {"胡", "hu"}, {"郭", "guo"}, {"何", "he"}, {"高", "gao"},
	{"林", "lin"}, {"罗", "luo"}, {"伟", "wei"}, {"芳", "fang"}, {"娜", "na"}, {"敏", "min"},
	{"静", "jing"}, {"丽", "li"}, {"强", "qiang"}, {"磊", "lei"}, {"军", "jun"}, {"洋", "yang"},
	{"勇", "yong"}, {"艳", "yan"}, {"杰", "jie"}, {"娟", "juan"}, {"涛", "tao"}, {"明", "ming"},
	{"超", "chao"}, {"秀", "xiu"}, {"霞", "xia"}, {"平", "ping"}, {"刚", "gang"}, {"桂", "gui"},
}

// GeneratedPeople returns n extra contacts with Chinese names and their
// pinyin, the same for the same seed; every tenth is a group.
func GeneratedPeople(n int, seed uint64) []Person {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]Person, 0, n)
	for i := 0; i < n; i++ {
		k := 2 + r.IntN(2)
		var han, py, ini strings.Builder
		for j := 0; j < k; j++ {
			s := syllables[r.IntN(len(syllables))]
			han.WriteString(s.han)
			py.WriteString(s.py)
			ini.WriteString(strings.ToUpper(s.py[:1]))
		}
		p := Person{Key: fmt.Sprintf("gen%05d", i), NickName: han.String(), PYQuanPin: py.String(), PYInitial: ini.String(), ContactFlag: 1}
		if i%10 == 9 {
			p.Group = true
			p.NickName += "群"
			p.PYQuanPin += "qun"
			p.PYInitial += "Q"
			p.ContactFlag = 3
		}
		if i%7 == 3 {
			p.RemarkName = "备注" + han.String()
			p.RemarkPYQuanPin = "beizhu" + py.String()
			p.RemarkPYInitial = "BZ" + ini.String()
		}
		out = append(out, p)
	}
	return out
}
