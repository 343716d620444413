package protocol_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
)

var (
	pngHead  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	jpegHead = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01")
	gifHead  = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00")
	mp4Head  = []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00")
	m4aHead  = []byte("\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00")
	pdfHead  = []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0")
)

func TestDetectKind(t *testing.T) {
	t.Parallel()
	const mib = 1 << 20
	tests := []struct {
		name string
		head []byte
		size int64
		want protocol.Kind
	}{
		{"photo.png", pngHead, mib, protocol.KindImage},
		{"photo.JPG", jpegHead, mib, protocol.KindImage},
		{"IMG_0001", jpegHead, mib, protocol.KindImage},     // no extension: the content says photo
		{"scan.pdf", jpegHead, mib, protocol.KindImage},     // the content wins
		{"not really.png", pdfHead, mib, protocol.KindFile}, // named .png, is a PDF
		{"wave.gif", gifHead, 5000, protocol.KindEmoticon},
		{"clip.mp4", mp4Head, 19 * mib, protocol.KindVideo},
		{"clip.mp4", mp4Head, 20 * mib, protocol.KindFile}, // the page refuses videos of 20 MiB
		{"song.m4a", m4aHead, mib, protocol.KindFile},
		{"fake.mp4", pdfHead, mib, protocol.KindFile},
		{"notes.txt", []byte("hello"), 5, protocol.KindFile},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, protocol.DetectKind(tt.name, tt.head, tt.size), tt.name)
	}
}
