package wxsim

import (
	"bytes"
	"crypto/md5"
	"encoding"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"mime"
	"mime/multipart"
	"net/url"
	"strconv"
)

const (
	chunkSize       = 512 * 1024
	checkUploadOver = 25 * 1024 * 1024
)

// Media is a file the server holds: uploaded by the account, or the media of
// a message made to arrive.
type Media struct {
	ID            string
	Name          string
	MediaType     string // pic, video, doc (the upload's form field)
	MIME          string
	Size          int64
	MD5           string
	Data          []byte
	EncryFileName string
	// Signature is set for files that went through webwxcheckupload.
	Signature string
	AESKey    string
	// To is the upload's ToUserName ("" for media of a message made to
	// arrive).
	To string
}

// Media returns the media with that MediaId.
func (s *Server) Media(id string) (*Media, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.media[id]
	return m, ok
}

// checkInfo is what webwxcheckupload handed out for one file.
type checkInfo struct {
	size      int64
	aesKey    string
	signature string
}

// upload is a chunked upload under way, keyed by ClientMediaId.
type upload struct {
	clientMediaID int64
	name, to, md5 string
	size          int64
	mediatype     string
	mime          string
	chunks        int // 1 for a single request
	next          int // the chunk expected next
	data          bytes.Buffer
	hash          hash.Hash
	// before is the hash state before the last chunk, so that a repeat of
	// that chunk (its answer was lost) can be taken again.
	before  []byte
	lastLen int
	done    *Media
	aesKey  string
	sig     string
}

type checkUploadReq struct {
	BaseRequest  *wireBase `json:"BaseRequest"`
	FromUserName string    `json:"FromUserName"`
	ToUserName   string    `json:"ToUserName"`
	FileSize     *int64    `json:"FileSize"`
	FileMd5      string    `json:"FileMd5"`
	FileName     string    `json:"FileName"`
	FileType     *int      `json:"FileType"`
}

// serveCheckUpload: a file the server holds (same MD5 and size) gets its
// MediaId back; another gets an AESKey and Signature that its upload and
// send must carry (§6.1).
func serveCheckUpload(x *exchange) *refusal {
	if ref := x.auth(authOpts{}); ref != nil {
		return ref
	}
	var req checkUploadReq
	if ref := x.decodeRequest(&req, &req.BaseRequest, authOpts{}); ref != nil {
		return ref
	}
	switch {
	case req.FileType == nil || *req.FileType != 7:
		return refuse(retParam, "FileType must be 7")
	case req.FileSize == nil || *req.FileSize <= 0:
		return refuse(retParam, "FileSize missing")
	case !md5Hex.MatchString(req.FileMd5):
		return refuse(retParam, "FileMd5 is not a lowercase MD5")
	case req.FileName == "":
		return refuse(retParam, "FileName missing")
	case req.FromUserName != x.sess.UserName:
		return refuse(retParam, "FromUserName is not the account's")
	case !x.known(req.ToUserName):
		return refuse(retParam, "ToUserName is not a contact of this login")
	}
	s := x.s
	s.mu.Lock()
	defer s.mu.Unlock()
	out := struct {
		BaseResponse  BaseResponse `json:"BaseResponse"`
		MediaID       string       `json:"MediaId"`
		AESKey        string       `json:"AESKey"`
		Signature     string       `json:"Signature"`
		EncryFileName string       `json:"EncryFileName"`
	}{EncryFileName: url.QueryEscape(req.FileName)}
	for _, m := range s.media {
		if m.MD5 == req.FileMd5 && m.Size == *req.FileSize {
			out.MediaID, out.Signature, out.AESKey = m.ID, m.Signature, m.AESKey
			writeJSON(x.w, out)
			return nil
		}
	}
	ci, ok := s.signatures[req.FileMd5]
	if !ok || ci.size != *req.FileSize {
		ci = checkInfo{size: *req.FileSize, aesKey: randomHex(16), signature: randomHex(48)}
		s.signatures[req.FileMd5] = ci
	}
	out.AESKey, out.Signature = ci.aesKey, ci.signature
	writeJSON(x.w, out)
	return nil
}

