//go:build !js

package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/wxdrop/wxdrop/e2e"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

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
