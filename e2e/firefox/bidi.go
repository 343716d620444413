//go:build !js

package firefox

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

// Conn is a WebDriver BiDi connection: commands with their answers, and
// the events the session subscribed to.
type Conn struct {
	ws *wsConn

	mu      sync.Mutex
	next    int64
	waiting map[int64]chan reply
	subs    map[int64]*Sub
	nextSub int64
	err     error
	done    chan struct{}
}

type reply struct {
	Result json.RawMessage
	Err    error
}

// Event is a BiDi event.
type Event struct {
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
}

// Sub receives the events whose method starts with one of its prefixes,
// until Close. Its channel is buffered generously and never blocks the
// reader: an event that does not fit is dropped and counted.
type Sub struct {
	C        chan Event
	prefixes []string
	c        *Conn
	id       int64
	Dropped  int
}

// Close stops the subscription.
func (s *Sub) Close() {
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	delete(s.c.subs, s.id)
}

// ProtocolError is an error answer of the browser.
type ProtocolError struct {
	Method  string
	Code    string `json:"error"`
	Message string `json:"message"`
}

func (e *ProtocolError) Error() string {
	return fmt.Sprintf("firefox: %s: %s: %s", e.Method, e.Code, e.Message)
}

// dial connects to a BiDi server (ws://host:port/session).
func dial(ctx context.Context, url string) (*Conn, error) {
	ws, err := dialWS(ctx, url)
	if err != nil {
		return nil, err
	}
	c := &Conn{ws: ws, waiting: map[int64]chan reply{}, subs: map[int64]*Sub{}, done: make(chan struct{})}
	go c.read()
	return c, nil
}

func (c *Conn) read() {
	defer close(c.done)
	for {
		b, err := c.ws.ReadText()
		if err != nil {
			c.mu.Lock()
			c.err = err
			for id, ch := range c.waiting {
				ch <- reply{Err: fmt.Errorf("firefox: the connection ended: %w", err)}
				delete(c.waiting, id)
			}
			c.mu.Unlock()
			return
		}
		var m struct {
			Type    string          `json:"type"`
			ID      *int64          `json:"id"`
			Result  json.RawMessage `json:"result"`
			Error   string          `json:"error"`
			Message string          `json:"message"`
			Method  string          `json:"method"`
			Params  json.RawMessage `json:"params"`
		}
		if err := json.Unmarshal(b, &m); err != nil {
			continue
		}
		switch {
		case m.Type == "event":
			c.mu.Lock()
			for _, s := range c.subs {
				for _, p := range s.prefixes {
					if strings.HasPrefix(m.Method, p) {
						select {
						case s.C <- Event{Method: m.Method, Params: m.Params}:
						default:
							s.Dropped++
						}
						break
					}
				}
			}
			c.mu.Unlock()
		case m.ID != nil:
			c.mu.Lock()
			ch := c.waiting[*m.ID]
			delete(c.waiting, *m.ID)
			c.mu.Unlock()
			if ch == nil {
				continue
			}
			if m.Type == "error" {
				ch <- reply{Err: &ProtocolError{Code: m.Error, Message: m.Message}}
			} else {
				ch <- reply{Result: m.Result}
			}
		}
	}
}

// Call sends a command and decodes its result into out (nil: not wanted).
func (c *Conn) Call(ctx context.Context, method string, params, out any) error {
	if params == nil {
		params = struct{}{}
	}
	ch := make(chan reply, 1)
	c.mu.Lock()
	if c.err != nil {
		err := c.err
		c.mu.Unlock()
		return fmt.Errorf("firefox: %s: the connection ended: %w", method, err)
	}
	c.next++
	id := c.next
	c.waiting[id] = ch
	c.mu.Unlock()
	b, err := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	if err != nil {
		return err
	}
	if err := c.ws.WriteText(b); err != nil {
		return fmt.Errorf("firefox: %s: %w", method, err)
	}
	select {
	case r := <-ch:
		if r.Err != nil {
			if pe, ok := r.Err.(*ProtocolError); ok {
				pe.Method = method
			}
			return r.Err
		}
		if out != nil {
			if err := json.Unmarshal(r.Result, out); err != nil {
				return fmt.Errorf("firefox: %s: the result %.200s: %w", method, r.Result, err)
			}
		}
		return nil
	case <-ctx.Done():
		c.mu.Lock()
		delete(c.waiting, id)
		c.mu.Unlock()
		return fmt.Errorf("firefox: %s: %w", method, ctx.Err())
	}
}

// Listen returns a subscription to the events of the connection whose
// method starts with one of prefixes ("network.", "log.entryAdded").
// The session must also be subscribed (session.subscribe) for the
// browser to send them.
func (c *Conn) Listen(prefixes ...string) *Sub {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.nextSub++
	s := &Sub{C: make(chan Event, 4096), prefixes: prefixes, c: c, id: c.nextSub}
	c.subs[s.id] = s
	return s
}

// Close closes the connection.
func (c *Conn) Close() error {
	err := c.ws.Close()
	<-c.done
	return err
}
