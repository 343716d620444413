//go:build !js

package e2e

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

// pickerView is what #chats shows and says: its rows in the page, in
// order, the spacer standing for the rows not in the page, the status
// line, and #search's aria-activedescendant.
type pickerView struct {
	Rows []struct {
		User, ID, Name      string
		Pos, Size           int
		Active, Selected    bool
		AriaSelected, Class string
	}
	Spacer    string // the spacer's height, "" when it is hidden
	Status    string // the status line, "" when it is hidden
	ActiveID  string // #search's aria-activedescendant
	ScrollTop float64
	To        string
}

const pickerViewJS = `(() => {
  const list = document.querySelector('#chats'), sp = list.querySelector('li.spacer'), st = list.querySelector('li.status');
  return {
    Rows: Array.from(list.querySelectorAll('li.chat')).map((li) => ({
      User: li.dataset.user, ID: li.id, Name: li.querySelector('.name').textContent,
      Pos: +li.getAttribute('aria-posinset'), Size: +li.getAttribute('aria-setsize'),
      Active: li.classList.contains('active'), Selected: li.classList.contains('selected'),
      AriaSelected: li.getAttribute('aria-selected'), Class: li.className,
    })),
    Spacer: sp && !sp.hidden ? sp.style.height : '',
    Status: st && !st.hidden ? st.textContent : '',
    ActiveID: document.querySelector('#search').getAttribute('aria-activedescendant') || '',
    ScrollTop: list.scrollTop,
    To: document.querySelector('#to').textContent,
  };
})()`

