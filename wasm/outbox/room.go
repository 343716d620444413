package outbox

// The record's room in storage.local: how the browser counts it, and the
// history forgotten to keep it within its bound.

import (
	"bytes"
	"encoding/json"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// maxRecordBytes keeps the record well inside storage.local's 10 MiB, as
// the browser counts it (quotaBytes).
const maxRecordBytes = 8 << 20

// quotaBytes is v's JSON as storage.local's quota counts it, which
// maxRecordBytes bounds for the record. The worker stores the record as a
// string of JSON, and Chromium counts a stored value as JSON again: each
// '"' and '\' of the text takes two bytes of the quota, so a text of
// 16 KB of backslashes, 32 KB of JSON, took 64 KB of it, and the length
// of the JSON alone let a page script fill the quota with the outbox
// still under its bound (security.md row 83). encoding/json escapes more
// than the browser counts ('<', '>', '&' and controls as \u00XX), so
// this is never less than the browser's count.
func quotaBytes(v any) int {
	b, err := json.Marshal(v)
	if err != nil {
		return 0
	}
	return len(b) + 2 + bytes.Count(b, []byte{'"'}) + bytes.Count(b, []byte{'\\'})
}

// makeRoom forgets the oldest finished entries while the record is too
// large, and returns the files they held. Finished entries are history
// (the popup's list, kept for the days the settings say): texts a forward
// rule passed on from a contact filled the record with them, and every
// later send was OUTBOX_FULL for those days (security.md row 84).
// Entries that wait are never dropped: fits is false when they alone
// are too large, and the caller refuses.
func makeRoom(rec *msg.Outbox) (release []string, fits bool) {
	size := quotaBytes(*rec)
	if size <= maxRecordBytes {
		return nil, true
	}
	var done []msg.Entry
	for _, e := range rec.Entries {
		if e.State.Final() {
			done = append(done, e)
		}
	}
	sortByDoneDesc(done)
	for i := len(done) - 1; i >= 0 && size > maxRecordBytes; i-- {
		e := done[i]
		delete(rec.Entries, e.ID)
		// Less than the entry took in the record (its key, its comma), so
		// the record fits when size says so.
		size -= quotaBytes(e)
		if e.File != nil {
			release = append(release, e.File.ID)
		}
	}
	changed := false
	pruneRuns(rec, &changed)
	return release, size <= maxRecordBytes
}
