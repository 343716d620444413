// Package share turns what a person sends from a web page (an image, a
// link, a video, a selection, the page itself) into an outbox message:
// what to fetch, the file's real name, and whether a fetched link is a
// file or a page. It is plain Go, tested natively; the worker fetches.
package share

import (
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/wxdrop/wxdrop/wasm/mediatype"
	"github.com/wxdrop/wxdrop/wasm/safename"
)

// FileName is the name of a downloaded file: Content-Disposition's
// filename* (RFC 5987, any charset Go knows as UTF-8 or ISO-8859-1) or
// filename, else the URL's last path segment, percent-decoded; given an
// extension from the Content-Type when the name has none. Path parts and
// characters a file system refuses are taken out; "download" is the
// name of last resort.
func FileName(contentDisposition, rawURL, contentType string) string {
	name := dispositionName(contentDisposition)
	if name == "" {
		name = urlName(rawURL)
	}
	name = clean(name)
	if name == "" {
		name = "download"
	}
	if path.Ext(name) == "" {
		if ext := extFor(contentType); ext != "" {
			name += ext
		}
	}
	return name
}

// dispositionName reads filename* or filename from a Content-Disposition
// header. mediatype.Parse decodes filename* (RFC 2231/5987) itself;
// a header it refuses (servers send unquoted spaces, raw UTF-8, stray
// semicolons) is read by hand.
func dispositionName(h string) string {
	if h == "" {
		return ""
	}
	if _, params, err := mediatype.Parse(h); err == nil {
		if n := params["filename"]; n != "" {
			return unquote(n)
		}
	}
	var plain, star string
	for _, part := range strings.Split(h, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "filename*":
			star = decode5987(strings.TrimSpace(v))
		case "filename":
			plain = unquote(strings.TrimSpace(v))
		}
	}
	if star != "" {
		return star
	}
	return plain
}

// decode5987 decodes charset'lang'percent-encoded.
func decode5987(v string) string {
	v = unquote(v)
	parts := strings.SplitN(v, "'", 3)
	if len(parts) != 3 {
		return ""
	}
	s, err := url.PathUnescape(parts[2])
	if err != nil {
		return ""
	}
	switch strings.ToLower(parts[0]) {
	case "utf-8", "utf8":
		if utf8.ValidString(s) {
			return s
		}
	case "iso-8859-1", "latin1":
		r := make([]rune, 0, len(s))
		for i := 0; i < len(s); i++ {
			r = append(r, rune(s[i]))
		}
		return string(r)
	}
	return ""
}

func unquote(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
		v = strings.ReplaceAll(v, `\"`, `"`)
		v = strings.ReplaceAll(v, `\\`, `\`)
	}
	// Some servers percent-encode a plain filename (never valid, common).
	if strings.Contains(v, "%") {
		if d, err := url.PathUnescape(v); err == nil && utf8.ValidString(d) {
			v = d
		}
	}
	return v
}

// urlName is the last segment of the URL's path, decoded.
func urlName(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme == "data" {
		return ""
	}
	seg := u.EscapedPath()
	if i := strings.LastIndex(seg, "/"); i >= 0 {
		seg = seg[i+1:]
	}
	if d, err := url.PathUnescape(seg); err == nil && utf8.ValidString(d) {
		return d
	}
	return seg
}

// CleanName is a file name made safe to send: what clean leaves, else
// "download".
func CleanName(name string) string {
	if name = clean(name); name == "" {
		return "download"
	}
	return name
}

// clean keeps the base name and drops what Windows, macOS or Linux
// refuse in a file name, and the controls that change how it looks
// (safename.Hidden: "invoice\u202Efdp.exe" would show as
// "invoiceexe.pdf"); a Windows device name gets a "_" ("CON.txt" →
// "CON_.txt").
func clean(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case safename.Hidden(r):
			return -1
		case strings.ContainsRune(`<>:"|?*`, r):
			return '_'
		}
		return r
	}, name)
	name = strings.Trim(name, " .")
	if len(name) > 200 {
		// Keep the extension; cut the stem on a rune boundary.
		ext := path.Ext(name)
		if len(ext) > 20 {
			ext = ""
		}
		stem := name[:len(name)-len(ext)]
		for len(stem)+len(ext) > 200 {
			_, n := utf8.DecodeLastRuneInString(stem)
			stem = stem[:len(stem)-n]
		}
		name = stem + ext
	}
	return safename.NotDevice(name)
}

// extFor is the usual extension of a MIME type ("" for an unknown one or
// for a type whose files have many).
func extFor(contentType string) string {
	mt, _, err := mediatype.Parse(contentType)
	if err != nil {
		return ""
	}
	return knownExt(mt)
}

// knownExt is the extension of a media type, fixed (not
// mime.ExtensionsByType, which reads the machine's tables and differs
// between machines); "" when it is not known. A switch, not a map: a map
// would be built at every start of the worker.
func knownExt(mt string) string {
	switch mt {
	case "image/png":
		return ".png"
	case "image/jpeg":
		return ".jpg"
	case "image/gif":
		return ".gif"
	case "image/bmp":
		return ".bmp"
	case "image/webp":
		return ".webp"
	case "image/svg+xml":
		return ".svg"
	case "video/mp4":
		return ".mp4"
	case "video/webm":
		return ".webm"
	case "video/quicktime":
		return ".mov"
	case "audio/mpeg":
		return ".mp3"
	case "audio/mp4":
		return ".m4a"
	case "audio/ogg":
		return ".ogg"
	case "audio/wav", "audio/x-wav":
		return ".wav"
	case "application/pdf":
		return ".pdf"
	case "application/zip":
		return ".zip"
	case "text/plain":
		return ".txt"
	case "text/csv":
		return ".csv"
	case "application/msword":
		return ".doc"
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return ".docx"
	case "application/vnd.ms-excel":
		return ".xls"
	case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return ".xlsx"
	case "application/vnd.ms-powerpoint":
		return ".ppt"
	case "application/vnd.openxmlformats-officedocument.presentationml.presentation":
		return ".pptx"
	}
	return ""
}
