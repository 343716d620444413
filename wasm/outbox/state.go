package outbox

import (
	"sync"
	"time"
)

// RunState is what the runner does at one moment: a test that finds a
// message still queued after its time reports it beside the record and
// the browser's alarms, so that the failure says whether a run was stuck
// (and in which phase), had ended without a timer, or never heard of the
// entry.
type RunState struct {
	// Now is when State was asked (the worker's own clock, as a log's).
	Now time.Time `json:"now"`
	// Runs is how many runs Kick started; Running: one goes on now, and
	// Again: it was asked to look once more when it ends.
	Runs    int  `json:"runs"`
	Running bool `json:"running"`
	Again   bool `json:"again"`
	// Phase is what the run does: "plan" (reading the record and the
	// sessions), "fetch", "upload" or "send" (of Entry), "wake" (setting
	// the alarm); "" between runs. Since is when that phase began.
	Phase string    `json:"phase"`
	Entry string    `json:"entry"`
	Since time.Time `json:"since"`
	// Timer is when the runner's own timer kicks it next (zero: no timer).
	Timer time.Time `json:"timer"`
	// Wake is the last wake-up handed to the alarm (zero: cleared), by
	// run WakeRun at WakeSet; Waking: that call has not returned yet.
	Wake    time.Time `json:"wake"`
	WakeRun int       `json:"wakeRun"`
	WakeSet time.Time `json:"wakeSet"`
	Waking  bool      `json:"waking"`
}

// runState guards a RunState; its lock is taken alone, never around a
// call, so State answers even while a run is stuck.
type runState struct {
	mu sync.Mutex
	s  RunState
}

func (r *runState) set(f func(s *RunState)) {
	r.mu.Lock()
	f(&r.s)
	r.mu.Unlock()
}

// phase records that the current run begins phase p (on entry id).
func (o *Outbox) phase(p, id string) {
	now := time.Now() // the worker's own time, as a log's
	o.st.set(func(s *RunState) { s.Phase, s.Entry, s.Since = p, id, now })
}

// State is what the runner does now.
func (o *Outbox) State() RunState {
	o.runMu.Lock()
	runs, running, again := o.runs, o.running, o.again
	o.runMu.Unlock()
	o.st.mu.Lock()
	s := o.st.s
	o.st.mu.Unlock()
	s.Now, s.Runs, s.Running, s.Again = time.Now(), runs, running, again
	return s
}

// String names a step, for State.
func (s step) String() string {
	switch s {
	case stepUpload:
		return "upload"
	case stepSend:
		return "send"
	case stepFetch:
		return "fetch"
	}
	return "step?"
}