// TestPickerRendersWhatCanBeSeen: a keystroke puts the first 12 of a
// query's (up to 50) chats in the page, with a spacer for the others
// and each row's place in the whole list (aria-posinset, aria-setsize);
// scrolling the list or moving the cursor past them adds the rest; the
// cursor, Enter, a click, aria-activedescendant and the "N more" count
// work on the whole list.
func TestPickerRendersWhatCanBeSeen(t *testing.T) {
	t.Parallel()
	people := wxsim.DefaultPeople()
	// 60 chats "窗口00"… for one query and 20 "滚动00"… for another, in
	// their pinyin's order.
	for i := range 60 {
		people = append(people, wxsim.Person{Key: fmt.Sprintf("win%02d", i), NickName: fmt.Sprintf("窗口%02d", i), PYQuanPin: fmt.Sprintf("chuangkou%02d", i), PYInitial: "CK", ContactFlag: 1})
	}
	for i := range 20 {
		people = append(people, wxsim.Person{Key: fmt.Sprintf("roll%02d", i), NickName: fmt.Sprintf("滚动%02d", i), PYQuanPin: fmt.Sprintf("gundong%02d", i), PYInitial: "GD", ContactFlag: 1})
	}
	sim, br, _ := newPageEnv(t, people)
	popup := openPopupSized(t, br)
	if err := WaitJS(popup.Ctx, `document.body.dataset.ready === '1' && document.querySelectorAll('#chats li.chat').length > 0`, 20*time.Second, "the popup's chats"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(popup.Ctx, 90*time.Second)
	defer cancel()
	users := func(key string, from, to int) []string {
		var out []string
		for i := from; i < to; i++ {
			out = append(out, sim.UserName(fmt.Sprintf("%s%02d", key, i)))
		}
		return out
	}
	view := func() pickerView {
		t.Helper()
		v, err := Eval[pickerView](ctx, pickerViewJS)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// until waits for the rows to be want (by UserName), then returns
	// the view.
	until := func(what string, want []string) pickerView {
		t.Helper()
		var v pickerView
		waitUntil(t, 10*time.Second, what, func() (bool, string) {
			v = view()
			got := make([]string, len(v.Rows))
			for i, r := range v.Rows {
				got[i] = r.User
			}
			return slices.Equal(got, want), fmt.Sprintf("rows %v", got)
		})
		return v
	}
	typeQuery := func(q string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('#search').select()`), chromedp.KeyEvent("\b"), chromedp.SendKeys(chromedp.ID("search"), q)); err != nil {
			t.Fatal(err)
		}
	}
	keys := func(k string, n int) {
		t.Helper()
		for range n {
			if err := chromedp.Do(ctx, chromedp.KeyEvent(k)); err != nil {
				t.Fatal(err)
			}
		}
	}
	// cursorOn waits for the cursor on row i, then returns the view.
	cursorOn := func(i int) pickerView {
		t.Helper()
		var v pickerView
		waitUntil(t, 10*time.Second, fmt.Sprintf("the cursor on row %d", i), func() (bool, string) {
			v = view()
			return i < len(v.Rows) && v.Rows[i].Active, fmt.Sprintf("%d rows, aria-activedescendant %q", len(v.Rows), v.ActiveID)
		})
		return v
	}
	more := func(n int) string {
		t.Helper()
		s, err := Eval[string](ctx, fmt.Sprintf(`chrome.i18n.getMessage('chats_more', [%q])`, fmt.Sprint(n)))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// check holds the rows to their place among size chats, the cursor
	// to row cursor (named by aria-activedescendant), and the spacer and
	// status line to what they should say.
	check := func(v pickerView, size, cursor int, spacer, status string) {
		t.Helper()
		for i, r := range v.Rows {
			if r.Pos != i+1 || r.Size != size {
				t.Errorf("row %d (%s): aria-posinset %d, aria-setsize %d; want %d, %d", i, r.Name, r.Pos, r.Size, i+1, size)
			}
			on := i == cursor
			if r.Active != on || r.AriaSelected != fmt.Sprint(on) {
				t.Errorf("row %d (%s): class %q, aria-selected %q; want active %v", i, r.Name, r.Class, r.AriaSelected, on)
			}
			if on && (r.ID == "" || v.ActiveID != r.ID) {
				t.Errorf("row %d (%s) under the cursor has id %q; #search's aria-activedescendant is %q", i, r.Name, r.ID, v.ActiveID)
			}
		}
		if v.Spacer != spacer {
			t.Errorf("spacer %q, want %q", v.Spacer, spacer)
		}
		if v.Status != status {
			t.Errorf("status line %q, want %q", v.Status, status)
		}
	}

	// 60 chats: 50 listed, 12 of them in the page, "10 more".
	typeQuery("窗口")
	v := until("the first 12 of 窗口's chats", users("win", 0, 12))
	check(v, 50, 0, fmt.Sprintf("%dpx", 38*36), more(10))

	// Scrolled, the list has every row it lists.
	if _, err := Eval[bool](ctx, `(document.querySelector('#chats').scrollTop = 100, true)`); err != nil {
		t.Fatal(err)
	}
	v = until("all 50 rows after a scroll", users("win", 0, 50))
	check(v, 50, 0, "", more(10))

	// A new query shows the top of its list again.
	typeQuery("窗口0")
	v = until("窗口0's 10 chats", users("win", 0, 10))
	check(v, 10, 0, "", "")
	if v.ScrollTop != 0 {
		t.Errorf("the list is scrolled to %v after a new query, want its top", v.ScrollTop)
	}
	keys(kb.Backspace, 1)
	v = until("窗口's first 12 again", users("win", 0, 12))
	check(v, 50, 0, fmt.Sprintf("%dpx", 38*36), more(10))

	// The cursor past the rows in the page: they are added, the row
	// under it is in view, and Enter picks it. (The list made taller
	// than the 12 rows: in ui.css's height, moving the cursor scrolls
	// the list before it passes them, and the scroll adds them.)
	if _, err := Eval[bool](ctx, `(document.querySelector('#chats').style.height = '480px', true)`); err != nil {
		t.Fatal(err)
	}
	keys(kb.ArrowDown, 13)
	until("every row once the cursor passed the 12th", users("win", 0, 50))
	v = cursorOn(13)
	check(v, 50, 13, "", more(10))
	if v.ScrollTop == 0 {
		t.Errorf("the list did not scroll to the cursor on row 13")
	}
	if _, err := Eval[bool](ctx, `(document.querySelector('#chats').style.height = '', true)`); err != nil {
		t.Fatal(err)
	}
	keys(kb.Enter, 1)
	if err := WaitJS(popup.Ctx, `document.querySelector('#to').textContent.includes('窗口13')`, 10*time.Second, "#to naming 窗口13 after Enter"); err != nil {
		t.Fatal(err)
	}
	if v = view(); !v.Rows[13].Selected || v.Rows[0].Selected {
		t.Errorf("after Enter on row 13, selected: row 13 %v, row 0 %v", v.Rows[13].Selected, v.Rows[0].Selected)
	}
	// (A pick puts the focus in the message box: back to the search.)
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("search"))); err != nil {
		t.Fatal(err)
	}
	keys(kb.ArrowUp, 20) // stops at the top
	check(cursorOn(0), 50, 0, "", more(10))

	// 20 chats: 12 in the page and a spacer for 8; every one listed, so
	// no status line.
	typeQuery("滚动")
	v = until("the first 12 of 滚动's chats", users("roll", 0, 12))
	check(v, 20, 0, fmt.Sprintf("%dpx", 8*36), "")
	keys(kb.ArrowDown, 2)
	check(cursorOn(2), 20, 2, fmt.Sprintf("%dpx", 8*36), "")
	click(t, popup, fmt.Sprintf(`#chats li.chat[data-user=%q] .name`, users("roll", 4, 5)[0]))
	if err := WaitJS(popup.Ctx, `document.querySelector('#to').textContent.includes('滚动04')`, 10*time.Second, "#to naming 滚动04 after a click"); err != nil {
		t.Fatal(err)
	}
	// The pick stays when its row comes back into the page.
	typeQuery("窗口")
	until("窗口's first 12", users("win", 0, 12))
	typeQuery("滚动")
	v = until("滚动's first 12", users("roll", 0, 12))
	if !v.Rows[4].Selected {
		t.Errorf("滚动04, picked, is not marked selected when listed again: %q", v.Rows[4].Class)
	}
	check(v, 20, 0, fmt.Sprintf("%dpx", 8*36), "")
}

// TestCursorNamedAfterHandover: a popup opened again lists the chats with
// instant.js first, its first row under the cursor; popup.wasm adopts
// that row as it is. #search's aria-activedescendant must name an element
// of the page, the row under the cursor, from the start, not only once
// the arrows moved the cursor (a screen reader reads nothing for an id
// that names no element).
func TestCursorNamedAfterHandover(t *testing.T) {
	t.Parallel()
	_, br, _ := newPageEnv(t, wxsim.DefaultPeople())
	first := readyPopup(t, br)
	if err := WaitJS(first.Ctx, `document.querySelectorAll('#chats li.chat').length > 0`, 20*time.Second, "the first popup's chats"); err != nil {
		t.Fatal(err)
	}
	first.Close()
	popup := readyPopup(t, br)
	if err := WaitJS(popup.Ctx, `document.querySelectorAll('#chats li.chat').length > 0 && document.querySelector('#chats li.chat.active') !== null`, 20*time.Second, "the popup's chats and cursor"); err != nil {
		t.Fatal(err)
	}
	adopted, err := Eval[bool](popup.Ctx, `performance.getEntriesByName('wxdrop-list-shown').length > 0 && globalThis.wxdropInstant.rows.length > 0`)
	if err != nil {
		t.Fatal(err)
	}
	if !adopted {
		t.Fatal("instant.js listed no chats in the second popup: the handover is not tried")
	}
	got, err := Eval[[]string](popup.Ctx, `(() => {
  const id = document.querySelector('#search').getAttribute('aria-activedescendant') || '';
  const named = id && document.getElementById(id);
  const active = document.querySelector('#chats li.chat.active');
  return [id, named ? named.dataset.user : '', active.dataset.user];
})()`)
	if err != nil {
		t.Fatal(err)
	}
	if got[0] == "" || got[1] != got[2] {
		t.Errorf("#search's aria-activedescendant is %q, naming the row of %q; the row under the cursor is %q's", got[0], got[1], got[2])
	}
}
