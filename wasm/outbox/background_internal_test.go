package outbox

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// A download that ends while Step plans (here: while the plan lets go of
// a file) leaves that plan stale: it saw the entry still downloading, so
// it had nothing to do now and a look a guard ahead. Step then must plan
// again, not return that plan: the fetched entry is due now, and a
// returned plan's wake-up (a timer, or an alarm Chrome puts 30 s ahead)
// would hold it while the worker may be stopped.
func TestStepPlansAgainWhenADownloadEndsMeanwhile(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	var clockMu sync.Mutex
	now := t0
	clock := func() time.Time {
		clockMu.Lock()
		defer clockMu.Unlock()
		return now
	}
	keep := time.Duration(msg.DefaultKeepDays) * 24 * time.Hour
	rec := msg.Outbox{Entries: map[string]msg.Entry{
		// Due, from a link: downloaded first.
		"f": {ID: "f", To: msg.Recipient{NickName: "张三"}, State: msg.EntryQueued, Slot: ms(t0.Add(-time.Minute)), Due: ms(t0.Add(-time.Minute)),
			Content: msg.Content{Kind: msg.KindFile, Source: &msg.Source{URL: "https://a.test/p", As: "link"}}},
		// Sent long ago: forgotten (its file let go) once the clock moved
		// on a little, at the plan made while the download goes on.
		"x": {ID: "x", To: msg.Recipient{NickName: "李四"}, State: msg.EntrySent, Done: ms(t0.Add(-keep + time.Minute)),
			Content: msg.Content{Kind: msg.KindFile, File: &msg.FileRef{ID: "fx", Name: "a.pdf"}}},
	}}
	moved, finish := make(chan struct{}), make(chan struct{})
	var o *Outbox
	fetch := fetchFunc(func(ctx context.Context) (Fetched, error) {
		clockMu.Lock()
		now = t0.Add(2 * time.Minute)
		clockMu.Unlock()
		close(moved)
		<-finish
		return Fetched{Text: "a page https://a.test/p"}, nil
	})
	files := deleteHook(func(id string) {
		if id != "fx" {
			return
		}
		// The download ends now, before Step looks whether one runs.
		o.fetches.mu.Lock()
		done := o.fetches.done
		o.fetches.mu.Unlock()
		close(finish)
		<-done
	})
	link := loginHook{second: moved}
	store := storeOf(rec)
	o = New(Config{Store: store, Files: files, Link: &link, Effects: &wakes{}, Fetch: fetch, Now: clock, Manual: true})

	if _, err := o.Step(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := store.record(t)
	if _, ok := got.Entries["x"]; ok {
		t.Fatal("the old entry was not forgotten: the test did not take the path it is about")
	}
	if e := got.Entries["f"]; e.State == msg.EntryQueued {
		t.Fatalf("Step returned with the fetched entry due and untouched (%s, %q)", e.State, e.Text)
	}
}

type fetchFunc func(ctx context.Context) (Fetched, error)

func (f fetchFunc) Fetch(ctx context.Context, _ msg.Source, _ int64, _ func(done, total int64)) (Fetched, error) {
	return f(ctx)
}

// deleteHook is noFiles whose Delete calls f first.
type deleteHook func(id string)

func (deleteHook) Open(ctx context.Context, id string) (File, error) { return noFiles{}.Open(ctx, id) }
func (f deleteHook) Delete(_ context.Context, id string) error       { f(id); return nil }
func (deleteHook) List(context.Context) ([]string, error)            { return nil, nil }
func (deleteHook) Persist(context.Context, string)                   {}

// loginHook is loggedIn whose second Login (the second plan's) waits for
// second to be closed.
type loginHook struct {
	loggedIn
	mu     sync.Mutex
	calls  int
	second chan struct{}
}

func (l *loginHook) Login(ctx context.Context) (string, bool, error) {
	l.mu.Lock()
	l.calls++
	n := l.calls
	l.mu.Unlock()
	if n == 2 {
		<-l.second
	}
	return l.loggedIn.Login(ctx)
}
