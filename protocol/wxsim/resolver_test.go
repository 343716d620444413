package wxsim

import (
	"crypto/tls"
	"strings"
	"testing"
)

// TestResolverRulesFor: a simulator maps only the host families it is
// given, so that two of them serve two accounts in one browser.
func TestResolverRulesFor(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tests := []struct {
		mains []string
		has   []string
		not   []string
	}{
		{[]string{"wx.qq.com"}, []string{"wx.qq.com", "file.wx.qq.com", "webpush.wx.qq.com", "login.wx.qq.com"}, []string{"web.wechat.com", "wx2.qq.com"}},
		{[]string{"web.wechat.com"}, []string{"web.wechat.com", "file.web.wechat.com", "webpush.web.wechat.com"}, []string{"wx.qq.com", "web2.wechat.com"}},
		{[]string{"example.com"}, nil, []string{"example.com"}},
	}
	for _, tt := range tests {
		rules := s.ResolverRulesFor(tt.mains...)
		mapped := map[string]bool{}
		for _, r := range strings.Split(rules, ", ") {
			if f := strings.Fields(r); len(f) == 3 {
				if f[2] != s.Addr() {
					t.Errorf("%v: %q maps elsewhere than the simulator", tt.mains, r)
				}
				mapped[f[1]] = true
			}
		}
		for _, h := range tt.has {
			if !mapped[h] {
				t.Errorf("%v: %s is not mapped (%s)", tt.mains, h, rules)
			}
		}
		for _, h := range tt.not {
			if mapped[h] {
				t.Errorf("%v: %s is mapped (%s)", tt.mains, h, rules)
			}
		}
	}
}

// TestTwoSimulatorsCertificates: two simulators' certificates never share
// an issuer and serial number, which Firefox refuses
// (SEC_ERROR_REUSED_ISSUER_AND_SERIAL): two accounts in one Firefox, each
// on its own simulator, could not both be opened.
func TestTwoSimulatorsCertificates(t *testing.T) {
	seen := map[string]bool{}
	for range 2 {
		s, err := New(Config{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		conn, err := tls.Dial("tcp", s.Addr(), &tls.Config{RootCAs: s.CertPool(), ServerName: "wx.qq.com"})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range conn.ConnectionState().PeerCertificates {
			key := c.Issuer.String() + " #" + c.SerialNumber.String()
			if seen[key] {
				t.Errorf("two simulators' certificates are both issued by %s", key)
			}
			seen[key] = true
		}
		conn.Close()
	}
}
