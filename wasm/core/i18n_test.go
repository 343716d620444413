package core_test

import (
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// english does what chrome.i18n.getMessage does with _locales/en: $NAME$
// becomes its placeholder's content, whose $1..$9 are the substitutions.
func english(key string, subs ...string) string {
	localeOnce.Do(loadEnglish)
	m, ok := locale[key]
	if !ok {
		return ""
	}
	return placeholder.ReplaceAllStringFunc(m.Message, func(s string) string {
		p, ok := m.Placeholders[strings.ToLower(s[1:len(s)-1])]
		if !ok {
			return s
		}
		if n, err := strconv.Atoi(strings.TrimPrefix(p.Content, "$")); err == nil && n >= 1 && n <= len(subs) {
			return subs[n-1]
		}
		return ""
	})
}

var (
	localeOnce  sync.Once
	locale      map[string]localeMessage
	placeholder = regexp.MustCompile(`\$([A-Za-z0-9_@]+)\$`)
)

type localeMessage struct {
	Message      string `json:"message"`
	Placeholders map[string]struct {
		Content string `json:"content"`
	} `json:"placeholders"`
}

func loadEnglish() {
	b, err := os.ReadFile("../../_locales/en/messages.json")
	if err != nil {
		panic(err)
	}
	if err := json.Unmarshal(b, &locale); err != nil {
		panic(err)
	}
}
