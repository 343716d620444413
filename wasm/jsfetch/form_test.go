//go:build js && wasm

package jsfetch

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/jsx"
)

// TestFormDataIsTheForm: the FormData an upload chunk is sent as carries
// the form's fields in order, then its file with its name, type and
// bytes, whether the bytes are in Go or a Blob's slice; the browser's
// own writing of it (here Node's, by the same rules) is read back with
// Go's multipart reader.
func TestFormDataIsTheForm(t *testing.T) {
	if js.Global().Get("FormData").IsUndefined() {
		t.Skip("no FormData in this JavaScript")
	}
	data := []byte("chunk \x00\x01 bytes of a file")
	u := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(u, data)
	blob := js.Global().Get("Blob").New([]any{u})
	for _, tt := range []struct {
		name string
		part any
	}{
		{"bytes read into Go", data},
		{"a Blob's slice", jsx.NewBlob(blob).Slice(0, int64(len(data)), "application/pdf")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			form := protocol.Form{
				Fields: []protocol.FormField{{Name: "id", Value: "WU_FILE_0"}, {Name: "name", Value: "报告.pdf"}, {Name: "uploadmediarequest", Value: `{"a":1}`}, {Name: "pass_ticket", Value: "x+y"}},
				File:   protocol.FormFile{Field: "filename", Name: "报告.pdf", Type: "application/pdf", Part: tt.part},
			}
			fd, err := formData(form)
			require.NoError(t, err)
			resp := js.Global().Get("Response").New(fd)
			ab, err := jsx.Await(context.Background(), resp.Call("arrayBuffer"))
			require.NoError(t, err)
			written := make([]byte, ab.Get("byteLength").Int())
			js.CopyBytesToGo(written, js.Global().Get("Uint8Array").New(ab))
			_, params, err := mime.ParseMediaType(resp.Get("headers").Call("get", "content-type").String())
			require.NoError(t, err)
			mr := multipart.NewReader(bytes.NewReader(written), params["boundary"])
			for _, f := range form.Fields {
				p, err := mr.NextPart()
				require.NoError(t, err)
				v, _ := io.ReadAll(p)
				assert.Equal(t, f.Name, p.FormName())
				assert.Equal(t, f.Value, string(v))
			}
			p, err := mr.NextPart()
			require.NoError(t, err)
			got, _ := io.ReadAll(p)
			assert.Equal(t, "filename", p.FormName())
			assert.Equal(t, "报告.pdf", p.FileName())
			assert.Equal(t, "application/pdf", p.Header.Get("Content-Type"))
			assert.Equal(t, data, got)
			_, err = mr.NextPart()
			assert.ErrorIs(t, err, io.EOF)
		})
	}
	_, err := formData(protocol.Form{File: protocol.FormFile{Part: 3}})
	assert.Error(t, err, "a part of no known kind")
}
