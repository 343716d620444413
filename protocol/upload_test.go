package protocol_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/httpdoer"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/protocol/wxsim/wxsimtest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// randomBytes returns n reproducible bytes.
func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func md5hex(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}

func TestSendFileOfEveryKind(t *testing.T) {
	t.Parallel()
	const mib = 1 << 20
	tests := []struct {
		name      string
		head      []byte
		size      int
		kind      protocol.Kind
		msgType   int
		mediatype string
		checkUp   bool
	}{
		{"photo.PNG", pngHead, 200 << 10, protocol.KindImage, 3, "pic", false},
		{"IMG_0001", jpegHead, 80 << 10, protocol.KindImage, 3, "pic", false},
		{"clip.mp4", mp4Head, 3*mib/2 + 17, protocol.KindVideo, 43, "video", false},
		{"big clip.mp4", mp4Head, 21 * mib, protocol.KindFile, 6, "doc", false},
		{`报告 &<>'"😀.pdf`, pdfHead, 3 * mib, protocol.KindFile, 6, "doc", false},
		{"exactly one chunk.bin", nil, protocol.ChunkSize, protocol.KindFile, 6, "doc", false},
		{"archive.tar.gz", nil, 30 * mib, protocol.KindFile, 6, "doc", true},
		{"README", nil, 1000, protocol.KindFile, 6, "doc", false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := wxsimtest.New(t, wxsim.Config{})
			data := randomBytes(tt.size, uint64(i))
			copy(data, tt.head)
			var last, calls int64
			u := protocol.Upload{To: env.Sim.UserName("zhangsan"), Name: tt.name, Size: int64(len(data)), Data: bytes.NewReader(data),
				Progress: func(done, total int64) {
					require.Equal(t, int64(len(data)), total)
					require.GreaterOrEqual(t, done, last)
					last = done
					calls++
				}}
			res, up, err := env.Client.SendFileData(ctx, u, "")
			require.NoError(t, err)
			require.Equal(t, tt.kind, up.Kind)
			require.Equal(t, int64(len(data)), last, "progress ends at the size")
			require.Equal(t, (int64(len(data))+protocol.ChunkSize-1)/protocol.ChunkSize, calls, "one progress call per chunk")

			msgs := env.Sim.Messages()
			require.Len(t, msgs, 1)
			m := msgs[0]
			require.Equal(t, tt.msgType, m.Type)
			require.Equal(t, res.MsgID, m.MsgID)
			require.Equal(t, tt.name, m.FileName)
			require.Equal(t, md5hex(data), m.MD5)
			md, ok := env.Sim.Media(m.MediaID)
			require.True(t, ok)
			require.Equal(t, tt.mediatype, md.MediaType)
			require.True(t, bytes.Equal(data, md.Data), "the server holds exactly the bytes")
			require.Len(t, env.Sim.RequestsTo("webwxcheckupload"), map[bool]int{true: 1, false: 0}[tt.checkUp])
			if tt.checkUp {
				require.NotEmpty(t, m.Signature, "a file over 25 MiB is sent with the checkupload Signature")
			}
			require.Empty(t, env.Sim.Rejections())
		})
	}
}

func TestCheckUploadKnownFileSkipsUpload(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	data := randomBytes(26<<20, 9)
	to := env.Sim.UserName("lisi")
	first, err := env.Client.Upload(ctx, protocol.Upload{To: to, Name: "a.iso", Size: int64(len(data)), Data: bytes.NewReader(data)})
	require.NoError(t, err)
	require.False(t, first.Deduplicated)
	n := len(env.Sim.RequestsTo("webwxuploadmedia"))
	second, err := env.Client.Upload(ctx, protocol.Upload{To: to, Name: "a.iso", Size: int64(len(data)), Data: bytes.NewReader(data)})
	require.NoError(t, err)
	require.True(t, second.Deduplicated)
	require.Equal(t, first.MediaID, second.MediaID)
	require.Len(t, env.Sim.RequestsTo("webwxuploadmedia"), n, "no byte uploaded again")
	_, err = env.Client.SendUploaded(ctx, to, second, "")
	require.NoError(t, err)
}

