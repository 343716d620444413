package model

import (
	"cmp"
	"slices"

	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// ParseOutbox reads the outbox record (msg.OutboxKey in storage.local, as
// JSON text). An empty text is an empty outbox: the worker has not made
// the record yet, or it was removed.
func ParseOutbox(text string) (msg.Outbox, error) {
	var ob msg.Outbox
	if text == "" {
		return ob, nil
	}
	if err := jsonlite.Decode(text, &ob); err != nil {
		return msg.Outbox{}, err
	}
	for id, e := range ob.Entries {
		if e.ID == "" {
			e.ID = id
			ob.Entries[id] = e
		}
	}
	return ob, nil
}

// ParseProgress reads the upload progress record (msg.ProgressKey in
// storage.session). An empty text is no upload.
func ParseProgress(text string) (map[string]msg.Progress, error) {
	if text == "" {
		return nil, nil
	}
	var m map[string]msg.Progress
	if err := jsonlite.DecodeValue(text, &m, progressMap); err != nil {
		return nil, err
	}
	return m, nil
}

var progressMap = jsonlite.MapValue[string](jsonlite.ObjectValue[*msg.Progress]())

// Lists are the popup's two lists of the outbox.
type Lists struct {
	// Scheduled are the scheduled entries still to go out, soonest
	// first: what a person may still change.
	Scheduled []msg.Entry
	// Recent is everything else, newest change first: sends of now in
	// any state and scheduled ones that are over.
	Recent []msg.Entry
	// Finished: some entry is in a final state, so "clear finished" has
	// something to clear.
	Finished bool
	// RunChats: a scheduled run to many chats is one row of Scheduled,
	// its first entry of its next time, and goes to this many chats.
	RunChats map[string]int
}

// Split sorts the outbox's entries into the popup's lists. The ID breaks
// ties in both orders, so that rows do not swap places between renders.
func Split(ob msg.Outbox) Lists {
	var l Lists
	// A scheduled run's entries are one row: the first of its next time.
	runs := map[string]msg.Entry{}
	chats := map[string]map[int]bool{}
	for _, e := range ob.Entries {
		if e.Run != "" && e.Scheduled && e.State.Pending() {
			if first, ok := runs[e.Run]; !ok || cmp.Or(cmp.Compare(e.Due, first.Due), e.RunSeq-first.RunSeq, cmp.Compare(e.Created, first.Created)) < 0 {
				runs[e.Run] = e
			}
			if chats[e.Run] == nil {
				chats[e.Run] = map[int]bool{}
			}
			chats[e.Run][e.RunSeq] = true
		}
	}
	for id, e := range runs {
		l.Scheduled = append(l.Scheduled, e)
		if l.RunChats == nil {
			l.RunChats = map[string]int{}
		}
		l.RunChats[id] = len(chats[id])
	}
	for _, e := range ob.Entries {
		if e.Run != "" && e.Scheduled && e.State.Pending() {
			continue
		}
		if e.Scheduled && e.State.Pending() {
			l.Scheduled = append(l.Scheduled, e)
		} else {
			l.Recent = append(l.Recent, e)
		}
		if e.State.Final() {
			l.Finished = true
		}
	}
	slices.SortFunc(l.Scheduled, func(a, b msg.Entry) int {
		return cmp.Or(cmp.Compare(a.Due, b.Due), cmp.Compare(a.ID, b.ID))
	})
	slices.SortFunc(l.Recent, func(a, b msg.Entry) int {
		return cmp.Or(cmp.Compare(b.Updated, a.Updated), cmp.Compare(b.ID, a.ID))
	})
	return l
}

// NextOf is the queued entry that follows e in its repeat (the worker
// makes it, with e's Series or else e's ID as its Series, once e went):
// the one an edit of e goes on with when e went while it was edited.
// It is the earliest such entry after e's slot; ok is false when e does
// not repeat or none is queued yet.
func NextOf(ob msg.Outbox, e msg.Entry) (next msg.Entry, ok bool) {
	if e.Repeat == msg.RepeatNone {
		return msg.Entry{}, false
	}
	series := e.Series
	if series == "" {
		series = e.ID
	}
	for _, x := range ob.Entries {
		if x.ID == e.ID || x.Series != series || x.State != msg.EntryQueued || x.Slot <= e.Slot {
			continue
		}
		if !ok || x.Slot < next.Slot {
			next, ok = x, true
		}
	}
	return next, ok
}
