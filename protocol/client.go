package protocol

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Client speaks web WeChat for one Session. It is safe for concurrent use;
// SetSession swaps the session (the page's skey changes) without disturbing
// calls under way.
type Client struct {
	doer Doer
	ids  IDs
	lang string
	// sleep waits between upload retries; tests make it instant.
	sleep func(context.Context, time.Duration) error

	mu   sync.RWMutex
	sess Session
}

// Option configures a Client.
type Option func(*Client)

// WithClock sets the clock behind ClientMsgId, ClientMediaId and r= values.
func WithClock(c Clock) Option { return func(cl *Client) { cl.ids.Now = c } }

// WithRand sets the random source behind ClientMsgId and DeviceID digits.
func WithRand(r Rand) Option { return func(cl *Client) { cl.ids.Rand = r } }

// WithLang sets the lang= query parameter the page adds when its URL has one
// (§1.4). The default is zh_CN, as in every seed URL; "" omits it.
func WithLang(lang string) Option { return func(cl *Client) { cl.lang = lang } }

// WithSleep replaces the wait between upload retries.
func WithSleep(f func(context.Context, time.Duration) error) Option {
	return func(cl *Client) { cl.sleep = f }
}

// NewClient returns a client for the session, sending through doer.
func NewClient(doer Doer, s Session, opts ...Option) (*Client, error) {
	if doer == nil {
		return nil, errors.New("protocol: NewClient needs a Doer")
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	c := &Client{
		doer:  doer,
		ids:   IDs{Now: time.Now, Rand: rand.IntN},
		lang:  "zh_CN",
		sleep: sleepCtx,
		sess:  s,
	}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// Session returns the current session.
func (c *Client) Session() Session {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.sess
}

// SetSession replaces the session, e.g. when the page's skey changed.
func (c *Client) SetSession(s Session) error {
	if err := s.Validate(); err != nil {
		return err
	}
	c.mu.Lock()
	c.sess = s
	c.mu.Unlock()
	return nil
}

// NewClientMsgID returns a fresh LocalID/ClientMsgId (§12). Keep it with the
// message: a retry of the same message must send the same id.
func (c *Client) NewClientMsgID() string { return c.ids.ClientMsgID() }

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// call is one request in the making: its endpoint, host and query.
type call struct {
	endpoint string
	host     string // main, file
	query    []queryParam
	sess     Session
}

type queryParam struct{ k, v string }

// hostKind says which host of the session's Hosts an endpoint is on.
type hostKind int

const (
	mainHost hostKind = iota
	fileHost
)

// newCall starts a request to endpoint with the page's query parameters
// (already in the order the page writes them).
func (c *Client) newCall(endpoint string, kind hostKind, q ...queryParam) *call {
	s := c.Session()
	h, _ := HostsFor(s.Host) // Validate checked it
	host := h.Main
	if kind == fileHost {
		host = h.File
	}
	return &call{endpoint: endpoint, host: host, query: q, sess: s}
}

// withTicket appends lang and pass_ticket the way the page's $http
// interceptor does (§1.4): lang when set, pass_ticket only when known, and
// pass_ticket's already-encoded text encoded once more (the seed's %252B).
func (c *Client) withTicket(cl *call) *call {
	if c.lang != "" {
		cl.query = append(cl.query, queryParam{"lang", c.lang})
	}
	if cl.sess.PassTicket != "" {
		cl.query = append(cl.query, queryParam{"pass_ticket", cl.sess.PassTicket})
	}
	return cl
}

// URL is the request's absolute URL.
func (cl *call) URL() string {
	var b strings.Builder
	b.WriteString("https://")
	b.WriteString(cl.host)
	b.WriteString("/cgi-bin/mmwebwx-bin/")
	b.WriteString(cl.endpoint)
	for i, p := range cl.query {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(p.k)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p.v))
	}
	return b.String()
}

// baseRequest returns the BaseRequest for one request, with a fresh DeviceID
// unless the session fixes one.
func (c *Client) baseRequest(s Session) BaseRequest {
	dev := s.DeviceID
	if dev == "" {
		dev = c.ids.DeviceID()
	}
	return BaseRequest{Uin: s.Uin, Sid: s.Sid, Skey: s.Skey, DeviceID: dev}
}

// setPageHeaders makes a request look like the page's own (§10, §12):
// Origin and Referer of the main host, Sec-Fetch-Site same-origin on the
// main host and same-site on the file host. In a browser fetch drops these
// forbidden headers and the extension's declarativeNetRequest rules set them.
func setPageHeaders(r *Request, s Session, post bool) {
	origin := "https://" + s.Host
	if post {
		r.Header.Set("Origin", origin)
	}
	r.Header.Set("Referer", origin+"/")
	if r.URL.Host == s.Host {
		r.Header.Set("Sec-Fetch-Site", "same-origin")
	} else {
		r.Header.Set("Sec-Fetch-Site", "same-site")
	}
}

