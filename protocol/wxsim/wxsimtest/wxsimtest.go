// Package wxsimtest starts a logged-in simulator and a protocol client for
// it, the setup every native test of wxdrop shares.
package wxsimtest

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/httpdoer"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

// Env is a running simulator, logged in on wx.qq.com, and a client for it.
type Env struct {
	Sim    *wxsim.Server
	Sess   wxsim.Session
	Client *protocol.Client
	// HTTP is the http.Client under Client (cookies of the login in its jar).
	HTTP *http.Client
}

// New starts a simulator for the test, logs in and makes a client whose
// upload retries do not wait. opts are added after the test defaults.
func New(t testing.TB, cfg wxsim.Config, opts ...protocol.Option) *Env {
	t.Helper()
	sim, err := wxsim.New(cfg)
	if err != nil {
		t.Fatalf("wxsim: %v", err)
	}
	t.Cleanup(func() { sim.Close() })
	sess, err := sim.Login("wx.qq.com")
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	hc := sim.Client()
	return &Env{Sim: sim, Sess: sess, HTTP: hc, Client: NewClient(t, httpdoer.New(hc), sess.Protocol(), opts...)}
}

// NewClient makes a protocol client over doer with instant retry waits.
func NewClient(t testing.TB, doer protocol.Doer, s protocol.Session, opts ...protocol.Option) *protocol.Client {
	t.Helper()
	all := append([]protocol.Option{protocol.WithSleep(noWait)}, opts...)
	c, err := protocol.NewClient(doer, s, all...)
	if err != nil {
		t.Fatalf("client: %v", err)
	}
	return c
}

// Mutator is a Doer that changes each request before it goes out: a test
// takes a valid request of the real client and breaks one thing in it.
type Mutator struct {
	Next httpdoer.HTTP
	// Mutate gets the request and its body, and returns the body to send.
	Mutate func(r *http.Request, body []byte) []byte
}

// Do applies Mutate and sends the result.
func (m *Mutator) Do(pr *protocol.Request) (*protocol.Response, error) {
	r, err := httpdoer.ToHTTP(pr)
	if err != nil {
		return nil, err
	}
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body.Close()
	}
	if m.Mutate != nil {
		body = m.Mutate(r, body)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	resp, err := m.Next.Do(r)
	if err != nil {
		return nil, err
	}
	return httpdoer.FromHTTP(resp), nil
}

// RequireRefused fails t unless err is the server's refusal with Ret ret
// and the simulator's last rejection has reason in its Reason: the request
// was refused by the check the test meant, not by another one before it.
func (e *Env) RequireRefused(t testing.TB, err error, ret int, reason string) {
	t.Helper()
	var apiErr *protocol.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("want a refusal, got %v", err)
	}
	if apiErr.Ret != ret {
		t.Fatalf("refused with Ret %d, want %d: %v", apiErr.Ret, ret, err)
	}
	rej := e.Sim.Rejections()
	if len(rej) == 0 {
		t.Fatalf("wxsim recorded no rejection for %v", err)
	}
	if got := rej[len(rej)-1].Reason; !strings.Contains(got, reason) {
		t.Fatalf("wxsim's last rejection says %q, want it to say %q", got, reason)
	}
}
