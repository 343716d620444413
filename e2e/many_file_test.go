//go:build !js

package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// manyReceived counts, per person whose Key starts with prefix, the texts
// and the files wxsim received, and the files' MD5s.
func manyReceived(sim *wxsim.Server, prefix string) (texts, files map[string]int, md5s map[string]bool) {
	texts, files, md5s = map[string]int{}, map[string]int{}, map[string]bool{}
	for _, m := range sim.Messages() {
		if m.Incoming || !strings.HasPrefix(m.ToKey, prefix) {
			continue
		}
		if m.FileName != "" {
			files[m.ToKey]++
			md5s[m.MD5] = true
		} else {
			texts[m.ToKey]++
		}
	}
	return texts, files, md5s
}

// TestSendManyAFileAcrossAWorkerStop: wxdrop.sendMany with a text and a
// file to 5 chats; the worker is stopped in the middle of the run. The
// file is uploaded once, and each chat gets its text and the file once,
// with the bytes the page gave.
func TestSendManyAFileAcrossAWorkerStop(t *testing.T) {
	t.Parallel()
	people := wxsim.DefaultPeople()
	var to []string
	for i := range 5 {
		people = append(people, wxsim.Person{Key: fmt.Sprintf("kehu%d", i), NickName: fmt.Sprintf("客户%d", i), ContactFlag: 3})
		to = append(to, fmt.Sprintf("'客户%d'", i))
	}
	sim, br, page := apiPageEnv(t, people)
	data := append([]byte("%PDF-1.7\n"), noise(200_000, 17)...)
	f := makeFile(t, t.TempDir(), "价目表.pdf", data, 6)
	// The page makes the file from the same bytes (base64 through Eval).
	ctx, cancel := context.WithTimeout(page.Ctx, 30*time.Second)
	defer cancel()
	id, err := Eval[string](ctx, `(async () => {
  const bin = atob('`+base64.StdEncoding.EncodeToString(data)+`');
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const file = new File([bytes], '价目表.pdf', { type: 'application/pdf' });
  const r = await wxdrop.sendMany([`+strings.Join(to, ",")+`], { text: '{name}，价目表见附件', file }, { spacingMs: 1000 });
  return r.id;
})().catch((e) => 'threw ' + e.code + ' ' + e.message)`)
	if err != nil || len(id) != 16 {
		t.Fatalf("sendMany: %q, %v", id, err)
	}
	sent := func() int {
		texts, files, _ := manyReceived(sim, "kehu")
		n := 0
		for _, c := range texts {
			n += c
		}
		for _, c := range files {
			n += c
		}
		return n
	}
	stopWorkersAt(t, br, sent, 4, time.Now().Add(time.Minute))
	// The page asks for the run until it is done (which wakes the worker).
	rctx, rcancel := context.WithTimeout(page.Ctx, 2*time.Minute)
	defer rcancel()
	got, err := Eval[string](rctx, `(async () => {
  let run = await wxdrop.run('`+id+`');
  while (!run.done) {
    await new Promise((r) => setTimeout(r, 500));
    run = await wxdrop.run('`+id+`');
  }
  return JSON.stringify(run);
})()`)
	if err != nil {
		t.Fatal(err)
	}
	var run msg.APIRun
	if err := json.Unmarshal([]byte(got), &run); err != nil {
		t.Fatal(err)
	}
	// A stop with a send at the server leaves that one uncertain: it may
	// have arrived, and is never sent again by itself.
	if run.Total != 10 || run.Sent+run.Uncertain != 10 || run.Uncertain > 1 {
		t.Fatalf("wxdrop.run: %d of %d sent, %d uncertain; want 10 sent, or 9 and one uncertain", run.Sent, run.Total, run.Uncertain)
	}
	texts, files, md5s := manyReceived(sim, "kehu")
	for _, c := range run.Chats {
		key := "kehu" + strings.TrimPrefix(c.Name, "客户")
		n := texts[key]
		if c.File != "" {
			n = files[key]
		}
		switch {
		case c.Result == msg.RunSent && n != 1:
			t.Errorf("%s received %d of its %q (file %q), want 1", c.Name, n, c.Text, c.File)
		case n > 1:
			t.Errorf("%s received its %q (file %q) %d times", c.Name, c.Text, c.File, n)
		}
	}
	if n := len(sim.RequestsTo("webwxuploadmedia")); n != 1 {
		t.Errorf("%d uploads, want 1", n)
	}
	if len(md5s) != 1 || !md5s[f.MD5()] {
		t.Errorf("the chats received files of MD5 %v, want %s", md5s, f.MD5())
	}
}

