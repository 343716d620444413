package wxsim

import (
	"bytes"
	"crypto/rand"
	"embed"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"io"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
)

// The simulated page's paths. Everything not under /cgi-bin/mmwebwx-bin/
// reaches servePage:
//
//	GET  /                      the web app: login screen or chat view (MMCgi.isLogin)
//	GET  /wxsim/assets/<file>   its static files (embedded from page/)
//	POST /wxsim/<control>       simulator controls that stand for the phone
//	                            (pageControls): scan, deliver, logout, rotate-skey
//
// The page exists on the main hosts only; the controls need no WeChat
// cookies, since the phone has none.
const (
	pageAssetsPrefix  = "/wxsim/assets/"
	pageControlPrefix = "/wxsim/"
)

//go:embed page
var pageFiles embed.FS

// pageState is what the simulated page's endpoints keep between requests.
// It belongs to one login: Login calls reset under s.mu.
type pageState struct {
	msgMedia map[string]*msgMedia
	// tickets are the login poll's redirect tickets not yet used, by ticket.
	tickets map[string]loginTicket
	// syncBase is Key 1's Val for position 0 of s.feed: Val-syncBase is how
	// much of the feed a SyncKey has seen (§4.2).
	syncBase int64
	// acked is how much of the feed the session has handed out through
	// webwxsync: the session's cursor (§4.3).
	acked int
	// handedSkey is the skey the page last learned (login XML, webwxinit or
	// webwxsync SKey). After RotateSkey it stays accepted by synccheck and
	// webwxsync until an answer hands out the new one, so the page can learn
	// it as it does from the real server.
	handedSkey string
	// modContacts are the Keys of the contacts AddContact added that no
	// webwxsync has listed in ModContactList yet.
	modContacts []string
}

// loginTicket is one redirect_uri of the login poll (§1.2).
type loginTicket struct {
	uuid, host, sid string
}

// reset starts the page state of a new login. It runs under s.mu.
func (p *pageState) reset() {
	p.tickets = map[string]loginTicket{}
	p.syncBase = 600000000 + int64(pageRandUint32()%100000000)
	p.acked = 0
	p.handedSkey = ""
	p.modContacts = nil
}

// pageRoutes adds the endpoints only the page itself calls (login, init,
// sync, logout); they are served in page_endpoints.go, page_synccheck.go
// and page_sync.go.
func (s *Server) pageRoutes(r map[string]handler) {
	post, get := http.MethodPost, http.MethodGet
	r["webwxnewloginpage"] = handler{onMain, get, serveNewLoginPage}
	r["webwxinit"] = handler{onMain, post, serveInit}
	r["webwxstatusnotify"] = handler{onMain, post, serveStatusNotify}
	r["synccheck"] = handler{onPush, get, serveSyncCheck}
	r["webwxsync"] = handler{onMain, post, serveSync}
	r["webwxlogout"] = handler{onMain, post, serveLogout}
}

// servePage serves the web app, its assets and the simulator controls on
// the main hosts (host is without port).
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, host string) {
	if !isMainHost(host) {
		http.NotFound(w, r)
		return
	}
	p := r.URL.Path
	switch {
	case p == "/":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		s.serveIndex(w, r, host)
	case strings.HasPrefix(p, pageAssetsPrefix):
		sub, _ := fs.Sub(pageFiles, "page")
		name := strings.TrimPrefix(p, pageAssetsPrefix)
		if name == "" || name == "index.html" || strings.Contains(name, "..") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFileFS(w, r, sub, name)
	case strings.HasPrefix(p, pageControlPrefix):
		s.serveControl(w, r, host, strings.TrimPrefix(p, pageControlPrefix))
	default:
		http.NotFound(w, r)
	}
}

// serveIndex renders index.html with window.MMCgi as the real server does:
// isLogin is true when the request's cookies are the current, living
// session's and the tab is on the session's main host (§1.3).
func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request, host string) {
	b, err := pageFiles.ReadFile("page/index.html")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	login := "false"
	if s.cookiesLoggedIn(r, host) {
		login = "true"
	}
	html := strings.ReplaceAll(string(b), "{{isLogin}}", login)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(html))
}

