// Package outbox is wxdrop's durable outbox: every message the extension
// sends, now or at a time, is an entry in one record that is written before
// and after each network step. A service worker stopped at any point, a
// restarted browser, a logged-out session or a flaky network therefore
// never loses a message, and never sends one twice: an entry whose send
// request may have reached the server is marked uncertain and is only sent
// again when the person asks.
//
// It is plain Go over small interfaces (Store, Files, Link, Effects), so the
// state machine is tested natively against wxsim, including a worker
// stopped between every pair of steps.
package outbox

import (
	"context"
	"encoding/hex"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/randbytes"
	"github.com/wxdrop/wxdrop/wasm/schedule"
)

// Store keeps the outbox record and the settings (storage.local). The
// record goes as its JSON text, which the Outbox writes and reads itself:
// it keeps the record decoded between steps while the text stored is the
// one it knows (record.go).
type Store interface {
	// Load is the record's JSON text ("" when none is stored).
	Load(ctx context.Context) (string, error)
	Save(ctx context.Context, text string) error
	Settings(ctx context.Context) (msg.Settings, error)
	SaveSettings(ctx context.Context, s msg.Settings) error
}

// File is a file of the outbox, read one chunk at a time.
type File interface {
	io.ReaderAt
	Size() int64
}

// Files are the outbox's Blobs (IndexedDB).
type Files interface {
	Open(ctx context.Context, id string) (File, error)
	Delete(ctx context.Context, id string) error
	// List names every stored file.
	List(ctx context.Context) ([]string, error)
	// Persist starts making a file durable that may be only in memory (a
	// download is uploaded from memory, and stored only if it must
	// outlive the upload); it does not wait. The outbox calls it when an
	// entry with a file goes back to waiting or ends unsent.
	Persist(ctx context.Context, id string)
}

// Link is the web WeChat session the outbox sends with.
type Link interface {
	// Login is the account's own UserName in the current login; ok is
	// false when there is no session to send with (the name, if known,
	// is the last login's). Login, Chats and Do act for the account ctx
	// names (WithAccount).
	Login(ctx context.Context) (userName string, ok bool, err error)
	// Chats are the chats of the current login.
	Chats(ctx context.Context) ([]msg.Contact, error)
	// Do runs f with a client of the current session.
	Do(ctx context.Context, f func(*protocol.Client) error) error
	// Account is the ID of the account ctx acts for (see WithAccount;
	// without one, the default account), recorded in the entries made.
	Account(ctx context.Context) (string, error)
	// Fresh fetches the chats of the current login again, now: a send
	// refused for a UserName that is not of this login finds its chat
	// again in them.
	Fresh(ctx context.Context) ([]msg.Contact, error)
}

// Fetcher downloads what an entry's Source points at (a context menu's
// image, link, video or audio), when the entry's turn comes.
type Fetcher interface {
	// Fetch downloads src into the Files, at most limit bytes (more is
	// refused with OUTBOX_FULL). A link that is a web page is not kept:
	// Fetched has its Text (title and URL) instead of a File. Errors are
	// *msg.Error with the reason (NO_SITE_ACCESS, SOURCE_UNREACHABLE,
	// SOURCE_REFUSED, SOURCE_NOT_USABLE, EMPTY_FILE, OUTBOX_FULL).
	Fetch(ctx context.Context, src msg.Source, limit int64, progress func(done, total int64)) (Fetched, error)
}

// Fetched is what a Source turned out to be: a stored file of a kind, or
// a text.
type Fetched struct {
	File *msg.FileRef
	Kind msg.EntryKind
	Text string
}

// KindOf is the kind of an entry that sends a file as k.
func KindOf(k protocol.Kind) msg.EntryKind { return msg.EntryKind(k.String()) }

// Effects are what the person sees of the outbox outside its list.
type Effects interface {
	// Notify tells the person about an entry (chrome.notifications).
	Notify(ctx context.Context, n Notice)
	// Pending shows how many entries wait to go out (the toolbar badge).
	Pending(ctx context.Context, n int)
	// Wake asks to run again at t, even if the worker is stopped before
	// (chrome.alarms); a zero t clears it.
	Wake(ctx context.Context, t time.Time)
	// Progress shows an upload's progress; nil clears it.
	Progress(ctx context.Context, id string, p *msg.Progress)
}

// NoticeKind is what a notification tells.
type NoticeKind string

