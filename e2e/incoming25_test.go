//go:build !js

package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// TestNewFriendsFirstMessageIsAnswered: a friend accepted on the phone in
// the middle of a session writes at once. The worker's cached contact list
// did not know the chat, and the first message reached no rule: an
// auto-reply to everyone did not answer it. Now the batch waits for the
// list, fetched again, and the reply goes, once. Then a batch the rules
// could not take (the log entry the worker writes at the content script's
// last try) reads in the options page's log as words: how many messages
// and why.
func TestNewFriendsFirstMessageIsAnswered(t *testing.T) {
	t.Parallel()
	sim, br, _ := newPageEnv(t, nil)
	cfg := rules.Config{On: true, Rules: []rules.Rule{{ID: "r", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "在吗", Reply: "在的"}}}
	if err := br.Ask(context.Background(), msg.SetRules, cfg, nil); err != nil {
		t.Fatal(err)
	}
	sentTo := func(userName string) int {
		n := 0
		for _, m := range sim.Messages() {
			if m.To == userName && !m.Incoming && m.Content == "在的" {
				n++
			}
		}
		return n
	}
	waitSent := func(userName, what string) {
		t.Helper()
		for end := time.Now().Add(45 * time.Second); sentTo(userName) == 0; time.Sleep(200 * time.Millisecond) {
			if time.Now().After(end) {
				t.Fatalf("%s was not answered", what)
			}
		}
	}
	// A contact's message first: the worker has the list cached.
	deliverTo(t, sim, wxsim.Incoming{From: "lisi", Type: wxsim.MsgText, Text: "在吗"})
	waitSent(sim.UserName("lisi"), "李四")

	friend, err := sim.AddContact(wxsim.Person{Key: "zhaoliu", NickName: "赵六", ContactFlag: 3})
	if err != nil {
		t.Fatal(err)
	}
	deliverTo(t, sim, wxsim.Incoming{From: "zhaoliu", Type: wxsim.MsgText, Text: "在吗？我是赵六"})
	waitSent(friend, "the new friend's first message")
	time.Sleep(2 * time.Second)
	if n := sentTo(friend); n != 1 {
		t.Fatalf("the new friend was answered %d times", n)
	}

	// A batch the rules could not take is in the options page's log, in
	// words (the worker writes such an entry on the content script's last
	// try; here it is written as the worker does).
	opts := openOptions(t, br, "#rules-on")
	defer opts.Close()
	if _, err := Eval[bool](opts.Ctx, `chrome.storage.local.get('rulesState').then((o) => {
		const text = typeof o.rulesState === 'string';
		const st = text ? JSON.parse(o.rulesState) : (o.rulesState || {});
		st.log = (st.log || []).concat([{ time: Date.now(), rule: '', kind: '', chat: '', what: '3', result: 'not_taken', detail: 'LOGGED_OUT' }]);
		return chrome.storage.local.set({ rulesState: text ? JSON.stringify(st) : st });
	}).then(() => true)`); err != nil {
		t.Fatal(err)
	}
	want := `['Messages that reached WeChat and were not given to the rules: 3. You are not logged in to web WeChat', '3 条收到的消息未经规则处理：未登录网页版微信']`
	if err := WaitJS(opts.Ctx, `Array.from(document.querySelectorAll('#rules-log li')).some((li) => `+want+`.some((w) => li.textContent.includes(w)))`, 20*time.Second, "the log to say the messages reached no rule"); err != nil {
		all, _ := Eval[string](opts.Ctx, `document.querySelector('#rules-log').textContent`)
		t.Fatalf("%v: %+q", err, all)
	}
}
