//go:build !js

package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// TestRulesLogShowsNamesAsTheyAre (security.md row 85): a contact calls
// themselves 王\u202E总 and asks what time it is; a reply rule answers.
// The options page's log writes each entry as one line of wxdrop's words
// (time · chat · text · what the rule did): the override the name left
// open turned the rest of the line around, the reply and what became of
// it included. The line has no such control now, the name its letters.
func TestRulesLogShowsNamesAsTheyAre(t *testing.T) {
	t.Parallel()
	people := append(wxsim.DefaultPeople(), wxsim.Person{Key: "wang", NickName: "王\u202E总", PYInitial: "WZ", PYQuanPin: "wangzong", ContactFlag: 3})
	sim, br, _ := newPageEnv(t, people)
	cfg := rules.Config{On: true, Rules: []rules.Rule{{ID: "r", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "几点", Reply: "九点"}}}
	if err := br.Ask(context.Background(), msg.SetRules, cfg, nil); err != nil {
		t.Fatal(err)
	}
	deliverTo(t, sim, wxsim.Incoming{From: "wang", Type: wxsim.MsgText, Text: "几点开会"})
	opts := openOptions(t, br, "#rules-on")
	defer opts.Close()
	if err := WaitJS(opts.Ctx, `Array.from(document.querySelectorAll('#rules-log li')).some((li) => li.textContent.includes('九点'))`, 30*time.Second, "the log to show the reply"); err != nil {
		all, _ := Eval[string](opts.Ctx, `document.querySelector('#rules-log').textContent`)
		t.Fatalf("%v: %+q", err, all)
	}
	line, err := Eval[string](opts.Ctx, `Array.from(document.querySelectorAll('#rules-log li')).map((li) => li.textContent).find((s) => s.includes('九点'))`)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(line, "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069") {
		t.Errorf("the log's line carries a bidirectional control: %+q", line)
	}
	if !strings.Contains(line, "王总") {
		t.Errorf("the log's line: %+q, want the name 王总", line)
	}
}
