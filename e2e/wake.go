//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wxdrop/wxdrop/wasm/outbox"
)

// What the browser and the worker know of the outbox's next wake-up, for
// the report of a failed test: a scheduled message still queued after
// its time is either not planned (no alarm, no timer), planned late, or
// held by a run that does not end.

// Alarm is a chrome.alarms alarm as the extension sees it.
type Alarm struct {
	Name            string   `json:"name"`
	ScheduledTime   float64  `json:"scheduledTime"`
	PeriodInMinutes *float64 `json:"periodInMinutes"`
}

// Alarms are the extension's alarms (chrome.alarms.getAll, read from the
// extension page: it does not wake the worker).
func (b *Browser) Alarms(ctx context.Context) ([]Alarm, error) {
	return ExtEval[[]Alarm](ctx, b, `chrome.alarms.getAll()`)
}

// workerView is what the running worker says of itself.
type workerView struct {
	Timing Timing           `json:"timing"`
	Runner *outbox.RunState `json:"runner"`
}

// WakeReport says, in a few lines, the extension's alarms and what its
// running worker does (none running is said too): the test's report of
// a message late or still queued.
func (b *Browser) WakeReport(ctx context.Context) string {
	var r strings.Builder
	// The worker first, then the alarms: an alarm the runner set or
	// cleared as it answered shows as it is after.
	wctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	raw, err := b.EvalWorker(wctx, ExtensionID, `({timing: globalThis.wxdropTiming || null, runner: (globalThis.wxdropCore && globalThis.wxdropCore.state) ? JSON.parse(globalThis.wxdropCore.state()) : null})`)
	var v workerView
	switch {
	case errors.Is(err, ErrNoWorker):
		r.WriteString("worker: none running\n")
	case err != nil:
		fmt.Fprintf(&r, "worker: %v\n", err)
	case json.Unmarshal(raw, &v) != nil:
		fmt.Fprintf(&r, "worker: %.300s\n", raw)
	case v.Runner == nil:
		r.WriteString("worker: running, its core not ready\n")
	default:
		s := v.Runner
		fmt.Fprintf(&r, "worker at %s: core ready %.0f ms after its script started; runner: %d runs, running %v, again %v, phase %q", stamp(s.Now), v.Timing.StartToReady(), s.Runs, s.Running, s.Again, s.Phase)
		if s.Entry != "" {
			fmt.Fprintf(&r, " of entry %s", s.Entry)
		}
		if !s.Since.IsZero() {
			fmt.Fprintf(&r, " since %s", stamp(s.Since))
		}
		fmt.Fprintf(&r, "; timer %s; last wake-up %s set by run %d at %s (returned: %v)\n", stamp(s.Timer), stamp(s.Wake), s.WakeRun, stamp(s.WakeSet), !s.Waking)
	}
	as, err := b.Alarms(ctx)
	now := time.Now()
	switch {
	case err != nil:
		fmt.Fprintf(&r, "alarms at %s: %v\n", clock(now), err)
	case len(as) == 0:
		fmt.Fprintf(&r, "alarms at %s: none\n", clock(now))
	}
	for _, a := range as {
		period := "once"
		if a.PeriodInMinutes != nil {
			period = fmt.Sprintf("every %v min", *a.PeriodInMinutes)
		}
		at := time.UnixMilli(int64(a.ScheduledTime))
		fmt.Fprintf(&r, "alarm %q at %s (%s after %s), %s\n", a.Name, clock(at), at.Sub(now).Round(time.Millisecond), clock(now), period)
	}
	return r.String()
}

func clock(t time.Time) string { return t.Format("15:04:05.000") }

// stamp is a time of the worker's, "none" for the zero time.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "none"
	}
	return clock(t.Local()) // as the alarms beside it
}
