package share

import (
	"net/netip"
	"strconv"
	"strings"
)

// ipv4Host is the IPv4 address a browser reads host as (the URL
// standard's IPv4 parser): a host whose last label is a number is an
// address, written in one to four parts, each decimal, octal (a leading
// 0) or hex (0x), the last filling the bytes left. A browser sends
// http://127.1/, http://0x7f.0.0.1/ and http://3232235777/ to 127.0.0.1,
// 127.0.0.1 and 192.168.1.1, which netip does not parse: a link WeChat
// wraps (webwxcheckurl?requrl=…) reached the core in that form, and the
// router's page was requested before the answer's URL, the browser's
// dotted form, was refused (docs/security.md row 106). ok is false for
// a name, and for a host that ends in a number but is no address (the
// browser refuses that URL).
func ipv4Host(host string) (netip.Addr, bool) {
	if strings.Contains(host, ":") {
		return netip.Addr{}, false
	}
	parts := strings.Split(strings.TrimSuffix(host, "."), ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	var nums []uint64
	for _, p := range parts {
		n, ok := ipv4Number(p)
		if !ok {
			return netip.Addr{}, false
		}
		nums = append(nums, n)
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*(5-len(nums))) {
		return netip.Addr{}, false
	}
	for i, n := range nums[:len(nums)-1] {
		if n > 255 {
			return netip.Addr{}, false
		}
		last += n << (8 * (3 - i))
	}
	return netip.AddrFrom4([4]byte{byte(last >> 24), byte(last >> 16), byte(last >> 8), byte(last)}), true
}

// ipv4Number is one part of such an address, as a browser reads it.
func ipv4Number(s string) (uint64, bool) {
	base := 10
	switch {
	case strings.HasPrefix(s, "0x"):
		s, base = s[2:], 16
		if s == "" {
			return 0, true
		}
	case len(s) > 1 && s[0] == '0':
		s, base = s[1:], 8
	}
	if s == "" {
		return 0, false
	}
	n, err := strconv.ParseUint(s, base, 64)
	return n, err == nil
}
