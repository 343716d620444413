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
// fetch's storeContacts beside a rerank's, or a publish) leave the contact
// list and the search list of one of them, of one stamp. The first writer
// is held between its two writes until the second has done what it can:
// interleaved, the second's contact list stayed beside the first's search
// list, and instant.js gave no row of the first keystroke a UserName
// until the next write.
func TestPopupListsOfOneWriter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newGatedStorage(msg.ContactsKey, false)
		s.put(msg.AccountKey, "x")
		c := New(Env{Storage: s, Clock: utcClock{}})
		first := accountContacts{Login: "@me", Contacts: []msg.Contact{{UserName: "@a", NickName: "a"}, {UserName: "@b", NickName: "b"}}}
		second := accountContacts{Login: "@me", Contacts: []msg.Contact{{UserName: "@c", NickName: "c"}}}
		errs := make(chan error, 2)
		go func() { errs <- c.storeContacts(context.Background(), "x", first, false) }()
		synctest.Wait() // the first holds between its two writes
		go func() { errs <- c.storeContacts(context.Background(), "x", second, false) }()
		synctest.Wait() // the second wrote both, or waits for the first
		close(s.release)
		require.NoError(t, <-errs)
		require.NoError(t, <-errs)

		cs, sl := s.lists(t)
		require.Equal(t, cs.Stamp, sl.Stamp, "the contact list of %d chats beside a search list of %d", len(cs.Contacts), len(sl.Display))
		require.Len(t, sl.Display, len(cs.Contacts))
	})
}

// TestPopupListsOfTheChosenAccount: a fetch of account x that read x as
// the popup's account just before the popup chose y writes its lists
// before y's are published, not after: written after, x's lists stood
// under y's state (instant.js lists none of them, and popup.wasm listed
// x's chats as y's) until y's were written again.
func TestPopupListsOfTheChosenAccount(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newGatedStorage(msg.AccountKey, true)
		s.put(msg.AccountKey, "x")
		s.put(msg.SessionsKey, map[string]pageSession{
			"x": {Host: "wx.qq.com", Uin: 1, Skey: "k1", UserName: "@x"},
			"y": {Host: "wx2.qq.com", Uin: 2, Skey: "k2", UserName: "@y"},
		})
		s.put(msg.AccountContactsPrefix+"y", accountContacts{Login: "@y", Contacts: []msg.Contact{{UserName: "@y1", NickName: "y1"}}})
		c := New(Env{Storage: s, Clock: utcClock{}})
		xs := accountContacts{Login: "@x", Contacts: []msg.Contact{{UserName: "@x1", NickName: "x1"}}}
		errs := make(chan error, 2)
		go func() { errs <- c.storeContacts(context.Background(), "x", xs, false) }()
		synctest.Wait() // x's fetch read x as the popup's account
		s.put(msg.AccountKey, "y")
		go func() { errs <- c.publish(context.Background()) }()
		synctest.Wait() // y published, or waiting for x's fetch
		close(s.release)
		require.NoError(t, <-errs)
		require.NoError(t, <-errs)

		cs, sl := s.lists(t)
		require.Equal(t, "@y", cs.Login, "the popup's contact list")
		require.Equal(t, "@y", sl.Login, "the popup's search list")
		require.Equal(t, cs.Stamp, sl.Stamp)
	})
}

// TestPopupSearchListWrittenFirst: the search list is written before its
// contact list (writePopupList says why).
func TestPopupSearchListWrittenFirst(t *testing.T) {
	s := newGatedStorage("", false)
	s.put(msg.AccountKey, "x")
	c := New(Env{Storage: s, Clock: utcClock{}})
	require.NoError(t, c.storeContacts(context.Background(), "x", accountContacts{Login: "@me", Contacts: []msg.Contact{{UserName: "@a"}}}, false))
	c.popupListOf = "" // as in a worker started again: publish writes them
	require.NoError(t, c.publish(context.Background()))
	var lists []string
	for _, k := range s.written {
		if k == msg.SearchKey || k == msg.ContactsKey {
			lists = append(lists, k)
		}
	}
	require.Equal(t, []string{msg.SearchKey, msg.ContactsKey, msg.SearchKey, msg.ContactsKey}, lists)
}

