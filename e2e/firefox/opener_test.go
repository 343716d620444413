//go:build !js

package firefox

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// openerForgeScript runs on web WeChat: it opens web WeChat in a new
// window and replaces that window's MessageChannel and MessagePort
// functions before the page loads (Firefox keeps the window, and what
// was replaced, for the page: it does not know Cross-Origin-Opener-Policy:
// noopener-allow-popups). Once the content scripts have linked (the
// isolated script said what to watch over the ports it took), it forges,
// through every port, a webwxsync report of a text from the chat from
// that the reply rule answers. It reports what it took and heard, and
// keeps the window as window.__wxdropOpened.
func openerForgeScript(from, me string) string {
	now := time.Now()
	sync, _ := json.Marshal(map[string]any{"BaseResponse": map[string]any{"Ret": 0}, "AddMsgList": []any{
		map[string]any{"MsgId": fmt.Sprint(now.UnixNano()), "FromUserName": from, "ToUserName": me, "MsgType": 1, "Content": "hi from the opener", "CreateTime": now.Unix()},
	}})
	return fmt.Sprintf(`(async (SYNC, ME) => {
		const out = {ports: 0, heard: [], closed: false, prepared: '', errors: []};
		const ports = [];
		const take = (p) => { if (p && !ports.includes(p)) ports.push(p); };
		const w = window.open(location.href, '_blank');
		if (!w) return JSON.stringify({errors: ['no window']});
		try {
			w.__wxdropOpener = 'prepared';
			const MP = w.MessagePort.prototype;
			const on = Object.getOwnPropertyDescriptor(MP, 'onmessage');
			Object.defineProperty(MP, 'onmessage', {configurable: true, get: on.get, set(f) {
				take(this);
				return on.set.call(this, function (e) {
					if (e.data && typeof e.data.type === 'string') out.heard.push(e.data.type);
					return f.apply(this, arguments);
				});
			}});
			const MC = w.MessageChannel;
			w.MessageChannel = function () { const c = new MC(); take(c.port1); take(c.port2); return c; };
		} catch (e) { out.errors.push('prepare: ' + e); }
		for (let i = 0; i < 300 && !w.closed && !out.heard.includes('wxdrop:watch'); i++) await new Promise((r) => setTimeout(r, 100));
		out.closed = w.closed;
		out.ports = ports.length;
		try { out.prepared = String(w.__wxdropOpener); } catch (e) { out.errors.push('read: ' + e); }
		for (const p of ports) {
			try { p.postMessage({type: 'wxdrop:sync', url: location.origin + '/cgi-bin/mmwebwx-bin/webwxsync', text: SYNC, me: ME}); } catch (e) { out.errors.push('forge: ' + e); }
		}
		// The window stays until the test is done with it: what was
		// forged goes on from its content scripts meanwhile.
		window.__wxdropOpened = w;
		return JSON.stringify(out);
	})(%q, %q)`, string(sync), me)
}

