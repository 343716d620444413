//go:build !js

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestManyPanelLinesUpWithThePicker: the many-chats panel's checkbox,
// words and message box start where the search box and the chat list
// start, and its message box ends where they end. The panel's padding
// was 8 px beside the picker's and the composer's 12: everything in it
// stood 4 px to the left of the list above it (docs/popup-many.png).
func TestManyPanelLinesUpWithThePicker(t *testing.T) {
	t.Parallel()
	e := sharedEnv(t)
	p := openPopupSized(t, e.br)
	if err := chromedp.Do(p.Ctx, chromedp.Navigate(popupURL)); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(p.Ctx, `document.body && document.body.dataset.ready === '1' && !!document.getElementById('many-toggle')`, 20*time.Second, "the popup"); err != nil {
		t.Fatal(err)
	}
	// The panel's body as it shows when the mode is on (its checkbox
	// needs a login to do more; its layout does not).
	got, err := Eval[[]float64](p.Ctx, `(() => {
		document.getElementById('many-body').hidden = false;
		const r = (sel) => document.querySelector(sel).getBoundingClientRect();
		const search = r('#search'), chats = r('#chats');
		return [search.left, search.right, chats.left, chats.right,
			r('#many > label').left, r('#many-aside').left, r('#many-text').left, r('#many-text').right];
	})()`)
	if err != nil {
		t.Fatal(err)
	}
	left, right := got[0], got[1]
	if got[2] != left || got[3] != right {
		t.Fatalf("the list spans %v–%v, the search box %v–%v", got[2], got[3], left, right)
	}
	for i, what := range []string{"the mode's checkbox", "the panel's words", "its message box"} {
		if got[4+i] != left {
			t.Errorf("%s starts at %v px, the search box and the list at %v", what, got[4+i], left)
		}
	}
	if got[7] != right {
		t.Errorf("the message box ends at %v px, the search box and the list at %v", got[7], right)
	}
}