// TestSendManyScheduledFromThePopup: in the popup a run with a file is
// set up at the next minute, daily, with a cap per hour (a bad cap is
// refused with words first); it is one row of the scheduled list; the
// worker is stopped before its time and the run still goes, each chat
// once, the file uploaded once; the next day's run is the row then, and
// its Cancel stops the run.
func TestSendManyScheduledFromThePopup(t *testing.T) {
	t.Parallel()
	people := wxsim.DefaultPeople()
	for i := range 3 {
		people = append(people, wxsim.Person{Key: fmt.Sprintf("tongshi%d", i), NickName: fmt.Sprintf("同事%d", i), ContactFlag: 3})
	}
	sim, br, _ := newPageEnv(t, people)
	popup, ctx := manyPopup(t, br, "同事", 3)
	f := makeFile(t, t.TempDir(), "周报.pdf", append([]byte("%PDF-1.7\n"), noise(50_000, 23)...), 6)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("many-text"), "{name}，周报见附件"),
		chromedp.SetUploadFiles(chromedp.ID("many-file"), []string{f.Path}),
		chromedp.SetValue(chromedp.ID("many-spacing"), "1"), chromedp.SetValue(chromedp.ID("many-perhour"), "0")); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(popup.Ctx, `document.querySelector('#many-file-name').textContent.startsWith('周报.pdf')`, 10*time.Second, "the chosen file's name"); err != nil {
		t.Fatal(err)
	}
	click(t, popup, "#many-start")
	if err := WaitJS(popup.Ctx, `!document.querySelector('#error').hidden && document.querySelector('#error').textContent.includes('3600') && document.querySelector('#many-confirm').hidden`, 10*time.Second, "a cap of 0 refused with words"); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("many-perhour"), "20")); err != nil {
		t.Fatal(err)
	}
	click(t, popup, "#many-schedule-toggle")
	at := time.Now().Add(8 * time.Second).Truncate(time.Minute).Add(time.Minute)
	if _, err := Eval[string](popup.Ctx, fmt.Sprintf(`(() => {
  const d = document.querySelector('#many-schedule-date'), c = document.querySelector('#many-schedule-time'), r = document.querySelector('#many-schedule-repeat');
  d.value = %q; c.value = %q; r.value = 'daily';
  return d.value + ' ' + c.value;
})()`, at.Format("2006-01-02"), at.Format("15:04"))); err != nil {
		t.Fatal(err)
	}
	click(t, popup, "#many-start")
	confirm, err := Eval[string](ctx, `document.querySelector('#many-confirm').hidden ? 'hidden' : document.querySelector('#many-confirm-text').textContent`)
	if err != nil || !strings.Contains(confirm, "6") || !strings.Contains(confirm, at.Format(":04")) {
		t.Fatalf("the confirmation says %q (%v): 6 messages at %s", confirm, err, at.Format("15:04"))
	}
	if *docsShots && chromedp.Do(popup.Ctx, chromedp.EmulateViewport(420, 900)) == nil {
		if p, err := screenshot(popup, filepath.Join(root, "docs"), "popup-many-file.png"); err != nil {
			t.Error(err)
		} else {
			t.Logf("screenshot: %s", p)
		}
	}
	click(t, popup, "#many-yes")
	row := `document.querySelectorAll('#scheduled li.entry')`
	if err := WaitJS(popup.Ctx, row+`.length === 1 && `+row+`[0].textContent.includes('3')`, 10*time.Second, "one row for the run in the scheduled list"); err != nil {
		t.Fatal(err)
	}
	ob, err := br.Outbox(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var run msg.Run
	for _, r := range ob.Runs {
		run = r
	}
	if run.PerHour != 20 || run.SpacingMs != 1000 || len(ob.Entries) != 6 {
		t.Fatalf("the run: %+v with %d entries; want 20 an hour, 1 s apart, 6 entries", run, len(ob.Entries))
	}
	for _, e := range ob.Entries {
		if e.Due != at.UnixMilli() || e.Repeat != msg.RepeatDaily {
			t.Fatalf("an entry of the run is due %d (%s), want %d daily", e.Due, e.Repeat, at.UnixMilli())
		}
	}
	// The worker is stopped before the time: its alarm wakes it.
	popup.Close()
	sctx, scancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer scancel()
	if err := br.StopAllWorkers(sctx, ExtensionID); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Until(at) + 90*time.Second)
	for {
		texts, files, _ := manyReceived(sim, "tongshi")
		if len(texts) == 3 && len(files) == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("by %s: texts %v, files %v", time.Now().Format(time.TimeOnly), texts, files)
		}
		time.Sleep(200 * time.Millisecond)
	}
	for _, m := range sim.Messages() {
		if strings.HasPrefix(m.ToKey, "tongshi") && m.Time.Before(at) {
			t.Errorf("%s got a message at %s, before %s", m.ToKey, m.Time.Format(time.TimeOnly), at.Format(time.TimeOnly))
		}
	}
	again, err := br.NewTab(popupURL, "popup2")
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	// Tomorrow's run is the row now; its Cancel stops the run.
	if err := WaitJS(again.Ctx, `document.body.dataset.ready === '1' && `+row+`.length === 1`, 20*time.Second, "tomorrow's run in the scheduled list"); err != nil {
		t.Fatal(err)
	}
	click(t, again, `#scheduled li.entry button[data-action="stop-run"]`)
	if err := WaitJS(again.Ctx, `document.querySelector('#scheduled-section').hidden`, 10*time.Second, "the scheduled list empty after Cancel"); err != nil {
		t.Fatal(err)
	}
	texts, files, md5s := manyReceived(sim, "tongshi")
	for i := range 3 {
		key := fmt.Sprintf("tongshi%d", i)
		if texts[key] != 1 || files[key] != 1 {
			t.Errorf("%s received %d texts and %d files, want 1 and 1", key, texts[key], files[key])
		}
	}
	if n := len(sim.RequestsTo("webwxuploadmedia")); n != 1 || !md5s[f.MD5()] || len(md5s) != 1 {
		t.Errorf("%d uploads, files of MD5 %v; want 1 upload of %s", n, md5s, f.MD5())
	}
	ob, err = br.Outbox(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ob.Entries {
		if e.Slot > at.UnixMilli() && e.State != msg.EntryCancelled {
			t.Errorf("tomorrow's entry %s is %s after Cancel", e.ID, e.State)
		}
	}
}
