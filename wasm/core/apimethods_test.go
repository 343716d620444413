package core

import (
	"errors"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// TestPageAPIMethods: the scripts and the README have exactly the methods
// of the table (apiMethods), no more, no fewer: window.wxdrop's members
// are its member and inPage rows; the calls page.js makes, and those
// isolated.js relays (its METHODS), are its member and inner rows; the
// content script makes the relay rows' calls itself, and an entry id for
// the calls whose rows say so (SENDS: the sends); the README names every
// member.
func TestPageAPIMethods(t *testing.T) {
	t.Parallel()
	page := readSource(t, "../../extension/content/page.js")
	isolated := readSource(t, "../../extension/content/isolated.js")
	readme := readSource(t, "../../README.md")

	want := func(reaches ...apiReach) []string {
		var out []string
		for name, m := range apiMethods() {
			if slices.Contains(reaches, m.reach) {
				out = append(out, string(name))
			}
			if (m.fn == nil) != (m.reach == inPage) {
				t.Errorf("%s: a handler for a call that reaches the worker, and only for one", name)
			}
		}
		return sorted(out)
	}
	withEntry := func(e apiEntry) []string {
		var out []string
		for name, m := range apiMethods() {
			if m.entry == e {
				out = append(out, string(name))
			}
		}
		return sorted(out)
	}
	members, err := objectKeys(page, "api = Object.freeze({")
	if err != nil {
		t.Fatal(err)
	}
	checkSame(t, "window.wxdrop's members (page.js)", members, want(member, inPage))
	checkSame(t, "page.js's call('…')s", matches(page, `\bcall\(\s*'(\w+)'`), want(member, inner))
	relayed := regexp.MustCompile(`const METHODS = new Set\(\[([^\]]*)\]\)`).FindStringSubmatch(isolated)
	if relayed == nil {
		t.Fatal("isolated.js has no METHODS set")
	}
	checkSame(t, "isolated.js's METHODS", matches(relayed[1], `'(\w+)'`), want(member, inner))
	// The entry ids: made for every call that names or sends one; a send
	// asked again by its outcome (SENDS), the others as they were.
	sent := regexp.MustCompile(`const SENDS = new Set\(\[([^\]]*)\]\)`).FindStringSubmatch(isolated)
	if sent == nil {
		t.Fatal("isolated.js has no SENDS set")
	}
	checkSame(t, "isolated.js's SENDS", matches(sent[1], `'(\w+)'`), withEntry(sendsEntry))
	named := regexp.MustCompile(`if \(SENDS\.has\(body\.method\)((?: \|\| body\.method === '\w+')*)\) body\.entry = entryID\(\);`).FindStringSubmatch(isolated)
	if named == nil {
		t.Fatal("isolated.js makes no entry id for the sends")
	}
	checkSame(t, "isolated.js's calls with an entry id besides the sends", matches(named[1], `'(\w+)'`), withEntry(makesEntry))
	for _, name := range want(relay) {
		if !regexp.MustCompile(`\bmethod: '` + name + `'`).MatchString(isolated) {
			t.Errorf("isolated.js never calls %s, which the table has as its own", name)
		}
	}
	// The README names them as wxdrop.name (not wxdrop@wxdrop.invalid).
	checkSame(t, "the README's wxdrop.…", matches(readme, `(?:^|[^@\w.])wxdrop\.(\w+)`), want(member, inPage))
}

// TestObjectKeys: the keys of an object literal, not those of the objects
// or the ternaries inside its values, nor words in its strings and
// comments.
func TestObjectKeys(t *testing.T) {
	t.Parallel()
	src := `x = 1; api = Object.freeze({
      // a: comment, b: no key
      a: 1, b: (x) => (x ? { c: 2 } : call('d', { e: '}' })),
      f: "g: ,{", /* h: */ i: ` + "`j: ${1}`" + `,
      k: x ? y : z,
      l() { return { m: 3 }; },
    }); n = { o: 4 };`
	got, err := objectKeys(src, "api = Object.freeze({")
	if err != nil {
		t.Fatal(err)
	}
	checkSame(t, "keys", got, []string{"a", "b", "f", "i", "k", "l"})
	if _, err := objectKeys(src, "nothing({"); err == nil {
		t.Error("no error for an object not in the source")
	}
	if _, err := objectKeys("api = Object.freeze({ a: 1, ", "api = Object.freeze({"); err == nil {
		t.Error("no error for an object not closed")
	}
}

func readSource(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// matches are the distinct first groups of pattern in s, sorted.
func matches(s, pattern string) []string {
	var out []string
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return sorted(out)
}

func sorted(s []string) []string {
	sort.Strings(s)
	return slices.Compact(s)
}

// checkSame says what one list has that the table does not, and the
// reverse.
func checkSame(t *testing.T, what string, got, want []string) {
	t.Helper()
	for _, g := range got {
		if !slices.Contains(want, g) {
			t.Errorf("%s has %s, which the table (apiMethods) does not", what, g)
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("%s lacks %s, which the table (apiMethods) has", what, w)
		}
	}
	if len(want) == 0 {
		t.Errorf("%s: the table has none", what)
	}
}

// objectKeys are the keys of the JavaScript object literal that opens
// with opening (ending in "{") in src: the names at its own level that
// a ':' or a method's '(' follows, after its '{' or a ','. Strings,
// template literals and comments are skipped; a regular expression
// literal is not understood (window.wxdrop's object has none).
func objectKeys(src, opening string) ([]string, error) {
	start := strings.Index(src, opening)
	if start < 0 {
		return nil, errors.New("no " + opening)
	}
	var keys []string
	depth, key := 0, true
	for i := start + len(opening); i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case strings.HasPrefix(src[i:], "//"):
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				j = len(src) - i
			}
			i += j
		case strings.HasPrefix(src[i:], "/*"):
			j := strings.Index(src[i+2:], "*/")
			if j < 0 {
				return nil, errors.New("a comment not closed")
			}
			i += j + 4
		case c == '\'' || c == '"' || c == '`':
			j := i + 1
			for j < len(src) && src[j] != c {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			i, key = j+1, false
		case c == '(' || c == '[' || c == '{':
			depth++
			i, key = i+1, false
		case c == ')' || c == ']' || c == '}':
			if depth == 0 {
				return keys, nil
			}
			depth--
			i, key = i+1, false
		case c == ',':
			key = key || depth == 0
			i++
		case c == '_' || c == '$' || unicode.IsLetter(rune(c)):
			j := i
			for j < len(src) && (src[j] == '_' || src[j] == '$' || unicode.IsLetter(rune(src[j])) || unicode.IsDigit(rune(src[j]))) {
				j++
			}
			next := strings.TrimLeft(src[j:], " \t")
			if key && depth == 0 && (strings.HasPrefix(next, ":") || strings.HasPrefix(next, "(")) {
				keys = append(keys, src[i:j])
			}
			i, key = j, false
		default:
			i, key = i+1, false
		}
	}
	return nil, errors.New("the object of " + opening + " is not closed")
}
