//go:build !js

package e2e

import (
	"testing"
	"time"
)

// atListShown runs in the popup before its own scripts: when instant.js
// marks the list on screen, it notes which of the rest of the page
// (popup.html's #later) was in the document then.
const atListShown = `(() => {
  const mark = performance.mark.bind(performance);
  performance.mark = (name, ...rest) => {
    if (name === "wxdrop-list-shown") window.wxdropTestAtShown = ["text", "many", "outbox", "send"].filter((id) => document.getElementById(id));
    return mark(name, ...rest);
  };
})()`

// testListFrameAlone opens the popup with popup.wasm held: the list's
// first frame holds the header, the search box and the rows alone (the
// composer, the many-chats panel and the lists are laid out after it, as
// the static page of make bench's figure has none of them), and once the
// frame is painted the rest of the page is there, localized, before
// popup.wasm runs.
func testListFrameAlone(t *testing.T, e *env) {
	p := e.openPopupHeldWith(t, "wxdrop-list-painted", atListShown)
	defer p.Close()
	at, err := Eval[[]string](p.Ctx, `window.wxdropTestAtShown || ["(no mark)"]`)
	if err != nil {
		t.Fatal(err)
	}
	if len(at) > 0 {
		t.Errorf("when the list was shown, the document already held %v: the list's first frame lays out more than the list", at)
	}
	if err := WaitJS(p.Ctx, `!!document.getElementById("text") && !!document.getElementById("outbox") && !document.getElementById("later")`, 5*time.Second, "the composer and the lists attached after the list's frame, before popup.wasm"); err != nil {
		e.diagnose(t, p)
		t.Fatal(err)
	}
	placeholder, err := Eval[string](p.Ctx, `document.getElementById("text").placeholder`)
	if err != nil {
		t.Fatal(err)
	}
	if placeholder == "" || placeholder == "text_placeholder" {
		t.Errorf("the message box attached after the list reads %q: not localized", placeholder)
	}
}
