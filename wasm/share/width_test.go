package share_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wxdrop/wxdrop/wasm/share"
)

// TestWrappedLinkAsAnInputMethodTypesIt (docs/security.md row 110): a
// contact writes the link to the router as a Chinese input method types
// it, in full-width digits, letters or dots (192.168.1.１, ｒｏｕｔｅｒ.lan,
// 127.0.0。1); web WeChat wraps it as it is (webwxcheckurl?requrl=…), and
// the person sends it on from the menu with every site allowed. A
// browser maps those forms to ASCII before it looks the host up (the URL
// standard's IDNA mapping), and reached the router; the core judged the
// host as written, a name on the Internet, and only the answer's URL,
// mapped, was refused: the request was made. The host is judged as the
// browser maps it now, before anything is fetched.
func TestWrappedLinkAsAnInputMethodTypesIt(t *testing.T) {
	t.Parallel()
	for target, host := range map[string]string{
		"http://192.168.1.１/reboot":                                 "192.168.1.1",
		"http://１２７.０.０.１:8080/admin":                               "127.0.0.1",
		"http://127.0.0。1/":                                         "127.0.0.1",
		"http://192｡168｡1｡1/cgi-bin/config.exp":                     "192.168.1.1",
		"http://192．168．1．1/":                                       "192.168.1.1",
		"http://ｒｏｕｔｅｒ.lan/cgi-bin/config.exp":                      "router.lan",
		"http://nas.home．arpa/a.pdf":                                "nas.home.arpa",
		"http://ＭＥＴＡＤＡＴＡ.google.internal/v1/":                       "metadata.google.internal",
		"http://０ｘ７ｆ.1/":                                            "0x7f.1",
		"http://169.254.169.２５４/latest/meta-data":                   "169.254.169.254",
		"https://ｗｘ.qq.com/cgi-bin/mmwebwx-bin/webwxgeticon?seq=1":  "wx.qq.com",
		"https://file.wx2．qq．com/cgi-bin/mmwebwx-bin/webwxgetmedia": "file.wx2.qq.com",
	} {
		requireWrappedLinkRefused(t, target, host)
	}
	// A site on the Internet written so is still one.
	for _, target := range []string{"https://ｅｘａｍｐｌｅ.com/a.pdf", "https://files．test/a.pdf", "https://例子.测试/a.pdf"} {
		require.NoError(t, share.CheckTarget("https://wx.qq.com/", target), target)
	}
	require.True(t, share.IsLocal("ｌｏｃａｌｈｏｓｔ"))
	require.True(t, share.IsLocal("10．0．0．1"))
	require.False(t, share.IsLocal("８.８.８.８"))
}
