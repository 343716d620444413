package wxsim

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// The simulator's own host table and wire types, written out from
// PROTOCOL.md (§0, §2) rather than taken from the client it judges: a
// mistake in the client's table must not become the simulator's rule.
// hosts_test.go checks that the two tables agree.

// hostFamily is a main host and the file and push hosts that go with it.
type hostFamily struct{ main, file, push string }

// hostTable lists the main hosts in the order the page tests location.host.
var hostTable = []hostFamily{
	{"wx2.qq.com", "file.wx2.qq.com", "webpush.wx2.qq.com"},
	{"wx8.qq.com", "file.wx8.qq.com", "webpush.wx8.qq.com"},
	{"wx.qq.com", "file.wx.qq.com", "webpush.wx.qq.com"},
	{"web2.wechat.com", "file.web2.wechat.com", "webpush.web2.wechat.com"},
	{"web.wechat.com", "file.web.wechat.com", "webpush.web.wechat.com"},
}

// mainHosts are the hosts a session can live on.
func mainHosts() []string {
	var out []string
	for _, f := range hostTable {
		out = append(out, f.main)
	}
	return out
}

// familyOf returns the family of a main host (exactly as written: the
// server sees lower-case hosts).
func familyOf(main string) (hostFamily, error) {
	for _, f := range hostTable {
		if f.main == main {
			return f, nil
		}
	}
	return hostFamily{}, fmt.Errorf("wxsim: %q is not a web WeChat host", main)
}

// servedHosts are every host the simulator answers on: each family's
// three and its login host.
func servedHosts() []string {
	var out []string
	for _, f := range hostTable {
		out = append(out, f.main, f.file, f.push)
	}
	for _, f := range hostTable {
		out = append(out, "login."+f.main)
	}
	return out
}

func isMainHost(h string) bool { return slices.Contains(mainHosts(), h) }

// wireUin is BaseRequest.Uin as the server reads it: a JSON number, or a
// string of digits (the page sends either, §2). protocol.Uin reads it the
// same way; this copy is on purpose (see above), and hosts_test.go checks
// that the two agree.
type wireUin int64

func (u *wireUin) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("uin %q is not a number", s)
		}
		*u = wireUin(n)
		return nil
	}
	var n int64
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*u = wireUin(n)
	return nil
}
