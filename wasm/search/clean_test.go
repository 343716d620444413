package search

import "testing"

func TestClean(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"张三", "张三"},
		{`笑<span class="emoji emoji1f604"></span>脸`, "笑😄脸"},
		{`<span class="emoji emoji2764"></span>`, "❤"},
		{`旗<span class="emoji emoji1f1e81f1f3"></span>`, "旗"}, // two code points: dropped
		{`<span class="emoji emojizzzz"></span>x`, "x"},
		{"<b>bold</b>", "bold"},
		{"a < b", "a < b"},
		{"a <", "a <"},
		{"<>", "<>"},
		{"1<2>0", "1<2>0"},
		{"Tom &amp; Jerry", "Tom & Jerry"},
		{"&lt;tag&gt; &quot;q&quot; &#39;", `<tag> "q" '`},
		{"AT&T", "AT&T"},
		{"&unknown;", "&unknown;"},
		{`测试&<>'"😀`, `测试&<>'"😀`},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