// cookiesLoggedIn reports whether r carries the current session's wxuin,
// wxsid and webwx_data_ticket, the session lives, and host is its main host.
func (s *Server) cookiesLoggedIn(r *http.Request, host string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := s.sess
	if ss == nil || ss.LoggedOut || ss.Host != host {
		return false
	}
	want := map[string]string{"wxuin": strconv.FormatInt(ss.Uin, 10), "wxsid": ss.Sid, "webwx_data_ticket": ss.DataTicket}
	for name, v := range want {
		c, err := r.Cookie(name)
		if err != nil || c.Value != v {
			return false
		}
	}
	return true
}

// redirectURI is the login poll's redirect_uri for a ticket (§1.2).
// Ticket and uuid hold only characters a query keeps as they are.
func redirectURI(host, ticket, uuid string, scan int64) string {
	return "https://" + host + "/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=" + ticket +
		"&uuid=" + uuid + "&lang=zh_CN&scan=" + strconv.FormatInt(scan, 10)
}

func pageRandUint32() uint32 {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return binary.BigEndian.Uint32(b[:])
}

// serveControl runs a simulator control: what the phone (or the person
// watching) does. They answer JSON and never reveal session secrets.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request, host, name string) {
	if r.Method != http.MethodPost {
		http.Error(w, "controls are POST", http.StatusMethodNotAllowed)
		return
	}
	// Only the simulated page (or a test without Origin) may press the
	// buttons; an extension's request carries its own origin.
	if o := r.Header.Get("Origin"); o != "" && !isMainOrigin(o) {
		http.Error(w, "foreign Origin "+o, http.StatusForbidden)
		return
	}
	switch name {
	case "scan":
		s.controlScan(w, r, host)
	case "deliver":
		s.controlDeliver(w, r)
	case "logout":
		s.Logout()
		writeJSON(w, struct{}{})
	case "rotate-skey":
		s.RotateSkey()
		writeJSON(w, struct{}{})
	default:
		http.NotFound(w, r)
	}
}

// ScanResult is the answer of POST /wxsim/scan: what the login poll
// answers once the QR code is confirmed on the phone (code 200).
type ScanResult struct {
	Code        int    `json:"code"`
	RedirectURI string `json:"redirect_uri"`
}

// controlScan logs in as scanning the QR code does and hands out a fresh
// one-time redirect_uri for webwxnewloginpage (§1.2).
func (s *Server) controlScan(w http.ResponseWriter, r *http.Request, host string) {
	h := r.URL.Query().Get("host")
	if h == "" {
		h = host
	}
	if h != host {
		http.Error(w, "host must be the page's own host "+host, http.StatusBadRequest)
		return
	}
	ss, err := s.Login(h)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	ticket := randomHex(12) + "@qrticket_0"
	uuid := strings.NewReplacer("+", "a", "/", "b", "=", "c").Replace(randomB64(10)) + "=="
	s.mu.Lock()
	if s.page.tickets == nil {
		s.page.tickets = map[string]loginTicket{}
	}
	s.page.tickets[ticket] = loginTicket{uuid: uuid, host: h, sid: ss.Sid}
	now := s.cfg.Now().Unix()
	s.mu.Unlock()
	writeJSON(w, ScanResult{Code: 200, RedirectURI: redirectURI(h, ticket, uuid, now)})
}

// deliverControl is the body of POST /wxsim/deliver.
type deliverControl struct {
	// From is the sender's Key or current UserName; for a group, a member
	// (the first) says the message.
	From string `json:"from"`
	// Kind is text, image, voice, video, file or emoticon.
	Kind string `json:"kind"`
	Text string `json:"text"`
}

