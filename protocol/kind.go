package protocol

import (
	"path"
	"strings"
)

// Kind is how a file is sent: the upload's mediatype field and the send
// endpoint both follow from it (§6.4, §12).
type Kind int

const (
	KindFile     Kind = iota // doc upload, webwxsendappmsg Type 6
	KindImage                // pic upload, webwxsendmsgimg Type 3
	KindVideo                // video upload, webwxsendvideomsg Type 43
	KindEmoticon             // doc upload, webwxsendemoticon Type 47
)

func (k Kind) String() string {
	switch k {
	case KindImage:
		return "image"
	case KindVideo:
		return "video"
	case KindEmoticon:
		return "emoticon"
	}
	return "file"
}

// ParseKind is the Kind whose String is s; ok is false for another word.
func ParseKind(s string) (k Kind, ok bool) {
	for _, k := range []Kind{KindFile, KindImage, KindVideo, KindEmoticon} {
		if k.String() == s {
			return k, true
		}
	}
	return KindFile, false
}

const (
	// ChunkSize is the page's upload chunk, 512 KiB (§6.2).
	ChunkSize = 512 * 1024
	// CheckUploadOver: files larger than this go through webwxcheckupload
	// first (25 MiB, §6.1).
	CheckUploadOver = 25 * 1024 * 1024
	// MaxVideoSize: an mp4 of this size or more is sent as a file, since the
	// page refuses videos of 20 MiB and over (§6.3).
	MaxVideoSize = 20 * 1024 * 1024
)

// KindOf chooses how a file is sent from its name and size, as the page does:
// bmp, png, jpeg and jpg as images; gif as an emoticon; mp4 under 20 MiB as
// a video; everything else, larger mp4 included, as a file. Upload decides
// with DetectKind, which also looks at the content.
func KindOf(name string, size int64) Kind {
	switch strings.ToLower(path.Ext(name)) {
	case ".bmp", ".png", ".jpeg", ".jpg":
		return KindImage
	case ".gif":
		return KindEmoticon
	case ".mp4":
		if size < MaxVideoSize {
			return KindVideo
		}
	}
	return KindFile
}

// mediatype is the upload form's mediatype field for the kind.
func (k Kind) mediatype() string {
	switch k {
	case KindImage:
		return "pic"
	case KindVideo:
		return "video"
	}
	return "doc"
}

// MIMEType is the type a browser gives a File of that name, for uploads whose
// caller did not say. Unknown extensions are application/octet-stream.
func MIMEType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".bmp":
		return "image/bmp"
	case ".gif":
		return "image/gif"
	case ".mp4":
		return "video/mp4"
	case ".pdf":
		return "application/pdf"
	case ".txt":
		return "text/plain"
	case ".csv":
		return "text/csv"
	case ".zip":
		return "application/zip"
	}
	return "application/octet-stream"
}

// SniffLen is how many leading bytes DetectKind looks at.
const SniffLen = 16

// DetectKind chooses how a file is sent from what it is: its first bytes
// decide between image, emoticon, video and file, so that a photo without an
// extension is still sent as a photo and a file merely named .png is not
// sent to webwxsendmsgimg (where the server could not make a thumbnail of
// it). Anything else is a file, whatever its name says.
func DetectKind(name string, head []byte, size int64) Kind {
	switch sniff(head) {
	case "image":
		return KindImage
	case "gif":
		return KindEmoticon
	case "mp4":
		if size < MaxVideoSize {
			return KindVideo
		}
	}
	return KindFile
}

// sniff names the media type of a file's first bytes: "image" (PNG, JPEG,
// BMP), "gif", "mp4" (an ISO media file with a video brand), or "".
func sniff(b []byte) string {
	has := func(p string) bool { return len(b) >= len(p) && string(b[:len(p)]) == p }
	switch {
	case has("\x89PNG\r\n\x1a\n"), has("\xff\xd8\xff"), has("BM") && len(b) >= 14:
		return "image"
	case has("GIF87a"), has("GIF89a"):
		return "gif"
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		switch string(b[8:12]) {
		case "M4A ", "M4B ", "M4P ", "qt  ", "heic", "heix", "mif1", "avif":
			return "other" // audio, QuickTime, still images: sent as files
		}
		return "mp4"
	}
	return ""
}

// sniffedMIME is the MIME type of sniffed content, for the upload's type
// field when the caller gave none.
func sniffedMIME(head []byte, name string) string {
	switch {
	case len(head) >= 8 && string(head[:8]) == "\x89PNG\r\n\x1a\n":
		return "image/png"
	case len(head) >= 3 && string(head[:3]) == "\xff\xd8\xff":
		return "image/jpeg"
	case sniff(head) == "gif":
		return "image/gif"
	case sniff(head) == "mp4":
		return "video/mp4"
	case sniff(head) == "image":
		return "image/bmp"
	}
	return MIMEType(name)
}
