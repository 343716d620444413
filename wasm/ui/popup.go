//go:build js && wasm

package ui

import (
	"context"
	"errors"
	"time"

	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

// popup is the toolbar popup: state, chat picker, composer, the outbox.
// It may close at any moment (on blur); every send is handed to the
// worker before the popup says it is done, and nothing else depends on
// the popup staying open.
type popup struct {
	p        *page
	state    *stateView
	picker   *picker
	composer *composer
	many     *manyView
	outbox   *outboxView
	records  *records
	share    *shareView
	// friends is the friend requests' list, once made (after the
	// contacts): it follows the state's accounts.
	friends *friendsList
	// contactsKnown is set once contacts came from a storage change:
	// an initial read that arrives later is older.
	contactsKnown bool
	// changes counts the lists heard from storage.session's changes: an
	// answer of the worker asked for before one of them is older.
	changes int
	// heard is the text of the last list heard from a change.
	heard string
	// asking: a GetContacts is under way; again: asked for meanwhile.
	asking, again bool
	// list is the last contact list heard of; shown is what the picker
	// shows: list when it is of the state's login (model.ListOfState),
	// else a list that loads.
	list, shown msg.Contacts
	// showing: shown is list.
	showing bool
	ready   bool
	readyCh chan struct{}
	// loadingTries counts the GetContacts asked again while the worker
	// says it is still loading.
	loadingTries int
}

// loadingRetry is how long the popup waits for the contact list to show
// up in storage before it asks again: the worker that was fetching it
// may have been stopped.
const (
	loadingRetry    = 3 * time.Second
	maxLoadingTries = 5
)

// deferLimit bounds how long the state and the outbox wait for the
// contacts.
const deferLimit = 300 * time.Millisecond

func runPopup(p *page) {
	u := &popup{p: p, readyCh: make(chan struct{})}
	u.state = newStateView(p)
	u.state.onChange = u.stateChanged
	u.composer = newComposer(p, func() { u.picker.search.Call("focus") })
	u.composer.accounts = func() []msg.AccountInfo { return u.state.last.Accounts }
	u.picker = newPicker(p, u.composer.setTo)
	u.picker.me = u.me
	u.picker.onRepick = u.composer.repick
	u.many = newManyView(p, u.picker)
	u.outbox = newOutboxView(p)
	u.outbox.onEdit = u.composer.edit
	u.outbox.onChange = u.composer.outboxChanged
	u.records = newRecords(u.outbox)
	u.share = newShareView(p, u.composer)
	// The search box, unless instant.js moved on to the message (a chat
	// picked before this program ran): what is typed there stays there.
	if !p.doc.Get("activeElement").Equal(u.composer.text) {
		u.picker.search.Call("focus")
	}

	// Listen before reading, so that no change falls between the two.
	// storage.local is listened to when the outbox's records are read
	// (records.load): its changes need not reach the popup before.
	jsx.OnStorageChanged(jsx.Session, u.sessionHandlers())
	// The contacts are the critical path: what else the popup needs
	// waits until they are shown (or a short while), so that it does not
	// compete with them for the page's one thread.
	go u.loadContacts()
	stored := make(chan struct{})
	go func() { u.state.loadStored(); close(stored) }()
	go u.share.load()
	go func() {
		select {
		case <-u.readyCh:
		case <-time.After(deferLimit):
		}
		go u.records.load()
		u.friends = newFriendsList(p)
		u.friends.setState(u.state.last)
		go u.friends.load()
		go newRecalledList(p).load()
		// The stored state is followed through storage.session: the
		// worker, which may be asleep, is asked only when there is none.
		<-stored
		if !u.state.known {
			u.state.ask()
		}
		// The tests know from this mark that the popup has done all it
		// does on its own when it opens.
		perfMark("wxdrop-settled")
	}()
}

// sessionHandlers follow the worker's records in storage.session.
func (u *popup) sessionHandlers() map[string]func(string) {
	h := u.records.sessionChanged()
	h[msg.StateKey] = u.state.renderJSON
	h[msg.ContactsKey] = u.contactsChanged
	return h
}

// contactsChanged shows the contact list the worker stored, if it is of
// the state's login (hear); with none to show it asks the worker.
func (u *popup) contactsChanged(text string) {
	if u.changes > 0 && text == u.heard {
		// Firefox tells of every write, of the same list too (the worker
		// writes it again after a failed fetch): the popup indexed it
		// again and, with none to show, asked the worker again, whose
		// answer started the fetch again, and so on while it failed.
		return
	}
	u.heard = text
	var cs msg.Contacts
	if text != "" {
		var err error
		if cs, err = model.DecodeContacts(text); err != nil {
			u.p.err.show(model.Internal("reading the contacts: " + err.Error()))
			return
		}
	}
	u.contactsKnown = true
	u.changes++
	u.hear(cs)
	if len(u.shown.Contacts) == 0 && u.shown.Loading {
		// None yet, or none of this login, or none the worker had room
		// for (writePopupList): it answers from the account's own.
		go u.askContacts()
	}
}

// loadContacts shows the stored list at once; only when there is none
// (or it is still loading) does it ask the worker, whose answer to an
// empty cache starts the fetch. The list is decoded once either way.
func (u *popup) loadContacts() {
	text, found, err := readContacts(context.Background())
	if u.contactsKnown {
		return
	}
	var cs msg.Contacts
	if err == nil && found {
		cs, err = model.DecodeContacts(text)
	}
	perfMark("wxdrop-contacts-read")
	if err == nil && found && len(cs.Contacts) > 0 {
		u.hear(cs)
		if !u.shown.Loading {
			return
		}
	}
	u.askContacts()
}

// askContacts asks the worker for the list (one question at a time).
func (u *popup) askContacts() {
	if u.asking {
		u.again = true
		return
	}
	u.asking = true
	defer func() {
		u.asking = false
		if u.again {
			u.again = false
			go u.askContacts()
		}
	}()
	before := u.changes
	var ans msg.Contacts
	text, e := ask(msg.GetContacts, nil)
	if e == nil {
		e = model.DecodeWith(text, func(ok string) (err error) {
			if ans, err = model.DecodeContacts(ok); err != nil {
				return errors.New("reading the contacts: " + err.Error())
			}
			return nil
		})
	}
	if e != nil {
		u.p.err.show(e)
		if u.picker.ix == nil {
			u.setContacts(msg.Contacts{})
		}
		u.markReady()
		return
	}
	if u.changes != before {
		return // a list stored meanwhile is newer
	}
	u.hear(ans)
	if u.shown.Loading && len(u.shown.Contacts) == 0 && u.loadingTries < maxLoadingTries {
		u.loadingTries++
		time.AfterFunc(loadingRetry, func() {
			if u.changes == before {
				u.askContacts()
			}
		})
	}
}

// hear takes a list heard of, and shows it if it is of the state's login.
func (u *popup) hear(cs msg.Contacts) {
	u.list = cs
	u.showList()
}

// showList gives the picker the list, or a list that loads when the list
// is of another login or account than the state shows.
func (u *popup) showList() {
	cs := u.list
	u.showing = model.ListOfState(cs, u.state.last)
	if !u.showing {
		// Logged out, no list is fetched: none, rather than a wait.
		cs = msg.Contacts{Loading: u.state.last.Status == msg.SessionReady}
	}
	u.shown = cs
	u.setContacts(cs)
}

// me is the login the picker's snapshot is of (picker.saveSnapshot): the
// state's, and only while the list shown is of it.
func (u *popup) me() (user, nick string, ok bool) {
	user, nick, ok = u.state.me()
	return user, nick, ok && u.shown.Login == user && len(u.shown.Contacts) > 0
}

// setContacts shows a list; the first list with contacts (or a final
// empty one) makes the popup interactive.
func (u *popup) setContacts(cs msg.Contacts) {
	u.picker.setContacts(cs)
	u.many.followLogin(u.picker.ix)
	if len(cs.Contacts) > 0 || !cs.Loading {
		u.markReady()
	}
}

// stateChanged: with no login there will be no contacts to wait for; a
// list heard of is shown again if the state now shows another login.
func (u *popup) stateChanged(st msg.State) {
	if u.outbox != nil {
		u.outbox.setState(st)
	}
	if u.friends != nil {
		u.friends.setState(st)
	}
	if shows := model.ListOfState(u.list, st); u.picker.ix != nil && shows != u.showing {
		u.showList()
		if !shows {
			go u.askContacts()
		}
	}
	u.picker.saveSnapshot()
	if st.Status != msg.SessionReady && u.picker.ix == nil {
		u.setContacts(msg.Contacts{})
	}
}

// markReady tells the end-to-end tests (and performance tools) that the
// popup is usable: body[data-ready=1] and the mark wxdrop-interactive.
func (u *popup) markReady() {
	if u.ready {
		return
	}
	u.ready = true
	close(u.readyCh)
	u.p.doc.Get("body").Get("dataset").Set("ready", "1")
	perfMark("wxdrop-interactive")
}
