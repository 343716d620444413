package msg

import (
	"cmp"
	"slices"
	"strings"
)

// Sending to many chats (群发): a run is the entries of one request, one
// entry per chat, each with its own ClientMsgId, so that the outbox's
// write-before/write-after rule keeps every chat from getting the run
// twice. The run itself (Outbox.Runs) holds what the entries share: the
// spacing, the cap per hour and whether the person paused it.

// Names of the runs' requests; all from the extension's pages.
const (
	// OutboxRunAdd: RunBody → RunStatus. Makes a run.
	OutboxRunAdd = "outbox.runAdd"
	// OutboxRunGet, OutboxRunPause, OutboxRunResume, OutboxRunStop:
	// IDBody → RunStatus. Stop cancels the run's queued entries.
	OutboxRunGet    = "outbox.runGet"
	OutboxRunPause  = "outbox.runPause"
	OutboxRunResume = "outbox.runResume"
	OutboxRunStop   = "outbox.runStop"
)

// Bounds of a run.
const (
	DefaultRunSpacingMs = 3000
	MinRunSpacingMs     = 1000
	DefaultRunPerHour   = 100
	// MaxRunPerHour: the spacing of a second lets no more go in an hour.
	MaxRunPerHour = 3600
	// MaxRunChats bounds one run (the outbox holds MaxPending entries).
	MaxRunChats = 300
)

// Run is what a run's entries share, in Outbox.Runs by ID.
type Run struct {
	ID      string `json:"id"`
	Account string `json:"account,omitempty"`
	// SpacingMs is the least time between two of the run's sends.
	SpacingMs int `json:"spacingMs"`
	// PerHour caps the run's sends in any hour.
	PerHour int `json:"perHour"`
	// Paused: the person paused it; its entries wait, and are not missed.
	Paused  bool `json:"paused,omitempty"`
	Stopped bool `json:"stopped,omitempty"`
	// LastSend is when the run's last send request went out (Unix ms);
	// Sends are its last PerHour send requests, oldest first.
	LastSend int64   `json:"lastSend,omitempty"`
	Sends    []int64 `json:"sends,omitempty"`
	// Active is the last time the run moved (made, resumed, a send): its
	// entries are missed only a grace period after both it and their time.
	Active  int64 `json:"active,omitempty"`
	Created int64 `json:"created"`
	// Upload is the run's file as uploaded once in the login UploadLogin
	// (to UploadTo): its other chats send the same MediaId, as a forward
	// does, rather than upload the file again for each.
	Upload      *Upload `json:"upload,omitempty"`
	UploadLogin string  `json:"uploadLogin,omitempty"`
	UploadTo    string  `json:"uploadTo,omitempty"`
	// UploadPerChat: WeChat refused the shared MediaId for another chat;
	// each chat then uploads the file for itself.
	UploadPerChat bool `json:"uploadPerChat,omitempty"`
}

// SharedUpload is the upload r's entry e may send instead of uploading
// its file again in the login login: the run's, made of the same file.
func (r Run) SharedUpload(e Entry, login string) (*Upload, bool) {
	if r.Upload == nil || r.UploadPerChat || e.File == nil || r.UploadLogin == "" || r.UploadLogin != login || r.Upload.FileID != e.File.ID {
		return nil, false
	}
	u := *r.Upload
	return &u, true
}

// RunBody asks for a run: To are UserNames of the current login (each
// chat once), Text the message with placeholders {name} (the remark
// name, else the nick name) and {nick}, File a file stored in IndexedDB
// (FileDB). With both, each chat gets the text, then the file.
type RunBody struct {
	ID        string   `json:"id,omitempty"`
	To        []string `json:"to"`
	Text      string   `json:"text"`
	File      *FileRef `json:"file,omitempty"`
	At        int64    `json:"at,omitempty"`
	Repeat    Repeat   `json:"repeat,omitempty"`
	SpacingMs int      `json:"spacingMs,omitempty"`
	PerHour   int      `json:"perHour,omitempty"`
}

