//go:build js && wasm

package share_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wxdrop/wxdrop/wasm/share"
)

// TestWrappedLinkAsTheBrowserMapsIt (docs/security.md row 113): row 110
// with UTS #46's other mappings. A contact writes the link to the router
// in mathematical digits (𝟏𝟗𝟐.𝟏𝟔𝟖.𝟏.𝟏), circled or superscript ones, a
// soft hyphen or a zero-width space inside the name, WeChat's host in
// circled letters; web WeChat wraps it as it is, and the person sends it
// on from the menu with every site allowed. The browser's URL parser
// (this test runs under Node, whose URL is the standard's, as a
// worker's is) maps them all to ASCII and reached the router, or WeChat
// with the session's cookies, while the Go check judged a name on the
// Internet. The host is judged as the browser's own parser reads it now,
// before anything is fetched.
func TestWrappedLinkAsTheBrowserMapsIt(t *testing.T) {
	t.Parallel()
	for target, host := range map[string]string{
		"http://𝟏𝟗𝟐.𝟏𝟔𝟖.𝟏.𝟏/reboot":                                      "192.168.1.1",
		"http://𝟷𝟸𝟽.𝟶.𝟶.𝟷:8080/admin":                                    "127.0.0.1",
		"http://①⑨②.①⑥⑧.①.①/":                                            "192.168.1.1",
		"http://127.0.0.¹/":                                              "127.0.0.1",
		"http://169.254.169.２⁵⁴/latest/meta-data":                        "169.254.169.254",
		"http://admin.𝐥𝐨𝐜𝐚𝐥𝐡𝐨𝐬𝐭:9222/json":                               "admin.localhost",
		"http://fritz.bo\u00adx/cgi-bin/config.exp":                      "fritz.box",
		"http://127.0.0\u200b.1/":                                        "127.0.0.1",
		"http://nas.ℌome.arpa/a.pdf":                                     "nas.home.arpa",
		"http://metadata.google.𝐢𝐧𝐭𝐞𝐫𝐧𝐚𝐥/v1/":                            "metadata.google.internal",
		"https://ⓦⓧ.qq.com/cgi-bin/mmwebwx-bin/webwxgeticon?seq=1":       "wx.qq.com",
		"https://file.wx2.qq.co\u1d50/cgi-bin/mmwebwx-bin/webwxgetmedia": "file.wx2.qq.com",
	} {
		requireWrappedLinkRefused(t, target, host)
	}
	// A site on the Internet written so is still one; a page of the
	// local network still reaches its own.
	for _, target := range []string{"https://𝐞𝐱𝐚𝐦𝐩𝐥𝐞.com/a.pdf", "https://files.test/a\u00ad.pdf", "https://例子.测试/a.pdf"} {
		require.NoError(t, share.CheckTarget("https://wx.qq.com/", target), target)
	}
	require.NoError(t, share.CheckTarget("http://192.168.1.1/", "http://𝟏𝟗𝟐.𝟏𝟔𝟖.𝟏.𝟏/backup.cfg"))
}
