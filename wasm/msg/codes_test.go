package msg_test

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

var update = flag.Bool("update", false, "write the README's list of page API codes again")

// TestCodesRegistered: each code is registered once, spelled as the
// _locales keys and the JavaScript can name it, with a class.
func TestCodesRegistered(t *testing.T) {
	t.Parallel()
	word := regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	seen := map[msg.Code]bool{}
	for _, c := range msg.Codes() {
		if seen[c] {
			t.Errorf("%s is registered twice", c)
		}
		seen[c] = true
		if !word.MatchString(string(c)) {
			t.Errorf("%q is not an upper-case word", c)
		}
		if c.Class() == msg.ClassUnknown {
			t.Errorf("%s has no class", c)
		}
	}
	if msg.Code("NEWER").Class() != msg.ClassUnknown || msg.Code("NEWER").PageAPI() {
		t.Error("an unregistered code has a class or is of the page API")
	}
}

// TestCodesInSourcesRegistered: every code the scripts (extension/) and
// the Go outside this file write as a literal is registered, so that no
// page shows one as wxdrop's own problem and the README lists it. The
// scripts name a code as code: 'X', code === 'X', || 'X' (a default) or
// fail('X'); the Go as Code: "X" or Code("X…").
func TestCodesInSourcesRegistered(t *testing.T) {
	t.Parallel()
	scripts := regexp.MustCompile(`(?:\bcode\s*(?:===?|:)\s*|\bfail\(\s*|\|\|\s*)['"]([A-Z][A-Z0-9_]+)['"]`)
	goCode := regexp.MustCompile(`\bCode(?:: |\()"([^"]*)"`)
	found := 0
	scan := func(dir, ext string, re *regexp.Regexp) {
		err := filepath.WalkDir(filepath.Join("../..", dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ext) || strings.HasSuffix(path, "_test.go") || filepath.Base(path) == "codes.go" {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				found++
				code := msg.Code(m[1])
				if strings.HasSuffix(m[1], "_") {
					// A prefix the code is made from (RULE_ and a word):
					// TestRuleRefusalsRegistered in wasm/core checks those.
					continue
				}
				if code.Class() == msg.ClassUnknown {
					t.Errorf("%s uses the code %s, which wasm/msg/codes.go does not register", path, code)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	scan("extension", ".js", scripts)
	scan("wasm", ".go", goCode)
	if found < 10 {
		t.Fatalf("found only %d codes in the sources: the patterns no longer match them", found)
	}
}

// TestREADMECodes: the README's list of the page API's codes is the
// registry's, in its order, with the words of each line's comment in
// codes.go. -update writes it.
func TestREADMECodes(t *testing.T) {
	t.Parallel()
	lines := parseCodes(t)
	// The parse is checked against the registry itself, so that the list
	// cannot follow a line the program does not have.
	var parsed, api []msg.Code
	for _, l := range lines {
		parsed = append(parsed, l.code)
		if l.api {
			api = append(api, l.code)
		}
		if l.code.PageAPI() != l.api {
			t.Errorf("%s: codes.go says page API %v, the registry %v", l.code, l.api, l.code.PageAPI())
		}
		if l.api && l.words == "" {
			t.Errorf("%s is of the page API and its line has no comment for the README", l.code)
		}
	}
	if !slices.Equal(parsed, msg.Codes()) {
		t.Fatalf("codes.go's lines %v are not the registry %v", parsed, msg.Codes())
	}
	if len(api) == 0 {
		t.Fatal("no page API code")
	}

	var b strings.Builder
	b.WriteString(readmeBegin + "\n| code | kind | what it means |\n|---|---|---|\n")
	for _, l := range lines {
		if l.api {
			b.WriteString("| `" + string(l.code) + "` | " + classWords[l.code.Class()] + " | " + l.words + " |\n")
		}
	}
	b.WriteString(readmeEnd)
	want := b.String()

	const path = "../../README.md"
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok1 := strings.Cut(string(readme), readmeBegin)
	_, after, ok2 := strings.Cut(rest, readmeEnd)
	if !ok1 || !ok2 {
		t.Fatalf("README.md has no %q … %q block", readmeBegin, readmeEnd)
	}
	if got := readmeBegin + strings.TrimSuffix(rest, readmeEnd+after) + readmeEnd; got != want {
		if *update {
			if err := os.WriteFile(path, []byte(before+want+after), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("README.md's page API codes differ from wasm/msg/codes.go; run go test ./wasm/msg -run TestREADMECodes -update\n--- README.md\n%s\n--- codes.go\n%s", got, want)
	}
}

const (
	readmeBegin = "<!-- page API codes: written by go test ./wasm/msg -run TestREADMECodes -update from wasm/msg/codes.go -->"
	readmeEnd   = "<!-- end of page API codes -->"
)

// classWords name a class in the README's table.
var classWords = map[msg.Class]string{
	msg.ClassPerson:   "request",
	msg.ClassState:    "state",
	msg.ClassInternal: "internal",
}

type codeLine struct {
	code  msg.Code
	api   bool
	words string
}

// parseCodes reads codes.go's def lines: the code, whether the page API
// rejects with it, and the line's comment.
func parseCodes(t *testing.T) []codeLine {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "codes.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var out []codeLine
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Values) != 1 {
			return true
		}
		call, ok := vs.Values[0].(*ast.CallExpr)
		if !ok || len(call.Args) != 3 {
			return true
		}
		if fn, ok := call.Fun.(*ast.Ident); !ok || fn.Name != "def" {
			return true
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok {
			t.Fatalf("def's code is not a literal: %v", call.Args[0])
		}
		code, err := strconv.Unquote(lit.Value)
		if err != nil {
			t.Fatal(err)
		}
		api, ok := call.Args[2].(*ast.Ident)
		if !ok || (api.Name != "pageAPI" && api.Name != "pagesOnly") {
			t.Fatalf("%s: def's last argument is pageAPI or pagesOnly", code)
		}
		l := codeLine{code: msg.Code(code), api: api.Name == "pageAPI"}
		if vs.Comment != nil {
			l.words = strings.TrimSpace(vs.Comment.Text())
		}
		out = append(out, l)
		return true
	})
	return out
}
