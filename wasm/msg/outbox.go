package msg

import jl "github.com/wxdrop/wxdrop/wasm/jsonlite"

// The outbox: every message wxdrop sends (now, scheduled, from a context
// menu or from automation) is an Entry in one record in storage.local
// (OutboxKey), written by the service worker before and after each network
// step, so that a stopped worker or a restarted browser resumes it and
// never sends it twice. The pages read the record and follow its changes;
// they change it only by asking the worker.

// Names of the outbox's requests; all from the extension's pages.
const (
	// OutboxAdd: AddBody → Entry. A message to send now (At 0) or at At.
	OutboxAdd = "outbox.add"
	// OutboxEdit: EditBody → Entry. Changes a queued entry.
	OutboxEdit = "outbox.edit"
	// OutboxCancel: IDBody → Entry. A queued entry is cancelled (its
	// repeat ends with it).
	OutboxCancel = "outbox.cancel"
	// OutboxSendNow: IDBody → Entry. A queued entry is due now; a failed,
	// missed or uncertain one is queued again, with its ClientMsgId.
	OutboxSendNow = "outbox.sendNow"
	// OutboxClear → nothing: forgets the finished entries.
	OutboxClear = "outbox.clear"
	// GetSettings → Settings; SetSettings: Settings → Settings.
	GetSettings = "settings.get"
	SetSettings = "settings.set"
)

// Storage keys of the outbox.
const (
	OutboxKey   = "outbox"   // storage.local: Outbox
	SettingsKey = "settings" // storage.local: Settings
	ProgressKey = "progress" // storage.session: map of Progress by entry ID
	// FocusKey is storage.session: the entry a notification was clicked
	// for; the popup shows it and removes the key.
	FocusKey = "focus"
)

// EntryState is where an outbox entry stands:
//
//	queued → uploading → queued (uploaded) → sending → sent
//
// or it ends failed (with the reason), uncertain (the send may have
// reached the server: never resent without the person), missed (its time
// plus the grace period passed without a session), or cancelled.
type EntryState string

const (
	EntryQueued    EntryState = "queued"
	EntryUploading EntryState = "uploading"
	EntrySending   EntryState = "sending"
	EntrySent      EntryState = "sent"
	EntryFailed    EntryState = "failed"
	EntryUncertain EntryState = "uncertain"
	EntryMissed    EntryState = "missed"
	EntryCancelled EntryState = "cancelled"
)

// Final reports whether an entry in state s will not change unless the
// person asks (send again).
func (s EntryState) Final() bool {
	switch s {
	case EntrySent, EntryFailed, EntryUncertain, EntryMissed, EntryCancelled:
		return true
	}
	return false
}

// Pending reports whether an entry in state s still waits to go out: the
// toolbar badge counts these.
func (s EntryState) Pending() bool {
	return s == EntryQueued || s == EntryUploading || s == EntrySending
}

// Repeat is how a scheduled message repeats (schedule.Repeat's values).
type Repeat string

const (
	RepeatNone     Repeat = ""
	RepeatDaily    Repeat = "daily"
	RepeatWeekdays Repeat = "weekdays"
	RepeatWeekly   Repeat = "weekly"
	RepeatMonthly  Repeat = "monthly"
)

// Recipient is who a message goes to. A UserName is valid only in the
// login that gave it (§3.4), so an entry also keeps what tells the chat
// apart in the next login; the chat is found again at send time, and
// nothing is sent when no chat or more than one matches.
type Recipient struct {
	// UserName is the chat's @-name in the login of Login.
	UserName string `json:"userName"`
	// Login is the account's own UserName when UserName was valid.
	Login      string `json:"login,omitempty"`
	NickName   string `json:"nickName,omitempty"`
	RemarkName string `json:"remarkName,omitempty"`
	Group      bool   `json:"group,omitempty"`
	// What else tells two chats of the same name apart.
	Alias    string `json:"alias,omitempty"`
	Sex      int    `json:"sex,omitempty"`
	Province string `json:"province,omitempty"`
	City     string `json:"city,omitempty"`
	// Unsaved: a group not saved to the contacts, which another login
	// does not find by its name (Contact.Unsaved).
	Unsaved bool `json:"unsaved,omitempty"`
}

