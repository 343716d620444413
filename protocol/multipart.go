package protocol

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The body of an upload request: the page's multipart form, written by hand
// (multipart explains why), around a chunk that may be a Blob's slice.

// boundary is a WebKit-style multipart boundary from the injected random
// source (the seed's ----WebKitFormBoundaryoWmrkW7MIGyBhlOt).
func (c *Client) boundary() string {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := []byte("----WebKitFormBoundary0000000000000000")
	for i := len(b) - 16; i < len(b); i++ {
		b[i] = alnum[c.ids.Rand(len(alnum))]
	}
	return string(b)
}

// jsDateString formats t as JavaScript's Date.prototype.toString does, the
// page's lastModifiedDate: "Tue Oct 18 2016 11:37:40 GMT+0800 (CST)".
func jsDateString(t time.Time) string {
	return t.Format("Mon Jan 02 2006 15:04:05 GMT-0700 (MST)")
}

// multipart writes the form parts before and after the chunk's bytes, in
// the page's field order (§6.2): WebUploader's id, name, type,
// lastModifiedDate, size, chunks and chunk (only when more than one), then
// mediatype, uploadmediarequest, webwx_data_ticket, pass_ticket, and the
// file part. The returned slices alias a buffer reused for every chunk.
//
// It is written by hand, not with mime/multipart, for three reasons.
// mime/multipart imports net/textproto, which imports net, and crypto/rand
// for its random boundary; this package links neither, and a use of
// multipart.Writer made core.wasm 65 KB larger (5,604,026 to 5,669,033
// bytes, Go 1.26.8). It escapes a file name's " as \" and \ as \\, where
// browsers write %22 and leave \ alone (Chromium 156's FormData, and the
// WHATWG form-data rules), so a name with a quote would not reach the server
// as the page's does; escapeFilename does what browsers do. And the chunk's
// bytes go between head and tail without passing through a writer, so that
// a Blob's slice (Slicer) is sent as it is.
func (up *uploader) multipart(i, n int64) (head, tail []byte, err error) {
	umr := uploadMediaRequest{
		UploadType: 2, BaseRequest: up.c.baseRequest(up.sess), ClientMediaID: up.mediaID,
		TotalLen: up.u.Size, StartPos: 0, DataLen: up.u.Size, MediaType: 4,
		FromUserName: up.sess.UserName, ToUserName: up.u.To, FileMd5: up.res.MD5,
		AESKey: up.res.AESKey, Signature: up.res.Signature,
	}
	js, err := encodeJSON(umr)
	if err != nil {
		return nil, nil, err
	}
	b := &up.body
	b.Reset()
	field := func(name, value string) {
		b.WriteString("--" + up.boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n")
		b.WriteString(value)
		b.WriteString("\r\n")
	}
	field("id", "WU_FILE_0")
	field("name", up.u.Name)
	field("type", up.mime)
	field("lastModifiedDate", up.modified)
	field("size", strconv.FormatInt(up.u.Size, 10))
	if n > 1 {
		field("chunks", strconv.FormatInt(n, 10))
		field("chunk", strconv.FormatInt(i, 10))
	}
	field("mediatype", up.kind.mediatype())
	field("uploadmediarequest", string(js))
	field("webwx_data_ticket", up.sess.DataTicket)
	field("pass_ticket", up.sess.passTicketDecoded())
	b.WriteString("--" + up.boundary + "\r\nContent-Disposition: form-data; name=\"filename\"; filename=\"" + up.filename + "\"\r\nContent-Type: " + up.mime + "\r\n\r\n")
	split := b.Len()
	b.WriteString("\r\n--" + up.boundary + "--\r\n")
	all := b.Bytes()
	return all[:split], all[split:], nil
}

// escapeFilename encodes a file name for a Content-Disposition filename as
// browsers do (the HTML form-data rules): " as %22, CR as %0D, LF as %0A.
func escapeFilename(s string) string { return filenameEscaper.Replace(s) }

var filenameEscaper = strings.NewReplacer("\"", "%22", "\r", "%0D", "\n", "%0A")

// Slicer is upload Data that a transport can send a part of without the
// bytes passing through Go's memory: a browser's Blob, whose slice the
// fetch bridge puts in the request body as it is (Chromium then streams
// it from its blob store). Slice is the part [off, off+n), in whatever
// form the transport knows; a transport that does not know it reads the
// bytes through ReadAt as from any Data.
type Slicer interface {
	io.ReaderAt
	Slice(off, n int64) any
}

// PartsBody is a request body that can be had in parts: []byte, and the
// parts a Slicer made. A transport that knows them sends them as they
// are; any other reads the body.
type PartsBody interface {
	io.ReadCloser
	BodyParts() []any
}

// chunkData is one chunk's bytes: read into Go (bytes), or a Slicer's part
// with where to read it (src at off) when the transport cannot send it.
type chunkData struct {
	bytes []byte
	part  any
	src   io.ReaderAt
	off   int64
	n     int64
}

// chunkBody is a request body over reused buffers that tells when the
// transport closed it.
type chunkBody struct {
	io.Reader
	parts  []any
	once   sync.Once
	closed chan struct{}
}

func newChunkBody(head []byte, data chunkData, tail []byte) *chunkBody {
	mid, part := io.Reader(bytes.NewReader(data.bytes)), any(data.bytes)
	if data.src != nil {
		// A section of its own for each try: a retry reads from the start.
		mid, part = io.NewSectionReader(data.src, data.off, data.n), data.part
	}
	return &chunkBody{
		Reader: io.MultiReader(bytes.NewReader(head), mid, bytes.NewReader(tail)),
		parts:  []any{head, part, tail},
		closed: make(chan struct{}),
	}
}

// BodyParts makes chunkBody a PartsBody.
func (b *chunkBody) BodyParts() []any { return b.parts }

func (b *chunkBody) Close() error {
	b.once.Do(func() { close(b.closed) })
	return nil
}

// wait blocks until the transport closed the body (RoundTrip always does,
// possibly after it returned).
func (b *chunkBody) wait(ctx context.Context) {
	select {
	case <-b.closed:
	case <-ctx.Done():
		<-b.closed
	}
}
