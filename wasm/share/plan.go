package share

import (
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/wxurl"
	"github.com/wxdrop/wxdrop/wasm/mediatype"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// Contexts of a context-menu click (chrome.contextMenus' ContextType)
// that wxdrop offers its menu in.
const (
	ContextImage     = "image"
	ContextLink      = "link"
	ContextVideo     = "video"
	ContextAudio     = "audio"
	ContextSelection = "selection"
	ContextPage      = "page"
)

// Click is what a context-menu click (or a keyboard command on a tab)
// says: OnClickData's fields and the tab's title.
type Click struct {
	Context       string `json:"context"`
	SrcURL        string `json:"srcUrl,omitempty"`
	LinkURL       string `json:"linkUrl,omitempty"`
	PageURL       string `json:"pageUrl,omitempty"`
	SelectionText string `json:"selectionText,omitempty"`
	PageTitle     string `json:"pageTitle,omitempty"`
	// FrameURL is the frame's, when the click was in one (an ad's).
	FrameURL string `json:"frameUrl,omitempty"`
}

// Plan is how a click goes out: a text now, or a Source to fetch.
type Plan struct {
	Text   string
	Source *msg.Source
}

// PlanOf decides what a click sends. The most specific thing clicked
// wins: an image or a video over the link around it, a link over the
// selection, and the page last.
//
// Every URL goes through wxurl.Clean first (a click on the web WeChat
// page itself sees URLs that carry the session's keys): a link WeChat
// wraps is sent as the link it wraps, a message's image, video, voice or
// file as a reference to the message (its URL made again from the
// session when it is fetched), and any other URL of WeChat's own is
// refused with WECHAT_URL.
func PlanOf(c Click) (Plan, error) {
	page, pageMedia, pageErr := wxurl.Clean(c.PageURL)
	if pageErr != nil || pageMedia != nil {
		// The page is a WeChat URL itself (an image opened in a tab):
		// it is named nowhere.
		page = ""
	}
	switch c.Context {
	case ContextImage, ContextVideo, ContextAudio:
		p, err := sourcePlan(c.SrcURL, page, c.Context, c.Context == ContextImage)
		if p.Source != nil && c.FrameURL != "" && c.FrameURL != c.PageURL {
			// A frame of the page loaded its media as itself: the
			// cookies' rule judges it too (WithCookies).
			p.Source.Frame, _, _ = wxurl.Clean(c.FrameURL)
			if p.Source.Frame == "" {
				p.Source.Frame = "?"
			}
		}
		return p, err
	case ContextLink:
		return sourcePlan(c.LinkURL, page, ContextLink, false)
	case ContextSelection:
		text := strings.TrimSpace(c.SelectionText)
		if text == "" {
			return Plan{}, &msg.Error{Code: msg.ErrEmptyMessage}
		}
		return Plan{Text: join(text, page)}, nil
	case ContextPage:
		switch {
		case pageErr != nil:
			return Plan{}, urlError(pageErr)
		case pageMedia != nil:
			return Plan{Source: &msg.Source{As: pageMedia.Type, Media: mediaOf(*pageMedia)}}, nil
		case page == "":
			return Plan{}, &msg.Error{Code: msg.ErrEmptyMessage}
		}
		return Plan{Text: join(strings.TrimSpace(c.PageTitle), page)}, nil
	}
	return Plan{}, msg.BadNoContext.Err(c.Context)
}

// sourcePlan is the plan of a clicked image, video, audio or link: its
// URL cleaned and fetched when its turn comes, or the message whose
// media it showed.
func sourcePlan(raw, page, as string, dataOK bool) (Plan, error) {
	u, m, err := wxurl.Clean(raw)
	switch {
	case err != nil:
		return Plan{}, urlError(err)
	case m != nil:
		return Plan{Source: &msg.Source{As: m.Type, Page: page, Media: mediaOf(*m)}}, nil
	}
	if err := fetchable(u, dataOK); err != nil {
		return Plan{}, err
	}
	return Plan{Source: &msg.Source{URL: u, Page: page, As: as}}, nil
}

// mediaOf is the reference to a message's media a WeChat URL named.
func mediaOf(m wxurl.Media) *msg.Media {
	return &msg.Media{MsgID: m.MsgID, Type: m.Type, Sender: m.Sender, MediaID: m.MediaID, EncryFileName: m.EncryFileName}
}

// urlError is a refused WeChat URL in the words of the outbox.
func urlError(err error) error {
	detail := "?"
	if e, ok := err.(*wxurl.Error); ok {
		detail = e.Endpoint
		if detail == "" {
			detail = e.Reason
		}
	}
	return &msg.Error{Code: msg.ErrWeChatURL, Detail: detail}
}

// join puts a URL on the line after a text (none when they are the same).
func join(text, u string) string {
	switch {
	case text == "" || text == u:
		return u
	case u == "":
		return text
	}
	return text + "\n" + u
}

// fetchable refuses what the worker cannot fetch: another page's blob:
// URLs, files on the disk, the browser's own pages. A data: URL holds an
// image itself.
func fetchable(raw string, dataOK bool) error {
	u, err := url.Parse(raw)
	if err != nil || raw == "" {
		return &msg.Error{Code: msg.ErrSourceNotUsable, Detail: "no URL"}
	}
	switch u.Scheme {
	case "http", "https":
		return nil
	case "data":
		if dataOK {
			return nil
		}
	}
	return &msg.Error{Code: msg.ErrSourceNotUsable, Detail: u.Scheme + ":"}
}

// Origin is the host permission pattern a URL needs ("https://a.b/*"),
// "" for a data: URL, which needs none.
func Origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return u.Scheme + "://" + u.Hostname() + "/*"
}

