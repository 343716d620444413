package share_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/share"
)

// TestWrappedLinkWithoutItsSlashes (docs/security.md row 114): a contact
// writes the link to the router without the slashes after http:, or with
// backslashes (http:192.168.1.1/reboot, http:\\192.168.1.1\reboot); web
// WeChat wraps it as it is, and the person sends it on from the menu
// with every site allowed. A browser reads an http URL's host after any
// number of / or \, or none, and requested the router; Go's parser read
// a URL without a host, which no check refused.
func TestWrappedLinkWithoutItsSlashes(t *testing.T) {
	t.Parallel()
	for target, host := range map[string]string{
		"http:192.168.1.1/reboot":                            "192.168.1.1",
		"http:/192.168.1.1/reboot":                           "192.168.1.1",
		`http:\\192.168.1.1/reboot`:                          "192.168.1.1",
		`http:/\/127.0.0.1:9222/json`:                        "127.0.0.1",
		"http:router.lan/cgi-bin/config.exp":                 "router.lan",
		"HTTP:metadata.google.internal/computeMetadata/v1/":  "metadata.google.internal",
		"https:wx.qq.com/cgi-bin/mmwebwx-bin/webwxgeticon":   "wx.qq.com",
		"http:169.254.169.254/latest/meta-data/iam/security": "169.254.169.254",
	} {
		requireWrappedLinkRefused(t, target, host)
	}
	// A backslash inside the host is no host Go reads: refused as such.
	var me *msg.Error
	require.ErrorAs(t, share.CheckTarget("https://wx.qq.com/", `http:\\192.168.1.1\reboot`), &me)
	require.Equal(t, msg.ErrRedirectRefused, me.Code)
	// A site on the Internet written so is still one.
	for _, target := range []string{"https:files.test/a.pdf", "http:/example.com/a.pdf"} {
		require.NoError(t, share.CheckTarget("https://wx.qq.com/", target), target)
	}
}
