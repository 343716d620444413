//go:build !js

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

// TestFriendRequestsSayWhichAccount: two accounts logged in, in two
// tabs (wx.qq.com as wxdrop测试, web.wechat.com as 第二个号), each gets
// a friend request. The popup listed both alike, and the options page
// named the popup's account alone: a person could not tell which
// account a request was for, nor which account the options page's
// state and exports were of. Each request now says the account it
// reached (its host and name, as the account switch has them), and the
// options page has the account switch too. In Chinese, the browser's
// language here; the English words are held by the locales' tests.
func TestFriendRequestsSayWhichAccount(t *testing.T) {
	t.Parallel()
	s := newSessEnvLang(t, "zh-CN", "wx.qq.com", "web.wechat.com")
	s.open("wx.qq.com")
	s.open("web.wechat.com")
	for i, host := range []string{"wx.qq.com", "web.wechat.com"} {
		if _, err := s.sims[host].DeliverFriendRequest(wxsim.FriendRequest{Person: wxsim.Person{Key: fmt.Sprintf("new%d", i), NickName: "新朋友" + host, Province: "广东"}, Content: "我是" + host}); err != nil {
			t.Fatal(err)
		}
	}
	p := s.openPopup(t)
	if err := WaitJS(p.Ctx, `document.querySelectorAll('#friends li button[data-id]').length === 2`, 30*time.Second, "both requests"); err != nil {
		t.Fatalf("%v; friends %s", err, s.friendsText())
	}
	want := map[string]string{"新朋友wx.qq.com": "发给 wx.qq.com · wxdrop测试", "新朋友web.wechat.com": "发给 web.wechat.com · 第二个号"}
	waitUntil(t, 20*time.Second, "each request to name its account", func() (bool, string) {
		rows := s.eval(p, `[...document.querySelectorAll('#friends li')].map((li) => li.querySelector('.title').textContent + ' | ' + (li.querySelector('.entry-account') || {}).textContent).join('\n')`)
		for who, acc := range want {
			if !strings.Contains(rows, who+" | "+acc) {
				return false, "the rows read:\n" + rows
			}
		}
		return true, ""
	})

	opts, err := s.br.NewTab(optionsURL, "options")
	if err != nil {
		t.Fatal(err)
	}
	defer opts.Close()
	waitUntil(t, 20*time.Second, "the options page to name both accounts", func() (bool, string) {
		got := s.eval(opts, `(() => { const a = document.getElementById('account'); return a.hidden ? 'hidden' : [...a.options].map((o) => (o.selected ? '*' : '') + o.textContent).join(' | '); })()`)
		return strings.Contains(got, "wx.qq.com · wxdrop测试") && strings.Contains(got, "web.wechat.com · 第二个号") && strings.Count(got, "*") == 1, "the switch reads " + got
	})
}
