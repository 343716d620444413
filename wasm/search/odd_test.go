package search

import (
	"strings"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// oddContacts are names where a port of Clean, ToLower, TrimSpace or
// strings.Compare to JavaScript goes wrong if it is not exact.
func oddContacts() []msg.Contact {
	names := []struct{ nick, remark, pq string }{
		{`<span class="emoji emoji1f604"></span>笑`, "", "xiao"},
		{`<span class="emoji emoji1f1e8"></span>flag`, "", ""},
		{`<span class="emoji emojiD800"></span>bad`, "", ""},
		{`<span class="emoji emoji001f"></span>ctl`, "", ""},
		{`<span class="emoji emoji1F604'></span>caps`, "", ""},
		{"Tom &amp; Jerry", "", "tomjerry"},
		{"a &lt; b &gt; c &nbsp;&#39;&quot;&apos;", "", ""},
		{"&unknown; &amp", "", ""},
		{"a < b", "", ""},
		{"<>x", "", ""},
		{"<b>bold</b>", "", ""},
		{"<1>num", "", ""},
		{"İstanbul", "", ""},
		{"ΟΔΥΣΣΕΥΣ", "", ""},
		{"ΣΑΣ", "Σοφία", ""},
		{"😀smile", "", ""},
		{"\uE000private", "", ""},
		{"\uFFFDreplacement", "", ""},
		{"\U0001F600z", "", "z"},
		{"\uE000z", "", "z"},
		{"same", "", "same"},
		{"same", "", "same"},
		{"", "", ""},
		{"\u0085李", "", "li"},
		{"ǅungla", "", ""},
		{"ﬀ ligature", "", ""},
		{"Straße", "STRASSE", ""},
		{"张三", "老张", "zhangsan"},
		{"x y", "", "xy"},
		{"   ", "", ""},
		{"\u3164", "", ""},
		{"\u200b\u200f", "", "kong"},
		{"nick", " ", "nick"},
		{"", "\u2800", ""},
		{"\u0085", "", ""},
		{"\u00a0\u180e", "\ufeff", ""},
		{"nul\x00zz", "", ""},
	}
	out := make([]msg.Contact, len(names))
	for i, n := range names {
		out[i] = msg.Contact{UserName: "@odd" + strings.Repeat("x", i%3) + string(rune('a'+i)), NickName: n.nick, RemarkName: n.remark, PYQuanPin: n.pq, PYInitial: strings.ToUpper(n.pq)}
		if n.remark != "" {
			out[i].RemarkPYQuanPin = "r" + n.pq
		}
		if i%7 == 0 {
			out[i].Recent = 100 + i
		}
	}
	// Two chats of one UserName (a chat listed twice).
	out = append(out, out[len(out)-1])
	return out
}
