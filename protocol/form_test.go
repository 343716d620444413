package protocol_test

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/httpdoer"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/protocol/wxsim/wxsimtest"
)

// formChecker is a Doer that holds each upload chunk's Form (what the
// browser's FormData is made of, wasm/jsfetch) to the form its body
// writes (what any other transport sends), then sends the request on.
type formChecker struct {
	t      *testing.T
	next   protocol.Doer
	data   []byte // the file, for a Slicer's parts
	chunks int
}

func (c *formChecker) Do(req *protocol.Request) (*protocol.Response, error) {
	fb, ok := req.Body.(protocol.FormBody)
	if !strings.Contains(req.URL.Path, "webwxuploadmedia") {
		require.False(c.t, ok, "only an upload's body is a form")
		return c.next.Do(req)
	}
	require.True(c.t, ok, "an upload chunk's body is a FormBody")
	c.chunks++
	form := fb.Form()
	written, err := io.ReadAll(req.Body)
	require.NoError(c.t, err)
	_, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	require.NoError(c.t, err)
	mr := multipart.NewReader(bytes.NewReader(written), params["boundary"])
	for i, f := range form.Fields {
		p, err := mr.NextPart()
		require.NoError(c.t, err, "field %d", i)
		v, _ := io.ReadAll(p)
		require.Equal(c.t, f.Name, p.FormName(), "field %d in the body's order", i)
		require.Equal(c.t, f.Value, string(v), f.Name)
		require.Empty(c.t, p.FileName(), f.Name)
	}
	p, err := mr.NextPart()
	require.NoError(c.t, err)
	got, _ := io.ReadAll(p)
	require.Equal(c.t, form.File.Field, p.FormName())
	// As browsers write a name (the WHATWG form-data rules).
	require.Equal(c.t, strings.NewReplacer(`"`, "%22", "\r", "%0D", "\n", "%0A").Replace(form.File.Name), p.FileName())
	require.Equal(c.t, form.File.Type, p.Header.Get("Content-Type"))
	switch part := form.File.Part.(type) {
	case []byte:
		require.Equal(c.t, got, part, "the file part's bytes")
	case [2]int64: // slicedFile's part: where in the file
		require.Equal(c.t, got, c.data[part[0]:part[0]+part[1]], "the file part is the slice")
	default:
		c.t.Fatalf("file part of type %T", part)
	}
	_, err = mr.NextPart()
	require.ErrorIs(c.t, err, io.EOF, "nothing after the file")
	fb.Close() // the uploader waits for it before the next chunk
	req.Body = bytes.NewReader(written)
	return c.next.Do(req)
}

// TestFormBodyIsTheWrittenForm: a transport that builds the form itself
// (the browser's FormData) sends the same fields in the same order, the
// same file name, type and bytes as the form written by hand, for a file
// read into Go and for a Slicer's parts, one chunk or several; wxsim takes
// the upload.
func TestFormBodyIsTheWrittenForm(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		size   int
		sliced bool
		chunks int
	}{
		{"one chunk read into Go", 1000, false, 1},
		{"three chunks read into Go", 2*protocol.ChunkSize + 5, false, 3},
		{"a Slicer's two chunks", protocol.ChunkSize + 1, true, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := wxsimtest.New(t, wxsim.Config{})
			data := randomBytes(tt.size, uint64(tt.size))
			fc := &formChecker{t: t, next: httpdoer.New(env.HTTP), data: data}
			c := wxsimtest.NewClient(t, fc, env.Sess.Protocol())
			var src io.ReaderAt = bytes.NewReader(data)
			if tt.sliced {
				src = &slicedFile{countedFile: countedFile{Reader: bytes.NewReader(data)}}
			}
			up, err := c.Upload(ctx, protocol.Upload{To: env.Sim.UserName("lisi"), Name: `报告 "final".pdf`, Size: int64(len(data)), Data: src})
			require.NoError(t, err)
			require.Equal(t, tt.chunks, fc.chunks)
			md, ok := env.Sim.Media(up.MediaID)
			require.True(t, ok)
			require.True(t, bytes.Equal(data, md.Data))
		})
	}
}
