package share_test

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/share"
)

// requireWrappedLinkRefused: a contact's link to target, wrapped by web
// WeChat (webwxcheckurl?requrl=…) and sent on from the menu with every
// site allowed, is refused before anything is fetched (REDIRECT_REFUSED
// naming host), the attacks of rows 110, 113 and 114.
func requireWrappedLinkRefused(t *testing.T, target, host string) {
	t.Helper()
	wrapped := "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxcheckurl?requrl=" + url.QueryEscape(target) + "&skey=" + wxSkey
	p, err := share.PlanOf(share.Click{Context: share.ContextLink, LinkURL: wrapped, PageURL: "https://wx.qq.com/"})
	require.NoError(t, err, target)
	require.NotNil(t, p.Source, target)
	err = share.CheckTarget(p.Source.Page, p.Source.URL)
	var me *msg.Error
	require.ErrorAs(t, err, &me, target)
	require.Equal(t, msg.ErrRedirectRefused, me.Code, target)
	require.Equal(t, host, me.Detail, target)
}
