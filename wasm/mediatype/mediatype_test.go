package mediatype

import (
	"mime"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSameAsMime: Parse answers as mime.ParseMediaType does, for the
// headers the worker reads (a download's Content-Type and
// Content-Disposition) and for broken ones.
func TestSameAsMime(t *testing.T) {
	t.Parallel()
	for _, h := range sameAsMimeSeeds {
		t.Run(h, func(t *testing.T) {
			t.Parallel()
			wantT, wantP, wantErr := mime.ParseMediaType(h)
			gotT, gotP, gotErr := Parse(h)
			require.Equal(t, wantT, gotT)
			require.Equal(t, wantP, gotP)
			if wantErr == nil {
				require.NoError(t, gotErr)
			} else {
				require.EqualError(t, gotErr, wantErr.Error())
			}
		})
	}
}

var sameAsMimeSeeds = []string{
	"",
	"image/png",
	"Image/PNG; charset=UTF-8",
	"text/html; charset=\"utf-8\"",
	"application/pdf;",
	"attachment; filename=report.pdf",
	"attachment; filename=\"a \\\"quoted\\\" name.txt\"",
	"attachment; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf",
	"attachment; filename*=utf-8'zh'%E6%8A%A5%E5%91%8A.pdf; filename=fallback.pdf",
	"attachment; filename*0=\"long \"; filename*1=\"name.txt\"",
	"attachment; filename*0*=UTF-8''%E6%8A%A5; filename*1=%E5%91%8A.doc",
	"attachment; filename*=iso-8859-1''caf%E9.txt",
	"attachment; filename*=UTF-8''bad%zz.txt",
	"attachment; filename=a; filename=b",
	"attachment; filename=a; filename=a",
	"inline; filename=\"C:\\dev\\go\\foo.txt\"",
	"text/plain; broken",
	"text/plain; =value",
	"text/ plain",
	"text/plain/extra",
	"/plain",
	"text/plain; a=\"unterminated",
	"text/plain; a=\"line\nbreak\"",
	"multipart/form-data; boundary=----x; charset=utf-8 ;",
	"\u00e9/plain",
	"attachment;filename=\u62a5\u544a.pdf",
}

// FuzzSameAsMime: on any input, Parse answers as mime.ParseMediaType.
func FuzzSameAsMime(f *testing.F) {
	for _, h := range sameAsMimeSeeds {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, h string) {
		wantT, wantP, wantErr := mime.ParseMediaType(h)
		gotT, gotP, gotErr := Parse(h)
		if gotT != wantT || (wantErr == nil) != (gotErr == nil) || len(gotP) != len(wantP) {
			t.Fatalf("%q: got %q %v %v, mime says %q %v %v", h, gotT, gotP, gotErr, wantT, wantP, wantErr)
		}
		for k, v := range wantP {
			if gotP[k] != v {
				t.Fatalf("%q: %s=%q, mime says %q", h, k, gotP[k], v)
			}
		}
	})
}
