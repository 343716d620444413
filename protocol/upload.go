package protocol

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// ErrEmptyFile: the page refuses empty files and so does wxdrop (§6.3).
var ErrEmptyFile = errors.New("protocol: the file is empty")

// ErrFileRead: the file to upload could not be read (not the network).
var ErrFileRead = errors.New("protocol: reading the file failed")

// Upload is a file to upload. Data is read one chunk at a time; the whole
// file is never held in memory.
type Upload struct {
	To   string
	Name string
	// Type is the browser's MIME type; empty derives it from Name.
	Type string
	Size int64
	Data io.ReaderAt
	// LastModified is the file's time for the lastModifiedDate field; zero
	// uses the clock.
	LastModified time.Time
	// Kind forces a send kind; nil chooses it with DetectKind.
	Kind *Kind
	// Progress, when set, is called after each accepted chunk.
	Progress func(done, total int64)
	// MD5 is the file's lowercase hex MD5 when it is known already (it was
	// computed while the file was stored); empty reads Data for it.
	MD5 string
	// RequestTimeout, when set, bounds each request of the upload on its
	// own (webwxcheckupload, each try of a chunk), not the whole file: a
	// request that never answers is abandoned and, for a chunk, tried
	// again like any chunk lost on the network, while a large file still
	// has all the time its chunks take.
	RequestTimeout time.Duration
}

// UploadResult is what a send of the uploaded file needs.
type UploadResult struct {
	Kind    Kind
	Name    string
	Size    int64
	MD5     string
	MediaID string
	// Signature and AESKey come from webwxcheckupload (files over 25 MiB).
	Signature     string
	AESKey        string
	EncryFileName string
	// Deduplicated: checkupload knew the file; no byte was uploaded.
	Deduplicated bool
}

type checkUploadBody struct {
	BaseRequest  BaseRequest `json:"BaseRequest"`
	FromUserName string      `json:"FromUserName"`
	ToUserName   string      `json:"ToUserName"`
	FileSize     int64       `json:"FileSize"`
	FileMd5      string      `json:"FileMd5"`
	FileName     string      `json:"FileName"`
	FileType     int         `json:"FileType"`
}

// CheckUploadResult is webwxcheckupload's answer (§6.1).
type CheckUploadResult struct {
	MediaID       string `json:"MediaId"`
	AESKey        string `json:"AESKey"`
	Signature     string `json:"Signature"`
	EncryFileName string `json:"EncryFileName"`
}

type checkUploadResponse struct {
	BaseResponse `json:"BaseResponse"`
	CheckUploadResult
}

// uploadMediaRequest is the uploadmediarequest JSON field, keys in page order.
type uploadMediaRequest struct {
	UploadType    int         `json:"UploadType"`
	BaseRequest   BaseRequest `json:"BaseRequest"`
	ClientMediaID int64       `json:"ClientMediaId"`
	TotalLen      int64       `json:"TotalLen"`
	StartPos      int64       `json:"StartPos"`
	DataLen       int64       `json:"DataLen"`
	MediaType     int         `json:"MediaType"`
	FromUserName  string      `json:"FromUserName"`
	ToUserName    string      `json:"ToUserName"`
	FileMd5       string      `json:"FileMd5"`
	AESKey        string      `json:"AESKey,omitempty"`
	Signature     string      `json:"Signature,omitempty"`
}

// UploadMediaResult is webwxuploadmedia's answer (§6.2).
type UploadMediaResult struct {
	MediaID           string `json:"MediaId"`
	StartPos          int64  `json:"StartPos"`
	CDNThumbImgHeight int    `json:"CDNThumbImgHeight"`
	CDNThumbImgWidth  int    `json:"CDNThumbImgWidth"`
	EncryFileName     string `json:"EncryFileName"`
}

type uploadMediaResponse struct {
	BaseResponse `json:"BaseResponse"`
	UploadMediaResult
}

// chunkBufs reuses 512 KiB chunk buffers across uploads, so that the memory
// an upload takes does not depend on the file's size or on how many run.
var chunkBufs = sync.Pool{New: func() any { b := make([]byte, ChunkSize); return &b }}

// hashBufs are FileMD5's buffers: larger than a chunk, since each read of
// a browser Blob is a round trip (measured in Chromium 156's service
// worker: 64 MiB read in about 280 ms as 512 KiB slices, 105 ms as 4 MiB
// ones).
var hashBufs = sync.Pool{New: func() any { b := make([]byte, hashReadSize); return &b }}

const hashReadSize = 4 << 20

