package msg

import (
	"slices"

	jl "github.com/wxdrop/wxdrop/wasm/jsonlite"
)

// What a message carries: its content, and the files and sources it
// names.

// FileRef is a file of the outbox: a Blob in IndexedDB (FileDB, FileStore)
// under ID, kept until no entry that may still send it refers to it.
type FileRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Size int64  `json:"size"`
	Type string `json:"type,omitempty"`
	// MD5 is set when the worker computed it as it stored the file (a
	// download), so the upload need not read the file for it again.
	MD5 string `json:"md5,omitempty"`
}

// Source is a file or page on the web that a message sends, fetched by
// the worker when the entry's turn comes (a context menu's image, link,
// video or audio). A link that turns out to be a web page is sent as its
// title and URL.
type Source struct {
	URL string `json:"url"`
	// Page is the URL of the page it was found on.
	Page string `json:"page,omitempty"`
	// Frame is the URL of the frame it was found in, when the click was
	// in one (share.WithCookies).
	Frame string `json:"frame,omitempty"`
	// As is what the person clicked: image, video, audio or link.
	As string `json:"as"`
	// Media, instead of URL, is the attachment of a message that reached
	// the web WeChat page (a rule forwards it).
	Media *Media `json:"media,omitempty"`
}

// Media names the attachment of a received message (§4.2, §7). Its
// download URL is made from the session when it is fetched, and never
// kept: it carries the skey.
type Media struct {
	MsgID string `json:"msgId"`
	// Type is image, video, voice or file.
	Type string `json:"type"`
	// Sender, MediaID and EncryFileName name a file attachment
	// (webwxgetmedia).
	Sender        string `json:"sender,omitempty"`
	MediaID       string `json:"mediaId,omitempty"`
	EncryFileName string `json:"encryFileName,omitempty"`
	// Name and Size, as the message says.
	Name string `json:"name,omitempty"`
	Size int64  `json:"size,omitempty"`
}

// EntryKind is what an entry sends: a text, or a file sent as an image, a
// video, a sticker or a plain file (the words of protocol.Kind).
type EntryKind string

const (
	KindText     EntryKind = "text"
	KindImage    EntryKind = "image"
	KindVideo    EntryKind = "video"
	KindEmoticon EntryKind = "emoticon"
	KindFile     EntryKind = "file"
)

// Kinds are the kinds above, each with its words (kind_<kind> in
// _locales); TestKindsListedAndWorded fails for a kind left out.
func Kinds() []EntryKind {
	return []EntryKind{KindText, KindImage, KindVideo, KindEmoticon, KindFile}
}

// Known says whether k is one of the kinds above (an entry written by a
// newer worker may hold another).
func (k EntryKind) Known() bool { return slices.Contains(Kinds(), k) }

// Content is what a message carries: everything an entry sends, and
// nothing about when, to whom or how far it got. It is one value so that
// whatever copies a message (a repeat's next occurrence) copies all of
// it: a kind of content added here travels with Clone, and the tests of
// Clone and of the outbox's send step fail until it is handled there.
type Content struct {
	// Kind is text, image, video, emoticon or file; a file's kind is
	// known for sure once it is uploaded (it is chosen from its bytes).
	Kind EntryKind `json:"kind"`
	Text string    `json:"text,omitempty"`
	File *FileRef  `json:"file,omitempty"`
	// Emoticon is the MD5 of a sticker the server knows (one received),
	// sent without an upload.
	Emoticon string `json:"emoticon,omitempty"`
	// Source is where File comes from, until it is fetched (File nil).
	Source *Source `json:"source,omitempty"`
}

// Fields is the pages' codec of a Content (codec.go says why); a field
// added above needs its line here (TestCodecsAreEncodingJSONs).
func (x *Content) Fields(f *jl.Fields) {
	jl.Str(f, "kind", &x.Kind, jl.Keep)
	jl.Str(f, "text", &x.Text, jl.OmitEmpty)
	jl.Ptr(f, "file", &x.File, jl.OmitEmpty)
	jl.Str(f, "emoticon", &x.Emoticon, jl.OmitEmpty)
	jl.Ptr(f, "source", &x.Source, jl.OmitEmpty)
}

// Clone is c with nothing shared: an entry's content may be changed (a
// fetch fills File) without changing another entry's.
func (c Content) Clone() Content {
	if c.File != nil {
		f := *c.File
		c.File = &f
	}
	if c.Source != nil {
		s := *c.Source
		if s.Media != nil {
			m := *s.Media
			s.Media = &m
		}
		c.Source = &s
	}
	return c
}

// Title names a message to a person: its file's name, or the first line
// of its text cut to n runes.
//
// A sticker, or a forwarded attachment without a name, is named by a
// sign that needs no translation.
func (c Content) Title(n int) string {
	if c.File != nil {
		return c.File.Name
	}
	if c.Emoticon != "" {
		return "🙂"
	}
	if c.Text == "" && c.Source != nil {
		if m := c.Source.Media; m != nil {
			if m.Name != "" {
				return Snippet(m.Name, n)
			}
			return map[string]string{"image": "🖼", "video": "🎞", "voice": "🎤"}[m.Type] + "…"
		}
		return Snippet(c.Source.URL, n)
	}
	return Snippet(c.Text, n)
}

// Snippet is the first line of s, cut to n runes with an ellipsis.
func Snippet(s string, n int) string {
	for i, r := range s {
		if r == '\n' || r == '\r' {
			s = s[:i] + "…"
			break
		}
	}
	return Cut(s, n)
}

// Cut is s cut to n runes, with an ellipsis when it was longer.
func Cut(s string, n int) string {
	k := 0
	for i := range s {
		if k == n {
			return s[:i] + "…"
		}
		k++
	}
	return s
}
