package protocol

import (
	"errors"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// appmsgAppID is the appid the page puts on every file appmsg (§5.5).
const appmsgAppID = "wxeb7ec651dd0aefa9"

// Attachment describes an uploaded file for webwxsendappmsg.
type Attachment struct {
	// Title is the file name the chat shows.
	Title string
	// Size is the file's length in bytes (appattach/totallen).
	Size int64
	// MediaID is the upload's MediaId (appattach/attachid).
	MediaID string
	// Signature comes from webwxcheckupload for files over 25 MiB.
	Signature string
}

// FileExt returns the extension the page writes into fileext: the name's
// extension without the dot, case kept, or "undefined" when there is none
// (§5.5, §12).
func FileExt(name string) string {
	ext := path.Ext(name)
	if len(ext) <= 1 {
		return "undefined"
	}
	return ext[1:]
}

// AppMsgXML builds the file appmsg in the page's element order, with
// appid='…' and sdkver=” single-quoted as the page writes them, and every
// value XML-escaped (the page inserts raw names, which breaks on < and &).
func AppMsgXML(a Attachment) (string, error) {
	if a.Title == "" {
		return "", errors.New("protocol: appmsg needs a file name")
	}
	if a.MediaID == "" {
		return "", errors.New("protocol: appmsg needs the upload's MediaId")
	}
	if a.Size <= 0 {
		return "", errors.New("protocol: appmsg needs the file size")
	}
	var b strings.Builder
	b.WriteString("<appmsg appid='" + appmsgAppID + "' sdkver=''><title>")
	escapeText(&b, a.Title)
	b.WriteString("</title><des></des><action></action><type>6</type><content></content><url></url><lowurl></lowurl><appattach><totallen>")
	b.WriteString(strconv.FormatInt(a.Size, 10))
	b.WriteString("</totallen><attachid>")
	escapeText(&b, a.MediaID)
	b.WriteString("</attachid><fileext>")
	escapeText(&b, FileExt(a.Title))
	b.WriteString("</fileext></appattach><extinfo></extinfo></appmsg>")
	return b.String(), nil
}

// escapeText XML-escapes s as encoding/xml's EscapeText does (quotes, tab,
// newline and carriage return included; characters XML cannot hold become
// U+FFFD), without linking encoding/xml: it is about 0.4 MB of WebAssembly
// for these few lines.
func escapeText(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\t':
			b.WriteString("&#x9;")
		case '\n':
			b.WriteString("&#xA;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			if !xmlChar(r) {
				r = utf8.RuneError
			}
			b.WriteRune(r)
		}
	}
}

// xmlChar reports whether r may stand in XML 1.0 text (the Char production).
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF && r != utf8.RuneError ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