// FileMD5 streams data through MD5 one buffer at a time and returns the
// lowercase hex digest the upload's FileMd5 carries.
func FileMD5(data io.ReaderAt, size int64) (string, error) {
	bp := hashBufs.Get().(*[]byte)
	defer hashBufs.Put(bp)
	h := newMD5()
	if _, err := io.CopyBuffer(h, io.NewSectionReader(data, 0, size), *bp); err != nil {
		return "", fmt.Errorf("%w: %w", ErrFileRead, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// MD5er is upload Data that hashes itself, faster than FileMD5 reading
// it: a browser Blob, hashed in JavaScript's memory (jsx.Blob).
type MD5er interface {
	// MD5 is the data's lowercase hex MD5.
	MD5(ctx context.Context) (string, error)
}

// dataMD5 is the MD5 of data (size bytes) for the upload's FileMd5: its
// own (MD5er), else FileMD5's.
func dataMD5(ctx context.Context, data io.ReaderAt, size int64) (string, error) {
	h, ok := data.(MD5er)
	if !ok {
		return FileMD5(data, size)
	}
	sum, err := h.MD5(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", fmt.Errorf("%w: %w", ErrFileRead, err)
	}
	if !IsMD5Hex(sum) {
		return "", fmt.Errorf("%w: an MD5 of %d characters", ErrFileRead, len(sum))
	}
	return sum, nil
}

// CheckUpload asks whether the server already holds a file (webwxcheckupload,
// flat body with FileType 7, §6.1).
func (c *Client) CheckUpload(ctx context.Context, to, name string, size int64, md5hex string) (CheckUploadResult, error) {
	cl := c.withTicket(c.newCall("webwxcheckupload", mainHost))
	body := checkUploadBody{BaseRequest: c.baseRequest(cl.sess), FromUserName: cl.sess.UserName, ToUserName: to, FileSize: size, FileMd5: md5hex, FileName: name, FileType: 7}
	var out checkUploadResponse
	err := c.postJSON(ctx, cl, body, &out, "")
	return out.CheckUploadResult, err
}

// Upload sends a file to the file host (webwxuploadmedia), after
// webwxcheckupload for files over 25 MiB. Chunks of 512 KiB go in sequence
// with one ClientMediaId; a chunk that fails on the network, with a 5xx or
// with an unreadable answer is tried again from that chunk, with backoff.
func (c *Client) Upload(ctx context.Context, u Upload) (UploadResult, error) {
	if u.Size == 0 {
		return UploadResult{}, ErrEmptyFile
	}
	if u.Size < 0 || u.Data == nil {
		return UploadResult{}, errors.New("protocol: upload needs the file's data and size")
	}
	if u.Name == "" {
		return UploadResult{}, errors.New("protocol: upload needs a file name")
	}
	if u.To == "" {
		return UploadResult{}, errors.New("protocol: upload needs a recipient")
	}
	head := make([]byte, min(SniffLen, u.Size))
	if _, err := u.Data.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return UploadResult{}, fmt.Errorf("%w: %w", ErrFileRead, err)
	}
	kind := DetectKind(u.Name, head, u.Size)
	if u.Kind != nil {
		kind = *u.Kind
	}
	if u.Type == "" {
		u.Type = sniffedMIME(head, u.Name)
	}
	res := UploadResult{Kind: kind, Name: u.Name, Size: u.Size}
	sum := u.MD5
	if !IsMD5Hex(sum) {
		var err error
		if sum, err = dataMD5(ctx, u.Data, u.Size); err != nil {
			return res, err
		}
	}
	res.MD5 = sum

	if u.Size > CheckUploadOver {
		cctx, cancel := withTimeout(ctx, u.RequestTimeout)
		cu, err := c.CheckUpload(cctx, u.To, u.Name, u.Size, sum)
		cancel()
		if err != nil {
			return res, err
		}
		res.Signature, res.AESKey, res.EncryFileName = cu.Signature, cu.AESKey, cu.EncryFileName
		if cu.MediaID != "" {
			res.MediaID, res.Deduplicated = cu.MediaID, true
			if u.Progress != nil {
				u.Progress(u.Size, u.Size)
			}
			return res, nil
		}
	}

	up := c.newUploader(u, kind, res)
	bp := chunkBufs.Get().(*[]byte)
	defer chunkBufs.Put(bp)
	slicer, _ := u.Data.(Slicer)
	chunks := (u.Size + ChunkSize - 1) / ChunkSize
	for i := int64(0); i < chunks; i++ {
		off := i * ChunkSize
		n := min(int64(ChunkSize), u.Size-off)
		var data chunkData
		if slicer != nil {
			data = chunkData{part: slicer.Slice(off, n), src: u.Data, off: off, n: n}
		} else {
			buf := (*bp)[:n]
			if _, err := u.Data.ReadAt(buf, off); err != nil && !(errors.Is(err, io.EOF) && n > 0) {
				return res, fmt.Errorf("%w at byte %d: %w", ErrFileRead, off, err)
			}
			data = chunkData{bytes: buf, n: n}
		}
		out, err := up.sendChunk(ctx, i, chunks, data)
		if err != nil {
			return res, err
		}
		if u.Progress != nil {
			u.Progress(off+n, u.Size)
		}
		if i == chunks-1 {
			if out.MediaID == "" {
				return res, &DecodeError{Endpoint: "webwxuploadmedia", Kind: "no MediaId after the last chunk"}
			}
			res.MediaID = out.MediaID
			if out.EncryFileName != "" {
				res.EncryFileName = out.EncryFileName
			}
		}
	}
	return res, nil
}

// uploader holds what every chunk of one file shares.
type uploader struct {
	c        *Client
	sess     Session
	u        Upload
	kind     Kind
	res      UploadResult
	mediaID  int64
	boundary string
	modified string
	mime     string
	filename string // escaped for Content-Disposition
	url      string
	body     bytes.Buffer // the multipart parts around the bytes, reused
}

func (c *Client) newUploader(u Upload, kind Kind, res UploadResult) *uploader {
	cl := c.newCall("webwxuploadmedia", fileHost, queryParam{"f", "json"})
	mod := u.LastModified
	if mod.IsZero() {
		mod = c.ids.Now()
	}
	mime := u.Type
	if mime == "" {
		mime = MIMEType(u.Name)
	}
	return &uploader{
		c: c, sess: cl.sess, u: u, kind: kind, res: res,
		mediaID:  c.ids.ClientMediaID(),
		boundary: c.boundary(),
		modified: jsDateString(mod),
		mime:     mime,
		filename: escapeFilename(u.Name),
		url:      cl.URL(),
	}
}

// uploadAttempts bounds the tries of one upload chunk.
const uploadAttempts = 5

// sendChunk uploads chunk i of n, trying again on failures that a retry can
// mend. The server accepts a repeat of the chunk it saw last, so a chunk
// whose answer was lost is safe to send again.
func (up *uploader) sendChunk(ctx context.Context, i, n int64, data chunkData) (UploadMediaResult, error) {
	var lastErr error
	for attempt := 0; attempt < uploadAttempts; attempt++ {
		if attempt > 0 {
			if err := up.c.sleep(ctx, backoff(attempt)); err != nil {
				return UploadMediaResult{}, &TransportError{Endpoint: "webwxuploadmedia", Err: err}
			}
		}
		actx, cancel := withTimeout(ctx, up.u.RequestTimeout)
		out, err := up.postChunk(actx, i, n, data)
		cancel()
		if err == nil {
			return out, nil
		}
		// The caller's ctx, not the try's: a try that ran out of its
		// RequestTimeout is a chunk lost on the network, tried again.
		if !retryable(ctx, err) {
			return UploadMediaResult{}, err
		}
		lastErr = err
	}
	return UploadMediaResult{}, fmt.Errorf("chunk %d of %d failed %d times: %w", i+1, n, uploadAttempts, lastErr)
}

// withTimeout is ctx bounded by d; zero d is ctx unbounded.
func withTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, d)
}

