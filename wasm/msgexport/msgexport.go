// Package msgexport writes kept messages (package recall's) as a file a
// person opens: JSON, or one readable HTML page with the media as files
// beside it, in a zip. It is plain Go over plain records, tested natively
// by reading the zip back and parsing the page. Every text of a message
// reaches the page escaped: a message is shown, never run.
package msgexport

import (
	"bytes"
	"encoding/json"
	"net/url"
	"path"
	"strings"

	"github.com/wxdrop/wxdrop/wasm/safename"
)

// Formats.
const (
	FormatJSON = "json"
	// FormatHTML is the zip of index.html, messages.json and the media.
	FormatHTML = "html"
)

// Message is one exported message; the JSON names are the file's.
type Message struct {
	ID string `json:"id"`
	// Time is when it was said (Unix ms).
	Time int64 `json:"time"`
	// From is who said it (the member in a group), Sender their name.
	From     string `json:"from"`
	Sender   string `json:"sender,omitempty"`
	FromSelf bool   `json:"fromSelf,omitempty"`
	// Type is the page API's: text, image, video, voice, file, …
	Type     string `json:"type"`
	Text     string `json:"text,omitempty"`
	FileName string `json:"fileName,omitempty"`
	// Media is the kept media's path beside the page in the zip (""
	// when none was kept); MediaError the code of a download that failed.
	Media      string `json:"media,omitempty"`
	MediaError string `json:"mediaError,omitempty"`
}

// Export is one chat's messages in a date range.
type Export struct {
	Chat     string `json:"chat"`
	ChatName string `json:"chatName,omitempty"`
	// From and To bound the messages' times (Unix ms, To excluded; 0:
	// no bound).
	From int64 `json:"from,omitempty"`
	To   int64 `json:"to,omitempty"`
	// Exported is when the file was written (Unix ms).
	Exported int64     `json:"exported"`
	Messages []Message `json:"messages"`
}

// In says whether a time (Unix ms) is within the export's range.
func (e Export) In(t int64) bool {
	return (e.From == 0 || t >= e.From) && (e.To == 0 || t < e.To)
}

// JSON writes the export as indented JSON, the characters as they are.
func JSON(e Export) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if e.Messages == nil {
		e.Messages = []Message{}
	}
	// Strings, ints and bools always encode.
	_ = enc.Encode(e)
	return b.Bytes()
}

// MediaPath is where a message's media goes in the zip: media/, the
// message id, and its file name made safe (no folder, no hidden or
// control character, no device name), so that two media never share a
// path and none leaves the folder.
func MediaPath(id, fileName, mediaType string) string {
	name := safename.Visible(path.Base(strings.ReplaceAll(fileName, "\\", "/")))
	// Characters Windows refuses in a name become _.
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"|?*`, r) {
			return '_'
		}
		return r
	}, name)
	name = strings.Trim(name, ". ")
	if name == "" || name == "/" {
		name = "media" + extOf(mediaType)
	}
	name = safename.NotDevice(name)
	if len(name) > 120 {
		ext := path.Ext(name)
		if len(ext) > 16 {
			ext = ""
		}
		name = strings.ToValidUTF8(name[:120-len(ext)], "") + ext
	}
	return "media/" + idPart(id) + "-" + name
}

// idPart keeps a message id's digits and letters only.
func idPart(id string) string {
	var b strings.Builder
	for _, r := range id {
		if r < 128 && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "0"
	}
	return b.String()
}

// extOf is a file extension for a media type without a file name.
func extOf(mime string) string {
	mime, _, _ = strings.Cut(mime, ";")
	switch strings.TrimSpace(strings.ToLower(mime)) {
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "image/gif":
		return ".gif"
	case "video/mp4":
		return ".mp4"
	case "audio/mpeg":
		return ".mp3"
	}
	return ".bin"
}

// Labels are the page's visible words in the person's language.
type Labels struct {
	// Lang is the page's language tag (en, zh-CN).
	Lang string
	// Title is the page's title and heading (the chat's name and range
	// filled in by the caller).
	Title string
	// Who, When, What head the table's columns.
	Who, When, What string
	// Me names the account's own messages; Open links a media file;
	// Missing says a media was not kept (the code follows).
	Me, Open, Missing string
	// Types are the words of message types (image, video, …).
	Types map[string]string
}

// csp lets the page run nothing and fetch nothing but its own media:
// even a text that escaped the escaping could not run.
const csp = "default-src 'none'; img-src 'self' file:; media-src 'self' file:; style-src 'unsafe-inline'"

// escaper escapes a text for HTML: &, <, >, " and ' (as
// html.EscapeString does; package html's table of entities would cost
// core.wasm some 100 KB).
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

func esc(s string) string { return escaper.Replace(s) }

// href is a media path as a relative URL: each part percent-encoded, so
// that no name can end the attribute or become a scheme.
func href(p string) string {
	parts := strings.Split(p, "/")
	for i := range parts {
		parts[i] = url.PathEscape(parts[i])
	}
	return "./" + strings.Join(parts, "/")
}

// HTML writes the export as one page: a table of who, when and what,
// the media linked by their relative paths (images shown). when formats
// a time (Unix ms) in the person's zone.
func HTML(e Export, l Labels, when func(int64) string) []byte {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"" + esc(l.Lang) + "\"><head><meta charset=\"utf-8\">\n")
	b.WriteString("<meta http-equiv=\"Content-Security-Policy\" content=\"" + csp + "\">\n")
	b.WriteString("<title>" + esc(l.Title) + "</title>\n")
	b.WriteString("<style>body{font:14px/1.5 system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%}" +
		"th,td{border-bottom:1px solid #ddd;padding:.4em;text-align:left;vertical-align:top}td.what{white-space:pre-wrap;word-break:break-word}" +
		"img{max-width:320px;max-height:320px}tr.self td{background:#f1f8e9}</style>\n</head><body>\n")
	b.WriteString("<h1>" + esc(l.Title) + "</h1>\n<table>\n<thead><tr><th>" + esc(l.Who) + "</th><th>" + esc(l.When) + "</th><th>" + esc(l.What) + "</th></tr></thead>\n<tbody>\n")
	for _, m := range e.Messages {
		who := m.Sender
		if who == "" {
			who = m.From
		}
		if m.FromSelf {
			who = l.Me
		}
		cls := ""
		if m.FromSelf {
			cls = " class=\"self\""
		}
		b.WriteString("<tr" + cls + " id=\"m" + idPart(m.ID) + "\"><td>" + esc(who) + "</td><td><time>" + esc(when(m.Time)) + "</time></td><td class=\"what\">")
		if m.Text != "" {
			b.WriteString(esc(m.Text))
		}
		if m.Type != "text" {
			if m.Text != "" {
				b.WriteString("<br>")
			}
			word := l.Types[m.Type]
			if word == "" {
				word = m.Type
			}
			b.WriteString("<em>" + esc(word) + "</em>")
			if m.FileName != "" {
				b.WriteString(" " + esc(m.FileName))
			}
			switch {
			case m.Media != "" && m.Type == "image":
				u := esc(href(m.Media))
				b.WriteString("<br><a href=\"" + u + "\"><img src=\"" + u + "\" alt=\"" + esc(word) + "\"></a>")
			case m.Media != "":
				b.WriteString(" <a href=\"" + esc(href(m.Media)) + "\">" + esc(l.Open) + "</a>")
			case m.MediaError != "":
				b.WriteString(" (" + esc(l.Missing) + ": " + esc(m.MediaError) + ")")
			}
		}
		b.WriteString("</td></tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n</body></html>\n")
	return []byte(b.String())
}
