package protocol_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

// assertNoSecrets fails if text holds any session secret in any encoding.
func assertNoSecrets(t *testing.T, s wxsim.Session, text string) {
	t.Helper()
	dec, _ := url.QueryUnescape(s.PassTicket)
	for name, v := range map[string]string{"skey": s.Skey, "pass_ticket": s.PassTicket, "pass_ticket decoded": dec, "data ticket": s.DataTicket, "sid": s.Sid} {
		for _, form := range []string{v, url.QueryEscape(v)} {
			require.NotContains(t, text, form, "%s leaked", name)
		}
	}
}

func deviceIDOf(t *testing.T, body []byte) string {
	var b struct{ BaseRequest struct{ DeviceID string } }
	require.NoError(t, json.Unmarshal(body, &b))
	return b.BaseRequest.DeviceID
}

func TestSessionDoesNotPrintSecrets(t *testing.T) {
	t.Parallel()
	s := protocol.Session{Uin: 1, Sid: "SIDSECRET", Skey: "@crypt_SKEYSECRET", PassTicket: "PT%2BSECRET", DataTicket: "DTSECRET", Host: "wx.qq.com"}
	for _, text := range []string{fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s", s, s, s, s)} {
		for _, secret := range []string{"SIDSECRET", "SKEYSECRET", "PT", "DTSECRET"} {
			require.False(t, strings.Contains(text, secret), "%q in %q", secret, text)
		}
	}
}
