package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

type wakes struct{ got []time.Time }

func (w *wakes) Notify(context.Context, Notice)                  {}
func (w *wakes) Pending(context.Context, int)                    {}
func (w *wakes) Progress(context.Context, string, *msg.Progress) {}
func (w *wakes) Wake(_ context.Context, t time.Time)             { w.got = append(w.got, t) }

// TestAnOlderRunCannotUndoANewerWake: run 1 ends (nothing left: clear the
// alarm) but reaches its wake-up after run 2 (an entry added meanwhile,
// due later) set its own; run 1's is dropped, so the alarm stays.
func TestAnOlderRunCannotUndoANewerWake(t *testing.T) {
	w := &wakes{}
	o := &Outbox{cfg: Config{Effects: w}}
	due := time.Date(2026, 12, 2, 18, 10, 0, 0, time.UTC)
	ctx := context.Background()
	o.wake(ctx, 2, due)
	o.wake(ctx, 1, time.Time{})
	o.wake(ctx, 2, due.Add(time.Minute)) // the same run may move its own
	want := []time.Time{due, due.Add(time.Minute)}
	if len(w.got) != len(want) || !w.got[0].Equal(want[0]) || !w.got[1].Equal(want[1]) {
		t.Fatalf("wakes %v, want %v", w.got, want)
	}
}

// memStore is a record's text and settings in memory.
type memStore struct {
	mu   sync.Mutex
	text string
}

// storeOf is a memStore holding rec.
func storeOf(rec msg.Outbox) *memStore {
	text, err := recordText(rec)
	if err != nil {
		panic(err)
	}
	return &memStore{text: text}
}

// record is the record stored, decoded.
func (s *memStore) record(t testing.TB) msg.Outbox {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	var rec msg.Outbox
	if err := json.Unmarshal([]byte(s.text), &rec); err != nil {
		t.Fatal(err)
	}
	return rec
}

func (s *memStore) Load(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.text, nil
}

func (s *memStore) Save(_ context.Context, text string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.text = text
	return nil
}

func (s *memStore) Settings(context.Context) (msg.Settings, error)   { return msg.DefaultSettings(), nil }
func (s *memStore) SaveSettings(context.Context, msg.Settings) error { return nil }

// noFiles has no file; loggedIn is a session that never gets to send
// (the test's entry is not due).
type noFiles struct{}

func (noFiles) Open(context.Context, string) (File, error) { return nil, errors.New("no files") }
func (noFiles) Delete(context.Context, string) error       { return nil }
func (noFiles) List(context.Context) ([]string, error)     { return nil, nil }
func (noFiles) Persist(context.Context, string)            {}

type loggedIn struct{}

func (loggedIn) Login(context.Context) (string, bool, error)  { return "@me", true, nil }
func (loggedIn) Chats(context.Context) ([]msg.Contact, error) { return nil, nil }
func (loggedIn) Account(context.Context) (string, error)      { return "", nil }
func (loggedIn) Fresh(context.Context) ([]msg.Contact, error) { return nil, nil }
func (loggedIn) Do(context.Context, func(*protocol.Client) error) error {
	return errors.New("no network in this test")
}

// heldWake holds the wake-up at held until release is closed.
type heldWake struct {
	wakes
	held             time.Time
	entered, release chan struct{}
}

func (h *heldWake) Wake(ctx context.Context, t time.Time) {
	if t.Equal(h.held) {
		close(h.entered)
		<-h.release
	}
	h.wakes.Wake(ctx, t)
}

// TestWaitCoversTheLastWakeUp: Wait (which an alarm's or a start's event
// awaits, keeping the worker awake) returns only once the run's last
// wake-up, the alarm of the next entry's time, is set, not as soon as
// the run stopped working.
func TestWaitCoversTheLastWakeUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// An hour away: past the runner's own timer, only the alarm wakes it.
		due := time.Now().Add(time.Hour).Truncate(time.Millisecond)
		fx := &heldWake{held: due, entered: make(chan struct{}), release: make(chan struct{})}
		o := New(Config{Store: &memStore{}, Files: noFiles{}, Link: loggedIn{}, Effects: fx})
		_, err := o.Add(context.Background(), msg.AddBody{Recipient: &msg.Recipient{NickName: "张三"}, Text: "in an hour", At: due.UnixMilli()})
		if err != nil {
			t.Fatal(err)
		}
		<-fx.entered
		waited := make(chan struct{})
		go func() {
			o.Wait()
			close(waited)
		}()
		synctest.Wait() // every goroutine of the test is blocked now
		select {
		case <-waited:
			t.Fatal("Wait returned while the run's last wake-up was still being set")
		default:
		}
		close(fx.release)
		<-waited
		if n := len(fx.got); n == 0 || !fx.got[n-1].Equal(due) {
			t.Fatalf("wake-ups %v; want the last at %v", fx.got, due)
		}
	})
}
