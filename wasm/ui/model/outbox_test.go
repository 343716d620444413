package model

import (
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
	tests := []struct {
		name              string
		entries           []msg.Entry
		scheduled, recent string
		finished          bool
	}{
		{"empty", nil, "", "", false},
		{"scheduled soonest first, ID breaks ties",
			[]msg.Entry{e("c", true, msg.EntryQueued, 30, 1), e("b", true, msg.EntryQueued, 10, 1), e("a", true, msg.EntryUploading, 10, 9), e("d", true, msg.EntrySending, 20, 1)},
			"a,b,d,c", "", false},
		{"recent newest first: sends of now in any state and scheduled ones that are over",
			[]msg.Entry{e("n1", false, msg.EntryQueued, 0, 5), e("n2", false, msg.EntrySent, 0, 7), e("s1", true, msg.EntrySent, 3, 6),
				e("s2", true, msg.EntryMissed, 4, 7), e("s3", true, msg.EntryQueued, 50, 1), e("n3", false, msg.EntryUploading, 0, 9)},
			"s3", "n3,s2,n2,s1,n1", true},
		{"failed, uncertain and cancelled are finished",
			[]msg.Entry{e("a", false, msg.EntryFailed, 0, 1), e("b", false, msg.EntryUncertain, 0, 2), e("c", true, msg.EntryCancelled, 9, 3)},
			"", "c,b,a", true},
		{"nothing finished while all wait", []msg.Entry{e("a", false, msg.EntrySending, 0, 1), e("b", true, msg.EntryQueued, 1, 1)}, "b", "a", false},
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
	}
}
