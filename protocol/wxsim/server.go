package wxsim

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wxdrop/wxdrop/protocol"
)

// Config sets up a simulator. The zero value is usable.
type Config struct {
	// People are the account's contacts; nil means DefaultPeople().
	People []Person
	// SelfNickName is the account's own name (default "wxdrop测试").
	SelfNickName string
	// Uin is the account's uin (default the seed's 566148615).
	Uin int64
	// Now is the server clock (default time.Now); revoke's two minutes and
	// CreateTime use it.
	Now func() time.Time
	// ContactPageSize is how many contacts one webwxgetcontact page holds
	// (default 1000), so that paging with Seq is exercised.
	ContactPageSize int
	// SyncHold is how long synccheck holds an idle poll (default 25 s, §4.1).
	SyncHold time.Duration
	// Addr is where to listen (default 127.0.0.1:0).
	Addr string
	// DiscardMediaBytes keeps only the size and MD5 of uploads, not their
	// bytes: benchmarks upload hundreds of MiB and do not download them.
	DiscardMediaBytes bool
	// MediaPerChat refuses, with Ret 1, a send of an uploaded MediaId to
	// another chat than the upload's ToUserName. Whether the real server
	// does is not known (PROTOCOL.md is silent; the page's forwards send
	// a MediaId to other chats, which suggests it does not): this is the
	// stricter of the two, for a client's fallback to be tested.
	MediaPerChat bool
}

// Server is a running simulator.
type Server struct {
	cfg      Config
	ln       net.Listener
	srv      *http.Server
	pool     *x509.CertPool
	caPEM    []byte
	handlers map[string]handler

	mu         sync.Mutex
	sess       *Session
	people     []Person
	byKey      map[string]*Person
	names      map[string]string // Key → UserName, for this login
	keys       map[string]string // UserName → Key
	uploads    map[int64]*upload
	media      map[string]*Media
	signatures map[string]checkInfo // FileMd5 → what checkupload gave
	messages   []Message
	feed       []Message // what the page's webwxsync hands out, in order
	requests   []Request
	rejections []Rejection
	faults     []*Fault
	nextMsgID  uint64
	changed    chan struct{} // closed and replaced when the feed grows or the session changes
	heldPolls  atomic.Int32  // synccheck polls waiting for a change (HeldPolls)
	page       pageState
	friends    friendState
}

// New starts a simulator listening on loopback.
func New(cfg Config) (*Server, error) {
	if cfg.People == nil {
		cfg.People = DefaultPeople()
	}
	if cfg.SelfNickName == "" {
		cfg.SelfNickName = "wxdrop测试"
	}
	if cfg.Uin == 0 {
		cfg.Uin = 566148615
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ContactPageSize <= 0 {
		cfg.ContactPageSize = 1000
	}
	if cfg.SyncHold <= 0 {
		cfg.SyncHold = 25 * time.Second
	}
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	cert, pool, caPEM, err := newCertificate(servedHosts())
	if err != nil {
		return nil, fmt.Errorf("wxsim: certificate: %w", err)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("wxsim: listen: %w", err)
	}
	s := &Server{
		cfg: cfg, ln: ln, pool: pool, caPEM: caPEM,
		uploads:    map[int64]*upload{},
		media:      map[string]*Media{},
		signatures: map[string]checkInfo{},
		changed:    make(chan struct{}),
		nextMsgID:  4527210051674039705,
	}
	s.setPeople(cfg.People)
	s.handlers = s.routes()
	s.srv = &http.Server{
		Handler:   s,
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"http/1.1"}},
		// HTTP/1.1 only, so that a fault can drop the connection (Hijack).
		TLSNextProto:      map[string]func(*http.Server, *tls.Conn, http.Handler){},
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          quietLog(),
	}
	go s.srv.Serve(tls.NewListener(ln, s.srv.TLSConfig))
	return s, nil
}

// Close stops the simulator.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	s.mu.Lock()
	close(s.changed) // wakes held synccheck polls
	s.changed = make(chan struct{})
	s.mu.Unlock()
	if err := s.srv.Shutdown(ctx); err != nil {
		return s.srv.Close()
	}
	return nil
}

// Addr is the listener's address, host:port on loopback.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Port is the listener's port.
func (s *Server) Port() string {
	_, p, _ := net.SplitHostPort(s.Addr())
	return p
}

// CertPEM is the simulator's CA certificate in PEM, for a client in another
// process.
func (s *Server) CertPEM() []byte { return s.caPEM }

// CertPool trusts the simulator's certificate.
func (s *Server) CertPool() *x509.CertPool { return s.pool }

// ResolverRules is Chromium's --host-resolver-rules value that sends every
// web WeChat host to the simulator.
func (s *Server) ResolverRules() string {
	var rules []string
	for _, h := range servedHosts() {
		rules = append(rules, "MAP "+h+" "+s.Addr())
	}
	return strings.Join(rules, ", ")
}

// ResolverRulesFor is ResolverRules for the host families of the given
// main hosts only (each with its file., webpush. and login. hosts). Two
// simulators, each with an account of its own, serve two accounts at once
// in one browser this way: one on wx.qq.com, one on web.wechat.com (their
// cookies are separate), their rules joined with ", ".
func (s *Server) ResolverRulesFor(mains ...string) string {
	var rules []string
	for _, m := range mains {
		h, err := protocol.HostsFor(m)
		if err != nil {
			continue
		}
		for _, x := range []string{h.Main, h.File, h.Push, "login." + h.Main} {
			rules = append(rules, "MAP "+x+" "+s.Addr())
		}
	}
	return strings.Join(rules, ", ")
}

