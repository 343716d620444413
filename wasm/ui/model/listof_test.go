package model_test

import (
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

func TestListOfState(t *testing.T) {
	t.Parallel()
	a := msg.Contacts{Login: "@a", Account: "A", Contacts: []msg.Contact{{UserName: "@x"}}}
	tests := []struct {
		name string
		cs   msg.Contacts
		st   msg.State
		want bool
	}{
		{"this login's", a, msg.State{Status: msg.SessionReady, UserName: "@a", Account: "A"}, true},
		{"another account's or login's", a, msg.State{Status: msg.SessionReady, UserName: "@b", Account: "B"}, false},
		{"a list of no login", msg.Contacts{Loading: true}, msg.State{Status: msg.SessionReady, UserName: "@b"}, false},
		{"logged out: the account's chats kept", a, msg.State{Status: msg.SessionLoggedOut, Account: "A"}, true},
		// Both logged out, the popup switched from A to B: A's list,
		// still stored, is not shown under B's state.
		{"logged out: another account's chats", a, msg.State{Status: msg.SessionLoggedOut, Account: "B"}, false},
		{"logged out: a list of no account", msg.Contacts{Contacts: a.Contacts}, msg.State{Status: msg.SessionLoggedOut, Account: "B"}, false},
		{"no state yet", a, msg.State{}, true},
	}
	for _, tt := range tests {
		if got := model.ListOfState(tt.cs, tt.st); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
