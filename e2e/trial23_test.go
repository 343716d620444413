//go:build !js

package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
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

