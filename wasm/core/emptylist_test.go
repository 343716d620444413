package core_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestEmptyContactListIsAnAnswer: an account whose contacts are none (or
// official accounts only, which are no chats to pick) gets an empty list
// that is not loading, once fetched. It was "loading" at every ask, a
// fetch again each time, and the popup said "Loading chats…" for ever.
func TestEmptyContactListIsAnAnswer(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		people []wxsim.Person
	}{
		{"no contacts", []wxsim.Person{}},
		{"official accounts only", []wxsim.Person{{Key: "wxpay", NickName: "微信支付", VerifyFlag: 24, ContactFlag: 3}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureWith(t, wxsim.Config{People: tt.people})
			var cs msg.Contacts
			f.ok(t, fromPopup, msg.GetContacts, nil, &cs)
			f.core.Wait()
			f.ok(t, fromPopup, msg.GetContacts, nil, &cs)
			require.Empty(t, cs.Contacts)
			require.False(t, cs.Loading, "an empty list, once fetched, is the list")
			fetches := len(f.sim.RequestsTo("webwxgetcontact"))
			f.ok(t, fromPopup, msg.GetContacts, nil, &cs)
			f.core.Wait()
			require.False(t, cs.Loading)
			require.Len(t, f.sim.RequestsTo("webwxgetcontact"), fetches, "no fetch again for an empty list just fetched")
		})
	}
}
