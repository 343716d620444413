package msg_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
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

// TestDetailsInBothLanguages: every detail wxdrop says itself (a
// msg.Detail of the Go, a said('…') of the scripts) has its words in
// both locales, with a place for its filling in both or in neither; no
// words are left that nothing says; page.js says only what isolated.js
// hands it (PAGE_DETAILS). The details were English signatures inside a
// Chinese person's Chinese sentence.
func TestDetailsInBothLanguages(t *testing.T) {
	t.Parallel()
	used := map[string]string{} // key → where
	src, err := os.ReadFile("detail.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`(?m)^\t\w+\s+Detail = "(\w+)"`).FindAllSubmatch(src, -1) {
		used["detail_"+string(m[1])] = "detail.go"
	}
	if len(used) < 40 {
		t.Fatalf("%d details in detail.go: the pattern no longer reads it", len(used))
	}
	said := regexp.MustCompile(`said\('(\w+)'`)
	scripts := map[string][]byte{}
	for _, f := range []string{"extension/sw.js", "extension/pages/bridge.js", "extension/content/isolated.js", "extension/content/page.js"} {
		b, err := os.ReadFile("../../" + f)
		if err != nil {
			t.Fatal(err)
		}
		scripts[f] = b
		for _, m := range said.FindAllSubmatch(b, -1) {
			used["detail_"+string(m[1])] = f
		}
	}
	m := regexp.MustCompile(`const PAGE_DETAILS = \[([^\]]*)\]`).FindSubmatch(scripts["extension/content/isolated.js"])
	if m == nil {
		t.Fatal("isolated.js has no PAGE_DETAILS")
	}
	handed := map[string]bool{}
	for _, k := range regexp.MustCompile(`'(\w+)'`).FindAllSubmatch(m[1], -1) {
		handed[string(k[1])] = true
	}
	for _, k := range said.FindAllSubmatch(scripts["extension/content/page.js"], -1) {
		if !handed[string(k[1])] {
			t.Errorf("page.js says %s, which isolated.js does not hand it (PAGE_DETAILS)", k[1])
		}
	}
	locales := map[string]map[string]localeMessage{}
	for _, lang := range []string{"en", "zh_CN"} {
		_, all := wordsOf(t, lang)
		locales[lang] = all
		for key, where := range used {
			w, ok := all[key]
			if !ok || strings.TrimSpace(w.Message) == "" {
				t.Errorf("%s: no words for %s (said in %s)", lang, key, where)
			}
		}
		for key := range all {
			if strings.HasPrefix(key, "detail_") && used[key] == "" {
				t.Errorf("%s: %s is said nowhere", lang, key)
			}
		}
	}
	for key := range used {
		en, zh := locales["en"][key], locales["zh_CN"][key]
		if strings.Contains(en.Message, "$ARG$") != strings.Contains(zh.Message, "$ARG$") {
			t.Errorf("%s: a place for its filling in one language only: %q, %q", key, en.Message, zh.Message)
		}
	}
}

// TestNoDetailInEnglishOnly: a BAD_REQUEST or a STORAGE_BLOCKED (and a
// script's BAD_TIME) is made with a Detail's words (msg.Detail.Err in the
// Go, said() in the scripts), not with words of its own in English.
func TestNoDetailInEnglishOnly(t *testing.T) {
	t.Parallel()
	goMade := regexp.MustCompile(`ErrBadRequest|ErrStorageBlocked`)
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules" || d.Name() == "dist") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasPrefix(filepath.ToSlash(path), "../../wasm/") || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		if strings.HasSuffix(filepath.ToSlash(path), "wasm/msg/codes.go") || strings.HasSuffix(filepath.ToSlash(path), "wasm/msg/detail.go") || strings.HasSuffix(filepath.ToSlash(path), "wasm/msg/codes_table.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, l := range strings.Split(string(b), "\n") {
			if goMade.MatchString(l) {
				t.Errorf("%s: %s: made with words of its own (use a msg.Detail)", path, strings.TrimSpace(l))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A literal after the code, or an Error of a literal given the code.
	jsMade := regexp.MustCompile(`'(BAD_REQUEST|STORAGE_BLOCKED|BAD_TIME)',\s*['"][a-z]|new Error\(['"][^'"]+['"]\), \{ code: '(BAD_REQUEST|STORAGE_BLOCKED)'|code: '(BAD_REQUEST|STORAGE_BLOCKED)', detail: ['"][a-z]`)
	for _, f := range []string{"extension/sw.js", "extension/pages/bridge.js", "extension/content/isolated.js", "extension/content/page.js"} {
		b, err := os.ReadFile("../../" + f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			if jsMade.MatchString(l) {
				t.Errorf("%s: %s: words of its own in English (use said())", f, strings.TrimSpace(l))
			}
		}
	}
}

// TestDetailsSaidInChinese: a BAD_REQUEST's detail is said in the
// person's language, its filling in its place: a Chinese person read
// "这次调用不接受这些参数：sendText takes (to, text)".
func TestDetailsSaidInChinese(t *testing.T) {
	t.Parallel()
	zh, _ := wordsOf(t, "zh_CN")
	en, _ := wordsOf(t, "en")
	tests := []struct {
		e      *msg.Error
		zh, en string
	}{
		{msg.BadUsageSendText.Err(), "sendText 接受 (to, text)", "sendText takes (to, text)"},
		{msg.BadManyChats.Err("200"), "sendMany 需要一个含 1 到 200 个聊天的列表", "sendMany needs a list of 1 to 200 chats"},
		{&msg.Error{Code: msg.ErrBadRequest, Detail: "as it came"}, "as it came", "as it came"},
	}
	for _, tt := range tests {
		if got := msg.Said(zh, tt.e); got != tt.zh {
			t.Errorf("Said(zh, %v) = %q, want %q", tt.e, got, tt.zh)
		}
		if got := msg.Said(en, tt.e); got != tt.en {
			t.Errorf("Said(en, %v) = %q, want %q", tt.e, got, tt.en)
		}
		if got := msg.Text(zh, tt.e); !strings.Contains(got, tt.zh) {
			t.Errorf("Text(zh, %v) = %q, without %q", tt.e, got, tt.zh)
		}
	}
	if got := msg.Text(zh, msg.BadUsageSendText.Err()); strings.Contains(got, "takes") {
		t.Errorf("Text(zh) = %q: English inside the Chinese", got)
	}
}
