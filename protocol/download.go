package protocol

import (
	"context"
	"errors"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Downloads are GETs that need the session's cookies (§7). The URL builders
// give what the page puts into <img>, <audio>, <video> and links; Download
// fetches one with the page's headers.

// ImageSize selects the full image or its thumbnail.
type ImageSize int

const (
	ImageFull  ImageSize = iota // no type: the original
	ImageThumb                  // type=slave
	ImageBig                    // type=big, the page's emoticon preview
)

// MsgImageURL is webwxgetmsgimg for a received image or emoticon, built as
// the page builds it: "?&MsgID=…&skey=<encoded>[&type=slave]" (§7, seed).
func (c *Client) MsgImageURL(msgID string, size ImageSize) string {
	s := c.Session()
	u := "https://" + s.Host + "/cgi-bin/mmwebwx-bin/webwxgetmsgimg?&MsgID=" + escape(msgID) + "&skey=" + escape(s.Skey)
	switch size {
	case ImageThumb:
		u += "&type=slave"
	case ImageBig:
		u += "&type=big"
	}
	return u
}

// VoiceURL is webwxgetvoice; the page leaves skey unencoded (§7, seed).
func (c *Client) VoiceURL(msgID string) string {
	s := c.Session()
	return "https://" + s.Host + "/cgi-bin/mmwebwx-bin/webwxgetvoice?msgid=" + escape(msgID) + "&skey=" + s.Skey
}

// VideoURL is webwxgetvideo, skey encoded (§7, seed).
func (c *Client) VideoURL(msgID string) string {
	s := c.Session()
	return "https://" + s.Host + "/cgi-bin/mmwebwx-bin/webwxgetvideo?msgid=" + escape(msgID) + "&skey=" + escape(s.Skey)
}

// MediaRange is the Range header the page's <video> and <audio> elements
// send for a media URL, "bytes=0-" for webwxgetvideo and webwxgetvoice,
// and "" for any other URL (§7): a client that fetches them itself sends
// what the page sends.
func MediaRange(rawURL string) string {
	switch endpointOf(rawURL) {
	case "webwxgetvideo", "webwxgetvoice":
		if u, err := url.Parse(rawURL); err == nil && u.Scheme == "https" && slices.Contains(AllHosts(), u.Hostname()) {
			return "bytes=0-"
		}
	}
	return ""
}

// MediaRef names a received file attachment (§4.2 message fields).
type MediaRef struct {
	Sender        string // the message's FromUserName
	MediaID       string
	EncryFileName string
}

// MediaURL is webwxgetmedia on the file host, with the page's query: sender,
// mediaid, encryfilename, fromuser=<uin>, pass_ticket (undefined when not
// known, as the page's link after a reload) and webwx_data_ticket (§7).
func (c *Client) MediaURL(m MediaRef) string {
	s := c.Session()
	h, _ := HostsFor(s.Host)
	pt := "undefined"
	if s.PassTicket != "" {
		pt = escape(s.PassTicket)
	}
	return "https://" + h.File + "/cgi-bin/mmwebwx-bin/webwxgetmedia?sender=" + escape(m.Sender) +
		"&mediaid=" + escape(m.MediaID) + "&encryfilename=" + escape(m.EncryFileName) +
		"&fromuser=" + strconv.FormatInt(s.Uin, 10) + "&pass_ticket=" + pt +
		"&webwx_data_ticket=" + escape(s.DataTicket)
}

// IconURL is a contact's avatar: webwxgetheadimg for groups (@@…),
// webwxgeticon for everyone else, with chatroomid for a group member (§7).
func (c *Client) IconURL(userName string, seq int64, chatRoomID string) string {
	s := c.Session()
	ep := "webwxgeticon"
	if IsGroup(userName) {
		ep = "webwxgetheadimg"
	}
	u := "https://" + s.Host + "/cgi-bin/mmwebwx-bin/" + ep + "?seq=" + strconv.FormatInt(seq, 10) + "&username=" + userName + "&skey=" + s.Skey
	if chatRoomID != "" && !IsGroup(userName) {
		u += "&chatroomid=" + escape(chatRoomID)
	}
	return u
}

// escape is encodeURIComponent, which the page uses for query values.
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ('a' <= ch && ch <= 'z') || ('A' <= ch && ch <= 'Z') || ('0' <= ch && ch <= '9') || strings.IndexByte("-_.!~*'()", ch) >= 0 {
			b.WriteByte(ch)
			continue
		}
		const hex = "0123456789ABCDEF"
		b.WriteByte('%')
		b.WriteByte(hex[ch>>4])
		b.WriteByte(hex[ch&15])
	}
	return b.String()
}

