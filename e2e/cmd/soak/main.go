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