// controlDeliver makes a message arrive, with small generated media.
func (s *Server) controlDeliver(w http.ResponseWriter, r *http.Request) {
	var c deliverControl
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&c); err != nil {
		http.Error(w, "body is not JSON: "+err.Error(), http.StatusBadRequest)
		return
	}
	in, err := SampleIncoming(c.Kind, c.Text)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	key := c.From
	if k := s.KeyOf(c.From); k != "" {
		key = k
	}
	s.mu.Lock()
	p, ok := s.byKey[key]
	var group, member string
	if ok && p.Group && len(p.Members) > 0 {
		group, member = key, p.Members[0]
	}
	s.mu.Unlock()
	if !ok {
		http.Error(w, "no contact "+c.From, http.StatusBadRequest)
		return
	}
	in.From, in.Group = key, group
	if group != "" {
		in.From = member
	}
	m, err := s.Deliver(in)
	if err != nil {
		http.Error(w, err.Error(), http.StatusConflict)
		return
	}
	writeJSON(w, struct {
		MsgID   string `json:"MsgId"`
		MsgType int    `json:"MsgType"`
	}{m.MsgID, m.Type})
}

// SampleIncoming returns a message of a kind (text, image, voice, video,
// file, emoticon) with small generated media, for the page's buttons and
// for tests that need one of each: a real JPEG, silent MP3 frames, an MP4
// file header (ftyp/free/mdat, not playable), a text file and a GIF.
func SampleIncoming(kind, text string) (Incoming, error) {
	switch kind {
	case "text", "":
		if text == "" {
			text = "你好，这是模拟消息 / hello from wxsim"
		}
		return Incoming{Type: MsgText, Text: text}, nil
	case "image":
		return Incoming{Type: MsgImage, FileName: "photo.jpg", Data: sampleJPEG()}, nil
	case "voice":
		return Incoming{Type: MsgVoice, FileName: "voice.mp3", Data: sampleMP3(), VoiceLength: 2000}, nil
	case "video":
		return Incoming{Type: MsgVideo, FileName: "video.mp4", Data: sampleMP4(), PlayLength: 3}, nil
	case "file":
		return Incoming{Type: MsgApp, FileName: "报告 report.txt", Data: []byte("wxsim 测试文件 / test file\n1,2,3\n")}, nil
	case "emoticon":
		return Incoming{Type: MsgEmoticon, FileName: "emoticon.gif", Data: sampleGIF()}, nil
	}
	return Incoming{}, fmt.Errorf("wxsim: no sample message of kind %q", kind)
}

func sampleJPEG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 96, 64))
	for y := 0; y < 64; y++ {
		for x := 0; x < 96; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 2), uint8(y * 3), 160, 255})
		}
	}
	var b bytes.Buffer
	_ = jpeg.Encode(&b, img, &jpeg.Options{Quality: 80})
	return b.Bytes()
}

func sampleGIF() []byte {
	img := image.NewPaletted(image.Rect(0, 0, 24, 24), color.Palette{color.White, color.RGBA{250, 200, 0, 255}})
	for y := 4; y < 20; y++ {
		for x := 4; x < 20; x++ {
			img.SetColorIndex(x, y, 1)
		}
	}
	var b bytes.Buffer
	_ = gif.Encode(&b, img, nil)
	return b.Bytes()
}

// sampleMP3 is 40 silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz,
// mono; 417 bytes each, all-zero side information): about one second.
func sampleMP3() []byte {
	frame := make([]byte, 417)
	copy(frame, []byte{0xFF, 0xFB, 0x90, 0xC4})
	return bytes.Repeat(frame, 40)
}

// sampleMP4 is an ISO BMFF file head: ftyp, free and a small mdat.
func sampleMP4() []byte {
	box := func(typ string, payload []byte) []byte {
		b := binary.BigEndian.AppendUint32(nil, uint32(8+len(payload)))
		return append(append(b, typ...), payload...)
	}
	var out []byte
	out = append(out, box("ftyp", []byte("isom\x00\x00\x02\x00isomiso2avc1mp41"))...)
	out = append(out, box("free", nil)...)
	out = append(out, box("mdat", bytes.Repeat([]byte{0}, 64))...)
	return out
}
