package outbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/httpdoer"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/schedule"
)

// errStopped is what a stopped worker's storage and network give: nothing.
var errStopped = errors.New("the worker was stopped")

// worker is what one wake of the service worker has: the stop switch its
// storage, files and network obey. A test stops it after a given number of
// record writes, or right after a request reached the server.
type worker struct {
	stopped atomic.Bool
	// writesLeft: the record writes that still land (-1: no limit).
	writesLeft atomic.Int64
	// stopAfterSend stops the worker once a send request was handled by
	// the server, before its answer arrives.
	stopAfterSend atomic.Bool
	// mem are the downloads of this wake, not stored: the browser keeps a
	// download in memory and stores it when Files.Persist asks.
	mu        sync.Mutex
	mem       map[string][]byte
	persisted []string
}

func newWorker() *worker {
	w := &worker{mem: map[string][]byte{}}
	w.writesLeft.Store(-1)
	return w
}

// disk is what outlives a worker: storage.local and IndexedDB.
type disk struct {
	mu       sync.Mutex
	record   []byte
	settings msg.Settings
	files    map[string][]byte
	writes   int
}

func newDisk() *disk { return &disk{files: map[string][]byte{}, settings: msg.DefaultSettings()} }

// store is one worker's view of the disk.
type store struct {
	d *disk
	w *worker
}

func (s store) Load(context.Context) (string, error) {
	if s.w.stopped.Load() {
		return "", errStopped
	}
	s.d.mu.Lock()
	defer s.d.mu.Unlock()
	return string(s.d.record), nil
}

func (s store) Save(_ context.Context, text string) error {
	if s.w.stopped.Load() {
		return errStopped
	}
	if n := s.w.writesLeft.Load(); n == 0 {
		s.w.stopped.Store(true)
		return errStopped
	} else if n > 0 {
		s.w.writesLeft.Add(-1)
	}
	s.d.mu.Lock()
	s.d.record = []byte(text)
	s.d.writes++
	s.d.mu.Unlock()
	return nil
}

func (s store) Settings(context.Context) (msg.Settings, error) {
	s.d.mu.Lock()
	defer s.d.mu.Unlock()
	return s.d.settings, nil
}

func (s store) SaveSettings(_ context.Context, set msg.Settings) error {
	s.d.mu.Lock()
	s.d.settings = set
	s.d.mu.Unlock()
	return nil
}

type memFile struct{ *bytes.Reader }

func (f memFile) Size() int64 { return f.Reader.Size() }

type files struct {
	d *disk
	w *worker
}

func (f files) Open(_ context.Context, id string) (outbox.File, error) {
	if f.w.stopped.Load() {
		return nil, errStopped
	}
	f.w.mu.Lock()
	b, ok := f.w.mem[id]
	f.w.mu.Unlock()
	if ok {
		return memFile{bytes.NewReader(b)}, nil
	}
	f.d.mu.Lock()
	defer f.d.mu.Unlock()
	b, ok = f.d.files[id]
	if !ok {
		return nil, errors.New("no such file")
	}
	return memFile{bytes.NewReader(b)}, nil
}

func (f files) Delete(_ context.Context, id string) error {
	if f.w.stopped.Load() {
		return errStopped
	}
	f.w.mu.Lock()
	delete(f.w.mem, id)
	f.w.mu.Unlock()
	f.d.mu.Lock()
	delete(f.d.files, id)
	f.d.mu.Unlock()
	return nil
}

// Persist stores a download of this wake on the disk.
func (f files) Persist(_ context.Context, id string) {
	if f.w.stopped.Load() {
		return
	}
	f.w.mu.Lock()
	b, ok := f.w.mem[id]
	delete(f.w.mem, id)
	if ok {
		f.w.persisted = append(f.w.persisted, id)
	}
	f.w.mu.Unlock()
	if ok {
		f.d.put(id, b)
	}
}

func (f files) List(context.Context) ([]string, error) {
	f.d.mu.Lock()
	defer f.d.mu.Unlock()
	var ids []string
	for id := range f.d.files {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids, nil
}

func (d *disk) put(id string, b []byte) {
	d.mu.Lock()
	d.files[id] = b
	d.mu.Unlock()
}

func (d *disk) has(id string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, ok := d.files[id]
	return ok
}

// doer is the worker's fetch: a stopped worker makes no new request; one
// that stops after a send loses the answer of a request the server
// handled. refuse, when set, fails requests before they connect.
type doer struct {
	// next is the simulator's client of the current login.
	next   func() *http.Client
	w      *worker
	refuse atomic.Int64
	// before, when set, sees each request first.
	before func(*http.Request)
}

func (d *doer) Do(r *http.Request) (*http.Response, error) {
	if d.w.stopped.Load() {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errStopped}
	}
	if d.before != nil {
		d.before(r)
	}
	if d.refuse.Load() > 0 {
		d.refuse.Add(-1)
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	}
	resp, err := d.next().Do(r)
	if d.w.stopAfterSend.Load() && isSend(r.URL.Path) {
		if resp != nil {
			resp.Body.Close()
		}
		d.w.stopped.Store(true)
		return nil, errStopped
	}
	return resp, err
}

