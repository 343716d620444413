//go:build !js

package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestOtherHost logs in on wx2.qq.com, not wx.qq.com: the worker's
// requests go out with the Origin, Referer and Sec-Fetch-Site the header
// rules give them in the browser, and wxsim takes them only if they are
// wx2.qq.com's own.
func TestOtherHost(t *testing.T) {
	t.Parallel()
	need(t)
	const host = "wx2.qq.com"
	sim, err := wxsim.New(wxsim.Config{SyncHold: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	log := &Log{}
	var br *Browser
	t.Cleanup(func() {
		if t.Failed() || *keepLog {
			dumpState(t, br, sim, log)
		}
		if br != nil {
			br.Close()
		}
		sim.Close()
	})
	ctx := context.Background()
	if br, err = Start(ctx, Options{Extensions: []string{root}, ResolverRules: sim.ResolverRules(), WatchWorkers: true, Log: log}); err != nil {
		t.Fatal(err)
	}
	page, err := br.NewTab("https://"+host+"/", "wechat")
	if err != nil {
		t.Fatal(err)
	}
	if err := LogIn(ctx, page); err != nil {
		t.Fatal(err)
	}
	sess, _ := sim.CurrentSession()
	if sess.Host != host {
		t.Fatalf("logged in on %q, want %s", sess.Host, host)
	}
	if err := br.WaitReady(ctx, sess.UserName, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	var res msg.AddResult
	if err := br.Ask(ctx, msg.OutboxAdd, msg.AddBody{To: sim.UserName("lisi"), Text: "从 " + host + " 发出"}, &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Entries) != 1 {
		t.Fatalf("outbox.add made %d entries", len(res.Entries))
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		ob, err := br.Outbox(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if e := ob.Entries[res.Entries[0].ID]; e.State.Final() {
			if e.State != msg.EntrySent {
				t.Fatalf("the text sent from %s is %s; wxsim refused: %+v", host, DescribeEntry(e), sim.Rejections())
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the text from %s did not end in 30 s", host)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, r := range sim.Rejections() {
		t.Errorf("wxsim refused %s (Ret %d): %s", r.Endpoint, r.Ret, r.Reason)
	}
}