// Host is a URL's host name, as an error names the site to a person.
func Host(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Hostname()
}

// Fetched is what a fetch of a Source found, before its body is kept.
type Fetched struct {
	URL                string // after redirects
	ContentType        string
	ContentDisposition string
	Size               int64
	// Head is the start of the body (up to HeadBytes), for a page's title.
	Head []byte
}

// HeadBytes is how much of a page is read for its <title>.
const HeadBytes = 64 << 10

// IsPage reports whether a fetched link is a web page (sent as its title
// and URL) rather than a file: HTML that is not an attachment.
func IsPage(src msg.Source, f Fetched) bool {
	if src.As != ContextLink {
		return false
	}
	if d, _, err := mediatype.Parse(f.ContentDisposition); err == nil && d == "attachment" {
		return false
	}
	mt, _, _ := mediatype.Parse(f.ContentType)
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// PageText is the text a linked page is sent as: its <title> and URL.
func PageText(src msg.Source, f Fetched) string {
	return join(Title(f.Head), src.URL)
}

// Title is the <title> of the start of an HTML page, its entities
// decoded and its spaces collapsed; "" when it has none or is not UTF-8
// (a GBK page's title would come out garbled: its URL alone is better).
// It is read by hand: regexp and html's entity table would add half a
// megabyte to the worker's WebAssembly.
func Title(head []byte) string {
	lower := strings.ToLower(string(head))
	i := strings.Index(lower, "<title")
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(lower[i:], '>')
	if j < 0 {
		return ""
	}
	start := i + j + 1
	end := strings.Index(lower[start:], "</title")
	if end < 0 {
		return ""
	}
	t := string(head[start : start+end])
	if !utf8.ValidString(t) {
		return ""
	}
	return strings.Join(strings.Fields(unescape(t)), " ")
}

// unescape decodes the entities titles use: numeric ones and the five
// of XML, and &nbsp;.
func unescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		j := strings.IndexByte(s, ';')
		if j < 0 || j > 10 {
			b.WriteByte('&')
			s = s[1:]
			continue
		}
		name := s[1:j]
		if r, ok := entity(name); ok {
			b.WriteRune(r)
		} else {
			b.WriteString(s[:j+1])
		}
		s = s[j+1:]
	}
}

func entity(name string) (rune, bool) {
	switch name {
	case "amp":
		return '&', true
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	case "nbsp":
		return ' ', true
	}
	if strings.HasPrefix(name, "#x") || strings.HasPrefix(name, "#X") {
		if n, err := strconv.ParseUint(name[2:], 16, 32); err == nil && utf8.ValidRune(rune(n)) {
			return rune(n), true
		}
	} else if strings.HasPrefix(name, "#") {
		if n, err := strconv.ParseUint(name[1:], 10, 32); err == nil && utf8.ValidRune(rune(n)) {
			return rune(n), true
		}
	}
	return 0, false
}

// File is the name and kind a fetched Source is sent with. An image or
// video whose URL has another extension (photo.php) gets its type's, so
// that it is sent as what it is.
func File(src msg.Source, f Fetched) (name string, kind protocol.Kind) {
	name = FileName(f.ContentDisposition, f.URL, f.ContentType)
	if ext := extFor(f.ContentType); ext != "" && (src.As == ContextImage || src.As == ContextVideo) {
		if !strings.EqualFold(path.Ext(name), ext) && !sameType(path.Ext(name), ext) {
			name += ext
		}
	}
	kind = protocol.KindOf(name, f.Size)
	if src.As == ContextAudio {
		kind = protocol.KindFile
	}
	return name, kind
}

func sameType(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	return (a == ".jpeg" || a == ".jpg") && (b == ".jpeg" || b == ".jpg")
}
