// Package testsite is a web site for tests of one-click sending: the
// things a person sends from a page (an image, a GIF, a video, a PDF
// behind the person's own login, a large file, a page with a title),
// over HTTPS on any host name, like wxsim.
package testsite

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The site's paths.
const (
	PagePath    = "/article.html"
	ImagePath   = "/img/photo.png"
	GIFPath     = "/img/dance.gif"
	VideoPath   = "/media/clip.mp4"
	LoginPath   = "/login"
	PDFPath     = "/private/report"
	MissingPath = "/gone.png"
	// RedirectPath?to=<URL> answers 302 to that URL: a site that sends a
	// download on elsewhere (RedirectTo).
	RedirectPath = "/go"
	// SlowPath is a file whose first bytes come at once and the rest
	// only after ReleaseSlow: a site that sends slowly.
	SlowPath = "/files/slow.bin"
)

// SlowSize is the size of SlowPath's file; SlowHead how much of it comes
// before ReleaseSlow.
const SlowSize, SlowHead = 1 << 20, 4096

// RedirectTo is the site's path that redirects to target.
func RedirectTo(target string) string { return RedirectPath + "?to=" + url.QueryEscape(target) }

// PageTitle is the <title> of PagePath, as a person reads it.
const PageTitle = `周报 & "计划" <草稿>`

// PDFName is the name the PDF's Content-Disposition gives (its URL has
// none).
const PDFName = "季度报告 2026.pdf"

// LoginCookie is set by LoginPath and needed by PDFPath.
const LoginCookie = "site_login"

// Site is the running site.
type Site struct {
	srv *httptest.Server
	mu  sync.Mutex
	big map[int64][]byte
	// requests counts the requests per path; withLogin those that
	// carried the login cookie.
	requests, withLogin map[string]int
	// slow is closed by ReleaseSlow.
	slow     chan struct{}
	slowOnce sync.Once
}

// ReleaseSlow lets SlowPath's answers finish.
func (s *Site) ReleaseSlow() { s.slowOnce.Do(func() { close(s.slow) }) }

// New starts the site over HTTPS (a self-signed certificate: Chromium
// runs with --ignore-certificate-errors, and a native client uses
// Client).
func New() *Site {
	s := &Site{big: map[int64][]byte{}, requests: map[string]int{}, withLogin: map[string]int{}, slow: make(chan struct{})}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	// Browsers that refuse the certificate and clients that hang up
	// are not the site's errors.
	s.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.srv.StartTLS()
	return s
}

// Close stops it.
func (s *Site) Close() { s.srv.Close() }

// Addr is host:port of the listener.
func (s *Site) Addr() string { return strings.TrimPrefix(s.srv.URL, "https://") }

// Client reaches the site at any host name and trusts its certificate;
// jar is its cookie jar (nil: none).
func (s *Site) Client(jar http.CookieJar) *http.Client {
	c := s.srv.Client()
	tr := c.Transport.(*http.Transport).Clone()
	addr := s.Addr()
	dial := tr.DialContext
	// The test certificate is example.com's, whatever name was asked.
	tr.TLSClientConfig.ServerName = "example.com"
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) { return dial(ctx, network, addr) }
	return &http.Client{Transport: tr, Jar: jar, Timeout: time.Minute}
}

// Requests is how many requests a path had.
func (s *Site) Requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path]
}

// WithLogin is how many requests of a path carried the login cookie
// (LoginCookie): the person's cookies of the site.
func (s *Site) WithLogin(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.withLogin[path]
}

// BigPath is the path of a file of n bytes (deterministic bytes, sent
// with its length, as a download with a name).
func BigPath(n int64) string { return "/files/big-" + strconv.FormatInt(n, 10) + ".bin" }

// Big is the content of BigPath(n).
func (s *Site) Big(n int64) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.big[n]; ok {
		return b
	}
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(uint64(n), 7))
	for i := 0; i+8 <= len(b); i += 8 {
		v := r.Uint64()
		for k := range 8 {
			b[i+k] = byte(v >> (8 * k))
		}
	}
	s.big[n] = b
	return b
}

// The bodies of the fixed resources: real headers of their formats, and
// enough bytes after them to be a file.
var (
	PNG  = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0x42}, 40000)...)
	GIF  = append([]byte("GIF89a\x10\x00\x10\x00"), bytes.Repeat([]byte{0x21}, 9000)...)
	MP4  = append([]byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00"), bytes.Repeat([]byte{0x07}, 300000)...)
	PDF  = append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("0 obj\n"), 50000)...)
	Page = []byte("<!doctype html><html><head><meta charset=utf-8><title>周报 &amp; &quot;计划&quot; &lt;草稿&gt;</title></head>" +
		"<body><p id=para>下周一之前交。The report is due on Monday.</p><a id=pdf href=\"" + PDFPath + "\">PDF</a></body></html>")
)

// MD5 is the hex MD5 of b.
func MD5(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}

func (s *Site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests[r.URL.Path]++
	if _, err := r.Cookie(LoginCookie); err == nil {
		s.withLogin[r.URL.Path]++
	}
	s.mu.Unlock()
	send := func(ctype string, b []byte) {
		w.Header().Set("Content-Type", ctype)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
	}
	switch p := r.URL.Path; {
	case p == PagePath || p == "/":
		send("text/html; charset=utf-8", Page)
	case p == ImagePath:
		send("image/png", PNG)
	case p == GIFPath:
		send("image/gif", GIF)
	case p == VideoPath:
		send("video/mp4", MP4)
	case p == LoginPath:
		http.SetCookie(w, &http.Cookie{Name: LoginCookie, Value: "yes", Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><title>logged in</title><p>logged in</p>")
	case p == RedirectPath:
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	case p == PDFPath:
		if c, err := r.Cookie(LoginCookie); err != nil || c.Value != "yes" {
			http.Error(w, "log in first", http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Disposition", `attachment; filename="report.pdf"; filename*=UTF-8''`+pathEscape(PDFName))
		send("application/pdf", PDF)
	case p == SlowPath:
		b := s.Big(SlowSize)
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.Write(b[:SlowHead])
		w.(http.Flusher).Flush()
		select {
		case <-s.slow:
			w.Write(b[SlowHead:])
		case <-r.Context().Done():
		}
	case strings.HasPrefix(p, "/files/big-") && strings.HasSuffix(p, ".bin"):
		n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(p, "/files/big-"), ".bin"), 10, 64)
		if err != nil || n <= 0 || n > 1<<30 {
			http.NotFound(w, r)
			return
		}
		send("application/octet-stream", s.Big(n))
	default:
		http.NotFound(w, r)
	}
}

// pathEscape is RFC 5987's percent-encoding of UTF-8.
func pathEscape(v string) string {
	var b strings.Builder
	for _, c := range []byte(v) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