// publish writes the popup's lists only when they may not hold the
// popup's account's list as last stored: not after storeContacts wrote
// them, again after storeContacts stored the account's list while
// another account was the popup's.
func TestPublishWritesThePopupListsOnlyWhenTheyMayBeOld(t *testing.T) {
	ctx := context.Background()
	s := newGatedStorage("", false)
	s.put(msg.AccountKey, "x")
	c := New(Env{Storage: s, Clock: utcClock{}})
	lists := func() int {
		n := 0
		for _, k := range s.written {
			if k == msg.SearchKey || k == msg.ContactsKey {
				n++
			}
		}
		return n
	}
	require.NoError(t, c.storeContacts(ctx, "x", accountContacts{Login: "@me", Contacts: []msg.Contact{{UserName: "@a"}}}, false))
	require.Equal(t, 2, lists())
	require.NoError(t, c.publish(ctx))
	require.Equal(t, 2, lists(), "publish wrote the lists storeContacts had just written")

	s.put(msg.AccountKey, "y")
	require.NoError(t, c.storeContacts(ctx, "x", accountContacts{Login: "@me", Contacts: []msg.Contact{{UserName: "@b"}}}, false))
	require.Equal(t, 2, lists(), "x's list is not the popup's while y is")
	s.put(msg.AccountKey, "x")
	require.NoError(t, c.publish(ctx))
	require.Equal(t, 4, lists(), "back to x, publish writes x's list stored meanwhile")
	var cs msg.Contacts
	_, err := s.Get(ctx, browser.AreaSession, msg.ContactsKey, &cs)
	require.NoError(t, err)
	require.Equal(t, []msg.Contact{{UserName: "@b"}}, cs.Contacts)
}

// A writer waiting for the other gives up with its context.
func TestPopupListWriterGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newGatedStorage(msg.SearchKey, false)
		s.put(msg.AccountKey, "x")
		c := New(Env{Storage: s, Clock: utcClock{}})
		errs := make(chan error, 1)
		go func() { errs <- c.storeContacts(context.Background(), "x", accountContacts{}, false) }()
		synctest.Wait()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		require.ErrorIs(t, c.storeContacts(ctx, "x", accountContacts{}, false), context.Canceled)
		require.ErrorIs(t, c.publish(ctx), context.Canceled)
		close(s.release)
		require.NoError(t, <-errs)
	})
}

// gatedStorage keeps JSON text by key; the first write of key gate (the
// first read, with onGet: having read it) waits until release is closed.
type gatedStorage struct {
	mu      sync.Mutex
	vals    map[string]string
	gate    string
	onGet   bool
	gated   bool
	release chan struct{}
	// written are the keys written, in order.
	written []string
}

func newGatedStorage(gate string, onGet bool) *gatedStorage {
	return &gatedStorage{vals: map[string]string{}, gate: gate, onGet: onGet, release: make(chan struct{})}
}

// hold waits for release at the first use of the gate's key.
func (s *gatedStorage) hold(key string, get bool) {
	s.mu.Lock()
	hold := key == s.gate && get == s.onGet && !s.gated
	s.gated = s.gated || hold
	s.mu.Unlock()
	if hold {
		<-s.release
	}
}

func (s *gatedStorage) Get(ctx context.Context, a browser.Area, key string, v any) (bool, error) {
	text, ok, _ := s.GetText(ctx, a, key)
	if !ok {
		return false, nil
	}
	return true, json.Unmarshal([]byte(text), v)
}

func (s *gatedStorage) GetText(_ context.Context, _ browser.Area, key string) (string, bool, error) {
	s.mu.Lock()
	text, ok := s.vals[key]
	s.mu.Unlock()
	s.hold(key, true)
	return text, ok, nil
}

func (s *gatedStorage) Set(ctx context.Context, a browser.Area, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.SetText(ctx, a, key, string(b))
}

func (s *gatedStorage) SetText(_ context.Context, _ browser.Area, key, text string) error {
	s.hold(key, false)
	s.mu.Lock()
	s.vals[key] = text
	s.written = append(s.written, key)
	s.mu.Unlock()
	return nil
}

// put stores v under key, past the gate.
func (s *gatedStorage) put(key string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	s.mu.Lock()
	s.vals[key] = string(b)
	s.mu.Unlock()
}

// lists are the popup's contact list and search list as stored.
func (s *gatedStorage) lists(t *testing.T) (msg.Contacts, msg.SearchList) {
	t.Helper()
	var cs msg.Contacts
	var sl msg.SearchList
	s.mu.Lock()
	defer s.mu.Unlock()
	require.NoError(t, json.Unmarshal([]byte(s.vals[msg.ContactsKey]), &cs))
	require.NoError(t, json.Unmarshal([]byte(s.vals[msg.SearchKey]), &sl))
	return cs, sl
}

// utcClock is the Clock New needs: the outbox asks it for the zone.
type utcClock struct{}

func (utcClock) Now() time.Time                                    { return time.Now() }
func (utcClock) Zone() schedule.Zone                               { return nil }
func (utcClock) SetAlarm(context.Context, string, time.Time) error { return nil }
