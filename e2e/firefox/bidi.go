//go:build !js

package firefox

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
)

// Conn is a WebDriver BiDi connection: commands and their answers (the
// tests subscribe to no event; any that comes is passed over).
type Conn struct {
	ws *wsConn

	mu      sync.Mutex
	next    int64
	waiting map[int64]chan reply
	err     error
	done    chan struct{}
}

type reply struct {
	Result json.RawMessage
	Err    error
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
	c := &Conn{ws: ws, waiting: map[int64]chan reply{}, done: make(chan struct{})}
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
		}
		if err := json.Unmarshal(b, &m); err != nil || m.ID == nil {
			continue // an event, or not BiDi
		}
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

// Close closes the connection.
func (c *Conn) Close() error {
	err := c.ws.Close()
	<-c.done
	return err
}
