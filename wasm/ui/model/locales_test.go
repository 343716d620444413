package model

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// root is the repository root (the unpacked extension).
const root = "../../.."

type message struct {
	Message      string `json:"message"`
	Placeholders map[string]struct {
		Content string `json:"content"`
	} `json:"placeholders"`
}

func loadLocale(t testing.TB, locale string) map[string]message {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "_locales", locale, "messages.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]message
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", locale, err)
	}
	return m
}

var placeholderRE = regexp.MustCompile(`\$([A-Za-z0-9_@]+)\$`)

// translator does what chrome.i18n.getMessage does with a messages.json:
// $NAME$ becomes the placeholder's content, whose $1..$9 are the
// substitutions; a missing key is "" (the page then shows the key).
func translator(m map[string]message) Translator {
	return func(key string, subs ...string) string {
		msg, ok := m[key]
		if !ok {
			return ""
		}
		return placeholderRE.ReplaceAllStringFunc(msg.Message, func(s string) string {
			name := strings.ToLower(s[1 : len(s)-1])
			p, ok := msg.Placeholders[name]
			if !ok {
				return s
			}
			c := p.Content
			if len(c) == 2 && c[0] == '$' {
				if n, err := strconv.Atoi(c[1:]); err == nil {
					if n-1 < len(subs) {
						return subs[n-1]
					}
					return ""
				}
			}
			return c
		})
	}
}

func TestLocalesMatch(t *testing.T) {
	t.Parallel()
	en, zh := loadLocale(t, "en"), loadLocale(t, "zh_CN")
	for k, e := range en {
		z, ok := zh[k]
		if !ok {
			t.Errorf("zh_CN lacks %q", k)
			continue
		}
		if e.Message == "" || z.Message == "" {
			t.Errorf("%q is empty in a locale", k)
		}
		if got, want := placeholdersOf(z.Message), placeholdersOf(e.Message); !slices.Equal(got, want) {
			t.Errorf("%q: zh_CN uses placeholders %v, en %v", k, got, want)
		}
		for _, loc := range []map[string]message{en, zh} {
			for _, p := range placeholdersOf(loc[k].Message) {
				if _, ok := loc[k].Placeholders[p]; !ok {
					t.Errorf("%q uses $%s$ without defining it", k, p)
				}
			}
		}
	}
	for k := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("en lacks %q", k)
		}
	}
}

func placeholdersOf(s string) []string {
	var out []string
	for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
		out = append(out, strings.ToLower(m[1]))
	}
	slices.Sort(out)
	return out
}

// TestKeysExist: every key the manifest, the pages and the Go UI name is
// in both locales. The UI names keys as tr("key" and the pages as
// data-i18n*="key".
func TestKeysExist(t *testing.T) {
	t.Parallel()
	keys := map[string]bool{"extName": true, "extDescription": true, "actionTitle": true, "langName": true}
	for _, c := range msg.Codes() {
		keys[c.Key()] = true
	}
	scan := func(glob string, re *regexp.Regexp) {
		files, err := filepath.Glob(filepath.Join(root, glob))
		if err != nil || len(files) == 0 {
			t.Fatalf("no files for %s", glob)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				keys[m[1]] = true
			}
		}
	}
	scan("wasm/ui/*.go", regexp.MustCompile(`\btr\("([A-Za-z0-9_]+)"[,)]`))
	scan("wasm/ui/model/*.go", regexp.MustCompile(`\bt\("([A-Za-z0-9_]+)"[,)]`))
	scan("extension/pages/*.html", regexp.MustCompile(`data-i18n[a-z-]*="([A-Za-z0-9_]+)"`))
	scan("manifest.json", regexp.MustCompile(`__MSG_([A-Za-z0-9_]+)__`))
	for _, loc := range []string{"en", "zh_CN"} {
		m := loadLocale(t, loc)
		for k := range keys {
			if _, ok := m[k]; !ok {
				t.Errorf("%s lacks %q", loc, k)
			}
		}
	}
}

// TestEveryCodeHasWords: every registered error code (msg.Codes) has its
// sentence in both locales, and every err_ sentence is of a registered
// code (one taken out of codes.go leaves none behind).
func TestEveryCodeHasWords(t *testing.T) {
	t.Parallel()
	for _, loc := range []string{"en", "zh_CN"} {
		m := loadLocale(t, loc)
		for _, c := range msg.Codes() {
			if strings.TrimSpace(m[c.Key()].Message) == "" {
				t.Errorf("%s has no words for %s (key %q)", loc, c, c.Key())
			}
		}
		for k := range m {
			if c, ok := strings.CutPrefix(k, "err_"); ok && msg.Code(c).Class() == msg.ClassUnknown {
				t.Errorf("%s has %q, and wasm/msg/codes.go no code %s", loc, k, c)
			}
		}
	}
}

// TestNoCodeReadsAsInternal: the pages (msg.Text, which the
// notifications use too) show every registered code in its own words,
// never as "wxdrop ran into a problem of its own", unless the code is of
// the internal class.
func TestNoCodeReadsAsInternal(t *testing.T) {
	t.Parallel()
	for _, loc := range []string{"en", "zh_CN"} {
		tr := translator(loadLocale(t, loc))
		internal, _, _ := strings.Cut(tr(msg.ErrInternal.Key(), "\x00"), "\x00")
		if internal == "" {
			t.Fatalf("%s: the internal sentence starts with its detail", loc)
		}
		for _, c := range msg.Codes() {
			got := msg.Text(tr, &msg.Error{Code: c, Detail: "d"})
			// Its own words, the detail in them or after them.
			own := tr(c.Key(), "d")
			if own == "" || (got != own && got != own+" (d)") {
				t.Errorf("%s: the pages show %s as %q, not in its own words %q", loc, c, got, own)
			}
			if isInternal := strings.HasPrefix(got, internal); isInternal != (c.Class() == msg.ClassInternal) {
				t.Errorf("%s: %s (class %d) reads %q", loc, c, c.Class(), got)
			}
		}
	}
}

// TestAccountsNamedHostFirst (docs/security.md row 97): every sentence
// that names an account by its nick name and its host puts the host
// first, in both languages. The host is the tab's, which no page can
// change; the nick name is the page's, and a page can call its account
// "第二个号 on web.wechat.com": after the host it cannot pass for another.
func TestAccountsNamedHostFirst(t *testing.T) {
	t.Parallel()
	for _, locale := range []string{"en", "zh_CN"} {
		m := loadLocale(t, locale)
		named := 0
		for key, msg := range m {
			host, name := strings.Index(msg.Message, "$HOST$"), strings.Index(msg.Message, "$NAME$")
			if host < 0 || name < 0 {
				continue
			}
			named++
			if host > name {
				t.Errorf("%s %s names the account before its host: %q", locale, key, msg.Message)
			}
		}
		if named < 3 {
			t.Errorf("%s: %d sentences name an account by host and name; state_ready_host, entry_from_account and edit_other_account do", locale, named)
		}
	}
}
