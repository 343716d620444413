package core_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// TestRuleRefusalsRegistered: every word rules.Check can return becomes a
// registered code, so the options page shows the refusal in its words.
// The words are read from rules.Check's source, so a new one is checked
// without a test case of its own.
func TestRuleRefusalsRegistered(t *testing.T) {
	t.Parallel()
	f, err := parser.ParseFile(token.NewFileSet(), "../rules/rules.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "Check" || fn.Recv != nil {
			continue
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			ret, ok := n.(*ast.ReturnStmt)
			if !ok || len(ret.Results) != 1 {
				return true
			}
			if lit, ok := ret.Results[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				w, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				if w != "" {
					words = append(words, w)
				}
			}
			return true
		})
	}
	if len(words) < 5 {
		t.Fatalf("found %d words in rules.Check: it no longer returns them as literals", len(words))
	}
	for _, w := range words {
		if c := core.RuleRefusal(w); c.Class() != msg.ClassPerson {
			t.Errorf("rules.Check's %q becomes %s, which is not a registered request code (class %d)", w, c, c.Class())
		}
	}
}

// TestBadPatternsSayWhy: a rule's regular expression that is not one is
// refused with what the parser found wrong, each a registered code with
// its own sentence in English and Chinese; it said only "That is not a
// regular expression wxdrop understands", whatever the mistake.
func TestBadPatternsSayWhy(t *testing.T) {
	t.Parallel()
	for pattern, want := range map[string]msg.Code{
		`(`: msg.ErrRulePatternUnclosedGroup, `a)`: msg.ErrRulePatternUnopenedGroup,
		`[a`: msg.ErrRulePatternUnclosedClass, `+1`: msg.ErrRulePatternNothingToRepeat,
		`a{3,2}`: msg.ErrRulePatternBadRepeat, `[9-0]`: msg.ErrRulePatternBadRange,
		`\q`: msg.ErrRulePatternBadEscape, `(?z)`: msg.ErrRulePatternBad,
	} {
		why := rules.Check(rules.Rule{Kind: rules.KindReply, Match: rules.MatchRegexp, Pattern: pattern, Reply: "x"})
		c := core.RuleRefusal(why)
		if c != want || c.Class() != msg.ClassPerson {
			t.Errorf("%q: %s (class %d), want %s", pattern, c, c.Class(), want)
		}
		// Chinese beside it: the locales' tests hold the two to one set of keys.
		if english(c.Key()) == "" {
			t.Errorf("%q: %s has no sentence", pattern, c)
		}
	}
}

// TestNotificationsUseTheCodesWords: a failed entry's notification gives
// its code's own words (with the detail), as the pages do, for every
// registered code; only INTERNAL reads as wxdrop's own problem.
func TestNotificationsUseTheCodesWords(t *testing.T) {
	t.Parallel()
	internal, _, _ := strings.Cut(english(msg.ErrInternal.Key(), "\x00"), "\x00")
	for _, c := range msg.Codes() {
		n := outbox.Notice{Kind: outbox.NoticeFailed, Entry: msg.Entry{
			ID: "e1", Content: msg.Content{Kind: "text", Text: "hi"}, To: msg.Recipient{UserName: "@x", NickName: "张三"},
			State: msg.EntryFailed, Error: &msg.Error{Code: c, Detail: "d"},
		}}
		title, body := core.NotificationText(english, n)
		_, why, _ := strings.Cut(body, "\n")
		own := english(c.Key(), "d")
		if title != english("notif_failed") || own == "" || (why != own && why != own+" (d)") {
			t.Errorf("%s: notification %q / %q, not in its own words %q", c, title, body, own)
		}
		if strings.HasPrefix(why, internal) != (c.Class() == msg.ClassInternal) {
			t.Errorf("%s (class %d) reads %q", c, c.Class(), why)
		}
	}
}
