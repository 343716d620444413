//go:build !js

// Command soak schedules many messages through the real extension in
// headless Chromium while everything that can go wrong does: the service
// worker is stopped again and again, the browser is quit and started on
// the same profile, the session logs out and in, and wxsim refuses (1205),
// fails (503), cuts answers off and drops connections. At the end it
// compares the outbox with what wxsim received and prints
//
//	scheduled / sent / lost / duplicated / uncertain / failed / missed
//
// and the lateness of the sent messages (median and worst), for those due
// while the browser ran with a live session, and for all.
//
// Lost is an entry that did not end, or ended sent with no copy at wxsim;
// duplicated is a message wxsim received more than once (or one no entry
// made). Uncertain is a legitimate end: the worker was stopped, or the
// answer lost, after the request went out; the person decides. The goals
// are 0 lost, 0 duplicated and a median lateness under 2 s; the command
// exits 1 when anything is lost or duplicated.
//
// Run from the repository root (make soak):
//
//	go run ./e2e/cmd/soak [-n 200] [-over 6m] [-stops 20] [-faults 15s]
//
// It is not a test: it takes about eight minutes and prints figures. With
// the default spacing of sends (1 s), 200 messages over 6 min leave the
// outbox about 45 % of its time free to catch up after a disturbance.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/wxdrop/wxdrop/e2e"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

var (
	count      = flag.Int("n", 200, "messages to schedule")
	over       = flag.Duration("over", 6*time.Minute, "the time over which they fall due")
	stops      = flag.Int("stops", 20, "times the service worker is stopped")
	faultEvery = flag.Duration("faults", 15*time.Second, "time between two faults wxsim injects")
	seed       = flag.Uint64("seed", 1, "seed of the random choices")
	noBuild    = flag.Bool("nobuild", false, "use the extension as built (skip build.sh)")
	verbose    = flag.Bool("v", false, "print every event, and the browser's console at the end")
)

func main() {
	flag.Parse()
	bad, err := run()
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(2)
	}
	if bad {
		os.Exit(1)
	}
}

// soak is the run's world: the simulator, the browser on its profile, and
// the outbox's entries as they were made.
type soak struct {
	root    string
	sim     *wxsim.Server
	br      *e2e.Browser
	page    *e2e.Tab
	profile string
	log     *e2e.Log
	start   time.Time
	// down are the spans when the browser was closed or the session gone.
	down []span
}

type span struct {
	what     string
	from, to time.Time
}

func (s *soak) say(format string, a ...any) {
	if *verbose {
		fmt.Printf("%7.1fs  %s\n", time.Since(s.start).Seconds(), fmt.Sprintf(format, a...))
	}
}

func run() (bad bool, err error) {
	if !e2e.HaveChromium() {
		return false, fmt.Errorf("%s is missing: scripts/deps.sh installs the chromium package", e2e.ChromiumPath())
	}
	root, err := e2e.RepoRoot()
	if err != nil {
		return false, err
	}
	ctx := context.Background()
	if !*noBuild {
		bctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
		err := e2e.BuildExtension(bctx, root)
		cancel()
		if err != nil {
			return false, err
		}
	}
	sim, err := wxsim.New(wxsim.Config{SyncHold: 3 * time.Second})
	if err != nil {
		return false, err
	}
	defer sim.Close()
	profile, err := os.MkdirTemp("", "wxdrop-soak-")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(profile)
	s := &soak{root: root, sim: sim, profile: profile, log: &e2e.Log{}, start: time.Now()}
	defer func() {
		if s.br != nil {
			s.br.Close()
		}
		if *verbose {
			fmt.Printf("\n---- console ----\n%s\n", s.log)
		}
	}()
	if err := s.open(ctx); err != nil {
		return false, err
	}

	rnd := rand.New(rand.NewPCG(*seed, *seed^0x9e3779b97f4a7c15))
	entries, err := s.schedule(ctx, rnd)
	if err != nil {
		return false, err
	}
	first, last := dueSpan(entries)
	fmt.Printf("soak: %d messages due from %s to %s (%v), %d worker stops, one browser restart, one logout, wxsim faults\n",
		len(entries), first.Format(time.TimeOnly), last.Format(time.TimeOnly), last.Sub(first).Round(time.Second), *stops)

	watchCtx, stopWatch := context.WithCancel(ctx)
	go s.watch(watchCtx)
	err = s.disturb(ctx, rnd, first, last)
	if err != nil {
		stopWatch()
		return false, err
	}
	final, err := s.waitAll(ctx, entries, 3*time.Minute)
	stopWatch()
	if err != nil {
		return false, err
	}
	return s.report(entries, final), nil
}

