package model

import (
	"maps"
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

func TestParseOutbox(t *testing.T) {
	t.Parallel()
	ob, err := ParseOutbox(`{"entries":{"a":{"id":"a","state":"sent"},"b":{"state":"queued","to":{"userName":"@x","nickName":"张三"}}},"pauseUntil":5}`)
	if err != nil {
		t.Fatal(err)
	}
	if len(ob.Entries) != 2 || ob.Entries["b"].ID != "b" || ob.Entries["b"].To.Name() != "张三" || ob.PauseUntil != 5 {
		t.Errorf("ParseOutbox = %+v", ob)
	}
	if ob, err := ParseOutbox(""); err != nil || len(ob.Entries) != 0 {
		t.Errorf(`ParseOutbox("") = %+v, %v`, ob, err)
	}
	if _, err := ParseOutbox("[1]"); err == nil {
		t.Error("ParseOutbox of an array: no error")
	}
	p, err := ParseProgress(`{"a":{"done":5,"size":10}}`)
	if err != nil || p["a"] != (msg.Progress{Done: 5, Size: 10}) {
		t.Errorf("ParseProgress = %v, %v", p, err)
	}
	if p, err := ParseProgress(""); err != nil || len(p) != 0 {
		t.Errorf(`ParseProgress("") = %v, %v`, p, err)
	}
}

func TestSplit(t *testing.T) {
	t.Parallel()
	e := func(id string, scheduled bool, st msg.EntryState, due, updated int64) msg.Entry {
		return msg.Entry{ID: id, Scheduled: scheduled, State: st, Due: due, Updated: updated}
	}
	// run is an entry of run r, to its chat seq, made at created; due 10
	// is an occurrence that went out (sent).
	run := func(id, r string, seq int, due, created int64) msg.Entry {
		en := msg.Entry{ID: id, Scheduled: true, State: msg.EntryQueued, Due: due, Created: created, Updated: 1, Run: r, RunSeq: seq}
		if due == 10 {
			en.State = msg.EntrySent
		}
		return en
	}
	tests := []struct {
		name              string
		entries           []msg.Entry
		scheduled, recent string
		finished          bool
		runChats          map[string]int
	}{
		{"empty", nil, "", "", false, nil},
		{"scheduled soonest first, ID breaks ties",
			[]msg.Entry{e("c", true, msg.EntryQueued, 30, 1), e("b", true, msg.EntryQueued, 10, 1), e("a", true, msg.EntryUploading, 10, 9), e("d", true, msg.EntrySending, 20, 1)},
			"a,b,d,c", "", false, nil},
		{"recent newest first: sends of now in any state and scheduled ones that are over",
			[]msg.Entry{e("n1", false, msg.EntryQueued, 0, 5), e("n2", false, msg.EntrySent, 0, 7), e("s1", true, msg.EntrySent, 3, 6),
				e("s2", true, msg.EntryMissed, 4, 7), e("s3", true, msg.EntryQueued, 50, 1), e("n3", false, msg.EntryUploading, 0, 9)},
			"s3", "n3,s2,n2,s1,n1", true, nil},
		{"failed, uncertain and cancelled are finished",
			[]msg.Entry{e("a", false, msg.EntryFailed, 0, 1), e("b", false, msg.EntryUncertain, 0, 2), e("c", true, msg.EntryCancelled, 9, 3)},
			"", "c,b,a", true, nil},
		{"nothing finished while all wait", []msg.Entry{e("a", false, msg.EntrySending, 0, 1), e("b", true, msg.EntryQueued, 1, 1)}, "b", "a", false, nil},
		{"a scheduled run is one row, its first entry of its next time; a run of now is a row a message",
			[]msg.Entry{run("r2", "R", 1, 20, 2), run("r1", "R", 0, 20, 2), run("r0", "R", 0, 20, 1), run("rs", "R", 0, 10, 0),
				e("x", true, msg.EntryQueued, 15, 1), run("q1", "Q", 0, 5, 1), run("q2", "Q", 1, 5, 2)},
			"q1,x,r0", "rs", true, map[string]int{"R": 2, "Q": 2}},
	}
	ids := func(es []msg.Entry) string {
		var s []string
		for _, e := range es {
			s = append(s, e.ID)
		}
		return strings.Join(s, ",")
	}
	for _, tt := range tests {
		ob := msg.Outbox{Entries: map[string]msg.Entry{}}
		for _, e := range tt.entries {
			ob.Entries[e.ID] = e
		}
		l := Split(ob)
		if got := ids(l.Scheduled); got != tt.scheduled {
			t.Errorf("%s: scheduled %s, want %s", tt.name, got, tt.scheduled)
		}
		if got := ids(l.Recent); got != tt.recent {
			t.Errorf("%s: recent %s, want %s", tt.name, got, tt.recent)
		}
		if l.Finished != tt.finished {
			t.Errorf("%s: finished %v, want %v", tt.name, l.Finished, tt.finished)
		}
		if len(l.RunChats)+len(tt.runChats) > 0 && !maps.Equal(l.RunChats, tt.runChats) {
			t.Errorf("%s: run chats %v, want %v", tt.name, l.RunChats, tt.runChats)
		}
	}
}

func TestNextOf(t *testing.T) {
	t.Parallel()
	went := msg.Entry{ID: "a", Repeat: msg.RepeatDaily, Slot: 100, State: msg.EntrySent}
	later := msg.Entry{ID: "b", Series: "a", Repeat: msg.RepeatDaily, Slot: 200, State: msg.EntryQueued}
	tests := []struct {
		name    string
		e       msg.Entry
		entries []msg.Entry
		want    string
	}{
		{"the next of a first occurrence, by its ID", went, []msg.Entry{went, later}, "b"},
		{"the next of a later occurrence, by its Series", msg.Entry{ID: "b", Series: "a", Repeat: msg.RepeatDaily, Slot: 200, State: msg.EntrySent},
			[]msg.Entry{went, {ID: "b", Series: "a", Repeat: msg.RepeatDaily, Slot: 200, State: msg.EntrySent}, {ID: "c", Series: "a", Repeat: msg.RepeatDaily, Slot: 300, State: msg.EntryQueued}}, "c"},
		{"none made yet", went, []msg.Entry{went}, ""},
		{"a message that does not repeat", msg.Entry{ID: "a", Slot: 100, State: msg.EntrySent}, []msg.Entry{later}, ""},
		{"another series", went, []msg.Entry{went, {ID: "x", Series: "z", Repeat: msg.RepeatDaily, Slot: 200, State: msg.EntryQueued}}, ""},
		{"one that is no longer queued", went, []msg.Entry{went, {ID: "b", Series: "a", Repeat: msg.RepeatDaily, Slot: 200, State: msg.EntryCancelled}}, ""},
		{"an earlier one of the series", msg.Entry{ID: "b", Series: "a", Repeat: msg.RepeatDaily, Slot: 200, State: msg.EntrySent},
			[]msg.Entry{{ID: "a", Series: "", Repeat: msg.RepeatDaily, Slot: 100, State: msg.EntryQueued}, {ID: "q", Series: "a", Repeat: msg.RepeatDaily, Slot: 150, State: msg.EntryQueued}}, ""},
		{"the earliest of two", went, []msg.Entry{went, {ID: "c", Series: "a", Repeat: msg.RepeatDaily, Slot: 300, State: msg.EntryQueued}, later}, "b"},
	}
	for _, tt := range tests {
		ob := msg.Outbox{Entries: map[string]msg.Entry{}}
		for _, x := range tt.entries {
			ob.Entries[x.ID] = x
		}
		got, ok := NextOf(ob, tt.e)
		if ok != (tt.want != "") || got.ID != tt.want {
			t.Errorf("%s: NextOf = %q, %v; want %q", tt.name, got.ID, ok, tt.want)
		}
	}
}