type uploadMediaReq struct {
	UploadType    *int      `json:"UploadType"`
	BaseRequest   *wireBase `json:"BaseRequest"`
	ClientMediaID *int64    `json:"ClientMediaId"`
	TotalLen      *int64    `json:"TotalLen"`
	StartPos      *int64    `json:"StartPos"`
	DataLen       *int64    `json:"DataLen"`
	MediaType     *int      `json:"MediaType"`
	FromUserName  string    `json:"FromUserName"`
	ToUserName    string    `json:"ToUserName"`
	FileMd5       string    `json:"FileMd5"`
	AESKey        string    `json:"AESKey"`
	Signature     string    `json:"Signature"`
}

type uploadResp struct {
	BaseResponse      BaseResponse `json:"BaseResponse"`
	MediaID           string       `json:"MediaId"`
	StartPos          int64        `json:"StartPos"`
	CDNThumbImgHeight int          `json:"CDNThumbImgHeight"`
	CDNThumbImgWidth  int          `json:"CDNThumbImgWidth"`
	EncryFileName     string       `json:"EncryFileName"`
}

// maxChunkRequest bounds one upload request: a chunk and its form fields.
const maxChunkRequest = chunkSize + 64<<10

// serveUpload handles one chunk of webwxuploadmedia on the file host (§6.2).
func serveUpload(x *exchange) *refusal {
	// The headers and cookies are checked before the body is read, as any
	// server would; then the fault for this chunk, if any, applies.
	if ref := x.auth(authOpts{}); ref != nil {
		return ref
	}
	if x.r.URL.Query().Get("f") != "json" {
		return refuse(retParam, "webwxuploadmedia wants f=json")
	}
	_, params, err := mime.ParseMediaType(x.r.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		return refuse(retParse, "Content-Type is not multipart/form-data with a boundary")
	}
	form, data, ref := readUploadForm(io.LimitReader(x.r.Body, maxChunkRequest+1), params["boundary"])
	if ref != nil {
		return ref
	}
	x.rec.Body = []byte(fmt.Sprint(form))
	chunk := 0
	if c, ok := form["chunk"]; ok {
		chunk, _ = strconv.Atoi(c)
	}
	x.chunk = chunk
	fault := x.s.takeFault("webwxuploadmedia", chunk)
	if fault.applyBefore(x.w) {
		x.rec.Reason = "injected fault"
		return nil
	}
	ref = x.acceptChunk(form, data)
	if fault != nil && fault.Drop && fault.AfterHandling {
		x.rec.Reason = "answer dropped by an injected fault"
		if ref == nil {
			drop(x.w)
		}
	}
	return ref
}

// readUploadForm reads the multipart form: its text fields and the bytes of
// the file part named filename.
func readUploadForm(r io.Reader, boundary string) (map[string]string, []byte, *refusal) {
	mr := multipart.NewReader(r, boundary)
	form := map[string]string{}
	var data []byte
	sawFile := false
	total := 0
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, refuse(retParse, "multipart body malformed: "+err.Error())
		}
		b, err := io.ReadAll(io.LimitReader(p, maxChunkRequest+1))
		if err != nil {
			return nil, nil, refuse(retParse, "multipart part unreadable: "+err.Error())
		}
		total += len(b)
		if total > maxChunkRequest {
			return nil, nil, refuse(retParam, "upload request larger than one 512 KiB chunk and its fields")
		}
		name := p.FormName()
		if name == "filename" {
			if p.FileName() == "" {
				return nil, nil, refuse(retParam, "file part has no filename")
			}
			data, sawFile = b, true
			continue
		}
		if _, dup := form[name]; dup {
			return nil, nil, refuse(retParam, "form field "+name+" sent twice")
		}
		form[name] = string(b)
	}
	if !sawFile {
		return nil, nil, refuse(retParam, "no file part named filename")
	}
	return form, data, nil
}