// open starts the browser on the profile and the simulated web WeChat,
// logged in.
func (s *soak) open(ctx context.Context) error {
	br, err := e2e.Start(ctx, e2e.Options{
		Extensions:    []string{s.root},
		ResolverRules: s.sim.ResolverRules(),
		UserDataDir:   s.profile,
		WatchWorkers:  *verbose,
		Log:           s.log,
	})
	if err != nil {
		return err
	}
	s.br = br
	page, err := br.OpenWeChat(ctx, "wechat", true)
	if err != nil {
		return err
	}
	s.page = page
	return s.ready(ctx)
}

func (s *soak) ready(ctx context.Context) error {
	sess, ok := s.sim.CurrentSession()
	if !ok {
		return fmt.Errorf("wxsim has no session")
	}
	return s.br.WaitReady(ctx, sess.UserName, 30*time.Second)
}

// recipients are the chats the messages go to (wxsim's default people).
var recipients = []string{"zhangsan", "lisi", "family", "escape", "filehelper"}

// schedule adds the messages: due evenly over -over from 30 s ahead (the
// time it takes to add them), each moved by up to a third of the gap;
// one in ten is a file (a small PNG, or a PDF of two chunks).
func (s *soak) schedule(ctx context.Context, rnd *rand.Rand) ([]msg.Entry, error) {
	base := time.Now().Add(30 * time.Second)
	gap := *over / time.Duration(*count)
	png := pngBytes()
	var out []msg.Entry
	for i := range *count {
		at := base.Add(time.Duration(i) * gap).Add(time.Duration(rnd.Int64N(int64(gap*2/3))) - gap/3)
		key := recipients[rnd.IntN(len(recipients))]
		to := s.sim.UserName(key)
		if key == "filehelper" {
			to = "filehelper"
		}
		var e msg.Entry
		var err error
		switch {
		case i%20 == 7:
			e, err = s.br.AddFile(ctx, to, e2e.File{Name: fmt.Sprintf("soak %03d.pdf", i), Type: "application/pdf", Data: pdfBytes(i)}, at, msg.RepeatNone)
		case i%20 == 17:
			e, err = s.br.AddFile(ctx, to, e2e.File{Name: fmt.Sprintf("soak %03d.png", i), Type: "image/png", Data: png}, at, msg.RepeatNone)
		default:
			e, err = s.br.AddText(ctx, to, fmt.Sprintf("soak %03d 你好 %s", i, strings.Repeat("·", rnd.IntN(40))), at, msg.RepeatNone)
		}
		if err != nil {
			return nil, fmt.Errorf("scheduling message %d: %w", i, err)
		}
		out = append(out, e)
	}
	if time.Now().After(base) {
		fmt.Printf("note: adding took %v, past the first due time\n", time.Since(base.Add(-30*time.Second)).Round(time.Millisecond))
	}
	return out, nil
}

func dueSpan(es []msg.Entry) (first, last time.Time) {
	for i, e := range es {
		t := time.UnixMilli(e.Due)
		if i == 0 || t.Before(first) {
			first = t
		}
		if t.After(last) {
			last = t
		}
	}
	return first, last
}

// event is one disturbance at its time.
type event struct {
	at   time.Time
	what string
	do   func(context.Context) error
}

// disturb runs the disturbances between first and last: the worker stops
// at random times, the browser restart at 45 %, the logout at 75 %, and a
// wxsim fault every -faults, in turn: 1205 on a text's and on a file's
// send, 503, an answer cut off, a connection dropped, an upload chunk
// held.
func (s *soak) disturb(ctx context.Context, rnd *rand.Rand, first, last time.Time) error {
	span := last.Sub(first)
	var evs []event
	for range *stops {
		evs = append(evs, event{first.Add(time.Duration(rnd.Int64N(int64(span)))), "stop the worker", s.stopWorker})
	}
	evs = append(evs, event{first.Add(span * 45 / 100), "quit the browser and start it again", s.restart})
	evs = append(evs, event{first.Add(span * 75 / 100), "log out, and in again", s.relogin})
	faults := []struct {
		name string
		f    wxsim.Fault
	}{
		{"Ret 1205 on a send", wxsim.Fault{Endpoint: "webwxsendmsg", Ret: 1205}},
		{"HTTP 503 on a send", wxsim.Fault{Endpoint: "webwxsendmsg", Status: 503}},
		{"a send's answer cut off", wxsim.Fault{Endpoint: "webwxsendmsg", Cut: true}},
		{"a send's connection dropped", wxsim.Fault{Endpoint: "webwxsendmsg", Drop: true}},
		{"an upload chunk held 3 s", wxsim.Fault{Endpoint: "webwxuploadmedia", Delay: 3 * time.Second}},
		{"Ret 1205 on a file's send", wxsim.Fault{Endpoint: "webwxsendappmsg", Ret: 1205}},
	}
	for i, at := 0, first.Add(5*time.Second); at.Before(last); i, at = i+1, at.Add(*faultEvery) {
		f := faults[i%len(faults)]
		evs = append(evs, event{at, "wxsim: " + f.name, func(context.Context) error { s.sim.Inject(f.f); return nil }})
	}
	slices.SortFunc(evs, func(a, b event) int { return a.at.Compare(b.at) })
	for _, ev := range evs {
		if d := time.Until(ev.at); d > 0 {
			time.Sleep(d)
		}
		s.say("%s", ev.what)
		if err := ev.do(ctx); err != nil {
			return fmt.Errorf("%s: %w", ev.what, err)
		}
	}
	// Faults not met by then are not the tail's business.
	s.sim.ClearFaults()
	return nil
}

