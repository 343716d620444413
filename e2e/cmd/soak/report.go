//go:build !js

package main

import (
	"fmt"
	"slices"
	"time"

	"github.com/wxdrop/wxdrop/e2e"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

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
