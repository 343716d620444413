// Package wxurl makes a URL found on the web WeChat page safe to keep and
// to send: web WeChat puts the session's secrets (skey, pass_ticket,
// webwx_data_ticket, and sid, uin, deviceid in some) into the URLs it
// shows (§1.4), and a URL that is stored (the outbox, storage.local) or
// sent (a link's text to a friend) would carry them.
//
// Clean turns
//   - a link wrapper webwxcheckurl?requrl=…&skey=… into its requrl,
//     itself cleaned again;
//   - a message's image, video, voice or file URL (webwxgetmsgimg,
//     webwxgetvideo, webwxgetvoice, webwxgetmedia) into a reference to
//     the message (Media), whose URL is made again from the session when
//     it is fetched;
//   - any other URL of WeChat's CGI into a refusal (*Error);
//   - any other URL into itself without the query or fragment
//     parameters that are WeChat's secrets.
//
// It is pure Go with no knowledge of the session: a check of the
// session's own values in a string is protocol.Session.Leaks.
package wxurl

import (
	"net/url"
	"strings"
)

// Media is the attachment of a received message that a WeChat download
// URL named (§7).
type Media struct {
	// Type is image, video, voice or file.
	Type string
	// MsgID names an image, a video or a voice message.
	MsgID string
	// Sender, MediaID and EncryFileName name a file (webwxgetmedia).
	Sender, MediaID, EncryFileName string
}

// Reasons an Error gives.
const (
	// ReasonCGI: a URL of WeChat's CGI that is neither a link wrapper
	// nor a message's media (an avatar, webwxsync, a logout…).
	ReasonCGI = "cgi"
	// ReasonNoTarget: a webwxcheckurl without its requrl, or one that
	// wraps itself more than maxDepth times.
	ReasonNoTarget = "no_target"
	// ReasonNoMessage: a media URL without the message's id.
	ReasonNoMessage = "no_message"
	// ReasonUnreadable: not a URL, yet with a secret's name in it.
	ReasonUnreadable = "unreadable"
)

// Error is a URL that is not kept or sent, and why.
type Error struct {
	Reason string
	// Endpoint is the CGI's name (webwxgeticon…), when it is one.
	Endpoint string
}

func (e *Error) Error() string {
	if e.Endpoint != "" {
		return "wxurl: a WeChat URL (" + e.Endpoint + ") is not sent: " + e.Reason
	}
	return "wxurl: a WeChat URL is not sent: " + e.Reason
}

// maxDepth bounds webwxcheckurl wrapped in webwxcheckurl.
const maxDepth = 4

// cgiPath starts the path of every endpoint of web WeChat (§0).
const cgiPath = "/cgi-bin/"

// weChatDomains are the domains of web WeChat's hosts (§0 host table):
// each, and every host under it (file., webpush., login.), is WeChat's.
var weChatDomains = []string{"wx.qq.com", "wx2.qq.com", "wx8.qq.com", "web.wechat.com", "web2.wechat.com", "weixin.qq.com"}

