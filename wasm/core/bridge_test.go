package core_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// bridgeFrame is the file bridge's frame, an extension page in the tab.
var bridgeFrame = core.Sender{ID: extID, URL: "chrome-extension://" + extID + "/extension/pages/bridge.html", TabURL: "https://wx.qq.com/", TabID: 7, Self: "chrome-extension://" + extID + "/"}

// storePageFile stores data as the file bridge does for the content
// script: a token, its claim, the file under the id claimed.
func (f *fixture) storePageFile(t *testing.T, data []byte) string {
	t.Helper()
	var tok msg.BridgeTokenResult
	f.ok(t, fromTab, msg.BridgeToken, msg.BridgeTokenBody{Size: int64(len(data))}, &tok)
	var claim msg.BridgeClaimResult
	f.ok(t, bridgeFrame, msg.BridgeClaim, msg.BridgeClaimBody{Token: tok.Token, Size: int64(len(data))}, &claim)
	f.env.putFile(claim.FileID, data)
	return claim.FileID
}

func errCode(e *msg.Error) msg.Code {
	if e == nil {
		return ""
	}
	return e.Code
}

// TestBridgeTokens: the file bridge stores only with a token the worker
// gave the content script, once, while the page API is on and within the
// limits; a stored file goes to one entry once; one no entry claims is
// deleted after a few minutes.
func TestBridgeTokens(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	now := time.Now()
	f.env.now = func() time.Time { return now }
	_, e := f.call(t, fromTab, msg.BridgeToken, msg.BridgeTokenBody{Size: 10})
	require.Equal(t, msg.ErrAPIOff, errCode(e), "no token while the API is off")
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)

	_, e = f.call(t, bridgeFrame, msg.BridgeToken, msg.BridgeTokenBody{Size: 10})
	require.Equal(t, msg.ErrNotAllowed, errCode(e), "only the content script gets tokens")
	_, e = f.call(t, fromTab, msg.BridgeToken, msg.BridgeTokenBody{Size: msg.MaxFileBytes + 1})
	require.Equal(t, msg.ErrTooLarge, errCode(e))
	_, e = f.call(t, fromTab, msg.BridgeToken, msg.BridgeTokenBody{Size: 0})
	require.Equal(t, msg.ErrEmptyFile, errCode(e))

	// A guessed token, a token used twice, a token for another size.
	_, e = f.call(t, bridgeFrame, msg.BridgeClaim, msg.BridgeClaimBody{Token: "0123456789abcdef0123456789abcdef", Size: 10})
	require.Equal(t, msg.ErrNotAllowed, errCode(e))
	var tok msg.BridgeTokenResult
	f.ok(t, fromTab, msg.BridgeToken, msg.BridgeTokenBody{Size: 10}, &tok)
	_, e = f.call(t, bridgeFrame, msg.BridgeClaim, msg.BridgeClaimBody{Token: tok.Token, Size: 11})
	require.Equal(t, msg.ErrBadRequest, errCode(e))
	_, e = f.call(t, bridgeFrame, msg.BridgeClaim, msg.BridgeClaimBody{Token: tok.Token, Size: 10})
	require.Equal(t, msg.ErrNotAllowed, errCode(e), "a token is used once, even by a refused claim")
	// The API turned off between the token and the claim.
	f.ok(t, fromTab, msg.BridgeToken, msg.BridgeTokenBody{Size: 10}, &tok)
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: false}, nil)
	_, e = f.call(t, bridgeFrame, msg.BridgeClaim, msg.BridgeClaimBody{Token: tok.Token, Size: 10})
	require.Equal(t, msg.ErrAPIOff, errCode(e))
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)

	// A file not stored for a call, and one used twice.
	f.env.putFile("page-forged", []byte("hello"))
	e = f.api(t, "sendFile", map[string]any{"to": "老张", "fileId": "page-forged", "name": "a.txt", "size": 5.0}, nil)
	require.Equal(t, msg.ErrFileGone, errCode(e))
	id := f.storePageFile(t, []byte("hello"))
	require.Nil(t, f.api(t, "sendFile", map[string]any{"to": "老张", "fileId": id, "name": "a.txt", "size": 5.0}, nil))
	e = f.api(t, "sendFile", map[string]any{"to": "老张", "fileId": id, "name": "a.txt", "size": 5.0}, nil)
	require.Equal(t, msg.ErrFileGone, errCode(e))

	// At most MaxPageFiles stored and waiting; the unclaimed go after a
	// few minutes, and make room again.
	var ids []string
	for range core.MaxPageFiles {
		ids = append(ids, f.storePageFile(t, []byte("x")))
	}
	_, e = f.call(t, fromTab, msg.BridgeToken, msg.BridgeTokenBody{Size: 1})
	require.Equal(t, msg.ErrOutboxFull, errCode(e))
	now = now.Add(6 * time.Minute)
	f.ok(t, fromTab, msg.BridgeToken, msg.BridgeTokenBody{Size: 1}, &tok)
	files, err := f.env.List(ctx)
	require.NoError(t, err)
	for _, id := range ids {
		require.NotContains(t, files, id, "an unclaimed file is deleted")
	}
	var waiting map[string]any
	_, err = f.env.Get(ctx, browser.AreaLocal, msg.PageFilesKey, &waiting)
	require.NoError(t, err)
	require.Empty(t, waiting)

	// A worker that wakes sweeps them too.
	last := f.storePageFile(t, []byte("late"))
	now = now.Add(6 * time.Minute)
	require.NoError(t, f.core.Event(ctx, core.EventStartup, ""))
	files, err = f.env.List(ctx)
	require.NoError(t, err)
	require.NotContains(t, files, last)
}