const (
	NoticeSent      NoticeKind = "sent"
	NoticeFailed    NoticeKind = "failed"
	NoticeMissed    NoticeKind = "missed"
	NoticeUncertain NoticeKind = "uncertain"
	// NoticeWaiting: due entries wait for a login; Count of them.
	NoticeWaiting NoticeKind = "waiting"
)

// Notice is one notification.
type Notice struct {
	Kind  NoticeKind
	Entry msg.Entry
	Count int
	// Grace is the settings' grace period (for the waiting text).
	Grace time.Duration
	// Quiet: nothing to show the person (a message sent at once went
	// out); the listener still learns of it.
	Quiet bool
}

// Config is what an Outbox works with.
type Config struct {
	Store   Store
	Files   Files
	Link    Link
	Effects Effects
	// Fetch downloads Sources; nil refuses entries with one.
	Fetch Fetcher
	// Zone is the person's time zone, for repeats.
	Zone schedule.Zone
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// Rand makes the ClientMsgIds' random digits; nil is crypto/rand.
	Rand protocol.Rand
	// Manual: the outbox runs only when Step is called, never in the
	// background (tests that step the clock by hand).
	Manual bool
	// Deadlines bound the network parts of a step (zero: the defaults).
	Deadlines Deadlines
}

// Outbox runs the entries of one record. One Outbox runs per service
// worker wake; a new one over the same Store resumes where the last one
// stopped.
type Outbox struct {
	cfg Config
	ids protocol.IDs

	// mu serialises every read-modify-write of the record, and guards
	// inflight and lastPending.
	mu sync.Mutex
	// inflight are the entries this Outbox works on now. An entry found
	// uploading or sending that is not in flight was left by a stopped
	// worker.
	inflight map[string]bool
	// guardAt is the wake-up set for the network steps under way (under
	// guardMu: a download moves it on beside another step).
	guardMu     sync.Mutex
	guardAt     time.Time
	lastPending int
	// fetches is the download going on beside Step's other steps.
	fetches background
	// swept is set once this Outbox looked for orphaned files.
	swept bool
	// changed is closed at the next save of the record (and replaced):
	// what Changed gives. changedMu guards it (not mu, which a step may
	// hold for a while).
	changedMu sync.Mutex
	changed   chan struct{}

	runMu   sync.Mutex
	running bool
	again   bool
	timer   *time.Timer
	idle    *sync.Cond
	// runs counts the runs (under runMu); wakeMu and wokeRun order their
	// final wake-ups: a run that ended earlier but sets its alarm later
	// must not undo the alarm of a newer one (it would clear the alarm
	// of an entry added meanwhile).
	runs    int
	curRun  int // the run going on now (set when it starts)
	wakeMu  sync.Mutex
	wokeRun int
	// settling counts the runs that ended but are still setting their
	// last wake-up (under runMu; the wake-up is set outside it: the alarm
	// is a browser call).
	settling int
	// st is what the runner does now (State).
	st runState
	// rec is the record as last read or written (under mu).
	rec recordCache
}

// New returns an Outbox over cfg.
func New(cfg Config) *Outbox {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rand == nil {
		cfg.Rand = cryptoRand
	}
	cfg.Deadlines = cfg.Deadlines.withDefaults()
	o := &Outbox{cfg: cfg, inflight: map[string]bool{}, lastPending: -1, fetches: newBackground()}
	o.ids = protocol.IDs{Now: cfg.Now, Rand: cfg.Rand}
	o.idle = sync.NewCond(&o.runMu)
	return o
}

func cryptoRand(n int) int {
	var b [8]byte
	randbytes.Read(b[:])
	var v uint64
	for _, x := range b {
		v = v<<8 | uint64(x)
	}
	return int(v % uint64(n))
}

// clientMsgID is a ClientMsgId that no entry of rec, nor of made, has.
// It is the page's: the time in milliseconds and three random digits
// (§2), so entries made in one millisecond (a text and its file, a
// request of several files) would share one once in a thousand; a
// send is known by its ClientMsgId (a revoke names it, and a repeat of
// an uncertain send uses it again), so each entry has its own. After
// 100 draws that are all taken, the next millisecond's are tried.
func (o *Outbox) clientMsgID(rec msg.Outbox, made []msg.Entry) string {
	used := func(id string) bool {
		for _, e := range made {
			if e.ClientMsgID == id {
				return true
			}
		}
		for _, e := range rec.Entries {
			if e.ClientMsgID == id {
				return true
			}
		}
		return false
	}
	ids := o.ids
	for n := 1; ; n++ {
		id := ids.ClientMsgID()
		if !used(id) {
			return id
		}
		if n%100 == 0 {
			shift := time.Duration(n/100) * time.Millisecond
			ids.Now = func() time.Time { return o.ids.Now().Add(shift) }
		}
	}
}

