package wxsim

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Fault is a misbehaviour injected for the next Times calls of an endpoint.
type Fault struct {
	Endpoint string
	// Times is how many calls it applies to (default 1).
	Times int
	// Chunk limits an upload fault to one chunk index (nil: any chunk).
	Chunk *int
	// Delay waits before handling the request.
	Delay time.Duration
	// Arrived, when set, is told (without blocking: give it room) when a
	// request the fault applies to has arrived, before the Delay: a test
	// waits on it to act while the request is held at the server.
	Arrived chan<- struct{}
	// Ret answers this Ret without handling the request.
	Ret int
	// Status answers this HTTP status without handling the request.
	Status int
	// Drop closes the connection without an answer. With AfterHandling the
	// request is handled first (a send is recorded), so only the answer is
	// lost: the case a client must treat as uncertain.
	Drop          bool
	AfterHandling bool
	// Cut (not for uploads) handles the request, then sends the answer's status line, its
	// headers and half its body, and closes the connection: the answer
	// lost on its way back. Unlike Drop with AfterHandling, whose answer
	// has no byte, a browser does not send such a request again by itself
	// (Chromium resends a request whose reused connection closed before
	// any byte of the answer, a POST too; the server then takes it twice).
	Cut bool
	// Body answers this raw body (an HTML error page, truncated JSON)
	// without handling the request.
	Body string
}

// Inject adds a fault.
func (s *Server) Inject(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// ClearFaults removes every injected fault not yet used.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// takeFault returns and uses up the first fault for the endpoint (and
// chunk, for uploads; chunk is -1 for other endpoints).
func (s *Server) takeFault(endpoint string, chunk int) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.Endpoint != endpoint || (f.Chunk != nil && *f.Chunk != chunk) {
			continue
		}
		f.Times--
		if f.Times <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		c := *f
		return &c
	}
	return nil
}

// applyBefore carries out the part of a fault that comes before handling.
// It reports whether the request was answered (and handling must stop).
func (f *Fault) applyBefore(w http.ResponseWriter) bool {
	if f == nil {
		return false
	}
	if f.Arrived != nil {
		select {
		case f.Arrived <- struct{}{}:
		default:
		}
	}
	if f.Delay > 0 {
		time.Sleep(f.Delay)
	}
	switch {
	case f.Drop && !f.AfterHandling:
		drop(w)
		return true
	case f.Status != 0:
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte("<html><body>Service Unavailable</body></html>"))
		return true
	case f.Ret != 0:
		writeJSON(w, baseResp{BaseResponse: BaseResponse{Ret: f.Ret}})
		return true
	case f.Body != "":
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(f.Body))
		return true
	}
	return false
}

// drop closes the connection under the response without answering.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// cutWriter keeps a handled request's answer, which a Cut fault sends in
// part.
type cutWriter struct {
	h      http.Header
	status int
	body   []byte
}

func (c *cutWriter) Header() http.Header { return c.h }
func (c *cutWriter) Write(b []byte) (int, error) {
	c.body = append(c.body, b...)
	return len(b), nil
}
func (c *cutWriter) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}

// cut sends the status line, the headers with the whole body's length and
// half the body, then closes the connection.
func (c *cutWriter) cut(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	status := c.status
	if status == 0 {
		status = http.StatusOK
	}
	c.h.Set("Content-Length", strconv.Itoa(len(c.body)))
	c.h.Del("Transfer-Encoding")
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	_ = c.h.Write(buf)
	_, _ = buf.WriteString("\r\n")
	_, _ = buf.Write(c.body[:len(c.body)/2])
	_ = buf.Flush()
}
