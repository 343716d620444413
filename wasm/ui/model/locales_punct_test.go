package model

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
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
	m := chineseTexts(t)
	han := func(r rune) bool { return unicode.Is(unicode.Han, r) }
	for key, v := range m {
		s := []rune(v)
		for i, r := range s {
			switch r {
			case ',', ':', ';', '(', ')':
			default:
				continue
			}
			if i > 0 && han(s[i-1]) || i+1 < len(s) && han(s[i+1]) {
				t.Errorf("%s: %q: the ASCII %q beside Chinese text, want its full-width form", key, v, r)
			}
		}
	}
}

// TestChineseNamesWebWeChatAlike: the Chinese texts call web WeChat one
// name, 网页版微信, as the English ones say "web WeChat" alone: the options
// page said 网页版微信会话, 微信网页版页面 and 网页微信 a few lines apart, which
// read as three things.
func TestChineseNamesWebWeChatAlike(t *testing.T) {
	m := chineseTexts(t)
	for key, v := range m {
		for _, other := range []string{"微信网页版", "网页微信"} {
			if strings.Contains(v, other) {
				t.Errorf("%s: %q says %s, want 网页版微信", key, v, other)
			}
		}
	}
}

// chineseTexts is each key's Chinese text (_locales/zh_CN).
func chineseTexts(t *testing.T) map[string]string {
	t.Helper()
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
	texts := make(map[string]string, len(m))
	for k, v := range m {
		texts[k] = v.Message
	}
	return texts
}
