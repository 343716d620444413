//go:build !js

package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// evalPage evaluates js in the page's own world, as a page script would,
// awaiting a promise.
func evalPage[T any](t *testing.T, page *Tab, js string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(page.Ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%.200s: %v", js, err)
	}
	return v
}

// TestPageScriptsCannotForge: a page script on web WeChat listens to
// every window message, forges the content scripts' messages
// (wxdrop:incoming, session answers, a handshake of its own) and makes a
// synthetic sync answer. It hears nothing of wxdrop's, and what it forges
// drives no rule and changes no session; a real message still does.
func TestPageScriptsCannotForge(t *testing.T) {
	t.Parallel()
	sim, br, page := newHiRuleEnv(t)
	ctx := context.Background()
	if err := br.Ask(ctx, msg.SetAutomation, msg.Automation{API: true}, nil); err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(page.Ctx, `typeof window.wxdrop === 'object'`, 20*time.Second, "window.wxdrop"); err != nil {
		t.Fatal(err)
	}
	zhang := sim.UserName("zhangsan")
	sess, _ := sim.CurrentSession()
	// The page script: hears every window message, answers every ask for
	// the session with a forged one, forges incoming messages the old way
	// and over a handshake of its own.
	forge := fmt.Sprintf(`(() => {
		window.__heard = [];
		window.addEventListener('message', (e) => {
			const d = e.data;
			if (d && !d.forged && typeof d.type === 'string' && d.type.startsWith('wxdrop:')) {
				window.__heard.push(d.type);
				if (d.type === 'wxdrop:ask') window.postMessage({forged: true, type: 'wxdrop:session', nonce: d.nonce, session: {skey: 'forged', passTicket: 'forged', userName: %[2]q, nickName: 'forged'}}, location.origin);
			}
		}, true);
		const forged = {id: '9000000000000000001', from: %[1]q, to: %[2]q, type: 'text', text: 'hi forged', fromSelf: false, isGroup: false, time: Date.now()};
		window.postMessage({forged: true, type: 'wxdrop:incoming', messages: [forged]}, location.origin);
		const ch = new MessageChannel();
		const taken = !window.dispatchEvent(new MessageEvent('message', {data: 'wxdrop:link', ports: [ch.port2], cancelable: true}));
		const sync = JSON.stringify({BaseResponse: {Ret: 0}, AddMsgList: [{MsgId: '9000000000000000002', FromUserName: %[1]q, ToUserName: %[2]q, MsgType: 1, Content: 'hi forged again', CreateTime: 1}]});
		ch.port1.postMessage({type: 'wxdrop:sync', url: location.origin + '/cgi-bin/mmwebwx-bin/webwxsync', text: sync, me: %[2]q});
		window.postMessage({forged: true, type: 'wxdrop:sync', url: location.origin + '/cgi-bin/mmwebwx-bin/webwxsync', text: sync, me: %[2]q}, location.origin);
		// Primitives replaced: every sync answer read through them would
		// carry a forged message.
		const patched = JSON.stringify({BaseResponse: {Ret: 0}, AddMsgList: [{MsgId: '9000000000000000003', FromUserName: %[1]q, ToUserName: %[2]q, MsgType: 1, Content: 'hi through a patched text()', CreateTime: 1}]});
		Response.prototype.text = function () { return Promise.resolve(patched); };
		Object.defineProperty(XMLHttpRequest.prototype, 'responseText', {get() { return patched; }});
		JSON.parse = ((parse) => (t, r) => parse(typeof t === 'string' && t.includes('AddMsgList') ? patched : t, r))(JSON.parse);
		return taken ? 'a content script took the handshake of the page' : 'ok';
	})()`, zhang, sess.UserName)
	if got := evalPage[string](t, page, forge); got != "ok" {
		t.Error(got)
	}
	// Traffic between the content scripts: an API call, and a real
	// message the rule answers.
	if got := evalPage[string](t, page, `wxdrop.me().then((m) => m.userName)`); got != sess.UserName {
		t.Errorf("wxdrop.me() = %q", got)
	}
	if _, err := sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgText, Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	e := &env{sim: sim}
	e.waitMessage(t, "the rule's answer to 李四", 30*time.Second, func(m wxsim.Message) bool { return m.ToKey == "lisi" && m.Content == "hello" })
	for _, m := range sim.Messages() {
		if !m.Incoming && m.ToKey == "zhangsan" {
			t.Errorf("a forged message was answered: %q to 张三", m.Content)
		}
	}
	if heard := evalPage[[]string](t, page, `window.__heard`); len(heard) > 0 {
		t.Errorf("the page script heard the content scripts: %v", heard)
	}
	for _, l := range ruleLogOf(t, br) {
		if l.Chat != "李四" {
			t.Errorf("the rule log took a forged message: %+v", l)
		}
	}
	if s, err := br.State(ctx); err != nil || s.UserName != sess.UserName || s.NickName == "forged" {
		t.Errorf("the session after the forged answers: %+v %v", s, err)
	}
}