func (s *soak) stopWorker(ctx context.Context) error {
	sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	return s.br.StopAllWorkers(sctx, e2e.ExtensionID)
}

// restart quits the browser, waits 5 s and starts it on the same profile.
func (s *soak) restart(ctx context.Context) error {
	from := time.Now()
	if err := s.br.Quit(20 * time.Second); err != nil {
		fmt.Println("note:", err)
	}
	s.br = nil
	time.Sleep(5 * time.Second)
	err := s.open(ctx)
	s.down = append(s.down, span{"browser closed", from, time.Now()})
	return err
}

// relogin logs the session out on wxsim, waits 5 s and scans again.
func (s *soak) relogin(ctx context.Context) error {
	from := time.Now()
	s.sim.Logout()
	if err := s.br.WaitLoggedOut(ctx, 30*time.Second); err != nil {
		return err
	}
	time.Sleep(5 * time.Second)
	if err := e2e.LogIn(ctx, s.page); err != nil {
		return err
	}
	err := s.ready(ctx)
	s.down = append(s.down, span{"logged out", from, time.Now()})
	return err
}

// watch says, every 2 s, when work is due and nothing will do it: an
// entry due for more than 5 s, no worker running, and no alarm due
// within the next 5 s. It is how a lost wake-up shows.
func (s *soak) watch(ctx context.Context) {
	for ctx.Err() == nil {
		time.Sleep(2 * time.Second)
		br := s.br
		if br == nil {
			continue
		}
		ob, err := br.Outbox(ctx)
		if err != nil {
			continue
		}
		now := time.Now()
		overdue := 0
		for _, e := range ob.Entries {
			if !e.State.Final() && e.Waiting == "" && time.UnixMilli(e.Due).Before(now.Add(-5*time.Second)) {
				overdue++
			}
		}
		if overdue == 0 {
			continue
		}
		ws, _ := br.Workers(e2e.ExtensionID)
		alarms, err := e2e.ExtEval[string](ctx, br, `chrome.alarms.getAll().then((a) => JSON.stringify(a.map((x) => [x.name, Math.round(x.scheduledTime - Date.now())])))`)
		if len(ws) == 0 {
			fmt.Printf("%7.1fs  watch: %d entries overdue, no worker running; alarms %s %v\n", now.Sub(s.start).Seconds(), overdue, alarms, errOrEmpty(err))
		}
	}
}

func errOrEmpty(err error) string {
	if err != nil {
		return err.Error()
	}
	return ""
}

