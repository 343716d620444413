//go:build !js

package firefox

import (
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/internal/testsite"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

// TestFirefoxTrialff26 is what trialff26 found trying wxdrop as a person
// in Firefox, in one browser logged in on the simulated page.
func TestFirefoxTrialff26(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.logIn(t)
	opts := e.openOptions(t, "#rules-on")
	defer opts.Close()

	// The rules' log names a saved file's kind in the page's language:
	// it said "[file] 周报.pdf", the type's code, also on a Chinese page
	// (model.LogWhat has the Chinese words).
	t.Run("the rules' log names a file's kind in words", func(t *testing.T) {
		click(t, opts, "#rules-on")
		eval[bool](t, opts, `(() => {
			const set = (id, v) => { const e = document.querySelector('#' + id); e.value = v; e.dispatchEvent(new Event('change', {bubbles: true})); };
			set('rule-kind', 'save');
			set('rule-chats', '老张');
			for (const b of document.querySelectorAll('#rule-types input')) b.checked = b.value === 'file';
			return true;
		})()`)
		click(t, opts, "#rule-add")
		wait(t, opts, `document.querySelectorAll('#rules-list li.rule').length === 1`, "the rule to be listed")
		if _, err := e.sim.Deliver(wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgApp, FileName: "周报.pdf", Data: testsite.PDF}); err != nil {
			t.Fatal(err)
		}
		wait(t, opts, `Array.from(document.querySelectorAll('#rules-log li')).some((li) => li.textContent.includes('周报.pdf'))`, "the log to show the saved file")
		line := eval[string](t, opts, `Array.from(document.querySelectorAll('#rules-log li')).map((li) => li.textContent).find((s) => s.includes('周报.pdf'))`)
		if !strings.Contains(line, " · [File] 周报.pdf · ") {
			t.Errorf("the log says %q; want the file named as [File] 周报.pdf", line)
		}
	})
}
