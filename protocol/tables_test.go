package protocol_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
)

// TestIsSpecial: the system accounts of §3.5 are special, people and
// filehelper (whom people send to) are not.
func TestIsSpecial(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want bool
	}{
		{"weixin", true},
		{"fmessage", true},
		{"newsapp", true},
		{"notification_messages", true},
		{"gh_22b87fa7cb3c", true},
		{"someone@qqim", true},
		{"filehelper", false},
		{"@0a1b2c", false},
		{"@@group", false},
		{"Weixin", false},
		{"", false},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, protocol.Contact{UserName: tt.name}.IsSpecial(), "%q", tt.name)
	}
}

// TestErrorMeaning: a Ret of §9 says what it means and matches its
// sentinel; an unknown Ret matches none.
func TestErrorMeaning(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ret  int
		text string
		is   error
	}{
		{-1, "webwxsendmsg: Ret -1 (system error)", protocol.ErrSystem},
		{-14, "webwxsendmsg: Ret -14 (ticket error)", protocol.ErrTicket},
		{1101, "webwxsendmsg: Ret 1101 (session invalid (logged in elsewhere))", protocol.ErrLoggedOut},
		{1205, "webwxsendmsg: Ret 1205 (frequency limit)", protocol.ErrTooFrequent},
		{4242, "webwxsendmsg: Ret 4242", nil},
	}
	for _, tt := range tests {
		e := &protocol.Error{Endpoint: "webwxsendmsg", Ret: tt.ret}
		require.Equal(t, tt.text, e.Error())
		if tt.is != nil {
			require.ErrorIs(t, e, tt.is)
		}
		require.False(t, errors.Is(e, protocol.ErrGroupGone), "Ret %d is not a vanished group", tt.ret)
		require.False(t, errors.Is(e, nil))
	}
}
