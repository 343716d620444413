package wxsim

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
)

// BaseResponse is the status block of every JSON answer.
type BaseResponse struct {
	Ret    int    `json:"Ret"`
	ErrMsg string `json:"ErrMsg"`
}

type baseResp struct {
	BaseResponse BaseResponse `json:"BaseResponse"`
}

// hostKind is which host of the table an endpoint lives on (§0).
type hostKind int

const (
	onMain hostKind = iota
	onFile
	onPush
)

// handler serves one endpoint. It returns nil on success, having written
// the answer, or the refusal to answer with.
type handler struct {
	host   hostKind
	method string
	serve  func(*exchange) *refusal
}

// refusal is a request the real server would refuse, with the Ret it
// answers (or an HTTP status) and the reason a test can read.
type refusal struct {
	ret    int
	status int
	reason string
}

func refuse(ret int, reason string) *refusal { return &refusal{ret: ret, reason: reason} }

// The Ret codes wxsim answers with, and why each was chosen (§9): the
// cookies wrong or missing → 1102; Uin or Sid not the session's, or a
// request on another session's hosts → 1100; a wrong skey or a logged-out
// session → 1101; a body that is not JSON → 1200; a missing or wrong field,
// a wrong Type, a bad chunk or MD5, malformed XML, foreign Origin/Referer →
// 1 (parameter error); a wrong pass_ticket or webwx_data_ticket → -14
// (ticket error); a revoke after two minutes → -1.
const (
	retParam     = 1
	retNoSession = 1100
	retInvalid   = 1101
	retCookie    = 1102
	retParse     = 1200
	retTicket    = -14
	retSystem    = -1
)

// exchange is one request being served.
type exchange struct {
	s        *Server
	w        http.ResponseWriter
	r        *http.Request
	host     string // without port
	endpoint string
	sess     *Session // set by auth
	body     []byte
	rec      *Request
	chunk    int
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(host)
	const prefix = "/cgi-bin/mmwebwx-bin/"
	if !strings.HasPrefix(r.URL.Path, prefix) {
		s.servePage(w, r, host)
		return
	}
	ep := strings.TrimPrefix(r.URL.Path, prefix)
	x := &exchange{s: s, w: w, r: r, host: host, endpoint: ep, chunk: -1}
	x.rec = &Request{Time: s.cfg.Now(), Method: r.Method, Host: host, Endpoint: ep, Query: r.URL.Query(), RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Status: 200}
	defer s.record(x)

	s.cors(w, r)
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		x.rec.Status = http.StatusNoContent
		return
	}
	h, ok := s.handlers[ep]
	if !ok || h.host != s.kindOf(host) || h.method != r.Method {
		http.NotFound(w, r)
		x.rec.Status, x.rec.Reason = 404, "no such endpoint on this host"
		return
	}
	if ep != "webwxuploadmedia" {
		b, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
		if err != nil {
			x.rec.Reason = "body not read: " + err.Error()
			return
		}
		x.body = b
		x.rec.Body = b
	}
	fault := (*Fault)(nil)
	if ep != "webwxuploadmedia" { // uploads take their fault once the chunk index is known
		fault = s.takeFault(ep, -1)
	}
	if fault.applyBefore(w) {
		x.rec.Reason = "injected fault"
		return
	}
	var cut *cutWriter
	switch {
	case fault != nil && fault.Cut:
		cut = &cutWriter{h: w.Header()}
		x.w = cut
	case fault != nil && fault.Drop && fault.AfterHandling:
		x.w = discardWriter{w.Header()}
	}
	if ref := h.serve(x); ref != nil {
		x.answerRefusal(ref)
	}
	// Read what a refused upload left, so the client sees the answer and
	// not a connection reset.
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxChunkRequest))
	switch {
	case cut != nil:
		x.rec.Reason = "answer cut off by an injected fault"
		cut.cut(w)
	case fault != nil && fault.Drop && fault.AfterHandling:
		x.rec.Reason = "answer dropped by an injected fault"
		drop(w)
	}
}

// answerRefusal writes a refusal: a Ret in a BaseResponse, or a status.
func (x *exchange) answerRefusal(ref *refusal) {
	x.rec.Ret, x.rec.Reason = ref.ret, ref.reason
	x.s.mu.Lock()
	x.s.rejections = append(x.s.rejections, Rejection{Endpoint: x.endpoint, Ret: ref.ret, Reason: ref.reason})
	x.s.mu.Unlock()
	if ref.status != 0 {
		x.rec.Status = ref.status
		http.Error(x.w, ref.reason, ref.status)
		return
	}
	writeJSON(x.w, baseResp{BaseResponse: BaseResponse{Ret: ref.ret}})
}

func (s *Server) record(x *exchange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, *x.rec)
}

// cors answers the page's credentialed cross-origin requests (the upload
// to the file host, §10) for origins of the host table only.
func (s *Server) cors(w http.ResponseWriter, r *http.Request) {
	o := r.Header.Get("Origin")
	if o == "" || !isMainOrigin(o) {
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", o)
	w.Header().Set("Access-Control-Allow-Credentials", "true")
	w.Header().Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
	w.Header().Set("Access-Control-Allow-Headers", "Content-Type, Range")
	w.Header().Add("Vary", "Origin")
}

func isMainOrigin(o string) bool {
	for _, h := range mainHosts() {
		if o == "https://"+h {
			return true
		}
	}
	return false
}

// kindOf says whether a host is a main, file or push host.
func (s *Server) kindOf(host string) hostKind {
	switch {
	case strings.HasPrefix(host, "file."):
		return onFile
	case strings.HasPrefix(host, "webpush."):
		return onPush
	}
	return onMain
}

func writeJSON(w http.ResponseWriter, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	_, _ = w.Write(b.Bytes())
}

// discardWriter handles a request whose answer a fault will drop.
type discardWriter struct{ h http.Header }

func (d discardWriter) Header() http.Header         { return d.h }
func (d discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d discardWriter) WriteHeader(int)             {}
