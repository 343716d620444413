//go:build !js

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestComposerErrorGoesWithItsFix: Send with nothing typed says "There
// is nothing to send", and a scheduled time that has passed says so; the
// person then types, or takes "in 10 minutes", and the sentence stayed,
// red over the text they had typed, until the next Send. It goes now at
// their first change of what it was about; "Pick a chat first" stays
// while they type, which does not pick one.
func TestComposerErrorGoesWithItsFix(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"zh-CN", "en-US"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			s := newSessEnvLang(t, lang, "wx.qq.com")
			sim := s.sims["wx.qq.com"]
			s.open("wx.qq.com")
			p := s.openPopup(t)
			defer p.Close()
			said := func() string {
				return s.eval(p, `document.getElementById('error').hidden ? '' : document.getElementById('error').textContent`)
			}
			saying := func(key, what string) {
				t.Helper()
				if err := WaitJS(p.Ctx, fmt.Sprintf(`(() => { const e = document.getElementById('error'); return !e.hidden && e.textContent === chrome.i18n.getMessage(%q); })()`, key), 10*time.Second, what); err != nil {
					t.Fatalf("%v; the popup says %q", err, said())
				}
			}
			quiet := func(what string) {
				t.Helper()
				if err := WaitJS(p.Ctx, `document.getElementById('error').hidden`, 10*time.Second, what); err != nil {
					t.Errorf("%v; the popup says %q", err, said())
				}
			}
			typeText := func(keys string) {
				t.Helper()
				ctx, cancel := context.WithTimeout(p.Ctx, 10*time.Second)
				defer cancel()
				if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("text"), keys)); err != nil {
					t.Fatal(err)
				}
			}

			// Typing does not pick a chat: that sentence stays.
			click(t, p, "#send")
			saying("pick_first", "Send with no chat picked")
			typeText("a")
			if got := s.eval(p, `document.getElementById('error').hidden ? '' : 'shown'`); got != "shown" {
				t.Errorf("typing took away “pick a chat first”; no chat is picked")
			}
			pick(t, p, "lz", sim.UserName("zhangsan"), "老张")
			setText(t, p, "")

			click(t, p, "#send")
			saying("err_EMPTY_MESSAGE", "Send with nothing typed")
			typeText("明天见")
			quiet("the sentence gone once something is typed")

			click(t, p, "#schedule-toggle")
			past := time.Now().Add(-2 * time.Hour)
			s.eval(p, fmt.Sprintf(`(() => {
  const d = document.querySelector('#schedule-date'), c = document.querySelector('#schedule-time');
  d.value = %q; c.value = %q;
  d.dispatchEvent(new Event('input', {bubbles: true})); c.dispatchEvent(new Event('input', {bubbles: true}));
  return '';
})()`, past.Format("2006-01-02"), past.Format("15:04")))
			click(t, p, "#send")
			saying("schedule_past", "a time that has passed")
			click(t, p, "#schedule-in10")
			quiet("the sentence gone once another time is taken")
			click(t, p, "#send")
			waitUntil(t, 20*time.Second, "the entry scheduled", func() (bool, string) {
				es, err := s.br.Outbox(context.Background())
				if err != nil {
					return false, err.Error()
				}
				for _, e := range es.Entries {
					if e.Text == "明天见" {
						return true, ""
					}
				}
				return false, said()
			})
		})
	}
}

// TestEditOfARepeatGoesOnWithTheNext: a person edits a daily message in
// the popup, and its time comes while they type. It went as it was (the
// worker sends what it has), and the edit ended, what they had typed
// thrown away, saying the message can no longer be changed, though
// tomorrow's would go on unchanged. The edit now goes on with tomorrow's,
// what was typed kept and said so; Save changes tomorrow's.
func TestEditOfARepeatGoesOnWithTheNext(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"zh-CN", "en-US"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			s := newSessEnvLang(t, lang, "wx.qq.com")
			sim := s.sims["wx.qq.com"]
			s.open("wx.qq.com")
			ctx := context.Background()
			const was, now = "每天九点开会", "每天九点半开会"
			e, err := s.br.AddText(ctx, sim.UserName("zhangsan"), was, time.Now().Add(30*time.Second), msg.RepeatDaily)
			if err != nil {
				t.Fatal(err)
			}
			p := s.openPopup(t)
			defer p.Close()
			row := fmt.Sprintf(`#scheduled li.entry[data-id=%q]`, e.ID)
			if err := WaitJS(p.Ctx, fmt.Sprintf(`!!document.querySelector(%q)`, row+` button[data-action="edit"]`), 20*time.Second, "the daily message's Edit"); err != nil {
				t.Fatal(err)
			}
			click(t, p, row+` button[data-action="edit"]`)
			setText(t, p, now)
			if got, err := s.br.WaitEntry(ctx, e.ID, 10*time.Second, "still queued as the edit began", func(msg.Entry) bool { return true }); err != nil || got.State != msg.EntryQueued {
				t.Fatalf("the entry was %s before the edit began (%v): the test came too late", DescribeEntry(got), err)
			}
			waitUntil(t, 90*time.Second, "the daily message as it was at wxsim", func() (bool, string) {
				for _, m := range sim.Messages() {
					if !m.Incoming && m.Content == was {
						return true, ""
					}
				}
				return false, "not yet"
			})
			var next msg.Entry
			waitUntil(t, 20*time.Second, "tomorrow's entry", func() (bool, string) {
				ob, err := s.br.Outbox(ctx)
				if err != nil {
					return false, err.Error()
				}
				for _, x := range ob.Entries {
					if x.Series == e.ID && x.ID != e.ID && x.State == msg.EntryQueued {
						next = x
						return true, ""
					}
				}
				return false, "none yet"
			})
			prefix := `chrome.i18n.getMessage('edit_went_next', ['⁂']).split('⁂')[0]`
			state := `(document.getElementById('edit-note').hidden ? 'not editing' : 'editing') + ' | ' + document.getElementById('text').value + ' | ' + (document.getElementById('error').hidden ? '' : document.getElementById('error').textContent)`
			if err := WaitJS(p.Ctx, `(() => { const e = document.getElementById('error'); return !e.hidden && e.textContent.startsWith(`+prefix+`); })()`, 10*time.Second, "the popup saying the edit is for the next one"); err != nil {
				t.Errorf("%v; the popup: %s", err, s.eval(p, state))
			}
			if got := s.eval(p, state); !strings.HasPrefix(got, "editing | "+now+" | ") {
				t.Fatalf("after the message went the popup is %q; want still editing, %q kept", got, now)
			}
			click(t, p, "#send")
			got, err := s.br.WaitEntry(ctx, next.ID, 20*time.Second, "saved with the new text", func(x msg.Entry) bool { return x.Text == now })
			if err != nil {
				t.Fatalf("%v; the popup: %s", err, s.eval(p, state))
			}
			if got.State != msg.EntryQueued || got.Due < next.Due-60_000 || got.Repeat != msg.RepeatDaily {
				t.Errorf("tomorrow's is %s; want queued, daily, at its time (%d)", DescribeEntry(got), next.Due)
			}
			n := 0
			for _, m := range sim.Messages() {
				if !m.Incoming && (m.Content == was || m.Content == now) {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d messages of the daily text at wxsim, want the one that went", n)
			}
		})
	}
}