// ChromiumFlags are the flags that point Chromium's WeChat hosts at the
// simulator.
func (s *Server) ChromiumFlags() []string {
	return []string{"--host-resolver-rules=" + s.ResolverRules(), "--ignore-certificate-errors"}
}

// Transport returns an http.Transport that reaches every WeChat host at the
// simulator and trusts its certificate: what a native test's client uses.
func (s *Server) Transport() *http.Transport {
	addr := s.Addr()
	d := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
		TLSClientConfig:     &tls.Config{RootCAs: s.pool},
		ForceAttemptHTTP2:   false,
		MaxIdleConnsPerHost: 4,
	}
}

// Client returns an http.Client for the simulator with a cookie jar holding
// the current login's cookies, as the browser of the logged-in tab has them.
func (s *Server) Client() *http.Client {
	jar, _ := cookiejar.New(nil)
	s.mu.Lock()
	sess := s.sess
	s.mu.Unlock()
	if sess != nil {
		u, _ := url.Parse("https://" + sess.Host + "/")
		jar.SetCookies(u, sess.Cookies())
	}
	return &http.Client{Transport: s.Transport(), Jar: jar, Timeout: 2 * time.Minute}
}

// Session is one login of the simulated account.
type Session struct {
	Host       string // the main host logged in on
	Uin        int64
	Sid        string
	Skey       string
	PassTicket string // URL-encoded text, as the login XML gives it (§1.2)
	DataTicket string
	AuthTicket string
	UserName   string
	NickName   string
	// LoggedOut is set by Logout: every request then gets Ret 1101.
	LoggedOut bool
	// DeviceIDs seen, for tests that check DeviceID freshness.
	loginTime time.Time
}

// Cookies are the cookies the real server sets at login (§1.1), for the
// session's domain so that the file. and webpush. hosts get them too.
func (ss *Session) Cookies() []*http.Cookie {
	dom := "." + ss.Host
	exp := time.Now().Add(24 * time.Hour)
	mk := func(n, v string) *http.Cookie {
		return &http.Cookie{Name: n, Value: v, Domain: dom, Path: "/", Expires: exp, Secure: true}
	}
	return []*http.Cookie{
		mk("wxuin", fmt.Sprint(ss.Uin)),
		mk("wxsid", ss.Sid),
		mk("webwx_data_ticket", ss.DataTicket),
		mk("webwx_auth_ticket", ss.AuthTicket),
		mk("mm_lang", "zh_CN"),
		mk("wxloadtime", fmt.Sprint(ss.loginTime.Unix())),
	}
}

// Protocol returns the session as the protocol package's client takes it.
func (ss *Session) Protocol() protocol.Session {
	return protocol.Session{Uin: ss.Uin, Sid: ss.Sid, Skey: ss.Skey, PassTicket: ss.PassTicket, DataTicket: ss.DataTicket, UserName: ss.UserName, Host: ss.Host}
}

// Login logs the account in on a main host, as scanning the QR code does:
// new secrets and new UserNames for every contact. It returns a copy.
func (s *Server) Login(host string) (Session, error) {
	if _, err := familyOf(host); err != nil {
		return Session{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := &Session{
		Host:       host,
		Uin:        s.cfg.Uin,
		Sid:        randomB64(16),
		Skey:       "@crypt_" + randomHex(4) + "_" + randomHex(16),
		PassTicket: url.QueryEscape(randomB64(48) + "+/="),
		DataTicket: randomB64(36) + "+/=",
		AuthTicket: randomB64(96),
		NickName:   s.cfg.SelfNickName,
		loginTime:  s.cfg.Now(),
	}
	s.sess = ss
	s.renameLocked()
	ss.UserName = s.names[selfKey]
	s.page.reset()
	s.feed = nil
	s.wakeLocked()
	return *ss, nil
}

// Logout invalidates the session, as logging out on the phone does: every
// request then answers Ret 1101.
func (s *Server) Logout() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess != nil {
		s.sess.LoggedOut = true
	}
	s.wakeLocked()
}

// RotateSkey gives the session a new skey, as the server may in webwxinit
// or webwxsync answers; the old one is refused from then on.
func (s *Server) RotateSkey() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil {
		return ""
	}
	s.sess.Skey = "@crypt_" + randomHex(4) + "_" + randomHex(16)
	s.wakeLocked()
	return s.sess.Skey
}

// CurrentSession returns a copy of the current login, if any.
func (s *Server) CurrentSession() (Session, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil {
		return Session{}, false
	}
	return *s.sess, true
}

// UserName returns the current login's UserName of a person by Key.
func (s *Server) UserName(key string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.names[key]
}

// KeyOf returns the Key of a current UserName.
func (s *Server) KeyOf(userName string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.keys[userName]
}

const selfKey = "\x00self"

func (s *Server) setPeople(ps []Person) {
	s.people = append([]Person(nil), ps...)
	s.byKey = map[string]*Person{}
	for i := range s.people {
		s.byKey[s.people[i].Key] = &s.people[i]
	}
}

// renameLocked gives every contact a fresh session-scoped UserName.
func (s *Server) renameLocked() {
	s.names = map[string]string{selfKey: "@" + randomHex(32)}
	for _, p := range s.people {
		switch {
		case p.FixedUserName != "":
			s.names[p.Key] = p.FixedUserName
		case p.Group:
			s.names[p.Key] = "@@" + randomHex(32)
		default:
			s.names[p.Key] = "@" + randomHex(32)
		}
	}
	s.keys = map[string]string{}
	for k, n := range s.names {
		s.keys[n] = k
	}
}

// wakeLocked wakes everything waiting on a change (held synccheck polls).
func (s *Server) wakeLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func randomB64(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)[:n]
}

var errNoSession = errors.New("no session")
