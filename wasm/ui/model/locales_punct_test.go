package model

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"unicode"
)

// TestChinesePunctuationIsFullWidth: a Chinese sentence's commas, colons
// and brackets are the full-width ones (，：（）), as every other Chinese
// text of wxdrop's: four refusals of a page's download said
// "请在浏览器询问时允许,或在 wxdrop 选项中允许所有网站,然后" and
// "无法从这里发送(…):wxdrop", which read as typed on an English keyboard.
// ASCII punctuation of Latin text or code (12:07, on('message'),
// (?<=…)) stays.
func TestChinesePunctuationIsFullWidth(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "_locales", "zh_CN", "messages.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]struct {
		Message string `json:"message"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	han := func(r rune) bool { return unicode.Is(unicode.Han, r) }
	for key, v := range m {
		s := []rune(v.Message)
		for i, r := range s {
			switch r {
			case ',', ':', ';', '(', ')':
			default:
				continue
			}
			if i > 0 && han(s[i-1]) || i+1 < len(s) && han(s[i+1]) {
				t.Errorf("%s: %q: the ASCII %q beside Chinese text, want its full-width form", key, v.Message, r)
			}
		}
	}
}