// IsWeChatHost reports whether host (a host name, without port) is one
// of web WeChat's hosts or under one.
func IsWeChatHost(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for _, d := range weChatDomains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// secretNames are the parameters web WeChat puts its secrets in (§1.4),
// stripped from a URL of any host: no site but WeChat names its own
// parameters so.
var secretNames = []string{"skey", "pass_ticket", "webwx_data_ticket", "webwx_auth_ticket", "wxsid", "wxuin"}

// weChatNames are stripped too from a URL of a WeChat host, where sid,
// uin and deviceid are the session's (elsewhere they are common names
// of other things: the session's own values are found by value).
var weChatNames = []string{"sid", "uin", "deviceid", "username"}

// IsSecretName reports whether a query parameter of that name is stripped
// from a URL of a WeChat host (weChat) or of any host.
func IsSecretName(name string, weChat bool) bool {
	name = strings.ToLower(name)
	for _, n := range secretNames {
		if name == n {
			return true
		}
	}
	if weChat {
		for _, n := range weChatNames {
			if name == n {
				return true
			}
		}
	}
	return false
}

// Clean is raw made safe to keep and send: a URL, a Media reference
// instead of it, or an *Error. A URL that is not http or https (data:,
// blob:, file:) is returned as it is: others decide whether it can be
// used.
func Clean(raw string) (string, *Media, error) {
	return clean(strings.TrimSpace(raw), 0)
}

func clean(raw string, depth int) (string, *Media, error) {
	u, err := url.Parse(raw)
	if err != nil {
		if hasSecretName(raw) {
			return "", nil, &Error{Reason: ReasonUnreadable}
		}
		return raw, nil, nil
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return raw, nil, nil
	}
	weChat := IsWeChatHost(u.Hostname())
	if weChat {
		// Browsers read "\" as "/" and servers "//" as "/".
		p := strings.ToLower(strings.ReplaceAll(u.Path, `\`, "/"))
		for strings.Contains(p, "//") {
			p = strings.ReplaceAll(p, "//", "/")
		}
		if strings.HasPrefix(p, cgiPath) {
			// Its endpoint is its last segment (mmwebwx-bin/… and the
			// login host's others alike).
			return cgi(u, p[strings.LastIndexByte(strings.TrimSuffix(p, "/"), '/')+1:], depth)
		}
	}
	// Until nothing changes: a strip can leave what another takes (a
	// fragment's path once its query went). Each round only removes, so
	// it ends.
	for {
		next := strings.TrimSpace(Strip(raw, weChat))
		if next == raw {
			return raw, nil, nil
		}
		raw = next
	}
}

// cgi is what becomes of a URL of WeChat's CGI endpoint.
func cgi(u *url.URL, endpoint string, depth int) (string, *Media, error) {
	q := lowerQuery(u)
	switch endpoint {
	case "webwxcheckurl":
		target := q.Get("requrl")
		if target == "" || depth >= maxDepth {
			return "", nil, &Error{Reason: ReasonNoTarget, Endpoint: endpoint}
		}
		return clean(strings.TrimSpace(target), depth+1)
	case "webwxgetmsgimg":
		return media(endpoint, Media{Type: "image", MsgID: q.Get("msgid")})
	case "webwxgetvideo":
		return media(endpoint, Media{Type: "video", MsgID: q.Get("msgid")})
	case "webwxgetvoice":
		return media(endpoint, Media{Type: "voice", MsgID: q.Get("msgid")})
	case "webwxgetmedia":
		return media(endpoint, Media{Type: "file", Sender: q.Get("sender"), MediaID: q.Get("mediaid"), EncryFileName: q.Get("encryfilename")})
	}
	return "", nil, &Error{Reason: ReasonCGI, Endpoint: endpoint}
}

// media checks the ids a Media needs: a message's MsgID is digits (§2);
// a file needs its MediaID.
func media(endpoint string, m Media) (string, *Media, error) {
	if m.Type == "file" {
		if m.MediaID == "" || len(m.MediaID) > 1024 || len(m.Sender) > 256 || len(m.EncryFileName) > 1024 {
			return "", nil, &Error{Reason: ReasonNoMessage, Endpoint: endpoint}
		}
		return "", &m, nil
	}
	if !digits(m.MsgID) {
		return "", nil, &Error{Reason: ReasonNoMessage, Endpoint: endpoint}
	}
	return "", &m, nil
}

func digits(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// lowerQuery is u's query with its names lower-cased (the page writes
// MsgID for an image and msgid for a video, §7). The first value of a
// name wins.
func lowerQuery(u *url.URL) url.Values {
	out := url.Values{}
	for _, part := range strings.Split(u.RawQuery, "&") {
		k, v, _ := strings.Cut(part, "=")
		k, err1 := url.QueryUnescape(k)
		v, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil || k == "" {
			continue
		}
		k = strings.ToLower(k)
		if _, seen := out[k]; !seen {
			out.Set(k, v)
		}
	}
	return out
}

// Strip is raw without the query and fragment parameters whose names
// are secrets (IsSecretName); the other parameters are kept as they were
// written, in their order (a signed URL stays valid).
func Strip(raw string, weChat bool) string {
	base, frag, hasFrag := strings.Cut(raw, "#")
	base, query, hasQuery := strings.Cut(base, "?")
	out := base
	// A "?" or "#" goes only with all it held stripped.
	if hasQuery {
		if q := stripParams(query, weChat); q != "" || q == query {
			out += "?" + q
		}
	}
	if hasFrag {
		if f := stripParams(frag, weChat); f != "" || f == frag {
			out += "#" + f
		}
	}
	return out
}

// stripParams drops the secret-named parameters of a query (or of a
// fragment written as one: a single-page site's "#/x?skey=…" too).
func stripParams(s string, weChat bool) string {
	// A fragment may hold a path before its own query.
	var head string
	if i := strings.IndexByte(s, '?'); i >= 0 {
		head, s = s[:i+1], s[i+1:]
	}
	parts := strings.Split(s, "&")
	kept := parts[:0]
	for _, p := range parts {
		k, _, _ := strings.Cut(p, "=")
		if d, err := url.QueryUnescape(k); err == nil {
			k = d
		}
		if IsSecretName(strings.TrimSpace(k), weChat) {
			continue
		}
		kept = append(kept, p)
	}
	rest := strings.Join(kept, "&")
	if rest == "" {
		return strings.TrimSuffix(head, "?")
	}
	return head + rest
}

// hasSecretName reports whether s has a secret's name followed by "="
// (what a string that is not a URL may still carry).
func hasSecretName(s string) bool {
	l := strings.ToLower(s)
	for _, n := range secretNames {
		if strings.Contains(l, n+"=") {
			return true
		}
	}
	return false
}