// acceptChunk checks one chunk against the upload it belongs to and keeps
// its bytes; the last chunk's MD5 must be the FileMd5 every chunk named.
func (x *exchange) acceptChunk(form map[string]string, data []byte) *refusal {
	for _, f := range []string{"name", "size", "mediatype", "uploadmediarequest", "webwx_data_ticket", "pass_ticket"} {
		if _, ok := form[f]; !ok {
			return refuse(retParam, "form field "+f+" missing")
		}
	}
	ss := x.sess
	if form["webwx_data_ticket"] != ss.DataTicket {
		return refuse(retTicket, "webwx_data_ticket field is not the cookie's")
	}
	if pt := form["pass_ticket"]; pt != "undefined" && !passTicketMatches(pt, ss) {
		return refuse(retTicket, "pass_ticket field is not the session's")
	}
	mt := form["mediatype"]
	if mt != "pic" && mt != "video" && mt != "doc" {
		return refuse(retParam, fmt.Sprintf("mediatype %q is not pic, video or doc", mt))
	}
	var req uploadMediaReq
	if err := json.Unmarshal([]byte(form["uploadmediarequest"]), &req); err != nil {
		return refuse(retParse, "uploadmediarequest is not JSON: "+err.Error())
	}
	if ref := x.checkBase(req.BaseRequest, authOpts{}); ref != nil {
		return ref
	}
	size, err := strconv.ParseInt(form["size"], 10, 64)
	switch {
	case err != nil || size <= 0:
		return refuse(retParam, "size field is not a positive number")
	case req.UploadType == nil || *req.UploadType != 2:
		return refuse(retParam, "UploadType must be 2")
	case req.ClientMediaID == nil:
		return refuse(retParam, "ClientMediaId missing")
	case req.MediaType == nil || *req.MediaType != 4:
		return refuse(retParam, "MediaType must be 4")
	case req.TotalLen == nil || *req.TotalLen != size:
		return refuse(retParam, "TotalLen is not the file's size")
	case req.DataLen == nil || *req.DataLen != size:
		return refuse(retParam, "DataLen is not the file's size")
	case req.StartPos == nil || *req.StartPos != 0:
		return refuse(retParam, "StartPos must be 0")
	case !md5Hex.MatchString(req.FileMd5):
		return refuse(retParam, "FileMd5 is not a lowercase MD5")
	case req.FromUserName != ss.UserName:
		return refuse(retParam, "FromUserName is not the account's")
	case !x.known(req.ToUserName):
		return refuse(retParam, "ToUserName is not a contact of this login")
	}
	if size > checkUploadOver {
		x.s.mu.Lock()
		ci, ok := x.s.signatures[req.FileMd5]
		x.s.mu.Unlock()
		if !ok || ci.size != size {
			return refuse(retParam, "a file over 25 MiB must go through webwxcheckupload first")
		}
		if req.AESKey != ci.aesKey || req.Signature != ci.signature {
			return refuse(retParam, "AESKey and Signature are not the ones webwxcheckupload gave")
		}
	}
	wantChunks := int((size + chunkSize - 1) / chunkSize)
	chunks, chunk := 1, 0
	cs, hasChunks := form["chunks"]
	c, hasChunk := form["chunk"]
	if hasChunks != hasChunk {
		return refuse(retParam, "chunks and chunk go together")
	}
	if hasChunks {
		chunks, err = strconv.Atoi(cs)
		if err != nil {
			return refuse(retParam, "chunks is not a number")
		}
		if chunk, err = strconv.Atoi(c); err != nil {
			return refuse(retParam, "chunk is not a number")
		}
	} else if wantChunks > 1 {
		return refuse(retParam, "a file over 512 KiB must be sent in chunks with chunks and chunk")
	}
	if chunks != wantChunks {
		return refuse(retParam, fmt.Sprintf("chunks %d, a file of %d bytes has %d", chunks, size, wantChunks))
	}
	if chunk < 0 || chunk >= chunks {
		return refuse(retParam, fmt.Sprintf("chunk %d out of range 0..%d", chunk, chunks-1))
	}
	wantLen := chunkSize
	if chunk == chunks-1 {
		wantLen = int(size - int64(chunks-1)*chunkSize)
	}
	if len(data) != wantLen {
		return refuse(retParam, fmt.Sprintf("chunk %d has %d bytes, want %d", chunk, len(data), wantLen))
	}
	return x.s.takeChunk(x, &req, form, size, chunks, chunk, data)
}