// isID: an id newID could have made.
func isID(s string) bool {
	return len(s) == 16 && strings.Trim(s, "0123456789abcdef") == ""
}

func newID() string {
	b := make([]byte, 8)
	randbytes.Read(b)
	return hex.EncodeToString(b)
}

func (o *Outbox) now() time.Time { return o.cfg.Now() }

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMs(v int64) time.Time { return time.UnixMilli(v) }

// Changed returns a channel closed when this Outbox next writes its
// record. A caller waiting for an entry to change reads the record once,
// then waits on it, instead of reading the record again and again (the
// record is this Outbox's alone to write: nothing else changes it).
func (o *Outbox) Changed() <-chan struct{} {
	o.changedMu.Lock()
	defer o.changedMu.Unlock()
	if o.changed == nil {
		o.changed = make(chan struct{})
	}
	return o.changed
}

func pendingCount(rec msg.Outbox) int {
	n := 0
	for _, e := range rec.Entries {
		if e.State.Pending() {
			n++
		}
	}
	return n
}

// settings are the person's settings, normalized.
func (o *Outbox) settings(ctx context.Context) (msg.Settings, error) {
	s, err := o.cfg.Store.Settings(ctx)
	return s.Normalized(), err
}

// Settings answers msg.GetSettings.
func (o *Outbox) Settings(ctx context.Context) (msg.Settings, error) { return o.settings(ctx) }

// SetSettings stores s (normalized) and answers it; a changed grace or
// spacing applies at once.
func (o *Outbox) SetSettings(ctx context.Context, s msg.Settings) (msg.Settings, error) {
	s = s.Normalized()
	if err := o.cfg.Store.SaveSettings(ctx, s); err != nil {
		return s, err
	}
	o.Kick()
	return s, nil
}

// refuse is a refusal told to the person.
func refuse(code msg.Code, detail string) error { return &msg.Error{Code: code, Detail: detail} }

// update applies f to entry id under the lock and saves the record. f
// returns an error to leave the record unchanged.
func (o *Outbox) update(ctx context.Context, id string, f func(rec *msg.Outbox, e *msg.Entry) error) (msg.Entry, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	rec, err := o.load(ctx)
	if err != nil {
		return msg.Entry{}, err
	}
	e, ok := rec.Entries[id]
	if !ok {
		return msg.Entry{}, refuse(msg.ErrNoEntry, "")
	}
	if err := f(&rec, &e); err != nil {
		return e, err
	}
	e.Updated = ms(o.now())
	rec.Entries[id] = e
	return e, o.save(ctx, rec)
}

// ErrorOf turns what went wrong into a code a person's text is chosen by.
func ErrorOf(err error) *msg.Error {
	var me *msg.Error
	var pe *protocol.Error
	var he *protocol.HTTPError
	var te *protocol.TransportError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &me):
		return me
	case errors.Is(err, protocol.ErrUncertain):
		return &msg.Error{Code: msg.ErrUncertain}
	case errors.Is(err, protocol.ErrLoggedOut):
		return &msg.Error{Code: msg.ErrLoggedOut}
	case errors.Is(err, protocol.ErrTooFrequent):
		return &msg.Error{Code: msg.ErrTooFrequent}
	case errors.Is(err, protocol.ErrEmptyFile):
		return &msg.Error{Code: msg.ErrEmptyFile}
	case errors.Is(err, protocol.ErrFileRead):
		return &msg.Error{Code: msg.ErrFileRead}
	case errors.As(err, &pe):
		return &msg.Error{Code: msg.ErrServer, Detail: "Ret " + strconv.Itoa(pe.Ret)}
	case errors.As(err, &he):
		return &msg.Error{Code: msg.ErrServer, Detail: "HTTP " + strconv.Itoa(he.StatusCode)}
	case errors.As(err, &te), errors.Is(err, protocol.ErrBadResponse),
		// A step's deadline met outside a request (a look at the login
		// or the chats that returned ctx's error as it is): nothing was
		// sent. A send cut short is an UncertainError, matched above.
		errors.Is(err, context.DeadlineExceeded):
		return &msg.Error{Code: msg.ErrNetwork}
	}
	return &msg.Error{Code: msg.ErrInternal, Detail: err.Error()}
}
