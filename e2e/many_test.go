//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

// readmeJS are the js code blocks of the README's section "## heading".
func readmeJS(t *testing.T, heading string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(b), "\n## "+heading+"\n")
	if !ok {
		t.Fatalf("README.md has no section ## %s", heading)
	}
	sec, _, _ = strings.Cut(sec, "\n## ")
	var out []string
	for {
		_, rest, ok := strings.Cut(sec, "```js\n")
		if !ok {
			break
		}
		code, after, _ := strings.Cut(rest, "```")
		out = append(out, code)
		sec = after
	}
	if len(out) == 0 {
		t.Fatalf("the README's section %s has no js example", heading)
	}
	return out
}

// apiPageEnv is newPageEnv with the page API turned on and window.wxdrop
// there.
func apiPageEnv(t *testing.T, people []wxsim.Person) (*wxsim.Server, *Browser, *Tab) {
	t.Helper()
	sim, br, page := newPageEnv(t, people)
	opts := openOptions(t, br, "#api-enabled")
	click(t, opts, "#api-enabled")
	opts.Close()
	if err := WaitJS(page.Ctx, `typeof window.wxdrop === 'object'`, 10*time.Second, "window.wxdrop"); err != nil {
		t.Fatal(err)
	}
	return sim, br, page
}

