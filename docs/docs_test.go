// Package docs holds the project's reference documents. Its test keeps the
// code and docs/protocol.md together: every section a comment cites (§5.5,
// §12, …) must be a heading of protocol.md.
package docs

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// sectionRef is a citation in code: § and a section number, "§5" or
// "§5.5". A trailing period ends a sentence, not the number.
var sectionRef = regexp.MustCompile(`§(\d+(?:\.\d+)*)`)

// sectionHeading is a numbered heading of protocol.md: "## 5. Sending",
// "### 5.5 File: …".
var sectionHeading = regexp.MustCompile(`^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s`)

// refsIn returns the section numbers a line cites, in order.
func refsIn(line string) []string {
	var out []string
	for _, m := range sectionRef.FindAllStringSubmatch(line, -1) {
		out = append(out, m[1])
	}
	return out
}

// headingsOf returns the section numbers of a Markdown document's headings.
func headingsOf(md string) map[string]bool {
	out := map[string]bool{}
	for _, line := range strings.Split(md, "\n") {
		if m := sectionHeading.FindStringSubmatch(line); m != nil {
			out[m[1]] = true
		}
	}
	return out
}

func TestRefsIn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line string
		want []string
	}{
		{"// appid the page puts on every file appmsg (§5.5).", []string{"5.5"}},
		{"// (§5.5, §12).", []string{"5.5", "12"}},
		{"// The page's skey can change at any sync (§4.2 SKey); a look", []string{"4.2"}},
		{"// the page reads window.synccheck (§9: 1100, 1101, 1102 log it out).", []string{"9"}},
		{"// A living session's cookies log it in by themselves (§1.3); otherwise", []string{"1.3"}},
		{"// ends a sentence: see §7.", []string{"7"}},
		{" * docs/protocol.md § numbers say why.", nil},
		{"// no citation here, 5.5 alone", nil},
	}
	for _, tt := range tests {
		if got := refsIn(tt.line); !slices.Equal(got, tt.want) {
			t.Errorf("refsIn(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestHeadingsOf(t *testing.T) {
	t.Parallel()
	md := "# Web WeChat\n\n## 0. Sources\n\n### 1.3 After a reload\n#### 6.2.1 Deeper\n## Not numbered\ntext §9\n##5 no space\n"
	got := headingsOf(md)
	want := map[string]bool{"0": true, "1.3": true, "6.2.1": true}
	if len(got) != len(want) {
		t.Fatalf("headingsOf = %v, want %v", got, want)
	}
	for k := range want {
		if !got[k] {
			t.Errorf("headingsOf misses %q (got %v)", k, got)
		}
	}
}

// TestEverySectionCitedInCodeExists walks the repository's Go and
// JavaScript files and checks that each § citation resolves to a heading of
// docs/protocol.md.
func TestEverySectionCitedInCodeExists(t *testing.T) {
	t.Parallel()
	md, err := os.ReadFile("protocol.md")
	if err != nil {
		t.Fatal(err)
	}
	headings := headingsOf(string(md))
	if len(headings) == 0 {
		t.Fatal("protocol.md has no numbered headings")
	}
	root := ".."
	refs, files := 0, 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "dist" || name == "out") {
				return fs.SkipDir
			}
			return nil
		}
		if ext := filepath.Ext(name); ext != ".go" && ext != ".js" {
			return nil
		}
		files++
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
		for n := 1; sc.Scan(); n++ {
			for _, ref := range refsIn(sc.Text()) {
				refs++
				if !headings[ref] {
					rel, _ := filepath.Rel(root, path)
					t.Errorf("%s:%d cites §%s, which is not a heading of docs/protocol.md", filepath.ToSlash(rel), n, ref)
				}
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	// A walk that found nothing (a wrong root) must not pass.
	if files < 100 || refs < 100 {
		t.Fatalf("walked %d Go and JavaScript files and found %d citations; expected the repository's (at least 100 of each)", files, refs)
	}
}