// Name is what a person calls the chat: its remark name, else its nick.
func (r Recipient) Name() string {
	if r.RemarkName != "" {
		return r.RemarkName
	}
	return r.NickName
}

// Recipient describes chat c of the login whose own UserName is login.
func (c Contact) Recipient(login string) Recipient {
	return Recipient{
		UserName: c.UserName, Login: login,
		NickName: c.NickName, RemarkName: c.RemarkName, Group: c.Group,
		Alias: c.Alias, Sex: c.Sex, Province: c.Province, City: c.City, Unsaved: c.Unsaved,
	}
}

// Is reports whether chat c, of another login than r's, is the chat r
// describes: what the person knows it by, its remark name if r had one
// (a nick name changes at the other person's whim, a remark only at the
// account's), else its nick name; a group exactly when r is; and every
// other detail r recorded (alias, sex, province, city) still the same.
//
// A group must be saved to the contacts, as r was: a group that is not
// saved is told from another of its name by nothing a login keeps, and
// anyone who can add the person to a group makes one of any name.
func (r Recipient) Is(c Contact) bool {
	if c.Group != r.Group || (r.Group && (r.Unsaved || c.Unsaved)) {
		return false
	}
	if r.RemarkName != "" {
		if c.RemarkName != r.RemarkName {
			return false
		}
	} else if r.NickName == "" || c.NickName != r.NickName {
		return false
	}
	return (r.Alias == "" || c.Alias == r.Alias) &&
		(r.Sex == 0 || c.Sex == r.Sex) &&
		(r.Province == "" || c.Province == r.Province) &&
		(r.City == "" || c.City == r.City)
}

// Entry is one message of the outbox.
type Entry struct {
	ID string    `json:"id"`
	To Recipient `json:"to"`
	// Account is the ID (AccountInfo.ID) of the account that made the
	// entry: it leaves from that account only, and waits for its login.
	// Empty in entries made before accounts were told apart: they go
	// from the popup's account.
	Account string `json:"account,omitempty"`
	// Content is what the entry sends. Embedded, so that its fields are
	// the entry's own in storage.local (an entry written before Content
	// existed loads as it is).
	Content
	// Scheduled: made with a time in the schedule form (else: send now).
	Scheduled bool `json:"scheduled,omitempty"`
	// Shared: sent from outside the popup (a context menu, a keyboard
	// command), so the person is told when it went out.
	Shared bool `json:"shared,omitempty"`
	// Chosen: the person chose the chat for this message (the popup's
	// composer, a menu item, the keyboard command). Sent, it becomes the
	// chat sent to last, which the menu lists first and the keyboard
	// command sends the current page to. A page script's, a rule's or a
	// run's message does not choose it: a script on the WeChat page, or a
	// contact who sets off an auto-reply, would otherwise pick where the
	// person's next page goes.
	Chosen bool `json:"chosen,omitempty"`
	// Slot is the occurrence's scheduled time; Due is when it is to go
	// out (equal, unless "send now" or a retry moved it). Unix ms.
	Slot   int64  `json:"slot"`
	Due    int64  `json:"due"`
	Repeat Repeat `json:"repeat,omitempty"`
	// Series is shared by the occurrences of one repeating schedule.
	Series string `json:"series,omitempty"`
	// ClientMsgID is fixed when the entry is made and sent on every try.
	ClientMsgID string     `json:"clientMsgId"`
	State       EntryState `json:"state"`
	Error       *Error     `json:"error,omitempty"`
	// Waiting says why a due entry does not go out yet: LOGGED_OUT,
	// TOO_FREQUENT, NETWORK (an Error code). Empty when it is not held.
	Waiting Code `json:"waiting,omitempty"`
	// Notified is set once the person was told the entry waits.
	Notified bool `json:"notified,omitempty"`
	// Tries counts send requests made for this entry.
	Tries int `json:"tries,omitempty"`
	// Retries counts the tries in a row that certainly sent nothing (no
	// connection); RetryAt is when the next may go (Unix ms).
	Retries int    `json:"retries,omitempty"`
	RetryAt int64  `json:"retryAt,omitempty"`
	MsgID   string `json:"msgId,omitempty"`
	// Created, Updated and Done (when it reached a final state): Unix ms.
	Created int64 `json:"created"`
	Updated int64 `json:"updated"`
	Done    int64 `json:"done,omitempty"`
	// Upload is what the upload answered, kept so that a resumed entry
	// does not upload again; it is valid in the login of UploadLogin.
	Upload      *Upload `json:"upload,omitempty"`
	UploadLogin string  `json:"uploadLogin,omitempty"`
	// NextMade: the next occurrence of the repeat was made.
	NextMade bool `json:"nextMade,omitempty"`
	// Run is the run (Outbox.Runs) the entry is one chat of; RunSeq its
	// place in the run's order.
	Run    string `json:"run,omitempty"`
	RunSeq int    `json:"runSeq,omitempty"`
}