func (s *Server) takeChunk(x *exchange, req *uploadMediaReq, form map[string]string, size int64, chunks, chunk int, data []byte) *refusal {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := *req.ClientMediaID
	up := s.uploads[id]
	if chunk == 0 && (up == nil || up.next > 1 || up.done != nil && chunks > 1) {
		if up != nil && up.done != nil && up.chunks == 1 && up.md5 == req.FileMd5 {
			// A one-chunk upload sent again after its answer was lost.
			s.answerUpload(x, up.done)
			return nil
		}
		up = &upload{clientMediaID: id, name: form["name"], to: req.ToUserName, md5: req.FileMd5, size: size,
			mediatype: form["mediatype"], mime: form["type"], chunks: chunks, hash: md5.New(), aesKey: req.AESKey, sig: req.Signature}
		if !s.cfg.DiscardMediaBytes {
			up.data.Grow(int(size))
		}
		s.uploads[id] = up
	}
	if up == nil {
		return refuse(retParam, fmt.Sprintf("chunk %d of an upload whose chunk 0 never came (did ClientMediaId change?)", chunk))
	}
	if up.name != form["name"] || up.to != req.ToUserName || up.md5 != req.FileMd5 || up.size != size || up.mediatype != form["mediatype"] {
		return refuse(retParam, "chunks of one ClientMediaId disagree on the file (name, size, FileMd5, recipient or mediatype)")
	}
	switch {
	case up.done != nil && chunk == chunks-1:
		// The last chunk again: its answer was lost. Same MediaId.
		s.answerUpload(x, up.done)
		return nil
	case chunk == up.next:
		up.before, _ = up.hash.(encoding.BinaryMarshaler).MarshalBinary()
	case chunk == up.next-1 && up.done == nil:
		// A repeat of the chunk seen last: take it again.
		_ = up.hash.(encoding.BinaryUnmarshaler).UnmarshalBinary(up.before)
		up.data.Truncate(up.data.Len() - up.lastLen)
		up.next--
	default:
		return refuse(retParam, fmt.Sprintf("chunk %d out of order, expected %d", chunk, up.next))
	}
	up.hash.Write(data)
	up.lastLen = 0
	if !s.cfg.DiscardMediaBytes {
		up.data.Write(data)
		up.lastLen = len(data)
	}
	up.next++
	if up.next < chunks {
		writeJSON(x.w, uploadResp{})
		return nil
	}
	sum := hex.EncodeToString(up.hash.Sum(nil))
	if sum != up.md5 {
		delete(s.uploads, id)
		return refuse(retParam, fmt.Sprintf("FileMd5 %s does not match the bytes (%s)", up.md5, sum))
	}
	m := &Media{ID: "@crypt_" + randomHex(4) + "_" + randomHex(48), Name: up.name, MediaType: up.mediatype, MIME: up.mime,
		Size: size, MD5: sum, Data: up.data.Bytes(), EncryFileName: url.QueryEscape(up.name), Signature: up.sig, AESKey: up.aesKey, To: up.to}
	s.media[m.ID] = m
	up.done = m
	up.data = bytes.Buffer{}
	s.answerUpload(x, m)
	return nil
}

func (s *Server) answerUpload(x *exchange, m *Media) {
	out := uploadResp{MediaID: m.ID, StartPos: m.Size, EncryFileName: m.EncryFileName}
	if m.MediaType == "video" {
		out.CDNThumbImgHeight, out.CDNThumbImgWidth = 368, 640
	}
	writeJSON(x.w, out)
}
