//go:build !js

package e2e

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// The outbox in the real browser: scheduled sends fire from chrome.alarms,
// the worker is stopped (CDP ServiceWorker.stopAllWorkers) before a due
// time, during an upload and right after a send went out, the browser is
// quit and started again on the same profile, the session ends at a due
// time, and wxsim answers 1205, 5xx and drops connections. Every entry
// must end sent exactly once, or uncertain with at most one copy at wxsim:
// never twice.
//
// Each test has its own simulator and browser (the restarts and the
// stopped workers must not disturb the other tests), and the two run in
// parallel: most of their time is waiting for a time to come.

// schedEnv is a simulator and a browser on a profile that outlives it.
type schedEnv struct {
	t       *testing.T
	sim     *wxsim.Server
	br      *Browser
	page    *Tab
	profile string
	log     *Log
}

func newSchedEnv(t *testing.T) *schedEnv {
	t.Helper()
	need(t)
	sim, err := wxsim.New(wxsim.Config{SyncHold: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	profile, err := os.MkdirTemp("", "wxdrop-e2e-schedule-")
	if err != nil {
		t.Fatal(err)
	}
	s := &schedEnv{t: t, sim: sim, profile: profile, log: &Log{}}
	t.Cleanup(func() {
		if t.Failed() || *keepLog {
			s.dump()
		}
		if s.br != nil {
			s.br.Close()
		}
		sim.Close()
		for i := 0; i < 20 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	})
	return s
}

// start starts the browser on the profile, opens the simulated web WeChat
// (its cookies log it in again after a restart; else its scan button) and
// waits until the worker knows the session.
func (s *schedEnv) start() {
	s.t.Helper()
	br, err := Start(context.Background(), Options{
		Extensions:    []string{root},
		ResolverRules: s.sim.ResolverRules(),
		UserDataDir:   s.profile,
		WatchWorkers:  true,
		Log:           s.log,
	})
	if err != nil {
		s.t.Fatal(err)
	}
	s.br = br
	s.openWeChat()
}

func (s *schedEnv) openWeChat() {
	s.t.Helper()
	ctx := context.Background()
	page, err := s.br.OpenWeChat(ctx, "wechat", true)
	if err != nil {
		s.t.Fatal(err)
	}
	s.page = page
	sess, ok := s.sim.CurrentSession()
	if !ok {
		s.t.Fatal("wxsim has no session after the page opened")
	}
	if err := s.br.WaitReady(ctx, sess.UserName, 20*time.Second); err != nil {
		s.t.Fatal(err)
	}
}

// quit closes the browser as a person does; the profile stays.
func (s *schedEnv) quit() {
	s.t.Helper()
	if err := s.br.Quit(20 * time.Second); err != nil {
		s.t.Log(err)
	}
	s.br, s.page = nil, nil
}

// stopWorker stops the extension's service worker.
func (s *schedEnv) stopWorker() {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := s.br.StopAllWorkers(ctx, ExtensionID); err != nil {
		s.t.Fatal(err)
	}
}

func (s *schedEnv) text(to, text string, at time.Time, repeat msg.Repeat) msg.Entry {
	s.t.Helper()
	e, err := s.br.AddText(context.Background(), to, text, at, repeat)
	if err != nil {
		s.t.Fatalf("scheduling %q: %v", text, err)
	}
	if !at.IsZero() && !e.Scheduled {
		s.t.Errorf("entry %s of %q is not marked scheduled", e.ID, text)
	}
	return e
}

func (s *schedEnv) file(to string, f File, at time.Time) msg.Entry {
	s.t.Helper()
	e, err := s.br.AddFile(context.Background(), to, f, at, msg.RepeatNone)
	if err != nil {
		s.t.Fatalf("scheduling %q: %v", f.Name, err)
	}
	return e
}

// wait waits for an entry to satisfy ok.
func (s *schedEnv) wait(e msg.Entry, timeout time.Duration, what string, ok func(msg.Entry) bool) msg.Entry {
	s.t.Helper()
	got, err := s.br.WaitEntry(context.Background(), e.ID, timeout, what, ok)
	if err != nil {
		s.t.Fatal(err)
	}
	return got
}

func final(e msg.Entry) bool { return e.State.Final() }

// copies are the messages wxsim accepted under a ClientMsgId.
func (s *schedEnv) copies(clientMsgID string) []wxsim.Message {
	var out []wxsim.Message
	for _, m := range s.sim.Messages() {
		if !m.Incoming && m.ClientMsgID == clientMsgID {
			out = append(out, m)
		}
	}
	return out
}

// lateness is how late after its time an entry may end: the waits for
// an entry count from its time, not from when the test starts waiting
// (the popup's entry is due at a whole minute, up to 65 s away: a wait of
// 60 s from the click ended before its time and failed a punctual send).
const lateness = 60 * time.Second

// untilLate is how long to wait for e: until lateness after its time.
func untilLate(e msg.Entry) time.Duration {
	return max(time.Until(time.UnixMilli(e.Due)), 0) + lateness
}

// sentOnce checks that an entry ended sent with exactly one copy at wxsim,
// to the person of toKey, and returns the copy.
func (s *schedEnv) sentOnce(e msg.Entry, toKey string) wxsim.Message {
	s.t.Helper()
	got := s.wait(e, untilLate(e), "finished", final)
	cs := s.copies(e.ClientMsgID)
	if got.State != msg.EntrySent || len(cs) != 1 {
		s.t.Fatalf("entry %s: %s with %d copies at wxsim; want sent once", e.ID, DescribeEntry(got), len(cs))
	}
	if cs[0].ToKey != toKey {
		s.t.Errorf("entry %s went to %q, want %q", e.ID, cs[0].ToKey, toKey)
	}
	if e.Scheduled {
		s.t.Logf("entry %s (%s) sent %v after its time", e.ID, e.Title(30), cs[0].Time.Sub(time.UnixMilli(e.Due)).Round(time.Millisecond))
	}
	return cs[0]
}

// neverTwice checks that an entry ended sent once, or uncertain with at
// most one copy, and says which.
func (s *schedEnv) neverTwice(e msg.Entry) msg.Entry {
	s.t.Helper()
	got := s.wait(e, untilLate(e), "finished", final)
	n := len(s.copies(e.ClientMsgID))
	switch {
	case got.State == msg.EntrySent && n == 1:
	case got.State == msg.EntryUncertain && n <= 1:
	default:
		s.t.Fatalf("entry %s: %s with %d copies at wxsim; want sent once, or uncertain with at most one", e.ID, DescribeEntry(got), n)
	}
	s.t.Logf("entry %s (%s): %s, %d copy at wxsim", e.ID, e.Title(30), got.State, n)
	return got
}

// notified waits until the extension shows the notification of id.
func (s *schedEnv) notified(id string) {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ids, err := s.br.Notifications(context.Background())
		if err == nil && slices.Contains(ids, id) {
			return
		}
		if time.Now().After(deadline) {
			s.t.Errorf("no notification %q (shown: %v, %v)", id, ids, err)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// badge waits until the toolbar badge says want.
func (s *schedEnv) badge(want string) {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := s.br.Badge(context.Background())
		if err == nil && got == want {
			return
		}
		if time.Now().After(deadline) {
			s.t.Errorf("the badge says %q (%v), want %q", got, err, want)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// arrived waits until wxsim reports that a request held by a fault has
// reached it.
func (s *schedEnv) arrived(ch <-chan struct{}, what string) {
	s.t.Helper()
	select {
	case <-ch:
	case <-time.After(30 * time.Second):
		s.t.Fatalf("%s never reached wxsim", what)
	}
}

func (s *schedEnv) dump() { dumpState(s.t, s.br, s.sim, s.log) }

// dumpState logs a failed test's browser console (its last lines) and
// then the outbox and wxsim's refusals: CI shows the end of the output.
func dumpState(t *testing.T, br *Browser, sim *wxsim.Server, log *Log) {
	var b strings.Builder
	fmt.Fprintf(&b, "---- console of tabs and workers (last 300 lines) ----\n%s\n---- state at the end of %s ----\n", log.Tail(300), t.Name())
	if br != nil {
		if ob, err := br.Outbox(context.Background()); err == nil {
			for _, e := range ob.Entries {
				fmt.Fprintf(&b, "entry %s (updated %s)\n", DescribeEntry(e), clock(time.UnixMilli(e.Updated)))
			}
		} else {
			fmt.Fprintf(&b, "outbox: %v\n", err)
		}
		// When the outbox wakes next, and what its runner does now.
		b.WriteString(br.WakeReport(context.Background()))
	}
	for _, r := range sim.Rejections() {
		fmt.Fprintf(&b, "wxsim refused %s: Ret %d: %s\n", r.Endpoint, r.Ret, r.Reason)
	}
	t.Log(b.String())
}

// schedPNG is a small real PNG.
func schedPNG(t *testing.T) File {
	return File{Name: "日程 " + nasty + ".png", Type: "image/png", Data: pngFile(t, t.TempDir()).Data}
}

func md5hex(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}

// TestScheduleWorkerStops: on time, a daily repeat, the worker stopped
// before a due time, during an upload and right after a send, wxsim's
// faults, and a logout at the due time.
func TestScheduleWorkerStops(t *testing.T) {
	t.Parallel()
	s := newSchedEnv(t)
	s.start()
	zhangsan, lisi, family := s.sim.UserName("zhangsan"), s.sim.UserName("lisi"), s.sim.UserName("family")
	step := func(name string, f func(t *testing.T)) {
		if !t.Run(name, f) {
			t.FailNow()
		}
	}

	step("a text, a file and a daily repeat go at their time", func(t *testing.T) {
		at := time.Now().Add(3 * time.Second)
		txt := s.text(zhangsan, "早上好 "+nasty, at, msg.RepeatNone)
		png := schedPNG(t)
		img := s.file(lisi, png, at)
		daily := s.text(family, "every day at this time", at.Add(time.Second), msg.RepeatDaily)
		s.badge("3")

		s.sentOnce(txt, "zhangsan")
		m := s.sentOnce(img, "lisi")
		if m.Type != 3 || m.MD5 != md5hex(png.Data) {
			t.Errorf("the scheduled PNG arrived as Type %d, MD5 %s; want 3, %s", m.Type, m.MD5, md5hex(png.Data))
		}
		if md, ok := s.sim.Media(m.MediaID); !ok || !bytes.Equal(md.Data, png.Data) {
			t.Errorf("the scheduled PNG's bytes differ at wxsim")
		}
		s.sentOnce(daily, "family")
		for _, e := range []msg.Entry{txt, img, daily} {
			s.notified(NotificationID(e.ID, false))
		}

		// The next occurrence: same series, same wall-clock time tomorrow
		// (the browser and this test share the machine's zone).
		ob, err := s.br.Outbox(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var next *msg.Entry
		for _, e := range ob.Entries {
			if e.Series == daily.Series && e.ID != daily.ID {
				next = &e
			}
		}
		if next == nil {
			t.Fatalf("the daily repeat made no next occurrence (series %s)", daily.Series)
		}
		want := time.UnixMilli(daily.Due).AddDate(0, 0, 1)
		if next.State != msg.EntryQueued || next.Due != want.UnixMilli() || next.ClientMsgID == daily.ClientMsgID {
			t.Errorf("next occurrence %s; want queued at %s with a new ClientMsgId", DescribeEntry(*next), want.Format(time.DateTime))
		}
		s.badge("1")
		if err := s.br.Ask(context.Background(), msg.OutboxCancel, msg.IDBody{ID: next.ID}, nil); err != nil {
			t.Fatalf("cancelling the next occurrence: %v", err)
		}
		s.badge("")
	})

	step("the worker stopped during an upload and before a due time", func(t *testing.T) {
		// 1.3 MB is three chunks; the second waits 5 s at wxsim, and the
		// worker is stopped while it waits.
		one := 1
		arrived := make(chan struct{}, 1)
		s.sim.Inject(wxsim.Fault{Endpoint: "webwxuploadmedia", Chunk: &one, Delay: 5 * time.Second, Arrived: arrived})
		f := File{Name: "计划 " + nasty + ".pdf", Type: "application/pdf", Data: append([]byte("%PDF-1.7\n"), noise(1_300_000, 9)...)}
		now := time.Now()
		doc := s.file(zhangsan, f, now.Add(2*time.Second))
		later := s.text(lisi, "due after the worker stopped", now.Add(9*time.Second), msg.RepeatNone)
		s.arrived(arrived, "the second chunk")
		if e, _ := s.br.Outbox(context.Background()); e.Entries[doc.ID].State != msg.EntryUploading {
			t.Fatalf("the file is %s, not uploading, when the worker is to stop", DescribeEntry(e.Entries[doc.ID]))
		}
		s.stopWorker()
		t.Logf("worker stopped %v after the file's time", time.Since(time.UnixMilli(doc.Due)).Round(time.Millisecond))

		m := s.sentOnce(doc, "zhangsan")
		if m.FileName != f.Name || m.MD5 != md5hex(f.Data) {
			t.Errorf("the file arrived as %q, MD5 %s; want %q, %s", m.FileName, m.MD5, f.Name, md5hex(f.Data))
		}
		s.sentOnce(later, "lisi")
	})

	step("the worker stopped right after a send went out", func(t *testing.T) {
		// wxsim holds the send 3 s before it takes it; the worker is
		// stopped while its request waits at wxsim, so the answer never
		// comes: the entry must end uncertain, never sent again by itself.
		arrived := make(chan struct{}, 1)
		s.sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Delay: 3 * time.Second, Arrived: arrived})
		now := time.Now()
		held := s.text(zhangsan, "the answer to this one is lost", now.Add(2*time.Second), msg.RepeatNone)
		later := s.text(lisi, "due after that", now.Add(8*time.Second), msg.RepeatNone)
		s.arrived(arrived, "the send")
		s.stopWorker()

		got := s.neverTwice(held)
		if got.State != msg.EntryUncertain {
			t.Errorf("the send whose answer was lost is %s; want uncertain", DescribeEntry(got))
		} else {
			s.notified(NotificationID(held.ID, false))
			// "Send again anyway" is the person's choice, with the same id.
			before := len(s.copies(held.ClientMsgID))
			if err := s.br.Ask(context.Background(), msg.OutboxSendNow, msg.IDBody{ID: held.ID}, nil); err != nil {
				t.Fatalf("send again: %v", err)
			}
			again := s.wait(held, 30*time.Second, "sent again", final)
			if again.State != msg.EntrySent || len(s.copies(held.ClientMsgID)) != before+1 {
				t.Errorf("sent again: %s, %d copies; want sent, %d", DescribeEntry(again), len(s.copies(held.ClientMsgID)), before+1)
			}
		}
		s.sentOnce(later, "lisi")
	})

	step("wxsim answers 1205, 5xx and drops connections", func(t *testing.T) {
		cases := []struct {
			name  string
			fault wxsim.Fault
			// want is the entry's end and how many copies wxsim keeps.
			want   msg.EntryState
			copies int
		}{
			{"Ret 1205, then retried with the same id", wxsim.Fault{Ret: 1205}, msg.EntrySent, 1},
			{"HTTP 503", wxsim.Fault{Status: 503}, msg.EntryUncertain, 0},
			{"answer cut off after wxsim took it", wxsim.Fault{Cut: true}, msg.EntryUncertain, 1},
			// Closed before any byte of an answer: Chromium itself sends
			// the request again on a new connection when the closed one
			// was reused, and that try is taken (sent, one copy); on a new
			// connection it gives up (uncertain, none). Either is right.
			{"dropped before wxsim took it", wxsim.Fault{Drop: true}, "", 0},
		}
		for _, c := range cases {
			c.fault.Endpoint = "webwxsendmsg"
			s.sim.Inject(c.fault)
			sends := len(s.sim.RequestsTo("webwxsendmsg"))
			e := s.text(zhangsan, "fault: "+c.name, time.Now().Add(time.Second), msg.RepeatNone)
			if c.want == "" {
				s.neverTwice(e)
				continue
			}
			got := s.wait(e, 45*time.Second, "finished", final)
			n := len(s.copies(e.ClientMsgID))
			if got.State != c.want || n != c.copies {
				t.Errorf("%s: %s with %d copies; want %s with %d", c.name, DescribeEntry(got), n, c.want, c.copies)
			}
			if c.want == msg.EntryUncertain {
				s.notified(NotificationID(e.ID, false))
			}
			if c.fault.Ret == 1205 {
				tries := 0
				for _, r := range s.sim.RequestsTo("webwxsendmsg")[sends:] {
					if !strings.Contains(string(r.Body), e.ClientMsgID) {
						t.Errorf("%s: a retry did not carry ClientMsgId %s", c.name, e.ClientMsgID)
					}
					tries++
				}
				if tries < 2 {
					t.Errorf("%s: %d requests to webwxsendmsg, want a refused one and a retry", c.name, tries)
				}
			}
		}
	})

	step("logged out at the due time: it waits, and goes at the login", func(t *testing.T) {
		e := s.text(zhangsan, "waits for the login", time.Now().Add(4*time.Second), msg.RepeatNone)
		s.sim.Logout()
		if err := s.br.WaitLoggedOut(context.Background(), 20*time.Second); err != nil {
			t.Fatal(err)
		}
		waiting := s.wait(e, 20*time.Second, "waiting for a login", func(e msg.Entry) bool { return e.Waiting == msg.ErrLoggedOut || e.State.Final() })
		if waiting.State != msg.EntryQueued {
			t.Fatalf("at its time while logged out: %s; want queued, waiting", DescribeEntry(waiting))
		}
		s.notified(NotificationID(e.ID, true))
		if len(s.copies(e.ClientMsgID)) != 0 {
			t.Fatal("sent while logged out")
		}
		// A new login: every UserName changes, the person is found again.
		if err := LogIn(context.Background(), s.page); err != nil {
			t.Fatal(err)
		}
		s.sentOnce(e, "zhangsan")
	})
}

// TestScheduleBrowserRestart: the browser is closed at the due time and
// started again on the same profile; one scheduled in the popup's form.
func TestScheduleBrowserRestart(t *testing.T) {
	t.Parallel()
	s := newSchedEnv(t)
	s.start()
	zhangsan, lisi := s.sim.UserName("zhangsan"), s.sim.UserName("lisi")
	step := func(name string, f func(t *testing.T)) {
		if !t.Run(name, f) {
			t.FailNow()
		}
	}

	step("due while the browser was closed: sent at the next start", func(t *testing.T) {
		at := time.Now().Add(3 * time.Second)
		txt := s.text(zhangsan, "while the browser was closed", at, msg.RepeatNone)
		png := schedPNG(t)
		img := s.file(lisi, png, at)
		s.quit()
		time.Sleep(time.Until(at.Add(3 * time.Second)))
		s.start()
		s.sentOnce(txt, "zhangsan")
		if m := s.sentOnce(img, "lisi"); m.MD5 != md5hex(png.Data) {
			t.Errorf("the file kept in IndexedDB across the restart arrived with MD5 %s, want %s", m.MD5, md5hex(png.Data))
		}
	})

	step("scheduled in the popup's form, sent at its minute", func(t *testing.T) {
		popup, err := s.br.NewTab(popupURL, "popup")
		if err != nil {
			t.Fatal(err)
		}
		defer popup.Close()
		if err := WaitJS(popup.Ctx, `document.body && document.body.dataset.ready === '1'`, 20*time.Second, "the popup to be interactive"); err != nil {
			t.Fatal(err)
		}
		pick(t, popup, "zs", zhangsan, "张三", "老张")
		text := "from the popup's schedule form"
		setText(t, popup, text)
		click(t, popup, "#schedule-toggle")
		// The form takes minutes: the next whole minute at least 5 s away
		// (up to 65 s: sentOnce waits from its time, not from here).
		at := time.Now().Add(5 * time.Second).Truncate(time.Minute).Add(time.Minute)
		js := fmt.Sprintf(`(() => {
  const d = document.querySelector('#schedule-date'), c = document.querySelector('#schedule-time');
  d.value = %q; c.value = %q;
  d.dispatchEvent(new Event('input', {bubbles: true})); c.dispatchEvent(new Event('input', {bubbles: true}));
  return d.value + ' ' + c.value;
})()`, at.Format("2006-01-02"), at.Format("15:04"))
		if _, err := Eval[string](popup.Ctx, js); err != nil {
			t.Fatal(err)
		}
		click(t, popup, "#send")
		var e msg.Entry
		deadline := time.Now().Add(10 * time.Second)
		for e.ID == "" {
			ob, _ := s.br.Outbox(context.Background())
			for _, x := range ob.Entries {
				if x.Text == text {
					e = x
				}
			}
			if e.ID == "" && time.Now().After(deadline) {
				t.Fatal("the popup's Schedule made no entry")
			}
			time.Sleep(100 * time.Millisecond)
		}
		if !e.Scheduled || e.Due != at.UnixMilli() {
			t.Errorf("the popup scheduled %s; want due %s", DescribeEntry(e), at.Format(time.TimeOnly))
		}
		waitEntryRow(t, popup, e.ID, msg.EntryQueued)
		popup.Close()
		s.sentOnce(e, "zhangsan")
		s.notified(NotificationID(e.ID, false))
	})

	step("due while the browser was closed past the grace period: missed", func(t *testing.T) {
		set, err := s.br.SetSettings(context.Background(), msg.Settings{GraceMinutes: 1, SpacingMs: msg.DefaultSpacingMs, KeepDays: msg.DefaultKeepDays})
		if err != nil || set.GraceMinutes != 1 {
			t.Fatalf("setting a grace period of 1 min: %+v, %v", set, err)
		}
		e := s.text(zhangsan, "too late to send", time.Now().Add(2*time.Second), msg.RepeatNone)
		s.quit()
		time.Sleep(time.Until(time.UnixMilli(e.Due).Add(time.Minute + 3*time.Second)))
		s.start()
		got := s.wait(e, 20*time.Second, "finished", final)
		if got.State != msg.EntryMissed || got.Error == nil || got.Error.Code != msg.ErrMissed {
			t.Errorf("past the grace period: %s; want missed", DescribeEntry(got))
		}
		s.notified(NotificationID(e.ID, false))
		// Logged in again, the worker sends: a message after the missed
		// one goes, and the missed one still has no copy.
		after := s.text(zhangsan, "after the missed one", time.Time{}, msg.RepeatNone)
		s.sentOnce(after, "zhangsan")
		if n := len(s.copies(e.ClientMsgID)); n != 0 {
			t.Errorf("a missed entry was sent %d times", n)
		}
	})
}

// The report a late message's failure prints reads the running worker's
// runner (wxdropCore.state(), outbox.RunState's JSON) and the alarms: a
// report that cannot decode them would hide why the next failure failed.
func TestWakeReportReadsTheRunner(t *testing.T) {
	t.Parallel()
	s := newSchedEnv(t)
	s.start()
	if _, err := s.br.EvalWorker(s.br.Ctx, ExtensionID, `1`); err != nil {
		t.Fatalf("the worker is not running: %v", err)
	}
	got := s.br.WakeReport(context.Background())
	if !strings.Contains(got, "runner: ") || !regexp.MustCompile(`worker at \d\d:\d\d:\d\d\.\d{3}`).MatchString(got) {
		t.Errorf("the wake-up report does not read the runner:\n%s", got)
	}
}
