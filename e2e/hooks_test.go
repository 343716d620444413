//go:build !js

package e2e

import (
	"strings"
	"testing"
	"time"
)

// TestPageCannotReadWxdropInItsHooks (security.md row 88): with the
// settings as installed (friend requests listed), page.js wraps the page's
// fetch and XMLHttpRequest's open to read the page's webwxsync answers.
// Any script of the page (web WeChat's own included) read the wrappers'
// source, wxdrop's text, and, from the stack of an error thrown through
// them, chrome-extension://<wxdrop's id>/extension/content/page.js: it
// knew wxdrop was there, by its id, which row 46 keeps web-accessible
// files from telling. Now the wrappers read as the browser's own
// ([native code]) and the stack names no extension.
func TestPageCannotReadWxdropInItsHooks(t *testing.T) {
	t.Parallel()
	_, _, page := newPageEnv(t, nil)
	// That something is wrapped shows (a native open names itself): the
	// hooks are in.
	if err := WaitJS(page.Ctx, `Function.prototype.toString.call(XMLHttpRequest.prototype.open) !== 'function open() { [native code] }'`, 20*time.Second, "the hooks"); err != nil {
		t.Fatal(err)
	}
	got, err := Eval[[]string](page.Ctx, `(() => {
		const src = (f) => Function.prototype.toString.call(f);
		let stack = '';
		try { XMLHttpRequest.prototype.open.call({}, 'GET', '/'); } catch (e) { stack = String(e.stack); }
		let stack2 = '';
		try { window.fetch.call(1, {get url() { throw new Error('x'); }}); } catch (e) { stack2 = String(e.stack); }
		return [src(XMLHttpRequest.prototype.open), src(window.fetch), stack, stack2];
	})()`)
	if err != nil {
		t.Fatal(err)
	}
	for i, what := range []string{"XMLHttpRequest.prototype.open's source", "fetch's source", "an error's stack through open", "an error's stack through fetch"} {
		s := got[i]
		if i < 2 && !strings.Contains(s, "[native code]") {
			t.Errorf("%s reads as a script's: %.200q", what, s)
		}
		if strings.Contains(s, "chrome-extension:") || strings.Contains(s, ExtensionID) || strings.Contains(s, "wxdrop") {
			t.Errorf("%s names the extension: %.300q", what, s)
		}
	}
}