func isSend(path string) bool {
	for _, p := range []string{"webwxsendmsg", "webwxsendmsgimg", "webwxsendappmsg", "webwxsendvideomsg", "webwxsendemoticon"} {
		if len(path) >= len(p) && path[len(path)-len(p):] == p {
			return true
		}
	}
	return false
}

// link is the session of wxsim's current login.
type link struct {
	sim  *wxsim.Server
	doer *doer
	w    *worker
}

func (l link) Login(context.Context) (string, bool, error) {
	ss, ok := l.sim.CurrentSession()
	if !ok {
		return "", false, nil
	}
	return ss.UserName, !ss.LoggedOut, nil
}

func (l link) client() (*protocol.Client, error) {
	ss, ok := l.sim.CurrentSession()
	if !ok {
		return nil, &msg.Error{Code: msg.ErrLoggedOut}
	}
	return protocol.NewClient(httpdoer.New(l.doer), ss.Protocol(), protocol.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }))
}

func (l link) Chats(ctx context.Context) ([]msg.Contact, error) {
	cl, err := l.client()
	if err != nil {
		return nil, err
	}
	all, err := cl.Contacts(ctx)
	if err != nil {
		return nil, err
	}
	var out []msg.Contact
	for _, c := range all {
		out = append(out, msg.Contact{UserName: c.UserName, NickName: c.NickName, RemarkName: c.RemarkName, Group: c.IsGroup(),
			Alias: c.Alias, Sex: c.Sex, Province: c.Province, City: c.City})
	}
	return out, nil
}

// Account: the fake has one account, the default.
func (l link) Account(context.Context) (string, error) { return "", nil }

// Fresh: Chats always fetches.
func (l link) Fresh(ctx context.Context) ([]msg.Contact, error) { return l.Chats(ctx) }

func (l link) Do(_ context.Context, f func(*protocol.Client) error) error {
	cl, err := l.client()
	if err != nil {
		return err
	}
	return f(cl)
}

// effects records what the person was shown.
type effects struct {
	mu      sync.Mutex
	notices []outbox.Notice
	pending int
	wake    time.Time
	// wakes are every wake-up set, in order.
	wakes []time.Time
}

func (e *effects) Notify(_ context.Context, n outbox.Notice) {
	if n.Quiet {
		return
	}
	e.mu.Lock()
	e.notices = append(e.notices, n)
	e.mu.Unlock()
}

func (e *effects) Pending(_ context.Context, n int) {
	e.mu.Lock()
	e.pending = n
	e.mu.Unlock()
}

func (e *effects) Wake(_ context.Context, t time.Time) {
	e.mu.Lock()
	e.wake = t
	e.wakes = append(e.wakes, t)
	e.mu.Unlock()
}

func (e *effects) Progress(context.Context, string, *msg.Progress) {}

func (e *effects) kinds() []outbox.NoticeKind {
	e.mu.Lock()
	defer e.mu.Unlock()
	var k []outbox.NoticeKind
	for _, n := range e.notices {
		k = append(k, n.Kind)
	}
	return k
}

// clock is a clock the test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func (c *clock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

var shanghai = func() *time.Location {
	l, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return l
}()

// rig is a simulator, a disk, a clock, and the current worker's outbox.
type rig struct {
	t     *testing.T
	sim   *wxsim.Server
	disk  *disk
	clock *clock
	fx    *effects
	w     *worker
	doer  *doer
	ob    *outbox.Outbox
	web   *web
	// rand, if set, makes the ClientMsgIds' random digits.
	rand func(int) int
	// deadlines, if set, are the outbox's (from the next restart).
	deadlines outbox.Deadlines
}

func newRig(t *testing.T, cfg wxsim.Config) *rig {
	t.Helper()
	sim, err := wxsim.New(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { sim.Close() })
	_, err = sim.Login("wx.qq.com")
	require.NoError(t, err)
	r := &rig{t: t, sim: sim, disk: newDisk(), clock: &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, shanghai)},
		web: &web{pages: map[string]outbox.Fetched{}, errs: map[string]error{}, fetches: map[string]int{}, stalls: map[string]int{},
			holds: map[string]chan struct{}{}, heldTooLong: map[string]bool{}}}
	r.restart()
	return r
}

// restart is a new wake of the worker: a new Outbox over the same disk.
func (r *rig) restart() {
	r.w = newWorker()
	r.doer = &doer{next: r.sim.Client, w: r.w}
	r.fx = &effects{}
	r.ob = outbox.New(outbox.Config{
		Store: store{r.disk, r.w}, Files: files{r.disk, r.w},
		Link:    link{sim: r.sim, doer: r.doer, w: r.w},
		Effects: r.fx, Zone: schedule.LocationZone{Loc: shanghai}, Now: r.clock.Now,
		Fetch: &fetcher{d: r.disk, w: r.w, web: r.web}, Manual: true, Rand: r.rand,
		Deadlines: r.deadlines,
	})
}

