package wxsim

import (
	"io"
	"log"
	"net/http"
	"net/url"
	"time"
)

// Request is one request the simulator received.
type Request struct {
	Time     time.Time
	Method   string
	Host     string
	Endpoint string // e.g. "webwxsendmsg"; the path for anything else
	Query    url.Values
	RawQuery string
	Header   http.Header
	// Body is the request body for JSON posts; for uploads only the form
	// fields (the file bytes are in Media).
	Body []byte
	// Ret is the Ret answered (0 for success), Reason why it was refused.
	Ret    int
	Reason string
	Status int
}

// Rejection is a request the simulator refused, with why.
type Rejection struct {
	Endpoint string
	Ret      int
	Reason   string
}

// Message is a message the simulator accepted from the account (a send) or
// made arrive for it (Deliver). Sends are recorded every time, repeats
// included, so that a test sees a message sent twice.
type Message struct {
	MsgID       string
	ClientMsgID string
	LocalID     string
	Type        int // Msg.Type as sent: 1, 3, 6, 43, 47; MsgType for incoming
	From, To    string
	// FromKey and ToKey name the people by their stable Key ("" for self).
	FromKey, ToKey string
	Content        string
	MediaID        string
	EMoticonMD5    string
	Signature      string
	// FileName, FileSize and MD5 describe the media of the message.
	FileName string
	FileSize int64
	MD5      string
	Time     time.Time
	Revoked  bool
	Incoming bool
	// AppMsgType for incoming appmsgs (6 for files).
	AppMsgType int
	// EncryFileName is used in webwxgetmedia links.
	EncryFileName string
	// VoiceLength (ms) and PlayLength (s) for voice and video.
	VoiceLength, PlayLength int
	// Recommend is a friend request's RecommendInfo (MsgType 37).
	Recommend *RecommendInfo
}

// Requests returns every request received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestsTo returns the requests to one endpoint.
func (s *Server) RequestsTo(endpoint string) []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Endpoint == endpoint {
			out = append(out, r)
		}
	}
	return out
}

// Rejections returns every refused request with its reason.
func (s *Server) Rejections() []Rejection {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Rejection(nil), s.rejections...)
}

// Messages returns every message the account sent and the server accepted.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Reset forgets the records (requests, rejections, messages, media), keeping
// the session: benchmarks call it between runs.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests, s.rejections, s.messages = nil, nil, nil
	s.media = map[string]*Media{}
	s.uploads = map[int64]*upload{}
	s.signatures = map[string]checkInfo{}
}

func quietLog() *log.Logger { return log.New(io.Discard, "", 0) }
