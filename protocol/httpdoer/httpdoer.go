// Package httpdoer sends the protocol's requests with net/http: the Doer
// of native code and tests (wxsim's clients, the benchmarks). The browser
// build never imports it (see protocol.Doer).
package httpdoer

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"

	"github.com/wxdrop/wxdrop/protocol"
)

// HTTP sends net/http's requests: an *http.Client, or a test's wrapper
// of one.
type HTTP interface {
	Do(*http.Request) (*http.Response, error)
}

// Client is a protocol.Doer over an HTTP.
type Client struct{ HTTP HTTP }

// New wraps hc.
func New(hc HTTP) Client { return Client{HTTP: hc} }

// Do sends r with the http.Client. A failure to connect at all is marked
// protocol.ErrNotSent.
func (c Client) Do(r *protocol.Request) (*protocol.Response, error) {
	req, err := ToHTTP(r)
	if err != nil {
		return nil, err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		if notSent(err) {
			return nil, fmt.Errorf("%w: %w", protocol.ErrNotSent, err)
		}
		return nil, err
	}
	return FromHTTP(resp), nil
}

// notSent reports whether err happened before anything reached the
// server: no connection (the dial failed, the name is unknown).
func notSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// ToHTTP is r as net/http's request (the same body).
func ToHTTP(r *protocol.Request) (*http.Request, error) {
	body := r.Body
	if body != nil {
		if _, ok := body.(io.ReadCloser); !ok {
			body = io.NopCloser(body)
		}
	}
	req, err := http.NewRequestWithContext(r.Ctx, r.Method, r.URL.String(), body)
	if err != nil {
		if c, ok := r.Body.(io.Closer); ok {
			c.Close()
		}
		return nil, err
	}
	if r.Body != nil {
		req.ContentLength = r.ContentLength
	}
	for k, v := range r.Header {
		req.Header.Set(k, v)
	}
	return req, nil
}

// FromHTTP is net/http's answer as the protocol's.
func FromHTTP(resp *http.Response) *protocol.Response {
	h := protocol.Header{}
	for k, v := range resp.Header {
		if len(v) > 0 {
			h.Set(k, v[0])
		}
	}
	return &protocol.Response{StatusCode: resp.StatusCode, Header: h, ContentLength: resp.ContentLength, Body: resp.Body}
}
