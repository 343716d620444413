//go:build !js

package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

// TestTypeTheMessageBeforeWasm: a person opens the popup and types at
// once, faster than popup.wasm starts: "zs", Enter (老张 picked), then the
// message, then more of it once popup.wasm runs, and sends with
// Ctrl+Enter. The message goes to 老张 whole. Before, Enter picked the
// row but left the focus in the search box: the message was typed into
// the search ("zshello"), which hid the picked row, so that popup.wasm
// picked nothing and the message was not in the composer; and
// popup.wasm, starting, focused the search box over the composer (what
// was typed then went into the search).
func TestTypeTheMessageBeforeWasm(t *testing.T) {
	t.Parallel()
	sim, br, page := newPageEnv(t, wxsim.DefaultPeople())
	e := &env{sim: sim, br: br, page: page}
	first := e.openPopup(t)
	waitSnapshot(t, e)
	first.Close()
	p := e.openPopupHeld(t)
	defer p.Close()
	ctx, cancel := context.WithTimeout(p.Ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.KeyEvent("zs"), pressEnter(0), chromedp.KeyEvent("你好 hello")); err != nil {
		t.Fatal(err)
	}
	fields := `[document.querySelector('#search').value, document.querySelector('#text').value, document.activeElement.id]`
	if got, err := Eval[[]string](p.Ctx, fields); err != nil || got[0] != "zs" || got[1] != "你好 hello" || got[2] != "text" {
		t.Errorf("while popup.wasm is held, search, text and focus are %q (%v), want zs, the message typed after Enter, and #text", got, err)
	}
	// Keys typed while popup.wasm starts go where the person types: the
	// search box is not focused on the way.
	if _, err := Eval[bool](p.Ctx, `(window.searchFocused = 0, document.querySelector('#search').addEventListener('focus', () => window.searchFocused++), window.wxdropTestRelease())`); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(p.Ctx, `document.body.dataset.ready === '1' && document.querySelector('#to').textContent.includes('老张')`, 20*time.Second, "popup.wasm to take the pick 老张 over"); err != nil {
		got, _ := Eval[[]string](p.Ctx, `[document.querySelector('#search').value, document.querySelector('#text').value, document.activeElement.id, document.querySelector('#to').textContent]`)
		t.Fatalf("%v; search, text, focus and To: %q", err, got)
	}
	if n, err := Eval[int](p.Ctx, `window.searchFocused`); err != nil || n != 0 {
		t.Errorf("popup.wasm focused the search box %d times while it started (%v), over the message being typed", n, err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(" more")); err != nil {
		t.Fatal(err)
	}
	if got, err := Eval[[]string](p.Ctx, fields); err != nil || got[0] != "zs" || got[1] != "你好 hello more" || got[2] != "text" {
		t.Fatalf("after popup.wasm started, search, text and focus are %q (%v), want zs, the whole message, and #text", got, err)
	}
	if err := chromedp.Do(ctx, pressEnter(2)); err != nil {
		t.Fatal(err)
	}
	e.waitMessage(t, "the message typed before and after popup.wasm started, to 老张", 20*time.Second, func(m wxsim.Message) bool {
		return m.ToKey == "zhangsan" && m.Content == "你好 hello more"
	})
}

// pressEnter presses Enter as a keyboard does: a raw key down, whose
// default a page may prevent (then the browser drops the character that
// follows), the character, the key up. (chromedp.KeyEvent's key down is
// of the other kind, after which the character always goes in: a page's
// Enter that moved the focus to a text box typed a line break there.)
// mods: 2 is Ctrl.
func pressEnter(mods int64) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
		for _, ev := range []struct {
			typ  input.DispatchKeyEventType
			text string
		}{{input.DispatchKeyEventTypeRawKeyDown, ""}, {input.DispatchKeyEventTypeChar, "\r"}, {input.DispatchKeyEventTypeKeyUp, ""}} {
			if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, input.DispatchKeyEventParams{Type: ev.typ, Modifiers: mods, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13, Text: ev.text, UnmodifiedText: ev.text}); err != nil {
				return chromedp.Void{}, err
			}
		}
		return chromedp.Void{}, nil
	}
}

// TestOptionsFitANarrowWindow: the options page in a window 320 pixels
// wide, in English and Chinese: nothing goes past the window's right
// edge and every label's words fit in the label. The fields stayed
// beside their labels, which got a few letters' width: "Accept
// automatically" and 发给新朋友的问候语（{name}、{nick}） ran over their
// fields, and "Export as JSON" went past the edge.
func TestOptionsFitANarrowWindow(t *testing.T) {
	t.Parallel()
	inEnglishAndChinese(t, "Accept automatically", "自动接受", func(t *testing.T, lang, want string) {
		sim, br := startPageEnvOpts(t, wxsim.DefaultPeople(), Options{Extensions: []string{root}, Lang: lang})
		logInPage(t, sim, br)
		opts := openOptions(t, br, "#rules-on")
		defer opts.Close()
		if err := chromedp.Do(opts.Ctx, chromedp.EmulateViewport(320, 900)); err != nil {
			t.Fatal(err)
		}
		got, err := Eval[[]string](opts.Ctx, OverflowJS)
		if err != nil {
			t.Fatal(err)
		}
		if last := got[len(got)-1]; !strings.Contains(last, want) {
			t.Fatalf("the friend requests' label says %q, want %q: not the page looked for", last, want)
		}
		if len(got) > 1 {
			t.Errorf("at 320 pixels wide: %q", got[:len(got)-1])
		}
	})
}