// waitAll waits until every entry has ended, for at most limit after the
// last one's time, and returns the outbox's entries.
func (s *soak) waitAll(ctx context.Context, es []msg.Entry, limit time.Duration) (map[string]msg.Entry, error) {
	_, last := dueSpan(es)
	deadline := last.Add(limit)
	for {
		ob, err := s.br.Outbox(ctx)
		if err != nil {
			return nil, err
		}
		open := 0
		for _, e := range es {
			if x, ok := ob.Entries[e.ID]; !ok || !x.State.Final() {
				open++
			}
		}
		if open == 0 || time.Now().After(deadline) {
			if open > 0 {
				fmt.Printf("note: %d entries had not ended %v after the last one's time\n", open, limit)
			}
			return ob.Entries, nil
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// report prints the figures and says whether anything was lost or
// duplicated.
func (s *soak) report(es []msg.Entry, final map[string]msg.Entry) bool {
	copies := map[string][]wxsim.Message{}
	for _, m := range s.sim.Messages() {
		if !m.Incoming {
			copies[m.ClientMsgID] = append(copies[m.ClientMsgID], m)
		}
	}
	made := map[string]bool{}
	var sent, lost, dup, uncertain0, uncertain1, failed, missed int
	var lateLive, lateAll []time.Duration
	var problems []string
	for _, e := range es {
		made[e.ClientMsgID] = true
		x, ok := final[e.ID]
		n := len(copies[e.ClientMsgID])
		if n > 1 {
			dup++
			problems = append(problems, fmt.Sprintf("duplicated (%d copies): %s", n, e2e.DescribeEntry(x)))
		}
		switch {
		case !ok:
			lost++
			problems = append(problems, fmt.Sprintf("lost: entry %s is gone from the outbox", e.ID))
		case !x.State.Final():
			lost++
			problems = append(problems, "lost (never ended): "+e2e.DescribeEntry(x))
		case x.State == msg.EntrySent && n == 0:
			lost++
			problems = append(problems, "lost (sent, but not at wxsim): "+e2e.DescribeEntry(x))
		case x.State == msg.EntrySent:
			sent++
			late := copies[e.ClientMsgID][0].Time.Sub(time.UnixMilli(x.Due))
			s.say("due at %.1fs, sent %v late (%s)", time.UnixMilli(x.Due).Sub(s.start).Seconds(), late.Round(time.Millisecond), x.Kind)
			lateAll = append(lateAll, late)
			if !s.wasDown(time.UnixMilli(x.Due)) {
				lateLive = append(lateLive, late)
			}
		case x.State == msg.EntryUncertain && n == 0:
			uncertain0++
		case x.State == msg.EntryUncertain:
			uncertain1++
		case x.State == msg.EntryFailed:
			failed++
			problems = append(problems, "failed: "+e2e.DescribeEntry(x))
		case x.State == msg.EntryMissed:
			missed++
			problems = append(problems, "missed: "+e2e.DescribeEntry(x))
		default:
			problems = append(problems, "ended "+string(x.State)+": "+e2e.DescribeEntry(x))
		}
	}
	for id, ms := range copies {
		if !made[id] {
			dup += len(ms)
			problems = append(problems, fmt.Sprintf("wxsim received %d message(s) with ClientMsgId %s that no entry made", len(ms), id))
		}
	}

	fmt.Println()
	fmt.Printf("  scheduled   %4d\n", len(es))
	fmt.Printf("  sent        %4d\n", sent)
	fmt.Printf("  lost        %4d   goal 0 → %s\n", lost, verdict(lost == 0))
	fmt.Printf("  duplicated  %4d   goal 0 → %s\n", dup, verdict(dup == 0))
	fmt.Printf("  uncertain   %4d   (%d reached wxsim, %d did not; the worker was stopped or the answer lost after the request went out)\n", uncertain0+uncertain1, uncertain1, uncertain0)
	fmt.Printf("  failed      %4d\n", failed)
	fmt.Printf("  missed      %4d\n", missed)
	med, worst := stats(lateLive)
	fmt.Printf("  late, due while the browser ran with a session (%d): median %v, worst %v   goal median < 2 s → %s\n", len(lateLive), med, worst, verdict(len(lateLive) > 0 && med < 2*time.Second))
	med, worst = stats(lateAll)
	fmt.Printf("  late, all sent (%d): median %v, worst %v\n", len(lateAll), med, worst)
	var times []time.Time
	for _, cs := range copies {
		for _, m := range cs {
			times = append(times, m.Time)
		}
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	var gaps []time.Duration
	for i := 1; i < len(times); i++ {
		gaps = append(gaps, times[i].Sub(times[i-1]))
	}
	med, worst = stats(gaps)
	longest := ""
	for i, g := range gaps {
		if g.Round(time.Millisecond) == worst {
			longest = fmt.Sprintf(", from %.1fs", times[i].Sub(s.start).Seconds())
		}
	}
	fmt.Printf("  time between two sends at wxsim: median %v, longest %v%s (the spacing setting is %v)\n", med, worst, longest, time.Duration(msg.DefaultSpacingMs)*time.Millisecond)
	for _, d := range s.down {
		fmt.Printf("  %s for %v\n", d.what, d.to.Sub(d.from).Round(100*time.Millisecond))
	}
	for _, p := range problems {
		fmt.Println("  -", p)
	}
	return lost > 0 || dup > 0
}

// wasDown reports whether t fell in a span without a browser or a session.
func (s *soak) wasDown(t time.Time) bool {
	for _, d := range s.down {
		if !t.Before(d.from) && !t.After(d.to) {
			return true
		}
	}
	return false
}

func stats(ds []time.Duration) (median, worst time.Duration) {
	if len(ds) == 0 {
		return 0, 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2].Round(time.Millisecond), s[len(s)-1].Round(time.Millisecond)
}

func verdict(ok bool) string {
	if ok {
		return "ok"
	}
	return "NOT MET"
}
