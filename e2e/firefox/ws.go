//go:build !js

package firefox

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// A WebSocket client (RFC 6455) of the little WebDriver BiDi needs: text
// messages both ways, pings answered, a close. The module has no WebSocket
// library and chromedp keeps its own client internal.

type wsConn struct {
	c  net.Conn
	br *bufio.Reader
	wm sync.Mutex // one frame at a time
}

const wsGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// dialWS opens a WebSocket to a ws:// URL.
func dialWS(ctx context.Context, raw string) (*wsConn, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "ws" {
		return nil, fmt.Errorf("firefox: not a ws:// URL: %q", raw)
	}
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		return nil, fmt.Errorf("firefox: dialing %s: %w", u.Host, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = c.SetDeadline(dl)
	}
	var nonce [16]byte
	_, _ = rand.Read(nonce[:])
	key := base64.StdEncoding.EncodeToString(nonce[:])
	req := "GET " + u.RequestURI() + " HTTP/1.1\r\nHost: " + u.Host +
		"\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key +
		"\r\nSec-WebSocket-Version: 13\r\n\r\n"
	if _, err := io.WriteString(c, req); err != nil {
		c.Close()
		return nil, fmt.Errorf("firefox: WebSocket handshake: %w", err)
	}
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, &http.Request{Method: http.MethodGet})
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("firefox: WebSocket handshake: %w", err)
	}
	resp.Body.Close()
	sum := sha1.Sum([]byte(key + wsGUID))
	if resp.StatusCode != http.StatusSwitchingProtocols || resp.Header.Get("Sec-WebSocket-Accept") != base64.StdEncoding.EncodeToString(sum[:]) {
		c.Close()
		return nil, fmt.Errorf("firefox: WebSocket handshake refused: %s", resp.Status)
	}
	_ = c.SetDeadline(time.Time{})
	return &wsConn{c: c, br: br}, nil
}

// writeFrame writes one final, masked frame.
func (w *wsConn) writeFrame(op byte, p []byte) error {
	w.wm.Lock()
	defer w.wm.Unlock()
	h := []byte{0x80 | op}
	switch n := len(p); {
	case n < 126:
		h = append(h, 0x80|byte(n))
	case n <= 0xffff:
		h = append(h, 0x80|126, byte(n>>8), byte(n))
	default:
		h = append(h, 0x80|127)
		h = binary.BigEndian.AppendUint64(h, uint64(n))
	}
	var mask [4]byte
	_, _ = rand.Read(mask[:])
	h = append(h, mask[:]...)
	b := make([]byte, len(h)+len(p))
	copy(b, h)
	for i, c := range p {
		b[len(h)+i] = c ^ mask[i%4]
	}
	_, err := w.c.Write(b)
	return err
}

// WriteText sends a text message.
func (w *wsConn) WriteText(p []byte) error { return w.writeFrame(0x1, p) }

var errWSClosed = errors.New("firefox: the WebSocket was closed")

// ReadText reads the next text message, answering pings on the way.
func (w *wsConn) ReadText() ([]byte, error) {
	var msg []byte
	for {
		var h [2]byte
		if _, err := io.ReadFull(w.br, h[:]); err != nil {
			return nil, err
		}
		fin, op := h[0]&0x80 != 0, h[0]&0x0f
		n := uint64(h[1] & 0x7f)
		switch n {
		case 126:
			var x [2]byte
			if _, err := io.ReadFull(w.br, x[:]); err != nil {
				return nil, err
			}
			n = uint64(binary.BigEndian.Uint16(x[:]))
		case 127:
			var x [8]byte
			if _, err := io.ReadFull(w.br, x[:]); err != nil {
				return nil, err
			}
			n = binary.BigEndian.Uint64(x[:])
		}
		if h[1]&0x80 != 0 {
			return nil, errors.New("firefox: the server masked a frame")
		}
		if n > 1<<30 {
			return nil, fmt.Errorf("firefox: a WebSocket frame of %d bytes", n)
		}
		p := make([]byte, n)
		if _, err := io.ReadFull(w.br, p); err != nil {
			return nil, err
		}
		switch op {
		case 0x8:
			_ = w.writeFrame(0x8, nil)
			return nil, errWSClosed
		case 0x9:
			if err := w.writeFrame(0xA, p); err != nil {
				return nil, err
			}
			continue
		case 0xA:
			continue
		case 0x0, 0x1:
			msg = append(msg, p...)
		default:
			return nil, fmt.Errorf("firefox: unexpected WebSocket opcode %d", op)
		}
		if fin {
			return msg, nil
		}
	}
}

// Close sends a close frame and closes the connection.
func (w *wsConn) Close() error {
	_ = w.writeFrame(0x8, []byte{0x03, 0xe8})
	return w.c.Close()
}