// TestFirefoxOpenerForgesNoIncomingMessage: docs/security.md row 24 in
// Firefox. A script on web WeChat still takes the content scripts'
// channel of a WeChat window it opens (Firefox keeps the window, what the
// opener replaced included), and forges through it a text from a real
// contact (张三) that the reply rule would answer. In Firefox the worker
// takes the incoming messages from the network (the background page
// reads the page's webwxsync answers, webRequest.filterResponseData) and
// ignores the content scripts' report: the forged text reaches no rule,
// while a real message from 李四, sent by wxsim, is answered. The day the
// opener no longer takes the channel (Firefox gives the page a window of
// its own), the first check fails: row 24 then needs no network reading
// in Firefox either, and docs/security.md says so.
func TestFirefoxOpenerForgesNoIncomingMessage(t *testing.T) {
	t.Parallel()
	// (Without a person's click, Firefox blocks window.open.)
	e := newEnv(t, map[string]any{"dom.disable_open_during_load": false})
	e.logIn(t)
	sess, _ := e.sim.CurrentSession()
	ext := e.open(t, "extension/pages/options.html", `document.readyState === 'complete'`)
	defer ext.Close()
	waitReady(t, ext)
	cfg, _ := json.Marshal(msg.Request{Name: msg.SetRules, Body: rules.Config{On: true, Rules: []rules.Rule{
		{ID: "hi", Kind: rules.KindReply, On: true, Match: rules.MatchContains, Pattern: "hi", Reply: "hello"},
	}}})
	if got := eval[string](t, ext, fmt.Sprintf(`chrome.runtime.sendMessage(%s).then((a) => a.error ? JSON.stringify(a) : '')`, cfg)); got != "" {
		t.Fatalf("setting the reply rule: %s", got)
	}
	// The page's content scripts hear the rules are on (page.js then
	// reports each sync): the forged report is made on the same terms.
	ruleLog := func(t *testing.T) []rules.LogEntry {
		t.Helper()
		text := eval[string](t, ext, fmt.Sprintf(`chrome.storage.local.get(%q).then((o) => o[%q] || '')`, msg.RulesStateKey, msg.RulesStateKey))
		var st rules.State
		if text != "" {
			if err := json.Unmarshal([]byte(text), &st); err != nil {
				t.Fatal(err)
			}
		}
		return st.Log
	}

	raw := eval[string](t, e.page, openerForgeScript(e.sim.UserName("zhangsan"), sess.UserName))
	t.Logf("Firefox %s: %s", e.br.Version, raw)
	var got struct {
		Ports    int      `json:"ports"`
		Heard    []string `json:"heard"`
		Closed   bool     `json:"closed"`
		Prepared string   `json:"prepared"`
		Errors   []string `json:"errors"`
	}
	if err := json.Unmarshal([]byte(raw), &got); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	if got.Ports == 0 || got.Closed || got.Prepared != "prepared" || len(got.Errors) != 0 || len(got.Heard) == 0 {
		t.Errorf("the opener no longer takes the content scripts' channel in Firefox %s (%s): docs/security.md row 24 and its residual are out of date", e.br.Version, raw)
	}

	// A real message from 李四 comes after what was forged: the rule
	// answers it, and nothing else.
	delivered := time.Now()
	if _, err := e.sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgText, Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(60 * time.Second); !slices.ContainsFunc(e.sim.Messages(), func(m wxsim.Message) bool { return !m.Incoming && m.ToKey == "lisi" && m.Content == "hello" }); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			syncs := 0
			for _, r := range e.sim.RequestsTo("webwxsync") {
				if r.Time.After(delivered) {
					syncs++
				}
			}
			t.Fatalf("no answer to 李四's real message in 60 s (%d webwxsync since it was sent; the rules' log %+v)", syncs, ruleLog(t))
		}
	}
	eval[bool](t, e.page, `(window.__wxdropOpened.close(), true)`)
	for _, m := range e.sim.Messages() {
		if !m.Incoming && m.ToKey == "zhangsan" {
			t.Errorf("the rule answered the forged message from 张三: %+v", m)
		}
	}
	for _, l := range ruleLog(t) {
		if l.Chat != "李四" {
			t.Errorf("the rule log took a forged message: %+v", l)
		}
	}
}

// TestFirefoxKeepsRecallsFromTheNetwork: in Firefox the kept messages come
// from the network too (the background page's reading of the page's
// webwxsync, not the content scripts' report), and the recalls among them
// go back to the page: with keeping and the page API on, a text from 张三
// is kept, and when he recalls it, wxdrop.on('revoke') gives it with the
// original on('message') gave.
func TestFirefoxKeepsRecallsFromTheNetwork(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.logIn(t)
	opts := e.apiAndKeepingOn(t)
	defer opts.Close()
	eval[bool](t, e.page, `(window.__heard = [], window.__revoked = [], wxdrop.on('message', (m) => window.__heard.push(m)), wxdrop.on('revoke', (r) => window.__revoked.push(r)), true)`)
	in, err := e.sim.Deliver(wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgText, Text: "明天的会取消了"})
	if err != nil {
		t.Fatal(err)
	}
	wait(t, e.page, fmt.Sprintf(`window.__heard.some((m) => m.id === %q)`, in.MsgID), "on('message') to hear 张三's text")
	wait(t, opts, `chrome.runtime.sendMessage({name: 'recall.get'}).then((r) => r.ok.kept >= 1)`, "the text kept")
	if _, err := e.sim.DeliverRecall(in.MsgID); err != nil {
		t.Fatal(err)
	}
	wait(t, e.page, fmt.Sprintf(`window.__revoked.some((r) => r.id === %q)`, in.MsgID), "on('revoke') to hear the recall")
	got := eval[string](t, e.page, fmt.Sprintf(`(() => {
		const r = window.__revoked.filter((r) => r.id === %q);
		const m = window.__heard.find((m) => m.id === %q);
		if (r.length !== 1) return 'heard ' + r.length + ' times';
		return JSON.stringify(r[0].original) === JSON.stringify(m) ? 'ok' : JSON.stringify(r[0].original) + ' vs ' + JSON.stringify(m);
	})()`, in.MsgID, in.MsgID))
	if got != "ok" {
		t.Errorf("the recall's original: %s", got)
	}
}
