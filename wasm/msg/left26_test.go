package msg_test

import (
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// localeMessage is a message of _locales/<lang>/messages.json.
type localeMessage struct {
	Message      string `json:"message"`
	Placeholders map[string]struct {
		Content string `json:"content"`
	} `json:"placeholders"`
}

var placeholder = regexp.MustCompile(`\$([A-Za-z0-9_@]+)\$`)

// wordsOf reads a locale as chrome.i18n.getMessage does: a missing key is
// "", $NAME$ its placeholder's content, whose $1..$9 are the
// substitutions.
func wordsOf(t *testing.T, lang string) (func(key string, subs ...string) string, map[string]localeMessage) {
	t.Helper()
	b, err := os.ReadFile("../../_locales/" + lang + "/messages.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]localeMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return func(key string, subs ...string) string {
		w, ok := m[key]
		if !ok {
			return ""
		}
		return placeholder.ReplaceAllStringFunc(w.Message, func(s string) string {
			p, ok := w.Placeholders[strings.ToLower(s[1:len(s)-1])]
			if !ok {
				return s
			}
			if n, err := strconv.Atoi(strings.TrimPrefix(p.Content, "$")); err == nil && n >= 1 && n <= len(subs) {
				return subs[n-1]
			}
			return ""
		})
	}, m
}

// TestRuleTextOfASaveRule: a save rule's file the browser did not keep
// is said for a rule in the rules' log, in both languages: not
// DOWNLOAD_NOT_KEPT's "download it again", written for a person's own
// download, which no one asked for and no one repeats. Every rule_err_
// key is of a registered code, in both locales.
func TestRuleTextOfASaveRule(t *testing.T) {
	t.Parallel()
	for lang, again := range map[string]string{"en": "Download it again", "zh_CN": "请重新下载"} {
		tr, all := wordsOf(t, lang)
		e := &msg.Error{Code: msg.ErrDownloadNotKept}
		got := msg.RuleText(tr, e)
		if got == "" || strings.Contains(got, again) || got == msg.Text(tr, e) {
			t.Errorf("%s: a save rule's file not kept reads %q", lang, got)
		}
		// A code without rule words reads as everywhere else.
		e = &msg.Error{Code: msg.ErrSaveFailed, Detail: "FILE_FAILED"}
		if got, want := msg.RuleText(tr, e), msg.Text(tr, e); got != want {
			t.Errorf("%s: SAVE_FAILED in the rules' log reads %q, want %q", lang, got, want)
		}
		for key := range all {
			code, ok := strings.CutPrefix(key, "rule_err_")
			if ok && msg.Code(code).Class() == msg.ClassUnknown {
				t.Errorf("%s: %s is of no registered code", lang, key)
			}
		}
	}
}