// encodeJSON marshals v as the page does: no HTML escaping of <, > and &
// (the appmsg XML travels inside a JSON string).
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// postJSON sends body as JSON and decodes the answer into out, which must
// embed a BaseResponse. A non-empty clientMsgID marks a message send: a
// failure after the request may have gone out is then an UncertainError.
func (c *Client) postJSON(ctx context.Context, cl *call, body, out any, clientMsgID string) error {
	red := newRedactor(cl.sess)
	b, err := encodeJSON(body)
	if err != nil {
		return red.wrap(err)
	}
	req, err := newRequest(ctx, "POST", cl.URL(), bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return &TransportError{Endpoint: cl.endpoint, Err: stripURL(err)}
	}
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	setPageHeaders(req, cl.sess, true)
	return red.wrap(c.roundTrip(req, cl.endpoint, out, clientMsgID))
}

// get sends a GET and decodes a JSON answer into out.
func (c *Client) getJSON(ctx context.Context, cl *call, out any) error {
	red := newRedactor(cl.sess)
	req, err := newRequest(ctx, "GET", cl.URL(), nil, 0)
	if err != nil {
		return &TransportError{Endpoint: cl.endpoint, Err: stripURL(err)}
	}
	setPageHeaders(req, cl.sess, false)
	return red.wrap(c.roundTrip(req, cl.endpoint, out, ""))
}

// retHolder is what every JSON answer has.
type retHolder interface{ base() *BaseResponse }

// BaseResponse is the status block of every JSON answer.
type BaseResponse struct {
	Ret    int    `json:"Ret"`
	ErrMsg string `json:"ErrMsg"`
}

func (b *BaseResponse) base() *BaseResponse { return b }

// roundTrip sends req and decodes its answer. For a send (clientMsgID set)
// every failure that may have happened after the server got the request is
// wrapped as an UncertainError.
func (c *Client) roundTrip(req *Request, endpoint string, out any, clientMsgID string) error {
	if err := req.Ctx.Err(); err != nil {
		// Not sent: the caller gave up before the request left.
		return &TransportError{Endpoint: endpoint, Err: err}
	}
	resp, err := c.doer.Do(req)
	if err != nil {
		terr := &TransportError{Endpoint: endpoint, Err: stripURL(err)}
		if clientMsgID != "" && mayHaveBeenSent(err) {
			return &UncertainError{Endpoint: endpoint, ClientMsgID: clientMsgID, Err: terr}
		}
		return terr
	}
	defer resp.Body.Close()
	body, rerr := io.ReadAll(resp.Body)
	derr := func() error {
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			return &HTTPError{Endpoint: endpoint, StatusCode: resp.StatusCode}
		}
		if rerr != nil {
			return &TransportError{Endpoint: endpoint, Err: stripURL(rerr)}
		}
		return decodeJSON(endpoint, body, out)
	}()
	if derr == nil {
		return nil
	}
	var apiErr *Error
	if clientMsgID != "" && !errors.As(derr, &apiErr) {
		// A non-2xx or an unreadable answer: the server got the request and
		// we do not know what it did with it.
		return &UncertainError{Endpoint: endpoint, ClientMsgID: clientMsgID, Err: derr}
	}
	return derr
}

// mayHaveBeenSent reports whether a transport error could have happened after
// the request reached the server. Only failures to connect at all are certain
// not to have sent anything; the Doer says so with ErrNotSent.
func mayHaveBeenSent(err error) bool { return !errors.Is(err, ErrNotSent) }

// decodeJSON parses an endpoint's answer into out and turns a non-zero Ret
// into an *Error. Bodies that are not JSON get a DecodeError that says what
// they were.
func decodeJSON(endpoint string, body []byte, out any) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return &DecodeError{Endpoint: endpoint, Kind: "empty body"}
	}
	if trimmed[0] == '<' {
		return &DecodeError{Endpoint: endpoint, Kind: "HTML page"}
	}
	if err := json.Unmarshal(trimmed, out); err != nil {
		var se *json.SyntaxError
		// encoding/json says so in words only: "unexpected end of JSON input".
		if errors.As(err, &se) && strings.HasPrefix(se.Error(), "unexpected end") {
			return &DecodeError{Endpoint: endpoint, Kind: "truncated JSON"}
		}
		return &DecodeError{Endpoint: endpoint, Kind: "invalid JSON", Err: err}
	}
	rh, ok := out.(retHolder)
	if !ok {
		return nil
	}
	if !hasBaseResponse(trimmed) {
		return &DecodeError{Endpoint: endpoint, Kind: "no BaseResponse"}
	}
	if br := rh.base(); br.Ret != 0 {
		return &Error{Endpoint: endpoint, Ret: br.Ret, ErrMsg: br.ErrMsg}
	}
	return nil
}

// hasBaseResponse checks that the top-level object has a BaseResponse, so a
// stray JSON value ({} or a JSON error of a proxy) is not taken for success.
func hasBaseResponse(b []byte) bool {
	var probe struct {
		BaseResponse *json.RawMessage `json:"BaseResponse"`
	}
	return json.Unmarshal(b, &probe) == nil && probe.BaseResponse != nil
}