// backoff is the wait before try number attempt (1-based): 0.5 s, 1 s, 2 s…
// up to 8 s.
func backoff(attempt int) time.Duration {
	d := 500 * time.Millisecond << (attempt - 1)
	return min(d, 8*time.Second)
}

// retryable: the network, a 5xx, or an answer that could not be read. A Ret
// from the server is its verdict and is not retried.
func retryable(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var te *TransportError
	var he *HTTPError
	var de *DecodeError
	switch {
	case errors.As(err, &he):
		return he.StatusCode >= 500
	case errors.As(err, &te), errors.As(err, &de):
		return true
	}
	return false
}

func (up *uploader) postChunk(ctx context.Context, i, n int64, data chunkData) (UploadMediaResult, error) {
	red := newRedactor(up.sess)
	head, tail, err := up.multipart(i, n)
	if err != nil {
		return UploadMediaResult{}, err
	}
	body := newChunkBody(head, data, tail)
	req, err := newRequest(ctx, "POST", up.url, body, int64(len(head))+data.n+int64(len(tail)))
	if err != nil {
		return UploadMediaResult{}, &TransportError{Endpoint: "webwxuploadmedia", Err: stripURL(err)}
	}
	req.Header.Set("Content-Type", "multipart/form-data; boundary="+up.boundary)
	setPageHeaders(req, up.sess, true)
	var out uploadMediaResponse
	err = up.c.roundTrip(req, "webwxuploadmedia", &out, "")
	// The transport may still hold the body after an early answer; the
	// buffers are reused for the next chunk only once it let go.
	body.wait(ctx)
	return out.UploadMediaResult, red.wrap(err)
}

// IsMD5Hex reports whether s is a lowercase hex MD5.
func IsMD5Hex(s string) bool {
	if len(s) != 32 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