// TestUploadRetriesTheFailedChunk injects a different failure on several
// chunks; each is tried again from that chunk and the file arrives whole.
func TestUploadRetriesTheFailedChunk(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	chunk := func(i int) *int { return &i }
	env.Sim.Inject(wxsim.Fault{Endpoint: "webwxuploadmedia", Chunk: chunk(0), Body: "<html>502 Bad Gateway</html>"})
	env.Sim.Inject(wxsim.Fault{Endpoint: "webwxuploadmedia", Chunk: chunk(1), Drop: true})
	env.Sim.Inject(wxsim.Fault{Endpoint: "webwxuploadmedia", Chunk: chunk(2), Status: 503, Times: 2})
	env.Sim.Inject(wxsim.Fault{Endpoint: "webwxuploadmedia", Chunk: chunk(3), Drop: true, AfterHandling: true})
	env.Sim.Inject(wxsim.Fault{Endpoint: "webwxuploadmedia", Chunk: chunk(5), Drop: true, AfterHandling: true})
	var waits []time.Duration
	c := wxsimtest.NewClient(t, httpdoer.New(env.HTTP), env.Sess.Protocol(), protocol.WithSleep(func(_ context.Context, d time.Duration) error {
		waits = append(waits, d)
		return nil
	}))
	data := randomBytes(5*protocol.ChunkSize+100, 3) // chunks 0..5, the last one short
	up, err := c.Upload(ctx, protocol.Upload{To: env.Sim.UserName("lisi"), Name: "retry.zip", Size: int64(len(data)), Data: bytes.NewReader(data)})
	require.NoError(t, err)
	md, ok := env.Sim.Media(up.MediaID)
	require.True(t, ok)
	require.True(t, bytes.Equal(data, md.Data))
	require.Equal(t, []time.Duration{500 * time.Millisecond, 500 * time.Millisecond, 500 * time.Millisecond, time.Second, 500 * time.Millisecond, 500 * time.Millisecond}, waits, "backoff restarts for each chunk")
	// Every chunk request carried the same ClientMediaId.
	ids := map[string]bool{}
	for _, r := range env.Sim.RequestsTo("webwxuploadmedia") {
		if i := strings.Index(string(r.Body), `"ClientMediaId":`); i >= 0 {
			ids[string(r.Body)[i:i+30]] = true
		}
	}
	require.Len(t, ids, 1)
}

func TestUploadGivesUpAfterAttempts(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	env.Sim.Inject(wxsim.Fault{Endpoint: "webwxuploadmedia", Status: 503, Times: 100})
	data := randomBytes(1000, 4)
	_, err := env.Client.Upload(ctx, protocol.Upload{To: env.Sim.UserName("lisi"), Name: "x.txt", Size: 1000, Data: bytes.NewReader(data)})
	var he *protocol.HTTPError
	require.ErrorAs(t, err, &he)
	require.Equal(t, 503, he.StatusCode)
	require.ErrorContains(t, err, "chunk 1 of 1 failed 5 times")
	require.Len(t, env.Sim.RequestsTo("webwxuploadmedia"), 5)
}

func TestUploadDoesNotRetryARefusal(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	env.Sim.Logout()
	data := randomBytes(1000, 5)
	_, err := env.Client.Upload(ctx, protocol.Upload{To: env.Sim.UserName("lisi"), Name: "x.txt", Size: 1000, Data: bytes.NewReader(data)})
	require.ErrorIs(t, err, protocol.ErrLoggedOut)
	require.Len(t, env.Sim.RequestsTo("webwxuploadmedia"), 1)
}

