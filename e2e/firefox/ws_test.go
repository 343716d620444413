//go:build !js

package firefox

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"testing"
)

// frame is a server's (unmasked) frame.
func frame(fin bool, op byte, p []byte) []byte {
	h := op
	if fin {
		h |= 0x80
	}
	b := []byte{h}
	switch n := len(p); {
	case n < 126:
		b = append(b, byte(n))
	case n <= 0xffff:
		b = append(b, 126, byte(n>>8), byte(n))
	default:
		b = append(b, 127)
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	return append(b, p...)
}

// readClientFrame reads one masked frame of the client and unmasks it.
func readClientFrame(t *testing.T, r *bufio.Reader) (op byte, p []byte) {
	t.Helper()
	var h [2]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		t.Fatal(err)
	}
	if h[1]&0x80 == 0 {
		t.Fatal("the client sent an unmasked frame")
	}
	n := uint64(h[1] & 0x7f)
	switch n {
	case 126:
		var x [2]byte
		io.ReadFull(r, x[:])
		n = uint64(binary.BigEndian.Uint16(x[:]))
	case 127:
		var x [8]byte
		io.ReadFull(r, x[:])
		n = binary.BigEndian.Uint64(x[:])
	}
	var mask [4]byte
	io.ReadFull(r, mask[:])
	p = make([]byte, n)
	if _, err := io.ReadFull(r, p); err != nil {
		t.Fatal(err)
	}
	for i := range p {
		p[i] ^= mask[i%4]
	}
	return h[0] & 0x0f, p
}

// TestWS: text both ways at the three length encodings, a message in
// fragments with a ping between them (answered with a pong of its data),
// and a close.
func TestWS(t *testing.T) {
	client, server := net.Pipe()
	defer server.Close()
	w := &wsConn{c: client, br: bufio.NewReader(client)}
	sr := bufio.NewReader(server)
	for _, n := range []int{5, 300, 70000} {
		msg := bytes.Repeat([]byte("x"), n)
		go w.WriteText(msg)
		if op, p := readClientFrame(t, sr); op != 0x1 || !bytes.Equal(p, msg) {
			t.Fatalf("%d bytes: the server read op %d, %d bytes", n, op, len(p))
		}
		go server.Write(frame(true, 0x1, msg))
		got, err := w.ReadText()
		if err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("%d bytes: the client read %d bytes, %v", n, len(got), err)
		}
	}
	done := make(chan []byte)
	go func() {
		got, err := w.ReadText()
		if err != nil {
			t.Error(err)
		}
		done <- got
	}()
	server.Write(frame(false, 0x1, []byte(`{"id":`)))
	server.Write(frame(true, 0x9, []byte("ping!")))
	if op, p := readClientFrame(t, sr); op != 0xA || string(p) != "ping!" {
		t.Fatalf("answer to a ping: op %d %q, want a pong of its data", op, p)
	}
	server.Write(frame(true, 0x0, []byte(`1}`)))
	if got := <-done; string(got) != `{"id":1}` {
		t.Fatalf("a fragmented message read as %q", got)
	}
	go server.Write(frame(true, 0x8, nil))
	errc := make(chan error)
	go func() { _, err := w.ReadText(); errc <- err }()
	if op, _ := readClientFrame(t, sr); op != 0x8 {
		t.Errorf("answer to a close: op %d", op)
	}
	if err := <-errc; err != errWSClosed {
		t.Errorf("after a close: %v, want errWSClosed", err)
	}
}
