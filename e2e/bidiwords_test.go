//go:build !js

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

// stateTextsJS, run in the popup before its scripts, records every text
// the state line shows (window.stateTexts): instant.js's first one and
// popup.wasm's after it.
const stateTextsJS = `(() => {
  window.stateTexts = [];
  new MutationObserver(() => {
    const e = document.querySelector('#state .state-text');
    const s = e ? e.textContent : '';
    if (s && window.stateTexts[window.stateTexts.length - 1] !== s) window.stateTexts.push(s);
  }).observe(document, {subtree: true, childList: true, characterData: true});
})();`

// TestSentencesShowNamesAsTheyAre: the account calls itself 王\u202E总.
// The popup's state line is wxdrop's sentence around the name ("Logged
// in as …"), made by instant.js first and popup.wasm after it: the
// override the name left open turned the rest of the sentence around.
// Every sentence's substitutions lose such controls in the one place
// both programs put a name into a sentence (jsx.Message, instant.js's
// tr), as the rules' log did (docs/security.md row 85).
func TestSentencesShowNamesAsTheyAre(t *testing.T) {
	t.Parallel()
	sim, br := startPageEnvConfig(t, wxsim.Config{SelfNickName: "王\u202E总"}, Options{Extensions: []string{root}})
	logInPage(t, sim, br)
	p := openPopupWith(t, br, stateTextsJS)
	if err := WaitJS(p.Ctx, `document.body && document.body.dataset.ready === '1' && window.stateTexts.some((s) => s.includes('总'))`, 30*time.Second, "the popup's state line"); err != nil {
		texts, _ := Eval[[]string](p.Ctx, `window.stateTexts`)
		t.Fatalf("%v: %+q", err, texts)
	}
	// popup.wasm shows the stored state once more (state.loadStored).
	if err := WaitJS(p.Ctx, `performance.getEntriesByName('wxdrop-settled').length > 0`, 30*time.Second, "the popup to settle"); err != nil {
		t.Fatal(err)
	}
	texts, err := Eval[[]string](p.Ctx, `window.stateTexts`)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range texts {
		if !strings.ContainsAny(s, "王总") {
			continue // the line before the state is known
		}
		if strings.ContainsAny(s, "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F") {
			t.Errorf("the state line carries a bidirectional control: %+q", s)
		}
		if !strings.Contains(s, "王总") {
			t.Errorf("the state line: %+q, want the name 王总", s)
		}
	}
}
