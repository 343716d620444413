package core

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/schedule"
)

// TestPopupListsOfOneWriter: two writes of the popup's lists at once (a
// publish under sessMu beside a fetch's or a rerank's storeContacts) leave
// the contact list and the search list of one of them, of one stamp. The
// first writer is held between its two writes until the second has done
// what it can: interleaved, the second's contact list stayed beside the
// first's search list, and instant.js gave no row of the first keystroke
// a UserName until the next write.
func TestPopupListsOfOneWriter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &gatedStorage{vals: map[string]string{}, gate: msg.SearchKey, release: make(chan struct{})}
		c := New(Env{Storage: s, Clock: utcClock{}})
		first := []msg.Contact{{UserName: "@a", NickName: "a"}, {UserName: "@b", NickName: "b"}}
		second := []msg.Contact{{UserName: "@c", NickName: "c"}}
		errs := make(chan error, 2)
		go func() { errs <- c.writePopupList(context.Background(), first, "@me", false) }()
		synctest.Wait() // the first holds before its search list
		go func() { errs <- c.writePopupList(context.Background(), second, "@me", false) }()
		synctest.Wait() // the second wrote both, or waits for the first
		close(s.release)
		require.NoError(t, <-errs)
		require.NoError(t, <-errs)

		var cs msg.Contacts
		var sl msg.SearchList
		require.NoError(t, json.Unmarshal([]byte(s.vals[msg.ContactsKey]), &cs))
		require.NoError(t, json.Unmarshal([]byte(s.vals[msg.SearchKey]), &sl))
		require.Equal(t, cs.Stamp, sl.Stamp, "the contact list of %d chats beside a search list of %d", len(cs.Contacts), len(sl.Display))
		require.Len(t, sl.Display, len(cs.Contacts))
	})
}

// A writer waiting for the other gives up with its context.
func TestPopupListWriterGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &gatedStorage{vals: map[string]string{}, gate: msg.SearchKey, release: make(chan struct{})}
		c := New(Env{Storage: s, Clock: utcClock{}})
		errs := make(chan error, 1)
		go func() { errs <- c.writePopupList(context.Background(), nil, "@me", false) }()
		synctest.Wait()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		require.ErrorIs(t, c.writePopupList(ctx, nil, "@me", false), context.Canceled)
		close(s.release)
		require.NoError(t, <-errs)
	})
}

// gatedStorage keeps JSON text by key; the first write of key gate
// waits until release is closed.
type gatedStorage struct {
	mu      sync.Mutex
	vals    map[string]string
	gate    string
	gated   bool
	release chan struct{}
}

func (s *gatedStorage) Get(_ context.Context, _ browser.Area, key string, v any) (bool, error) {
	s.mu.Lock()
	text, ok := s.vals[key]
	s.mu.Unlock()
	if !ok {
		return false, nil
	}
	return true, json.Unmarshal([]byte(text), v)
}

func (s *gatedStorage) Set(_ context.Context, _ browser.Area, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	s.mu.Lock()
	hold := key == s.gate && !s.gated
	s.gated = s.gated || hold
	s.mu.Unlock()
	if hold {
		<-s.release
	}
	s.mu.Lock()
	s.vals[key] = string(b)
	s.mu.Unlock()
	return nil
}

// utcClock is the Clock New needs: the outbox asks it for the zone.
type utcClock struct{}

func (utcClock) Now() time.Time                                    { return time.Now() }
func (utcClock) Zone() schedule.Zone                               { return nil }
func (utcClock) SetAlarm(context.Context, string, time.Time) error { return nil }
