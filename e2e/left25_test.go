//go:build !js

package e2e

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

// extensionRan is set once TestExtension has taken the shared env.
var extensionRan atomic.Bool

// extensionEnv is the env TestExtension walks through: the shared one the
// first time, a browser and a simulator of its own after. The walk
// starts logged out and ends logged in, with its messages sent: run again
// in one process (go test -count=2) over the shared env, the popup said
// "ready" before any login, the page had no login screen to scan (its
// step failed), and the later steps found the first run's messages and
// entries for theirs.
func extensionEnv(t *testing.T) *env {
	t.Helper()
	if !extensionRan.Swap(true) {
		return sharedEnv(t)
	}
	need(t)
	sim, err := wxsim.New(wxsim.Config{SyncHold: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	br, err := Start(context.Background(), Options{Extensions: []string{root, helloDir}, ResolverRules: sim.ResolverRules(), WatchWorkers: true})
	if err != nil {
		sim.Close()
		t.Fatal(err)
	}
	e := &env{sim: sim, br: br}
	t.Cleanup(func() {
		if e.page != nil {
			e.page.Close()
		}
		br.Close()
		sim.Close()
	})
	return e
}

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
