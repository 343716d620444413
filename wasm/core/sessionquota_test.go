package core_test

import (
	"time"

	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestContactsWithoutRoomForThePopupsLists: storage.session (10 MB in
// Chromium) has no room for all of the popup's lists beside the
// accounts' own (two accounts of 10,000 contacts: e2e
// TestContactsOfTwoLargeAccounts). A failed write of the search list
// failed the whole fetch of the contacts: the popup said they were
// loading, and a new login's list was never stored. Now the account's
// list is stored, the popup's copy if there is room, and the popup's
// question is answered from the account's list; only the search list of
// the popup's first keystroke is none.
func TestContactsWithoutRoomForThePopupsLists(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// room is what storage.session has room for, beside the rest.
		copyFits bool
	}{
		{"room for the popup's copy, not its search list", true},
		{"room for the account's list only", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureWith(t, wxsim.Config{People: append(wxsim.DefaultPeople(), wxsim.GeneratedPeople(2000, 1)...)})
			f.core.Wait()
			size := func(key string) int {
				f.env.mu.Lock()
				defer f.env.mu.Unlock()
				return len(key) + len(f.env.storage[browser.AreaSession][key])
			}
			search, list, own := size(msg.SearchKey), size(msg.ContactsKey), size(msg.AccountContactsPrefix+f.account(t))
			require.Greater(t, search, 100_000, "the search list of 2,000 contacts")
			// A new login: its lists are as long as the old one's. Once
			// its fetch is at the server (the old lists are emptied),
			// storage.session gets room for the new login's list and,
			// if copyFits, the popup's copy, but not the search list.
			arrived, hold := make(chan struct{}), make(chan struct{})
			f.sim.Inject(wxsim.Fault{Endpoint: "webwxgetcontact", Arrived: arrived, Hold: hold})
			_, err := f.sim.Login("wx.qq.com")
			require.NoError(t, err)
			f.ok(t, fromTab, msg.PageSession, f.env.page(), nil)
			<-arrived
			used := 0
			f.env.mu.Lock()
			for k, v := range f.env.storage[browser.AreaSession] {
				used += len(k) + len(v)
			}
			f.env.sessionQuota = used + own + search/2
			if tt.copyFits {
				f.env.sessionQuota += list
			}
			f.env.mu.Unlock()
			close(hold)
			f.core.Wait()

			ss, _ := f.sim.CurrentSession()
			var cs msg.Contacts
			f.ok(t, fromPopup, msg.GetContacts, nil, &cs)
			require.False(t, cs.Loading, "the popup's list is not loading")
			require.Equal(t, ss.UserName, cs.Login, "of the new login")
			require.Greater(t, len(cs.Contacts), 2000)
			require.Contains(t, userNames(cs.Contacts), f.sim.UserName("zhangsan"))
			var sl msg.SearchList
			_, err = f.env.Get(ctx, browser.AreaSession, msg.SearchKey, &sl)
			require.NoError(t, err)
			var stored msg.Contacts
			_, err = f.env.Get(ctx, browser.AreaSession, msg.ContactsKey, &stored)
			require.NoError(t, err)
			if tt.copyFits {
				require.Equal(t, len(cs.Contacts), len(stored.Contacts), "the popup's copy")
				require.Empty(t, sl.Display, "no search list: it had no room")
			} else {
				require.True(t, stored.Loading && len(stored.Contacts) == 0, "no copy: the popup asks")
			}
		})
	}
}

func userNames(cs []msg.Contact) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.UserName)
	}
	return out
}

// TestPopupAskSeesNoOtherLoginsList: the popup's copy of the list is of
// another login or account than the popup's account's (the worker found
// no room for the new one, or wrote the state first). The popup, which
// shows no list of another login now, asks the worker: the answer was
// that copy, whatever its login; it is the account's own list now.
func TestPopupAskSeesNoOtherLoginsList(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	require.NoError(t, f.env.Set(ctx, browser.AreaSession, msg.ContactsKey, msg.Contacts{Login: "@another", Contacts: []msg.Contact{{UserName: "@of-another", NickName: "别人"}}}))
	var cs msg.Contacts
	f.ok(t, fromPopup, msg.GetContacts, nil, &cs)
	ss, _ := f.sim.CurrentSession()
	require.Equal(t, ss.UserName, cs.Login)
	require.NotContains(t, userNames(cs.Contacts), "@of-another")
	require.Contains(t, userNames(cs.Contacts), f.sim.UserName("zhangsan"))
}

// TestPopupAskSeesNoOtherLoginsListWhileLoading: as
// TestPopupAskSeesNoOtherLoginsList, with the account's own list not
// fresh (older than contactsMaxAge, its fetch held at the server): the
// answer is a list that loads, never the copy of another login under
// Loading, which a popup that has not read the state yet would list.
func TestPopupAskSeesNoOtherLoginsListWhileLoading(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.core.Wait()
	f.env.now = func() time.Time { return time.Now().Add(time.Hour) }
	arrived, hold := make(chan struct{}), make(chan struct{})
	f.sim.Inject(wxsim.Fault{Endpoint: "webwxgetcontact", Arrived: arrived, Hold: hold})
	require.NoError(t, f.env.Set(ctx, browser.AreaSession, msg.ContactsKey, msg.Contacts{Login: "@another", Contacts: []msg.Contact{{UserName: "@of-another", NickName: "别人"}}}))
	var cs msg.Contacts
	f.ok(t, fromPopup, msg.GetContacts, nil, &cs)
	<-arrived
	close(hold)
	require.True(t, cs.Loading, "the account's list is being fetched again")
	require.Empty(t, cs.Contacts, "another login's chats are no answer, even loading")
	f.core.Wait()
}

// TestContactsRefreshWithoutRoomButForTheAccountsList: a refresh of a
// large account's list (older than contactsMaxAge) finds storage.session
// with room for the account's list only once both of the popup's lists
// are given up (makeRoomFor, the search list first, then the copy). The
// account's list is stored, and the popup's question answered from it.
func TestContactsRefreshWithoutRoomButForTheAccountsList(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, wxsim.Config{People: append(wxsim.DefaultPeople(), wxsim.GeneratedPeople(2000, 1)...)})
	f.core.Wait()
	f.env.mu.Lock()
	used := 0
	for k, v := range f.env.storage[browser.AreaSession] {
		used += len(k) + len(v)
	}
	search := len(msg.SearchKey) + len(f.env.storage[browser.AreaSession][msg.SearchKey])
	list := len(msg.ContactsKey) + len(f.env.storage[browser.AreaSession][msg.ContactsKey])
	// The search list's room is not enough: the copy gives up its own.
	f.env.sessionQuota = used - search - list/2
	f.env.mu.Unlock()
	f.env.now = func() time.Time { return time.Now().Add(time.Hour) }
	var first, cs msg.Contacts
	f.ok(t, fromPopup, msg.GetContacts, nil, &first)
	require.True(t, first.Loading, "an old list is fetched again")
	f.core.Wait()
	f.ok(t, fromPopup, msg.GetContacts, nil, &cs)
	ss, _ := f.sim.CurrentSession()
	require.False(t, cs.Loading, "the refreshed list is stored and answers")
	require.Equal(t, ss.UserName, cs.Login)
	require.Greater(t, len(cs.Contacts), 2000)
	var stored msg.Contacts
	_, err := f.env.Get(ctx, browser.AreaSession, msg.ContactsKey, &stored)
	require.NoError(t, err)
	require.True(t, stored.Loading && len(stored.Contacts) == 0, "no copy: the popup asks")
}
