package wxsim

import (
	"fmt"
)

// AddContact makes p a contact in the middle of a session, as a friend
// request accepted on the phone or a group someone made with the account
// does: it gets a UserName of this login, the page's next webwxsync lists
// it in ModContactList (§4.2), and webwxgetcontact (a saved one) and
// webwxbatchgetcontact give it from then on. It returns the UserName.
func (s *Server) AddContact(p Person) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil {
		return "", fmt.Errorf("wxsim: nobody is logged in")
	}
	if p.Key == "" || p.NickName == "" {
		return "", fmt.Errorf("wxsim: a new contact needs a Key and a NickName")
	}
	if _, ok := s.byKey[p.Key]; ok {
		return "", fmt.Errorf("wxsim: %q is already a contact", p.Key)
	}
	if p.ContactFlag == 0 && !p.Unsaved {
		p.ContactFlag = 3
	}
	un := "@" + randomHex(32)
	if p.Group {
		un = "@" + un
	}
	s.setPeople(append(s.people, p))
	s.names[p.Key], s.keys[un] = un, p.Key
	s.page.modContacts = append(s.page.modContacts, p.Key)
	s.wakeLocked()
	return un, nil
}

// modContactsLocked are the contacts added since the page's last
// webwxsync, as its ModContactList gives them (a group with its members),
// and no longer pending.
func (s *Server) modContactsLocked() []any {
	out := []any{}
	for _, k := range s.page.modContacts {
		if p, ok := s.byKey[k]; ok {
			out = append(out, s.wireContactLocked(p, p.Group))
		}
	}
	s.page.modContacts = nil
	return out
}
