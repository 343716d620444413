package core_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestSendManyListBounded: a page's sendMany with more names than a run
// has chats is refused before any name is looked up. 100,000 copies of
// one name were each looked up among every contact (37 s of the worker
// natively with 5,000 contacts, longer in WebAssembly), holding every
// send and the popup, and made a run of one chat.
func TestSendManyListBounded(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
	for _, n := range []int{msg.MaxRunChats + 1, 100000} {
		to := make([]any, n)
		for i := range to {
			to[i] = "老张"
		}
		e := f.api(t, "sendMany", map[string]any{"to": to, "text": "x", "at": float64(time.Now().Add(time.Hour).UnixMilli())}, nil)
		require.NotNil(t, e, "%d names", n)
		require.Equal(t, msg.ErrBadRequest, e.Code, "%d names", n)
		require.True(t, strings.Contains(e.Detail, "300"), "%d names: %q", n, e.Detail)
	}
	require.Empty(t, f.entries(t), "no run made")
}
