package wxsim

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestAddContactMidSession: a contact made in the middle of a session (a
// friend accepted on the phone, a new group) is in the next webwxsync's
// ModContactList, once, and in webwxgetcontact afterwards; a message of
// theirs is delivered in that chat.
func TestAddContactMidSession(t *testing.T) {
	s, tb := newLoggedInPage(t, Config{SyncHold: 200 * time.Millisecond})
	k0 := tb.syncKey
	un, err := s.AddContact(Person{Key: "zhaoliu", NickName: "赵六", Sex: 1})
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(un, "@") && !strings.HasPrefix(un, "@@"))
	gun, err := s.AddContact(Person{Key: "newgroup", NickName: "新群", Group: true, Members: []string{"zhaoliu", "zhangsan"}})
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(gun, "@@"))
	_, err = s.AddContact(Person{Key: "zhangsan", NickName: "张三"})
	require.Error(t, err, "a contact already")

	out := tb.sync(k0)
	require.Equal(t, 2, out.ModContactCount)
	names := []string{}
	for _, c := range out.ModContactList {
		names = append(names, c.(map[string]any)["UserName"].(string))
	}
	require.Equal(t, []string{un, gun}, names)
	require.Len(t, out.ModContactList[1].(map[string]any)["MemberList"], 2, "a new group comes with its members")
	require.Zero(t, tb.sync(out.SyncKey).ModContactCount, "listed once")

	_, body := tb.get(fmt.Sprintf("/cgi-bin/mmwebwx-bin/webwxgetcontact?lang=zh_CN&pass_ticket=%s&r=%d&seq=0&skey=%s",
		url.QueryEscape(tb.passTicket), time.Now().UnixMilli(), tb.skey))
	var list struct{ MemberList []wireContact }
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	in := map[string]bool{}
	for _, c := range list.MemberList {
		in[c.UserName] = true
	}
	require.True(t, in[un] && in[gun], "the new contacts are in webwxgetcontact")
	require.Equal(t, un, s.UserName("zhaoliu"))
	require.Empty(t, s.Rejections())
}
