//go:build !js

package firefox

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
)

// Proxy is an HTTP proxy that takes CONNECT only, for the hosts of a
// table: Firefox has no --host-resolver-rules, so the WeChat hosts (and
// the test site's) reach their local servers through it, with their own
// names kept for TLS (the certificate is accepted by the session's
// acceptInsecureCerts). Any other host is refused, so nothing of the
// browser's own leaves the machine.
type Proxy struct {
	ln    net.Listener
	hosts map[string]string // host → address

	mu    sync.Mutex
	conns map[net.Conn]bool
}

// NewProxy starts a proxy that sends each host of hosts to its address.
func NewProxy(hosts map[string]string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, hosts: hosts, conns: map[net.Conn]bool{}}
	go p.serve()
	return p, nil
}

// Addr is host:port of the proxy.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Close stops the proxy and ends its tunnels.
func (p *Proxy) Close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
}

func (p *Proxy) track(c net.Conn, on bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if on {
		p.conns[c] = true
	} else {
		delete(p.conns, c)
	}
	return true
}

func (p *Proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.tunnel(c)
	}
}

func (p *Proxy) tunnel(c net.Conn) {
	p.track(c, true)
	defer p.track(c, false)
	defer c.Close()
	br := bufio.NewReader(c)
	req, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	host, _, _ := strings.Cut(req.Host, ":")
	addr, ok := p.hosts[strings.ToLower(host)]
	if req.Method != http.MethodConnect || !ok {
		io.WriteString(c, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
		return
	}
	up, err := net.Dial("tcp", addr)
	if err != nil {
		io.WriteString(c, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
		return
	}
	p.track(up, true)
	defer p.track(up, false)
	defer up.Close()
	if _, err := io.WriteString(c, "HTTP/1.1 200 Connection Established\r\n\r\n"); err != nil {
		return
	}
	done := make(chan struct{}, 2)
	go func() { io.Copy(up, br); done <- struct{}{} }()
	go func() { io.Copy(c, up); done <- struct{}{} }()
	<-done
}
