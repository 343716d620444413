package model

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestChineseNamesWithoutStraySpace: a Chinese sentence puts no space
// between a Chinese character and a placeholder whose example is Chinese
// (a chat's name, a message): "在 相亲相爱一家人", "张三 撤回了一条消息"
// read as typos. A space beside a time, a number or Latin text stays.
func TestChineseNamesWithoutStraySpace(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "_locales", "zh_CN", "messages.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]struct {
		Message      string `json:"message"`
		Placeholders map[string]struct {
			Example string `json:"example"`
		} `json:"placeholders"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	han := func(r rune) bool { return unicode.Is(unicode.Han, r) }
	for key, v := range m {
		for name, p := range v.Placeholders {
			// A time or a number keeps its spaces ("在 12:07 前").
			if p.Example == "" || strings.ContainsAny(p.Example, "0123456789") {
				continue
			}
			first, _ := utf8.DecodeRuneInString(p.Example)
			last, _ := utf8.DecodeLastRuneInString(p.Example)
			s, ph := v.Message, "$"+strings.ToUpper(name)+"$"
			for i := strings.Index(s, ph); i >= 0; {
				before, _ := utf8.DecodeLastRuneInString(strings.TrimSuffix(s[:i], " "))
				after, _ := utf8.DecodeRuneInString(strings.TrimPrefix(s[i+len(ph):], " "))
				if strings.HasSuffix(s[:i], " ") && han(before) && han(first) || strings.HasPrefix(s[i+len(ph):], " ") && han(after) && han(last) {
					t.Errorf("%s: %q: a space between %s (e.g. %q) and a Chinese character", key, s, ph, p.Example)
				}
				next := strings.Index(s[i+len(ph):], ph)
				if next < 0 {
					break
				}
				i += len(ph) + next
			}
		}
	}
}
