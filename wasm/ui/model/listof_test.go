package model_test

import (
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

func TestListOfState(t *testing.T) {
	t.Parallel()
	a := msg.Contacts{Login: "@a", Contacts: []msg.Contact{{UserName: "@x"}}}
	tests := []struct {
		name string
		cs   msg.Contacts
		st   msg.State
		want bool
	}{
		{"this login's", a, msg.State{Status: msg.SessionReady, UserName: "@a"}, true},
		{"another account's or login's", a, msg.State{Status: msg.SessionReady, UserName: "@b"}, false},
		{"a list of no login", msg.Contacts{Loading: true}, msg.State{Status: msg.SessionReady, UserName: "@b"}, false},
		{"logged out: the chats kept", a, msg.State{Status: msg.SessionLoggedOut}, true},
		{"no state yet", a, msg.State{}, true},
	}
	for _, tt := range tests {
		if got := model.ListOfState(tt.cs, tt.st); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