// TestUploadMultipartGolden pins the upload request byte for byte: the
// page's field order, the chunk fields, uploadmediarequest's keys.
func TestUploadMultipartGolden(t *testing.T) {
	t.Parallel()
	doer := &capture{answer: func(r *http.Request) (*http.Response, error) {
		if strings.Contains(r.URL.Path, "uploadmedia") {
			return jsonResponse(`{"BaseResponse":{"Ret":0,"ErrMsg":""},"MediaId":"@crypt_golden","StartPos":0}`), nil
		}
		return jsonResponse(`{"BaseResponse":{"Ret":0,"ErrMsg":""}}`), nil
	}}
	s := protocol.Session{Uin: seedUin, Sid: seedSid, Skey: seedSkey, PassTicket: seedPassTicket, DataTicket: "DATA+TICKET/=", UserName: seedSelf, Host: "wx.qq.com", DeviceID: "e784205590563506"}
	c, err := protocol.NewClient(doer, s, protocol.WithClock(fixedClock(1476761460420)), protocol.WithRand(seqRand(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)))
	require.NoError(t, err)
	data := bytes.Repeat([]byte("0123456789abcdef"), protocol.ChunkSize/16+8) // two chunks
	mod := time.Date(2016, 10, 18, 11, 37, 40, 0, time.FixedZone("CST", 8*3600))
	_, err = c.Upload(ctx, protocol.Upload{To: "@e5403f77c2193da671790c1a242d0b43ac6f570e5047993ef745d13d6376b57b", Name: `top10 "q".csv`, Size: int64(len(data)), Data: bytes.NewReader(data), LastModified: mod})
	require.NoError(t, err)
	require.Len(t, doer.reqs, 2)
	for i, req := range doer.reqs {
		require.Equal(t, "https://file.wx.qq.com/cgi-bin/mmwebwx-bin/webwxuploadmedia?f=json", req.URL.String())
		require.Equal(t, "https://wx.qq.com", req.Header.Get("Origin"))
		require.Equal(t, "same-site", req.Header.Get("Sec-Fetch-Site"))
		body := doer.bodies[i]
		// The chunk's bytes are long and regular; the golden file keeps the
		// form around them.
		body = bytes.Replace(body, data[i*protocol.ChunkSize:min(len(data), (i+1)*protocol.ChunkSize)], []byte("<chunk bytes>"), 1)
		golden := filepath.Join("testdata", fmt.Sprintf("upload_chunk%d.golden", i))
		if *update {
			require.NoError(t, os.WriteFile(golden, body, 0o644))
		}
		want, err := os.ReadFile(golden)
		require.NoError(t, err)
		require.Equal(t, string(want), string(body))
		require.Equal(t, "multipart/form-data; boundary=----WebKitFormBoundaryBCDEFGHIJKLMNOPQ", req.Header.Get("Content-Type"))
	}
}

// countedFile is upload Data that counts the bytes read through ReadAt.
type countedFile struct {
	*bytes.Reader
	read int64
}

func (f *countedFile) ReadAt(p []byte, off int64) (int, error) {
	n, err := f.Reader.ReadAt(p, off)
	f.read += int64(n)
	return n, err
}

// slicedFile is upload Data that offers slices (a browser Blob's stand-in).
type slicedFile struct {
	countedFile
	slices int
}

func (f *slicedFile) Slice(off, n int64) any { f.slices++; return [2]int64{off, n} }

// TestUploadOfASlicerWithItsMD5: a Slicer's chunks are offered to the
// transport as slices, and one that cannot send them (net/http) reads
// them, from the chunk's start on every try; an MD5 given is used, not
// computed again from the file.
func TestUploadOfASlicerWithItsMD5(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	one := 1
	env.Sim.Inject(wxsim.Fault{Endpoint: "webwxuploadmedia", Chunk: &one, Drop: true})
	data := randomBytes(2*protocol.ChunkSize+7, 9)
	sum := md5.Sum(data)
	f := &slicedFile{countedFile: countedFile{Reader: bytes.NewReader(data)}}
	up, err := env.Client.Upload(ctx, protocol.Upload{To: env.Sim.UserName("lisi"), Name: "s.zip", Size: int64(len(data)), Data: f, MD5: hex.EncodeToString(sum[:])})
	require.NoError(t, err)
	md, ok := env.Sim.Media(up.MediaID)
	require.True(t, ok)
	require.True(t, bytes.Equal(data, md.Data), "the retried chunk is read again from its start")
	require.Equal(t, 3, f.slices)
	// The sniffed head, the three chunks and chunk 1 again: no MD5 pass.
	require.Equal(t, int64(protocol.SniffLen)+int64(len(data))+protocol.ChunkSize, f.read)
}

