package protocol_test

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
)

func TestSessionLeaks(t *testing.T) {
	t.Parallel()
	s := protocol.Session{
		Host: "wx.qq.com", Uin: 2381672740, Sid: "QfLp+LoswGmSkm8X",
		Skey:       "@crypt_14ae1b12_1bb5e370393b8cd502919825fe9dbfc0",
		PassTicket: "tM909DkHH8fXLR7hhwIgn9MqmSuCxx6%2BcdaA9qE203zxP7fMT%2FtxPlY7opbnnVE2",
		DataTicket: "gSdyUoSdMPGqNZ2gGo4a1fhS+x/y=",
	}
	dec, _ := url.QueryUnescape(s.PassTicket)
	for _, tc := range []struct {
		name, text string
		want       bool
	}{
		{"nothing", "https://example.org/a?b=1", false},
		{"empty", "", false},
		{"skey", "x " + s.Skey, true},
		{"skey encoded", "https://evil.test/?k=" + url.QueryEscape(s.Skey), true},
		{"pass_ticket as stored", "p=" + s.PassTicket, true},
		{"pass_ticket decoded", dec, true},
		{"pass_ticket encoded again (the page's query)", url.QueryEscape(s.PassTicket), true},
		{"pass_ticket, lower-case escapes", "tM909DkHH8fXLR7hhwIgn9MqmSuCxx6%2bcdaA9qE203zxP7fMT%2ftxPlY7opbnnVE2", true},
		{"data ticket", "t=" + url.QueryEscape(s.DataTicket), true},
		{"sid", "sid " + s.Sid, true},
		{"uin alone", "fromuser=2381672740&x", true},
		{"uin inside a longer number (a MsgID)", "MsgID=123823816727401", false},
		{"a short value never matches", "undefined", false},
	} {
		require.Equal(t, tc.want, s.Leaks(tc.text), tc.name)
	}
	require.False(t, protocol.Session{}.Leaks("anything at all"), "an empty session holds no secret")
}
