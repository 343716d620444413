package model

import "github.com/wxdrop/wxdrop/wasm/rules"

// LogWhat is what a line of the rules' log says of the message a rule
// acted on, in the person's language: a text as it is, a file or media
// as its kind in brackets and its name ("[文件] 周报.pdf"). The log said
// "[file] 周报.pdf" in Chinese too. A line an older version wrote (no
// Type, its kind in English inside What) shows as it is.
func LogWhat(t Translator, l rules.LogEntry) string {
	var kind string
	switch l.Type {
	case "":
		return l.What
	case rules.TypeImage:
		kind = t("kind_image")
	case rules.TypeVideo:
		kind = t("kind_video")
	case rules.TypeVoice:
		kind = t("kind_voice")
	case rules.TypeFile:
		kind = t("kind_file")
	case rules.TypeEmoticon:
		kind = t("kind_emoticon")
	}
	if kind == "" {
		kind = l.Type
	}
	if l.What == "" {
		return "[" + kind + "]"
	}
	return "[" + kind + "] " + l.What
}