// TestOpenedWindowCannotTakeTheChannel: a page script opens web WeChat in
// a new window and, before its content scripts run, listens on it (the
// window object of the first, empty document is the one the page then
// gets, listeners included). It hears no handshake, its window says
// closed (the page loaded into one of its own), and the opened page's
// content scripts talk to each other.
func TestOpenedWindowCannotTakeTheChannel(t *testing.T) {
	t.Parallel()
	sim, br, page := newPageEnv(t, nil)
	sess, _ := sim.CurrentSession()
	setAPI(t, br, page, true)
	// (A script that also watches the new window's documents with a
	// MutationObserver, or replaces the window's functions before the
	// page loads: TestOpenerCannotPrepareTheWeChatWindow.)
	for _, observe := range []bool{false} {
		got := evalPage[string](t, page, `(async () => { const OBSERVE = `+fmt.Sprint(observe)+`;
		const stolen = [];
		const w = window.open(location.href, '_blank');
		if (!w) return 'no window';
		const mine = new WeakSet();
		const steal = (e) => {
			if (!mine.has(e) && (e.data === 'wxdrop:link' || (e.ports && e.ports.length))) {
				stolen.push('heard ' + String(e.data));
				e.stopImmediatePropagation();
			}
		};
		w.addEventListener('message', steal, true);
		let seen = null, done = false;
		const offer = (n) => {
			n.addEventListener('message', steal, true);
			const ch = new MessageChannel();
			ch.port1.onmessage = (m) => stolen.push('answered ' + JSON.stringify(m.data).slice(0, 80));
			const ev = new MessageEvent('message', {data: 'wxdrop:link', ports: [ch.port2]});
			mine.add(ev);
			n.dispatchEvent(ev);
		};
		const watch = () => {
			try {
				const d = w.document;
				if (d && d !== seen) {
					seen = d;
					d.addEventListener('message', steal, true);
					new MutationObserver((recs) => { for (const r of recs) for (const n of r.addedNodes) if (n.nodeType === 1) offer(n); }).observe(d, {childList: true, subtree: true});
				}
			} catch (e) { /* between documents */ }
			if (!done) setTimeout(watch, 0);
		};
		if (OBSERVE) watch();
		// The page loads into a window of its own (its
		// Cross-Origin-Opener-Policy): this one says closed.
		for (let i = 0; i < 300 && !w.closed; i++) await new Promise((r) => setTimeout(r, 100));
		done = true;
		return JSON.stringify({stolen, closed: w.closed});
	})()`)
		if got != `{"stolen":[],"closed":true}` {
			t.Errorf("the opened window (observed %v): %s", observe, got)
		}
		// Its content scripts talk to each other, as the first tab's do.
		if err := everyWeChatTabAnswers(br, sess.UserName); err != nil {
			t.Error(err)
		}
	}
}
