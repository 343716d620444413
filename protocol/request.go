package protocol

import (
	"context"
	"errors"
	"io"
	"net/url"
	"strings"
)

// The protocol's own request and answer, instead of net/http's: in the
// browser a request goes to fetch (wasm/jsfetch), and importing net/http
// alone put 1.9 MB into core.wasm, measured with Go 1.26 (a program of
// encoding/json, fmt and net/url: 3.25 MB; the same importing net/http:
// 5.19 MB). Native code and tests send them with net/http through
// protocol/httpdoer.

// Doer sends one request. In the browser it is the fetch bridge
// (wasm/jsfetch); natively httpdoer.Client wraps an *http.Client. A Doer
// must close the request's Body when it is an io.Closer, even on errors.
type Doer interface {
	Do(*Request) (*Response, error)
}

// Request is one HTTP request of the protocol.
type Request struct {
	Ctx    context.Context
	Method string
	URL    *url.URL
	Header Header
	// Body is nil for none. ContentLength is its length, or -1 when not
	// known beforehand.
	Body          io.Reader
	ContentLength int64
}

// Response is the answer to a Request. Body must be closed.
type Response struct {
	StatusCode    int
	Header        Header
	ContentLength int64 // -1 when not said
	Body          io.ReadCloser
}

// ErrNotSent marks a transport error that certainly happened before the
// request reached the server (no connection could be made): a Doer wraps
// its error with it when it knows so.
var ErrNotSent = errors.New("protocol: the request was not sent")

// Header is a request's or an answer's header fields, one value each
// (all the protocol uses), under their canonical names.
type Header map[string]string

// Get is the value of the field name ("" when absent).
func (h Header) Get(name string) string { return h[CanonicalHeaderKey(name)] }

// Set sets the field name to value.
func (h Header) Set(name, value string) { h[CanonicalHeaderKey(name)] = value }

// CanonicalHeaderKey is name as HTTP writes it: each word's first letter
// upper case, the rest lower ("content-type" → "Content-Type").
func CanonicalHeaderKey(name string) string {
	b := []byte(strings.ToLower(name))
	up := true
	for i, c := range b {
		if up && 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == '-'
	}
	return string(b)
}

// newRequest makes a request of ctx to rawURL.
func newRequest(ctx context.Context, method, rawURL string, body io.Reader, length int64) (*Request, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	return &Request{Ctx: ctx, Method: method, URL: u, Header: Header{}, Body: body, ContentLength: length}, nil
}
