package model

import (
	"slices"

	"github.com/wxdrop/wxdrop/wasm/rules"
)

// LogWhat is what a line of the rules' log says of the message a rule
// acted on, in the person's language: a text as it is, a file or media
// as its kind in brackets and its name ("[文件] 周报.pdf"). The log said
// "[file] 周报.pdf" in Chinese too. A line an older version wrote (no
// Type, its kind in English inside What) shows as it is, and a type this
// build does not know as it is named.
func LogWhat(t Translator, l rules.LogEntry) string {
	if l.Type == "" {
		return l.What
	}
	kind := l.Type
	if slices.Contains(rules.ForwardTypes, l.Type) {
		// kind_<type> in _locales, as KindText words an entry's kind.
		kind = t("kind_" + l.Type)
	}
	if l.What == "" {
		return "[" + kind + "]"
	}
	return "[" + kind + "] " + l.What
}
