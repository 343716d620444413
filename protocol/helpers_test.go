package protocol_test

import (
	"io"
	"net/http"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/httpdoer"
	"strings"
	"sync"
	"time"
)

// capture is a Doer that records requests and answers with a canned body,
// for tests that check what goes on the wire byte for byte.
type capture struct {
	mu     sync.Mutex
	reqs   []*http.Request
	bodies [][]byte
	answer func(*http.Request) (*http.Response, error)
}

// Do records the request as net/http's (what the tests read).
func (c *capture) Do(pr *protocol.Request) (*protocol.Response, error) {
	r, err := httpdoer.ToHTTP(pr)
	if err != nil {
		return nil, err
	}
	var b []byte
	if r.Body != nil {
		b, _ = io.ReadAll(r.Body)
		r.Body.Close()
	}
	c.mu.Lock()
	c.reqs = append(c.reqs, r)
	c.bodies = append(c.bodies, b)
	c.mu.Unlock()
	resp := jsonResponse(`{"BaseResponse":{"Ret":0,"ErrMsg":""},"MsgID":"4527210051674039705","LocalID":"x"}`)
	if c.answer != nil {
		if resp, err = c.answer(r); err != nil {
			return nil, err
		}
	}
	return httpdoer.FromHTTP(resp), nil
}

func (c *capture) last() (*http.Request, []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reqs[len(c.reqs)-1], c.bodies[len(c.bodies)-1]
}

func jsonResponse(body string) *http.Response {
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(body))}
}

func statusResponse(code int, body string) *http.Response {
	return &http.Response{StatusCode: code, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))}
}

// fixedClock returns a clock stopped at the given Unix milliseconds.
func fixedClock(ms int64) func() time.Time {
	return func() time.Time { return time.UnixMilli(ms) }
}

// seqRand returns the values in order, then repeats the last one; a value
// is reduced modulo n.
func seqRand(vals ...int) func(int) int {
	i := 0
	return func(n int) int {
		v := vals[min(i, len(vals)-1)]
		i++
		return v % n
	}
}