// TestUploadRequestTimeoutRetriesAHangingChunk: a chunk whose request
// never answers is cut at RequestTimeout and tried again from that chunk,
// as one lost on the network; the deadline is each request's, not the
// file's.
func TestUploadRequestTimeoutRetriesAHangingChunk(t *testing.T) {
	t.Parallel()
	env := wxsimtest.New(t, wxsim.Config{})
	hold := make(chan struct{})
	var once sync.Once
	release := func() { once.Do(func() { close(hold) }) }
	// Without the deadline the upload would wait for ever: the hold is let
	// go after a long while, and the count of requests then tells.
	timer := time.AfterFunc(20*time.Second, release)
	t.Cleanup(func() { timer.Stop(); release() }) // before the simulator closes
	second := 1
	env.Sim.Inject(wxsim.Fault{Endpoint: "webwxuploadmedia", Chunk: &second, Hold: hold})
	// The held request reaches the simulator's log only once handled:
	// the tries are counted as they leave.
	tries := &countingHTTP{next: env.HTTP}
	c := wxsimtest.NewClient(t, httpdoer.New(tries), env.Sess.Protocol(), protocol.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }))
	data := randomBytes(2*protocol.ChunkSize+10, 5) // three chunks
	up, err := c.Upload(ctx, protocol.Upload{To: env.Sim.UserName("lisi"), Name: "hang.zip", Size: int64(len(data)), Data: bytes.NewReader(data),
		RequestTimeout: 3 * time.Second}) // not less: a normal chunk on a loaded machine must not be cut
	require.NoError(t, err)
	md, ok := env.Sim.Media(up.MediaID)
	require.True(t, ok)
	require.True(t, bytes.Equal(data, md.Data))
	require.Equal(t, int64(4), tries.n.Load(), "chunk 2 twice")
}

// countingHTTP counts the requests that leave through it.
type countingHTTP struct {
	next httpdoer.HTTP
	n    atomic.Int64
}

func (c *countingHTTP) Do(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.Do(r)
}

// hashedFile is upload Data that hashes itself (protocol.MD5er), as a
// browser Blob does.
type hashedFile struct {
	countedFile
	sum    string
	err    error
	hashes int
}

func (f *hashedFile) MD5(context.Context) (string, error) { f.hashes++; return f.sum, f.err }

// TestUploadOfDataThatHashesItself: Data that hashes itself (a Blob, in
// JavaScript's memory) gives the FileMd5, and the file is not read for
// it; its failure or a malformed MD5 is ErrFileRead, before any request.
func TestUploadOfDataThatHashesItself(t *testing.T) {
	t.Parallel()
	data := randomBytes(26<<20+5, 11) // over 25 MiB: webwxcheckupload first
	tests := []struct {
		name    string
		sum     string
		err     error
		wantErr error
	}{
		{"its MD5", md5hex(data), nil, nil},
		{"its read fails", "", fmt.Errorf("NotReadableError"), protocol.ErrFileRead},
		{"an MD5 that is not one", "D41D8CD98F00B204E9800998ECF8427E", nil, protocol.ErrFileRead},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := wxsimtest.New(t, wxsim.Config{})
			f := &hashedFile{countedFile: countedFile{Reader: bytes.NewReader(data)}, sum: tt.sum, err: tt.err}
			up, err := env.Client.Upload(ctx, protocol.Upload{To: env.Sim.UserName("lisi"), Name: "h.bin", Size: int64(len(data)), Data: f})
			require.Equal(t, 1, f.hashes)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				require.Empty(t, env.Sim.RequestsTo("webwxcheckupload"))
				require.Empty(t, env.Sim.RequestsTo("webwxuploadmedia"))
				return
			}
			require.NoError(t, err)
			require.Equal(t, md5hex(data), up.MD5)
			md, ok := env.Sim.Media(up.MediaID)
			require.True(t, ok)
			require.True(t, bytes.Equal(data, md.Data))
			// The sniffed head and the chunks: no pass for the MD5.
			require.Equal(t, int64(protocol.SniffLen)+int64(len(data)), f.read)
		})
	}
}