// web is a fake of the sites a context menu's sources are on: a URL's
// answer, or the error its fetch ends with.
type web struct {
	mu    sync.Mutex
	pages map[string]outbox.Fetched
	errs  map[string]error
	// fetches counts the fetches of each URL.
	fetches map[string]int
	// stopDuring stops the worker in the middle of the next fetch.
	stopDuring bool
	// stalls counts the next fetches of a URL that get no byte until the
	// step's deadline (or, without one, a long while: see hang).
	stalls map[string]int
	// holds: a fetch of the URL waits until its channel is closed, and
	// says in heldTooLong if it waited hangGuard instead.
	holds       map[string]chan struct{}
	heldTooLong map[string]bool
}

// hold waits while url is held.
func (w *web) hold(ctx context.Context, url string) {
	w.mu.Lock()
	held := w.holds[url]
	w.mu.Unlock()
	if held == nil {
		return
	}
	select {
	case <-held:
	case <-ctx.Done():
	case <-time.After(hangGuard):
		w.mu.Lock()
		w.heldTooLong[url] = true
		w.mu.Unlock()
	}
}

// stall reports whether this fetch of url stalls, and counts it if so.
func (w *web) stall(url string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stalls[url] == 0 {
		return false
	}
	w.stalls[url]--
	w.fetches[url]++
	return true
}

type fetcher struct {
	d   *disk
	w   *worker
	web *web
}

func (f *fetcher) Fetch(ctx context.Context, src msg.Source, limit int64, progress func(done, total int64)) (outbox.Fetched, error) {
	if f.w.stopped.Load() {
		return outbox.Fetched{}, &msg.Error{Code: msg.ErrUnreachable}
	}
	f.web.hold(ctx, src.URL)
	stalled := f.web.stall(src.URL)
	if stalled {
		select {
		case <-ctx.Done():
			return outbox.Fetched{}, ctx.Err()
		case <-time.After(hangGuard):
			// No deadline came: it answers, and the test tells.
		}
	}
	f.web.mu.Lock()
	defer f.web.mu.Unlock()
	if !stalled {
		f.web.fetches[src.URL]++
	}
	if err := f.web.errs[src.URL]; err != nil {
		delete(f.web.errs, src.URL) // once
		return outbox.Fetched{}, err
	}
	got, ok := f.web.pages[src.URL]
	if !ok {
		return outbox.Fetched{}, &msg.Error{Code: msg.ErrSourceRefused, Detail: "404"}
	}
	if got.File != nil {
		if got.File.Size > limit {
			return outbox.Fetched{}, &msg.Error{Code: msg.ErrOutboxFull}
		}
		ref := *got.File
		ref.ID = newFileID()
		// In the wake's memory, as the browser keeps a download.
		f.w.mu.Lock()
		f.w.mem[ref.ID] = pdf(int(ref.Size) - 9)
		f.w.mu.Unlock()
		progress(ref.Size, ref.Size)
		got.File = &ref
	}
	if f.web.stopDuring {
		f.web.stopDuring = false
		f.w.stopped.Store(true)
		return outbox.Fetched{}, errStopped
	}
	return got, nil
}

var fileIDs atomic.Int64

func newFileID() string { return fmt.Sprintf("fetched-%d", fileIDs.Add(1)) }

func (r *rig) add(b msg.AddBody) []msg.Entry {
	r.t.Helper()
	es, err := r.ob.Add(context.Background(), b)
	require.NoError(r.t, err)
	return es
}

// step runs what is due and returns the next wake.
func (r *rig) step() time.Time {
	r.t.Helper()
	next, err := r.ob.Step(context.Background())
	require.NoError(r.t, err)
	if !next.IsZero() {
		next = next.In(shanghai)
	}
	return next
}

// drain steps, moving the clock to each wake, until nothing waits for a
// time or limit passes.
func (r *rig) drain(limit time.Duration) {
	r.t.Helper()
	end := r.clock.Now().Add(limit)
	for {
		next := r.step()
		if next.IsZero() || next.After(end) {
			return
		}
		if next.After(r.clock.Now()) {
			r.clock.Set(next)
		}
	}
}

func (r *rig) record() msg.Outbox {
	r.t.Helper()
	var o msg.Outbox
	r.disk.mu.Lock()
	defer r.disk.mu.Unlock()
	if r.disk.record != nil {
		require.NoError(r.t, json.Unmarshal(r.disk.record, &o))
	}
	return o
}

func (r *rig) entry(id string) msg.Entry {
	r.t.Helper()
	e, ok := r.record().Entries[id]
	require.True(r.t, ok, "entry %s", id)
	return e
}

// sentCount is how many messages of a ClientMsgId the server took.
func (r *rig) sentCount(clientMsgID string) int {
	n := 0
	for _, m := range r.sim.Messages() {
		if m.ClientMsgID == clientMsgID {
			n++
		}
	}
	return n
}