// stopWorkersAt stops the extension's workers once sent() reached n.
func stopWorkersAt(t *testing.T, br *Browser, sent func() int, n int, deadline time.Time) {
	t.Helper()
	for sent() < n && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if sent() < n {
		t.Fatalf("the run did not get to %d messages: %d", n, sent())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := br.StopAllWorkers(ctx, ExtensionID); err != nil {
		t.Fatal(err)
	}
}

// TestSendManyAcrossAWorkerStop: the README's example, as written, sends
// to 30 chats with placeholders; a 1205 in the middle pauses the run, and
// the worker is stopped after (ServiceWorker.stopAllWorkers); each chat
// receives its own text once, a second apart at wxsim.
func TestSendManyAcrossAWorkerStop(t *testing.T) {
	t.Parallel()
	people := wxsim.DefaultPeople()
	want := map[string]string{}
	for i := range 30 {
		p := wxsim.Person{Key: fmt.Sprintf("kehu%02d", i), NickName: fmt.Sprintf("客户%02d", i), ContactFlag: 3}
		if i%2 == 1 {
			p.NickName, p.RemarkName = fmt.Sprintf("nick%02d", i), fmt.Sprintf("客户%02d", i)
		}
		name := p.RemarkName
		if name == "" {
			name = p.NickName
		}
		want[p.Key] = name + "（" + p.NickName + "），您好！本周六店庆，全场八折。"
		people = append(people, p)
	}
	sim, br, page := apiPageEnv(t, people)

	example := readmeJS(t, "Sending to many chats (群发)")[0]
	done := make(chan string, 1)
	go func() {
		ctx, cancel := context.WithTimeout(page.Ctx, 4*time.Minute)
		defer cancel()
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {`+example+`
return 'ok'; })().catch((e) => 'threw ' + (e && e.code) + ' ' + (e && e.message))`, chromedp.EvalAwaitPromise))
		if err != nil {
			got = err.Error()
		}
		done <- got
	}()
	sent := func() int {
		n := 0
		for _, m := range sim.Messages() {
			if strings.HasPrefix(m.ToKey, "kehu") {
				n++
			}
		}
		return n
	}
	deadline := time.Now().Add(2 * time.Minute)
	for sent() < 5 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	// WeChat says "too frequent" once: the whole run waits the outbox's
	// backoff (5 s) before its next message.
	sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Ret: 1205})
	stopWorkersAt(t, br, sent, 10, deadline)
	if got := <-done; got != "ok" {
		t.Fatalf("the README's example: %s", got)
	}
	count := map[string]int{}
	var times []time.Time
	for _, m := range sim.Messages() {
		if !strings.HasPrefix(m.ToKey, "kehu") {
			continue
		}
		count[m.ToKey]++
		times = append(times, m.Time)
		if m.Content != want[m.ToKey] {
			t.Errorf("%s got %q, want %q", m.ToKey, m.Content, want[m.ToKey])
		}
	}
	for key := range want {
		if count[key] != 1 {
			t.Errorf("%s received the run %d times", key, count[key])
		}
	}
	paused := false
	for i := 1; i < len(times); i++ {
		d := times[i].Sub(times[i-1])
		if d < time.Second {
			t.Errorf("sends %d and %d %v apart", i-1, i, d)
		}
		paused = paused || d >= 5*time.Second
	}
	if !paused {
		t.Errorf("the run did not pause after WeChat's 1205")
	}
}

// manyPopup opens the popup, turns sending to many on, searches query
// and ticks the n chats it finds; ctx bounds what the test does in it.
func manyPopup(t *testing.T, br *Browser, query string, n int) (*Tab, context.Context) {
	t.Helper()
	popup, err := br.NewTab(popupURL, "popup")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(popup.Close)
	if err := WaitJS(popup.Ctx, fmt.Sprintf(`document.body.dataset.ready === '1' && document.querySelectorAll('#chats li.chat').length > %d`, n), 20*time.Second, "the popup's chats"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(popup.Ctx, 60*time.Second)
	t.Cleanup(cancel)
	click(t, popup, "#many-toggle")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("search"), query)); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(popup.Ctx, fmt.Sprintf(`document.querySelectorAll('#chats li.chat').length === %d`, n), 10*time.Second, fmt.Sprintf("the %d chats of %s", n, query)); err != nil {
		t.Fatal(err)
	}
	click(t, popup, "#many-all")
	return popup, ctx
}

// TestSendManyFromThePopup: in the popup, the chats a search finds are
// ticked at once, saved as a list, and sent to after one confirmation
// that says how many and how long; each chat gets its own text once.
func TestSendManyFromThePopup(t *testing.T) {
	t.Parallel()
	people := wxsim.DefaultPeople()
	for i := range 4 {
		people = append(people, wxsim.Person{Key: fmt.Sprintf("jiaren%d", i), NickName: fmt.Sprintf("亲戚%d", i), RemarkName: fmt.Sprintf("亲戚备注%d", i), ContactFlag: 3})
	}
	sim, br, _ := newPageEnv(t, people)
	popup, ctx := manyPopup(t, br, "亲戚", 4)
	if err := WaitJS(popup.Ctx, `document.querySelectorAll('#chats li.chat input.check:checked').length === 4`, 10*time.Second, "4 chats ticked"); err != nil {
		t.Fatal(err)
	}
	// A click on a chat unticks it, another ticks it again.
	for _, want := range []int{3, 4} {
		click(t, popup, "#chats li.chat .name")
		if err := WaitJS(popup.Ctx, fmt.Sprintf(`document.querySelectorAll('#chats li.chat input.check:checked').length === %d && document.querySelector('#many-count').textContent.includes('%d')`, want, want), 10*time.Second, fmt.Sprintf("%d chats ticked", want)); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("many-list-name"), "家人"),
		chromedp.SendKeys(chromedp.ID("many-text"), "{name}，晚上回家吃饭"),
		chromedp.SetValue(chromedp.ID("many-spacing"), "1")); err != nil {
		t.Fatal(err)
	}
	click(t, popup, "#many-list-save")
	if err := WaitJS(popup.Ctx, `document.querySelector('#many-lists option[value="家人"]') !== null`, 10*time.Second, "the saved list"); err != nil {
		t.Fatal(err)
	}
	click(t, popup, "#many-start")
	confirm, err := Eval[string](ctx, `document.querySelector('#many-confirm').hidden ? 'hidden' : document.querySelector('#many-confirm-text').textContent`)
	if err != nil || !strings.Contains(confirm, "4") || !strings.Contains(confirm, "3") {
		t.Fatalf("the confirmation says %q (%v): 4 messages, 3 s", confirm, err)
	}
	if len(sim.Messages()) != 0 {
		t.Fatal("something went before the confirmation")
	}
	click(t, popup, "#many-yes")
	if err := WaitJS(popup.Ctx, `document.querySelectorAll('#many-results li.sent').length === 4`, 40*time.Second, "4 chats sent in the popup's results"); err != nil {
		t.Fatal(err)
	}
	if *docsShots && chromedp.Do(popup.Ctx, chromedp.EmulateViewport(420, 760)) == nil {
		if p, err := screenshot(popup, filepath.Join(root, "docs"), "popup-many.png"); err != nil {
			t.Error(err)
		} else {
			t.Logf("screenshot: %s", p)
		}
	}
	// A popup opened again follows the run when sending to many is on.
	again, err := br.NewTab(popupURL, "popup2")
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if err := WaitJS(again.Ctx, `document.body.dataset.ready === '1'`, 20*time.Second, "the second popup"); err != nil {
		t.Fatal(err)
	}
	click(t, again, "#many-toggle")
	if err := WaitJS(again.Ctx, `document.querySelectorAll('#many-results li.sent').length === 4`, 10*time.Second, "the run in a popup opened again"); err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, m := range sim.Messages() {
		count[m.ToKey]++
		i := strings.TrimPrefix(m.ToKey, "jiaren")
		if m.Content != "亲戚备注"+i+"，晚上回家吃饭" {
			t.Errorf("%s got %q", m.ToKey, m.Content)
		}
	}
	for i := range 4 {
		if n := count[fmt.Sprintf("jiaren%d", i)]; n != 1 {
			t.Errorf("jiaren%d received %d messages", i, n)
		}
	}
}

// readyPopup opens the popup in a tab and waits until it is ready.
func readyPopup(t *testing.T, br *Browser) *Tab {
	t.Helper()
	popup, err := br.NewTab(popupURL, "popup")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(popup.Close)
	if err := WaitJS(popup.Ctx, `document.body.dataset.ready === '1'`, 20*time.Second, "the popup"); err != nil {
		t.Fatal(err)
	}
	return popup
}

// TestManySetsTheComposerAside: while sending to many is on, the
// single-chat composer and its Send are not on screen (either could have
// been taken for the run's), a note in the run's panel says so, and a
// file dropped on the popup is not attached to the hidden composer; off
// again, the composer is back with what was typed in it.
func TestManySetsTheComposerAside(t *testing.T) {
	t.Parallel()
	_, br, _ := newPageEnv(t, wxsim.DefaultPeople())
	popup := readyPopup(t, br)
	ctx, cancel := context.WithTimeout(popup.Ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("text"), "晚上好")); err != nil {
		t.Fatal(err)
	}
	// shown: is each element on screen (checkVisibility: not display:none
	// itself or in an ancestor, not visibility:hidden).
	shown := func(ids ...string) []bool {
		t.Helper()
		list, _ := json.Marshal(ids)
		got, err := Eval[[]bool](popup.Ctx, string(list)+`.map((id) => document.getElementById(id).checkVisibility({visibilityProperty: true}))`)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := shown("text", "send", "many-aside"); !slices.Equal(got, []bool{true, true, false}) {
		t.Fatalf("before sending to many: #text, #send, #many-aside shown %v, want [true true false]", got)
	}
	click(t, popup, "#many-toggle")
	if got := shown("text", "send", "schedule-toggle", "many-start", "many-aside"); !slices.Equal(got, []bool{false, false, false, true, true}) {
		t.Errorf("sending to many: #text, #send, #schedule-toggle, #many-start, #many-aside shown %v, want [false false false true true]", got)
	}
	if note, err := Eval[string](popup.Ctx, `document.getElementById('many-aside').textContent`); err != nil || note == "" || strings.HasPrefix(note, "many_") {
		t.Errorf("#many-aside says %q (%v), want the localized note", note, err)
	}
	// A file dropped while sending to many does not go to the hidden
	// composer (which, no chat picked, says to pick one first; with one,
	// would send it there) but to the run. The drop's handler runs within dispatchEvent:
	// what it says is in #error when dispatchEvent returns.
	drop := func() string {
		t.Helper()
		said, err := Eval[string](popup.Ctx, `(() => {
  const dt = new DataTransfer();
  dt.items.add(new File(['x'], 'dropped.txt', {type: 'text/plain'}));
  window.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, cancelable: true, bubbles: true}));
  const e = document.getElementById('error');
  return e.hidden ? '' : e.textContent;
})()`)
		if err != nil {
			t.Fatal(err)
		}
		return said
	}
	if said := drop(); said != "" {
		t.Errorf("a file dropped while sending to many went to the hidden composer, which says %q", said)
	}
	// It is the run's file, as if chosen with the run's own Add a file.
	if name, err := Eval[string](popup.Ctx, `document.getElementById('many-file-name').textContent`); err != nil || !strings.HasPrefix(name, "dropped.txt · ") {
		t.Errorf("the run's file after a drop: %q (%v), want dropped.txt with its size", name, err)
	}
	if shownDrop, err := Eval[bool](popup.Ctx, `!document.getElementById('many-file-drop').hidden`); err != nil || !shownDrop {
		t.Errorf("the run's Remove the file button hidden after a drop (%v)", err)
	}
	click(t, popup, "#many-toggle")
	if got := shown("text", "send", "many-aside"); !slices.Equal(got, []bool{true, true, false}) {
		t.Errorf("sending to many off again: #text, #send, #many-aside shown %v, want [true true false]", got)
	}
	if v, err := Eval[string](popup.Ctx, `document.getElementById('text').value`); err != nil || v != "晚上好" {
		t.Errorf("#text holds %q (%v) after sending to many was on and off, want what was typed", v, err)
	}
	// The same drop with the mode off reaches the composer.
	if said := drop(); said == "" {
		t.Errorf("a file dropped with sending to many off: #error says nothing, want the composer's word that no chat is picked")
	}
}

// TestPastedTextLeavesItsPicture: a copy from a spreadsheet or a
// document carries the text and a picture of it. Pasted into a text box
// (the run's message, or the single chat's), it is the text: the
// picture is not taken as a file, which in the many mode would have gone
// to every chat of the run, unseen among the form's fields. A paste of a
// picture alone (a screenshot) is still a file.
func TestPastedTextLeavesItsPicture(t *testing.T) {
	t.Parallel()
	_, br, _ := newPageEnv(t, wxsim.DefaultPeople())
	popup := readyPopup(t, br)
	click(t, popup, "#many-toggle")
	// paste dispatches a paste on the element of id, with a picture and
	// the text (none: the picture alone); it reports whether the paste
	// was taken from the text box (its default prevented) and the run's
	// file shown.
	paste := func(id, text string) (taken bool, file string) {
		t.Helper()
		got, err := Eval[[]any](popup.Ctx, fmt.Sprintf(`(() => {
  const dt = new DataTransfer();
  if (%q) dt.setData('text/plain', %q);
  dt.items.add(new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], 'image.png', {type: 'image/png'}));
  const ev = new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true});
  document.getElementById(%q).dispatchEvent(ev);
  return [ev.defaultPrevented, document.getElementById('many-file-name').textContent];
})()`, text, text, id))
		if err != nil {
			t.Fatal(err)
		}
		return got[0].(bool), got[1].(string)
	}
	if taken, file := paste("many-text", "客户\t金额\n张三\t300"); taken || file != "" {
		t.Errorf("text and its picture pasted into the run's message: taken from the box %v, the run's file %q; want the text's paste and no file", taken, file)
	}
	if taken, file := paste("many-text", ""); !taken || file == "" {
		t.Errorf("a picture alone pasted: taken %v, the run's file %q; want it the run's file", taken, file)
	}
}

// TestSavedListIsItsAccounts: a saved list of chats records the account
// that saved it and which of its chats are groups; in a later login of
// that account it ticks its chats again by their names, and used while
// the popup acts as another account it ticks none of them (that
// account's chat of the same name is another person) and says which
// were not found.
func TestSavedListIsItsAccounts(t *testing.T) {
	t.Parallel()
	people := wxsim.DefaultPeople()
	for i := range 3 {
		people = append(people, wxsim.Person{Key: fmt.Sprintf("jiaren%d", i), NickName: fmt.Sprintf("亲戚%d", i), ContactFlag: 3})
	}
	_, br, _ := newPageEnv(t, people)
	popup, ctx := manyPopup(t, br, "亲戚", 3)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("many-list-name"), "家人")); err != nil {
		t.Fatal(err)
	}
	click(t, popup, "#many-list-save")
	if err := WaitJS(popup.Ctx, `document.querySelector('#many-lists option[value="家人"]') !== null`, 10*time.Second, "the saved list"); err != nil {
		t.Fatal(err)
	}
	saved, err := Eval[string](ctx, `(async () => {
  const {manyLists, state} = {...await chrome.storage.local.get('manyLists'), ...await chrome.storage.session.get('state')};
  const l = JSON.parse(manyLists)['家人'];
  return JSON.stringify({own: l.account === JSON.parse(state).account && l.account !== '', groups: l.groups});
})()`)
	if err != nil || saved != `{"own":true,"groups":[0,0,0]}` {
		t.Fatalf("the saved list: %s (%v), want its account and no group", saved, err)
	}
	// use rewrites the list as a later login finds it (UserNames of an
	// earlier login), saved by account acct ("" leaves it this one's),
	// unticks everything and picks the list.
	use := func(acct string) {
		t.Helper()
		if _, err := Eval[bool](ctx, fmt.Sprintf(`(async () => {
  const all = JSON.parse((await chrome.storage.local.get('manyLists')).manyLists);
  const l = all['家人'];
  l.users = l.users.map((u, i) => '@stale' + i);
  if (%q) l.account = %q;
  await chrome.storage.local.set({manyLists: JSON.stringify(all)});
  for (const c of document.querySelectorAll('#chats li.chat input.check:checked')) c.closest('li').querySelector('.name').click();
  document.getElementById('error').hidden = true;
  const sel = document.getElementById('many-lists');
  sel.value = '家人';
  sel.dispatchEvent(new Event('change'));
  return true;
})()`, acct, acct)); err != nil {
			t.Fatal(err)
		}
	}
	checked := `document.querySelectorAll('#chats li.chat input.check:checked').length`
	use("")
	if err := WaitJS(popup.Ctx, checked+` === 3`, 10*time.Second, "the list's 3 chats ticked again by their names in a later login"); err != nil {
		t.Fatal(err)
	}
	use("00000000cafef00d")
	if err := WaitJS(popup.Ctx, `!document.getElementById('error').hidden`, 10*time.Second, "the word that the list's chats were not found"); err != nil {
		t.Fatal(err)
	}
	if n, err := Eval[int](ctx, checked); err != nil || n != 0 {
		t.Errorf("a list of another account ticked %d chats (%v), want none", n, err)
	}
	// By name: "3 chats of the list were not found" left a person to
	// find which.
	if said, err := Eval[string](ctx, `document.getElementById('error').textContent`); err != nil || !strings.Contains(said, "亲戚0, 亲戚1, 亲戚2") {
		t.Errorf("the popup says %q (%v), want the 3 chats not found by name", said, err)
	}
}

// TestRunResultsShowNamesAsRead: the popup lists a run's chats by their
// names as a person reads them: a name with an emoji (web WeChat's
// <span class="emoji …"> markup, §2) showed its tags as text.
func TestRunResultsShowNamesAsRead(t *testing.T) {
	t.Parallel()
	people := append(wxsim.DefaultPeople(), wxsim.Person{Key: "xiaomei", NickName: `<span class="emoji emoji1f604"></span>小美`, PYQuanPin: "xiaomei", PYInitial: "XM", ContactFlag: 3})
	sim, br, _ := newPageEnv(t, people)
	popup, ctx := manyPopup(t, br, "xiaomei", 1)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("many-text"), "{name}，您好")); err != nil {
		t.Fatal(err)
	}
	click(t, popup, "#many-start")
	click(t, popup, "#many-yes")
	if err := WaitJS(popup.Ctx, `document.querySelectorAll('#many-results li.sent').length === 1`, 30*time.Second, "the chat sent in the popup's results"); err != nil {
		t.Fatal(err)
	}
	if got, err := Eval[string](ctx, `document.querySelector('#many-results li.sent').textContent`); err != nil || !strings.HasPrefix(got, "😄小美 — ") {
		t.Errorf("the run's result reads %q (%v), want it to start with 😄小美", got, err)
	}
	if ms := sim.Messages(); len(ms) != 1 || ms[0].Content != "😄小美，您好" {
		t.Errorf("wxsim got %+v, want one text 😄小美，您好", ms)
	}
}
