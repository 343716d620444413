//go:build !js

package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestOtherHost logs in on wx2.qq.com, not wx.qq.com: the worker's
// requests go out with the Origin, Referer and Sec-Fetch-Site the header
// rules give them in the browser, and wxsim takes them only if they are
// wx2.qq.com's own.
func TestOtherHost(t *testing.T) {
	t.Parallel()
	const host = "wx2.qq.com"
	sim, br := startPageEnv(t, nil, root, "")
	ctx := context.Background()
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
	e, err := br.AddText(ctx, sim.UserName("lisi"), "从 "+host+" 发出", time.Time{}, msg.RepeatNone)
	if err != nil {
		t.Fatal(err)
	}
	e, err = br.WaitEntry(ctx, e.ID, 30*time.Second, "the text from "+host, func(e msg.Entry) bool { return e.State.Final() })
	if err != nil {
		t.Fatal(err)
	}
	if e.State != msg.EntrySent {
		t.Errorf("the text sent from %s is %s", host, DescribeEntry(e))
	}
	for _, r := range sim.Rejections() {
		t.Errorf("wxsim refused %s (Ret %d): %s", r.Endpoint, r.Ret, r.Reason)
	}
}
