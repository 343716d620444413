package msg

import "testing"

func TestSnippet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"", 5, ""},
		{"hello", 5, "hello"},
		{"hello!", 5, "hello…"},
		{"你好世界啊呀", 4, "你好世界…"},
		{"a\nb", 5, "a…"},
	}
	for _, tt := range tests {
		if got := Snippet(tt.s, tt.n); got != tt.want {
			t.Errorf("Snippet(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

func TestEntryTitle(t *testing.T) {
	t.Parallel()
	if got := (Entry{Content: Content{Text: "早上好\n第二行"}}).Title(10); got != "早上好…" {
		t.Errorf("text title = %q", got)
	}
	if got := (Entry{Content: Content{Text: "x", File: &FileRef{Name: "报告.pdf"}}}).Title(10); got != "报告.pdf" {
		t.Errorf("file title = %q", got)
	}
}
