package core_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestSendsToNoChatShareOneRead: a page script (page API on) sends to
// made-up names, as many calls at once as it likes. The content script
// bounds the calls that read (row 69) but not the sends, which the
// outbox's 500 pending bound; a send to no chat never becomes an entry,
// and each one read the account's whole contact list in the worker
// (some 1 MB of JSON for 5,000 contacts), so that every send and the
// popup waited behind them (docs/security.md row 108). The list is read
// once a write now, whoever asks.
func TestSendsToNoChatShareOneRead(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
	key := msg.AccountContactsPrefix + f.account(t)
	// The list is loaded once, as a page's first call finds it.
	require.Nil(t, f.apiCall(t, msg.APICallBody{Method: "contacts"}, nil))
	f.env.mu.Lock()
	reads0, writes0 := f.env.reads[key], f.env.writes[key]
	f.env.mu.Unlock()
	const calls = 200
	var wg sync.WaitGroup
	codes := make(chan msg.Code, calls)
	for i := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := f.apiCall(t, msg.APICallBody{Method: "sendText", Args: argsJSON(t, map[string]any{"to": fmt.Sprint("没有这个人", i), "text": "x"}), Entry: fmt.Sprintf("%016x", i)}, nil)
			if e == nil {
				codes <- ""
			} else {
				codes <- e.Code
			}
		}()
	}
	wg.Wait()
	close(codes)
	for c := range codes {
		require.Equal(t, msg.ErrNotFound, c)
	}
	f.env.mu.Lock()
	reads, writes := f.env.reads[key]-reads0, f.env.writes[key]-writes0
	f.env.mu.Unlock()
	require.LessOrEqual(t, reads, writes+1, "%d sends to no chat read the contact list %d times (%d writes)", calls, reads, writes)
	// The list is still read again after it was written: a new login's.
	require.Nil(t, f.apiCall(t, msg.APICallBody{Method: "sendText", Args: argsJSON(t, map[string]any{"to": "老张", "text": "找得到"}), Entry: "00000000000000ff"}, nil))
}