// Normalized fills the spacing and the cap with their defaults and bounds.
func (b RunBody) Normalized() RunBody {
	if b.SpacingMs == 0 {
		b.SpacingMs = DefaultRunSpacingMs
	}
	b.SpacingMs = min(max(b.SpacingMs, MinRunSpacingMs), MaxSpacingMs)
	if b.PerHour <= 0 {
		b.PerHour = DefaultRunPerHour
	}
	b.PerHour = min(b.PerHour, MaxRunPerHour)
	return b
}

// Fill is a run's text for one chat.
func Fill(text string, r Recipient) string {
	return strings.NewReplacer("{name}", r.Name(), "{nick}", r.NickName).Replace(text)
}

// RunResult is where a run's chat stands.
type RunResult string

const (
	RunWaiting RunResult = "waiting"
	RunSent    RunResult = "sent"
	RunFailed  RunResult = "failed"
	// RunNotSent: cancelled (stopped) or missed; uncertain too, since it
	// may or may not have arrived.
	RunNotSent   RunResult = "notSent"
	RunUncertain RunResult = "uncertain"
)

// ResultOf is the result of a run's entry in state s.
func ResultOf(s EntryState) RunResult {
	switch s {
	case EntrySent:
		return RunSent
	case EntryFailed:
		return RunFailed
	case EntryUncertain:
		return RunUncertain
	case EntryCancelled, EntryMissed:
		return RunNotSent
	}
	return RunWaiting
}

// RunChat is one chat of a run.
type RunChat struct {
	Entry string `json:"entry"`
	Name  string `json:"name"`
	Text  string `json:"text"`
	// File is the name of the file this message of the chat sends.
	File   string    `json:"file,omitempty"`
	Result RunResult `json:"result"`
	Error  *Error    `json:"error,omitempty"`
	Slot   int64     `json:"slot"`
}

// RunStatus is a run and its chats (of its latest occurrence, for a
// repeating run).
type RunStatus struct {
	Run
	Total  int               `json:"total"`
	Counts map[RunResult]int `json:"counts"`
	// Done: no chat waits.
	Done bool `json:"done"`
	// PauseUntil: WeChat asked to slow down (Ret 1205); nothing goes
	// until then (Unix ms).
	PauseUntil int64     `json:"pauseUntil,omitempty"`
	Chats      []RunChat `json:"chats"`
}

// StatusOf is the status of run id in rec.
func StatusOf(rec Outbox, id string) (RunStatus, bool) {
	r, ok := rec.Runs[id]
	if !ok {
		return RunStatus{}, false
	}
	st := RunStatus{Run: r, Counts: map[RunResult]int{}, PauseUntil: rec.PauseUntil}
	var es []Entry
	var last int64
	for _, e := range rec.Entries {
		if e.Run == id {
			es = append(es, e)
			last = max(last, e.Slot)
		}
	}
	// A chat's text before its file (they share its RunSeq).
	slices.SortFunc(es, func(a, b Entry) int { return cmp.Or(a.RunSeq-b.RunSeq, cmp.Compare(a.Created, b.Created)) })
	for _, e := range es {
		if e.Slot != last {
			continue
		}
		c := RunChat{Entry: e.ID, Name: e.To.Name(), Text: e.Text, Result: ResultOf(e.State), Error: e.Error, Slot: e.Slot}
		if e.File != nil {
			c.File = e.File.Name
		}
		st.Chats = append(st.Chats, c)
		st.Counts[c.Result]++
	}
	st.Total = len(st.Chats)
	st.Done = st.Counts[RunWaiting] == 0
	return st, true
}

// APIRun is what wxdrop.run(id) resolves with.
type APIRun struct {
	ID         string       `json:"id"`
	Total      int          `json:"total"`
	Sent       int          `json:"sent"`
	Failed     int          `json:"failed"`
	NotSent    int          `json:"notSent"`
	Uncertain  int          `json:"uncertain"`
	Waiting    int          `json:"waiting"`
	Done       bool         `json:"done"`
	Paused     bool         `json:"paused"`
	Stopped    bool         `json:"stopped"`
	PauseUntil int64        `json:"pauseUntil,omitempty"`
	Chats      []APIRunChat `json:"chats"`
}

// APIRunChat is one chat of APIRun.
type APIRunChat struct {
	Name   string    `json:"name"`
	Text   string    `json:"text"`
	File   string    `json:"file,omitempty"`
	Result RunResult `json:"result"`
	Error  *Error    `json:"error,omitempty"`
}
