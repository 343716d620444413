package share

import (
	"net/netip"
	"net/url"
	"strings"
	"sync"

	"github.com/wxdrop/wxdrop/protocol/wxurl"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// What a site's download may reach. The permission the person gave is
// for a site; a redirect can send the download anywhere, and the browser
// follows it with the extension's rights: to a WeChat host, which the
// extension may always read and whose cookies are the session's, or,
// with "every site" allowed, to a host on the person's own network (the
// router's page, a printer, a NAS), which no page on the web may reach.

// CheckTarget refuses a URL that a Source's download reaches (its own
// URL, or the one a redirect led to) when it is on a WeChat host, when
// it is not http or https, or when it is on the person's own network
// (IsLocal) and the page the click was on was not. The error is
// REDIRECT_REFUSED naming the host.
func CheckTarget(page, target string) error {
	u, err := browserURL(target)
	if err != nil {
		return &msg.Error{Code: msg.ErrRedirectRefused, Detail: "?"}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return &msg.Error{Code: msg.ErrRedirectRefused, Detail: u.Scheme + ":"}
	}
	// The host the browser will reach: as its own URL parser reads it,
	// in the worker (urlHost: the whole of UTS #46's mapping, which
	// made 𝟏𝟗𝟐.𝟏𝟔𝟖.𝟏.𝟏 the router, docs/security.md row 113), and as
	// browserHost maps a full-width form (row 110), which the native
	// tests have alone. Either refused is refused.
	hosts := []string{browserHost(u.Hostname())}
	if h, ok := urlHost(target); ok {
		hosts = append(hosts, h)
	}
	for _, host := range hosts {
		if wxurl.IsWeChatHost(host) || IsLocal(host) && !onLocalNetwork(page) {
			return &msg.Error{Code: msg.ErrRedirectRefused, Detail: host}
		}
	}
	return nil
}

// browserURL is raw parsed as a browser reads an http or https URL: the
// slashes after the scheme may be any number of / or \, or none
// (http:192.168.1.1/reboot, http:\\192.168.1.1\reboot), where Go's parser
// reads a URL without a host. Judged so, such a link passed as a host of
// none, and the browser requested the router (docs/security.md row 114).
func browserURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host != "" || (u.Scheme != "http" && u.Scheme != "https") {
		return u, err
	}
	rest := strings.TrimLeft(raw[len(u.Scheme)+1:], `/\`)
	return url.Parse(u.Scheme + "://" + rest)
}

// onLocalNetwork reports whether the clicked page was itself on the
// person's own network: an http or https page of a local host. Another
// extension's page (chrome-extension://<id>/, moz-extension://<uuid>/)
// has a host of one label, which IsLocal counts as a local name, but it
// is on no network: a PDF viewer or a reader there shows what a site
// sent, links to the router included, and these were sent from it
// (docs/security.md row 107).
func onLocalNetwork(page string) bool {
	u, err := url.Parse(page)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && IsLocal(u.Hostname())
}

// localNets are the addresses of a person's own network and machine:
// loopback, private (RFC 1918), shared (RFC 6598), link-local, "this
// network", and IPv6's loopback, unique-local and link-local. Parsed at
// the first use, not at every wake of the worker (which needs them only
// when something is shared).
var (
	localNetsOnce sync.Once
	localNetsList []netip.Prefix
)

func localNets() []netip.Prefix {
	localNetsOnce.Do(func() {
		localNetsList = []netip.Prefix{
			netip.MustParsePrefix("127.0.0.0/8"),
			netip.MustParsePrefix("10.0.0.0/8"),
			netip.MustParsePrefix("172.16.0.0/12"),
			netip.MustParsePrefix("192.168.0.0/16"),
			netip.MustParsePrefix("169.254.0.0/16"),
			netip.MustParsePrefix("100.64.0.0/10"),
			netip.MustParsePrefix("0.0.0.0/8"),
			netip.MustParsePrefix("::1/128"),
			netip.MustParsePrefix("::/128"),
			netip.MustParsePrefix("fc00::/7"),
			netip.MustParsePrefix("fe80::/10"),
		}
	})
	return localNetsList
}

// localSuffixes are the suffixes of names only a local network gives:
// reserved (home.arpa, internal) or never to be delegated (lan,
// localdomain, home, corp, intranet), so no site on the Internet has one.
var localSuffixes = []string{".home.arpa", ".internal", ".lan", ".localdomain", ".home", ".corp", ".intranet"}

// routerNames are names under a real suffix that a router answers for
// itself, with every name under them: AVM's FRITZ!Box is fritz.box
// (and its network's devices are <name>.fritz.box), Deutsche Telekom's
// Speedport is speedport.ip. Each is the router's own on every network
// that has one, and names nothing on the Internet (security.md row 112).
// The names a router takes over from a public site (Netgear's
// routerlogin.net, TP-Link's tplinkwifi.net, Xiaomi's miwifi.com) are
// sites too, and are not judged here.
var routerNames = []string{"fritz.box", "speedport.ip"}

// IsLocal reports whether host (a URL's host name, without port or
// brackets) is on the person's own network or machine: an address of
// localNets (an IPv4 one mapped into IPv6 too), localhost or a name
// under .localhost, a .local (mDNS) name, a name of one label, or one
// under localSuffixes or routerNames. Only the name is judged: a
// public name that resolves to a local address is not seen here.
func IsLocal(host string) bool {
	host = strings.TrimSuffix(browserHost(host), ".")
	if host == "" {
		return false
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || strings.HasSuffix(host, ".local") {
		return true
	}
	// An address in a browser's shorter forms (127.1, 0x7f.0.0.1) first:
	// netip parses the dotted one only.
	ip, ok := ipv4Host(host)
	if !ok {
		ip, _ = netip.ParseAddr(host) // not valid for a name
	}
	if !ip.IsValid() {
		// A name of one label (http://router/, http://nas/) is looked
		// up in the local network's own domain; the names under a
		// suffix no one can register on the Internet are the local
		// network's too: the router's (router.lan, fritz.home), the
		// home network's (RFC 8375's home.arpa), the cloud's metadata
		// (metadata.google.internal) and the company's (intranet.corp).
		// A redirect or a link to them got past the local addresses'
		// refusal (security.md row 103).
		if !strings.Contains(host, ".") {
			return true
		}
		for _, s := range localSuffixes {
			if strings.HasSuffix(host, s) {
				return true
			}
		}
		for _, n := range routerNames {
			if host == n || strings.HasSuffix(host, "."+n) {
				return true
			}
		}
		return false
	}
	ip = ip.Unmap()
	for _, p := range localNets() {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// WithCookies reports whether a Source's download goes with the person's
// cookies of its site. A link goes as a click on it would (a top-level
// page load, which sends them); a picture, video or sound goes as the
// page it is on loaded it: with them when it is of the page's own site,
// else as a third party, without. A hostile page can lay a transparent
// image of another site over a picture (a URL that shows the cookie
// holder's own data there); what the menu sent was what the person's
// cookies open, not what the page showed (security.md row 95).
func WithCookies(src msg.Source) bool { return CookiesTo(src, src.URL) }

// CookiesTo reports whether a Source's download may reach target (its
// URL, or where a redirect led) with the person's cookies, by
// WithCookies's rule. A redirect's hop to another site than the page's
// goes as the page's own load of it would, without them: the page's
// site sent its picture on to the other site's URL, and the browser
// followed with the cookies the first request went with (security.md
// row 96).
//
// A picture in a frame went as that frame loaded it: with the cookies
// only when the frame's site is the page's and the picture's too. A
// frame of another site (an ad's) on the person's site laid its picture
// of that site, where the person is logged in, and the browser sent the
// frame's request without the cookies (security.md row 98).
func CookiesTo(src msg.Source, target string) bool {
	switch src.As {
	case ContextImage, ContextVideo, ContextAudio:
		return SameSite(src.Page, target) && (src.Frame == "" || SameSite(src.Frame, target))
	}
	return true
}

// CookieSite is the one site a Source's download may reach with the
// person's cookies (CookiesTo): the page's, for a picture, video or
// sound that goes with them; "" for a download not held to one site (a
// link goes as a click would) or that goes without them.
func CookieSite(src msg.Source) string {
	switch src.As {
	case ContextImage, ContextVideo, ContextAudio:
		if WithCookies(src) {
			return siteOf(Host(src.Page))
		}
	}
	return ""
}

// SameSite reports whether two http(s) URLs are of one site: the same
// registrable domain, as a browser's SameSite rules count it, by the
// last two labels of the host, or three under a two-level public suffix
// of a country (example.com.cn, example.co.uk); an IP address is a site
// of its own. Without the public suffix list (half a megabyte) a site
// under another suffix of several labels (github.io, …) is taken as one
// site with its neighbours: its media goes with cookies, as every
// download did before.
func SameSite(a, b string) bool {
	sa, sb := siteOf(Host(a)), siteOf(Host(b))
	return sa != "" && sa == sb
}

func siteOf(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" || strings.Contains(host, ":") {
		return host
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return host
	}
	labels := strings.Split(host, ".")
	n := len(labels)
	if n <= 2 {
		return host
	}
	keep := 2
	switch labels[n-2] {
	case "com", "net", "org", "gov", "edu", "ac", "co", "or", "ne", "go", "gob", "mil",
		// Second levels open to anyone (security.md row 99): two sites
		// under me.uk, ltd.uk, gen.in or idv.tw were taken as one.
		// Another label here errs on the safe side: a site's own
		// pictures under it go without the cookies.
		"me", "ltd", "plc", "sch", "nhs", "nic", "gen", "firm", "ind", "idv", "info", "biz", "name", "pro", "nom", "int", "web", "lg", "ed", "ad", "re", "pe", "art":
		if len(labels[n-1]) == 2 {
			keep = 3
		}
	}
	if keep >= n {
		return host
	}
	return strings.Join(labels[n-keep:], ".")
}