// Upload is an uploaded file's handle (protocol.UploadResult).
type Upload struct {
	MediaID   string `json:"mediaId"`
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	Size      int64  `json:"size"`
	Ext       string `json:"ext,omitempty"`
	Signature string `json:"signature,omitempty"`
	// FileID is the outbox file (FileRef.ID) uploaded: a run's chats
	// share the upload of the same file only.
	FileID string `json:"fileId,omitempty"`
}

// Outbox is the record under OutboxKey.
type Outbox struct {
	Entries map[string]Entry `json:"entries"`
	// LastSend is when the last send request went out (Unix ms), so that
	// the spacing holds across a restarted worker.
	LastSend int64 `json:"lastSend,omitempty"`
	// PauseUntil holds every send after a Ret 1205 (Unix ms).
	PauseUntil int64 `json:"pauseUntil,omitempty"`
	// Orphans are files in IndexedDB that no entry refers to, with when
	// they were first seen so (Unix ms): a page stores a file just before
	// it asks to send it, so only old orphans are deleted.
	Orphans map[string]int64 `json:"orphans,omitempty"`
	// Runs are the runs to many chats that entries belong to, by ID.
	Runs map[string]Run `json:"runs,omitempty"`
}

// Progress is an upload's progress, in storage.session (ProgressKey).
type Progress struct {
	Done int64 `json:"done"`
	Size int64 `json:"size"`
	// Fetching: the file is being downloaded from its Source (else
	// uploaded).
	Fetching bool `json:"fetching,omitempty"`
}

// AddBody asks the outbox to send a message. Text, File or both (two
// entries, text first); File is a Blob the page stored in IndexedDB.
type AddBody struct {
	// ID, when set, is the id of the (first) entry made: 16 hex digits
	// not yet taken. The page API's content script names it, so that it
	// can ask for the outcome after a stopped worker.
	ID string `json:"id,omitempty"`
	// To is a UserName of the current login.
	To string `json:"to,omitempty"`
	// Recipient, instead of To, is a chat known by its names (a recent
	// chat of a context menu), found when the entry is sent.
	Recipient *Recipient `json:"recipient,omitempty"`
	// Shared: see Entry.Shared.
	Shared bool     `json:"shared,omitempty"`
	Text   string   `json:"text,omitempty"`
	File   *FileRef `json:"file,omitempty"`
	// Emoticon is a known sticker's MD5 (see Entry.Emoticon).
	Emoticon string `json:"emoticon,omitempty"`
	// Source is a file on the web to fetch and send (instead of File).
	Source *Source `json:"source,omitempty"`
	// At is when to send (Unix ms); 0 is now.
	At     int64  `json:"at,omitempty"`
	Repeat Repeat `json:"repeat,omitempty"`
}