// Download is an open download: read Body, then Close it.
type Download struct {
	Body          io.ReadCloser
	ContentType   string
	ContentLength int64 // -1 when unknown
	// ContentRange is the answer's Content-Range for a ranged request.
	ContentRange string
}

// ErrNotMedia: the server answered a download with a JSON status or an HTML
// page instead of the media (an expired session, a wrong id).
var ErrNotMedia = errors.New("protocol: the server sent no media")

// Download GETs a media URL built above with the session's headers. rangeHeader,
// when set ("bytes=0-"), is sent as Range: webwxgetvideo wants it, as a
// <video> element sends it (§7). A JSON answer is decoded as an error.
func (c *Client) Download(ctx context.Context, rawURL, rangeHeader string) (*Download, error) {
	s := c.Session()
	endpoint := endpointOf(rawURL)
	red := newRedactor(s)
	if err := c.checkDownloadHost(rawURL); err != nil {
		return nil, err
	}
	req, err := newRequest(ctx, "GET", rawURL, nil, 0)
	if err != nil {
		return nil, &TransportError{Endpoint: endpoint, Err: errors.New("bad download URL")}
	}
	setPageHeaders(req, s, false)
	if rangeHeader != "" {
		req.Header.Set("Range", rangeHeader)
	}
	resp, err := c.doer.Do(req)
	if err != nil {
		return nil, red.wrap(&TransportError{Endpoint: endpoint, Err: stripURL(err)})
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		resp.Body.Close()
		return nil, &HTTPError{Endpoint: endpoint, StatusCode: resp.StatusCode}
	}
	ct := resp.Header.Get("Content-Type")
	if strings.HasPrefix(ct, "application/json") || strings.HasPrefix(ct, "text/html") || strings.HasPrefix(ct, "text/plain") {
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		var br struct {
			BaseResponse `json:"BaseResponse"`
		}
		if derr := decodeJSON(endpoint, b, &br); derr != nil {
			return nil, red.wrap(errors.Join(ErrNotMedia, derr))
		}
		return nil, &DecodeError{Endpoint: endpoint, Kind: "status instead of media", Err: ErrNotMedia}
	}
	return &Download{Body: resp.Body, ContentType: ct, ContentLength: resp.ContentLength, ContentRange: resp.Header.Get("Content-Range")}, nil
}

// checkDownloadHost refuses URLs that are not on this session's WeChat
// hosts: Download sends the session's cookies and must never be a way to
// fetch another site.
func (c *Client) checkDownloadHost(rawURL string) error {
	h, _ := HostsFor(c.Session().Host)
	for _, host := range []string{h.Main, h.File} {
		if strings.HasPrefix(rawURL, "https://"+host+"/cgi-bin/mmwebwx-bin/") {
			return nil
		}
	}
	return errors.New("protocol: download URL is not on this session's web WeChat hosts")
}

// endpointOf names the endpoint of a cgi URL for errors, without its query.
func endpointOf(rawURL string) string {
	if i := strings.Index(rawURL, "/mmwebwx-bin/"); i >= 0 {
		ep := rawURL[i+len("/mmwebwx-bin/"):]
		if j := strings.IndexByte(ep, '?'); j >= 0 {
			ep = ep[:j]
		}
		return ep
	}
	return "download"
}
