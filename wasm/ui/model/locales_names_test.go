package model

import (
	"regexp"
	"strings"
	"testing"
)

// quotedRE finds a text in curly quotes, “…”.
var quotedRE = regexp.MustCompile(`“([^”]+)”`)

// TestMessagesNameTheirControlsAsShown: a sentence that tells the person
// to press a button or turn on a switch quotes its label as the page
// shows it (the whole label, or its start), in every language, so that
// they find it. The export's error said to turn on “保存收到的消息”; the
// switch says 保留收到的消息…
func TestMessagesNameTheirControlsAsShown(t *testing.T) {
	tests := []struct{ key, label string }{
		{"err_EXPORT_OFF", "recall_on"},
		{"err_STORAGE_FULL", "outbox_clear"},
		{"many_composer_aside", "many_start"},
	}
	for _, locale := range []string{"en", "zh_CN"} {
		m := loadLocale(t, locale)
		for _, tt := range tests {
			label := m[tt.label].Message
			if label == "" {
				t.Fatalf("%s: no %s", locale, tt.label)
			}
			found := false
			for _, q := range quotedRE.FindAllStringSubmatch(m[tt.key].Message, -1) {
				if strings.HasPrefix(label, q[1]) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: %s (%q) quotes no start of the %s label %q", locale, tt.key, m[tt.key].Message, tt.label, label)
			}
		}
	}
}