// Fields is the pages' codec of a AddBody (codec.go says why); a field
// added above needs its line here (TestCodecsAreEncodingJSONs).
func (x *AddBody) Fields(f *jl.Fields) {
	jl.Str(f, "id", &x.ID, jl.OmitEmpty)
	jl.Str(f, "to", &x.To, jl.OmitEmpty)
	jl.Ptr(f, "recipient", &x.Recipient, jl.OmitEmpty)
	jl.Bool(f, "shared", &x.Shared, jl.OmitEmpty)
	jl.Str(f, "text", &x.Text, jl.OmitEmpty)
	jl.Ptr(f, "file", &x.File, jl.OmitEmpty)
	jl.Str(f, "emoticon", &x.Emoticon, jl.OmitEmpty)
	jl.Ptr(f, "source", &x.Source, jl.OmitEmpty)
	jl.Int(f, "at", &x.At, jl.OmitEmpty)
	jl.Str(f, "repeat", &x.Repeat, jl.OmitEmpty)
}

// AddResult is the answer to OutboxAdd: the entries made.
type AddResult struct {
	Entries []Entry `json:"entries"`
}

// EditBody changes a queued entry: the fields set replace its own.
type EditBody struct {
	ID     string  `json:"id"`
	To     string  `json:"to,omitempty"`
	Text   *string `json:"text,omitempty"`
	At     int64   `json:"at,omitempty"`
	Repeat *Repeat `json:"repeat,omitempty"`
}

// IDBody names an entry.
type IDBody struct {
	ID string `json:"id"`
}

// Settings are the person's choices, in storage.local (SettingsKey).
type Settings struct {
	// GraceMinutes: how late a message may still go out after its time
	// when it could not go at its time (logged out, browser closed).
	GraceMinutes int `json:"graceMinutes"`
	// SpacingMs is the least time between two sends.
	SpacingMs int `json:"spacingMs"`
	// KeepDays: finished entries are forgotten after this many days.
	KeepDays int `json:"keepDays"`
}

// Defaults and bounds of the settings.
const (
	DefaultGraceMinutes = 10
	DefaultSpacingMs    = 1000
	DefaultKeepDays     = 7
	MaxGraceMinutes     = 24 * 60
	MinSpacingMs        = 500
	MaxSpacingMs        = 60_000
	MaxKeepDays         = 365
)

// DefaultSettings are the settings of a new install.
func DefaultSettings() Settings {
	return Settings{GraceMinutes: DefaultGraceMinutes, SpacingMs: DefaultSpacingMs, KeepDays: DefaultKeepDays}
}

// Normalized returns s with every unset or out-of-range field replaced by
// its default or its bound.
func (s Settings) Normalized() Settings {
	d := DefaultSettings()
	if s.GraceMinutes <= 0 {
		s.GraceMinutes = d.GraceMinutes
	}
	s.GraceMinutes = min(s.GraceMinutes, MaxGraceMinutes)
	if s.SpacingMs <= 0 {
		s.SpacingMs = d.SpacingMs
	}
	s.SpacingMs = min(max(s.SpacingMs, MinSpacingMs), MaxSpacingMs)
	if s.KeepDays <= 0 {
		s.KeepDays = d.KeepDays
	}
	s.KeepDays = min(s.KeepDays, MaxKeepDays)
	return s
}

// Limits of the outbox, told to the person when reached.
const (
	// MaxPending is how many entries may wait to go out at once.
	MaxPending = 500
	// MaxFileBytes is the total size of the files the outbox holds.
	MaxFileBytes = 2 << 30
	// MaxTextBytes bounds one text message (UTF-8).
	MaxTextBytes = 16 << 10
	// MaxFinished is how many finished entries are kept at most, newest
	// first, whatever KeepDays says (storage.local holds 10 MiB).
	MaxFinished = 300
)
