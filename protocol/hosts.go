package protocol

import (
	"fmt"
	"strings"
)

// Hosts are the three hosts one web WeChat session talks to. The main host is
// the one the tab is loaded from; uploads and attachment downloads go to the
// file host, synccheck to the push host (§0).
type Hosts struct {
	Main, File, Push string
}

// MainHosts lists the web WeChat hosts a session can live on, in the order the
// page tests location.host (§0 host table).
var MainHosts = []string{"wx2.qq.com", "wx8.qq.com", "wx.qq.com", "web2.wechat.com", "web.wechat.com"}

// HostsFor returns the file and push hosts that go with a main host, as the
// page derives them. It fails for a host that is not a web WeChat host, so
// nothing is ever sent to a host the person did not log in on.
func HostsFor(main string) (Hosts, error) {
	main = strings.ToLower(main)
	for _, h := range MainHosts {
		if main == h {
			return Hosts{Main: h, File: "file." + h, Push: "webpush." + h}, nil
		}
	}
	return Hosts{}, fmt.Errorf("protocol: %q is not a web WeChat host (want one of %s)", main, strings.Join(MainHosts, ", "))
}

// AllHosts returns every main, file and push host of the host table; the
// extension's host permissions and the simulator's certificate use it.
func AllHosts() []string {
	var out []string
	for _, m := range MainHosts {
		h, _ := HostsFor(m)
		out = append(out, h.Main, h.File, h.Push)
	}
	return out
}
