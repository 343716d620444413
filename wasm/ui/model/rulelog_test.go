package model

import (
	"testing"

	"github.com/wxdrop/wxdrop/wasm/rules"
)

// TestLogWhat: the rules' log names a file's or a medium's kind in the
// person's language; it said "[file] 周报.pdf" on a Chinese page.
func TestLogWhat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		l      rules.LogEntry
		en, zh string
	}{
		{"a text", rules.LogEntry{What: "[老张] 在吗？"}, "[老张] 在吗？", "[老张] 在吗？"},
		{"a file", rules.LogEntry{What: "周报.pdf", Type: rules.TypeFile}, "[File] 周报.pdf", "[文件] 周报.pdf"},
		{"an image without a name", rules.LogEntry{Type: rules.TypeImage}, "[Image]", "[图片]"},
		{"a voice message", rules.LogEntry{What: "a.mp3", Type: rules.TypeVoice}, "[Voice message] a.mp3", "[语音] a.mp3"},
		{"a sticker", rules.LogEntry{Type: rules.TypeEmoticon}, "[Sticker]", "[表情]"},
		{"a video", rules.LogEntry{What: "v.mp4", Type: rules.TypeVideo}, "[Video] v.mp4", "[视频] v.mp4"},
		{"a kind this build does not know", rules.LogEntry{What: "x", Type: "hologram"}, "[hologram] x", "[hologram] x"},
		{"written by an older version", rules.LogEntry{What: "[file] 周报.pdf"}, "[file] 周报.pdf", "[file] 周报.pdf"},
	}
	en, zh := translator(loadLocale(t, "en")), translator(loadLocale(t, "zh_CN"))
	for _, tt := range tests {
		if got := LogWhat(en, tt.l); got != tt.en {
			t.Errorf("%s in English: %q, want %q", tt.name, got, tt.en)
		}
		if got := LogWhat(zh, tt.l); got != tt.zh {
			t.Errorf("%s in Chinese: %q, want %q", tt.name, got, tt.zh)
		}
	}
}
