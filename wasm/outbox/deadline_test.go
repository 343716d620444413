package outbox_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
)

// hangGuard is how long a request held by a test waits for the step's
// deadline before it answers after all.
const hangGuard = 20 * time.Second

// testDeadline bounds the requests of these tests, the normal ones too:
// 3 s, not less, so that a normal request on a loaded machine (CI runs
// these under Node beside Chromium) is not cut and the counts stay exact;
// well under hangGuard, which a test without the deadlines runs into.
const testDeadline = 3 * time.Second

// hang is the Hold of a wxsim fault: the request it holds gets no answer
// until the test ends. Without a deadline the step would wait for it
// forever; so that such a test fails instead of hanging, the hold is let
// go after a long while (far past the rig's deadlines), and the request
// then answers as if nothing had happened, which each test tells apart.
func hang(t *testing.T) <-chan struct{} {
	hold := make(chan struct{})
	var once sync.Once
	release := func() { once.Do(func() { close(hold) }) }
	timer := time.AfterFunc(hangGuard, release)
	// After newRig's cleanups were registered, so it runs before the
	// simulator closes (Close waits for the held handler).
	t.Cleanup(func() { timer.Stop(); release() })
	return hold
}

// requests counts the requests to an endpoint that leave the worker.
func requests(r *rig, endpoint string) *atomic.Int64 {
	var n atomic.Int64
	r.doer.before = func(req *http.Request) {
		if strings.HasSuffix(req.URL.Path, "/"+endpoint) {
			n.Add(1)
		}
	}
	return &n
}

// A send whose request never answers ends uncertain at its deadline: it
// may have reached the server, so it is never sent again; the outbox goes
// on with the next entry.
func TestHangingSendEndsUncertain(t *testing.T) {
	t.Parallel()
	r := newRig(t, wxsim.Config{})
	r.deadlines = outbox.Deadlines{Send: testDeadline}
	r.restart()
	r.sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Hold: hang(t)})
	sends := requests(r, "webwxsendmsg")
	a := r.add(msg.AddBody{To: "filehelper", Text: "hangs"})[0]
	b := r.add(msg.AddBody{To: "filehelper", Text: "next"})[0]

	r.drain(time.Hour)
	got := r.entry(a.ID)
	require.Equal(t, msg.EntryUncertain, got.State, "%+v", got.Error)
	require.Equal(t, msg.ErrUncertain, got.Error.Code)
	require.Equal(t, []outbox.NoticeKind{outbox.NoticeUncertain}, r.fx.kinds(), "the person is told")
	require.Equal(t, msg.EntrySent, r.entry(b.ID).State, "the next entry still goes")
	require.Equal(t, 1, r.sentCount(b.ClientMsgID))
	require.Equal(t, int64(2), sends.Load(), "one request each: the uncertain one is not sent again")

	// Nor after a restart.
	r.restart()
	sends = requests(r, "webwxsendmsg")
	r.clock.Advance(time.Hour)
	r.drain(time.Hour)
	require.Equal(t, msg.EntryUncertain, r.entry(a.ID).State)
	require.Zero(t, sends.Load())
}

// An upload chunk whose request never answers is cut at its deadline and
// tried again from that chunk (an upload sends nothing to the chat); the
// file then goes, once.
func TestHangingUploadChunkIsRetried(t *testing.T) {
	t.Parallel()
	r := newRig(t, wxsim.Config{})
	r.deadlines = outbox.Deadlines{Chunk: testDeadline}
	r.restart()
	second := 1
	r.sim.Inject(wxsim.Fault{Endpoint: "webwxuploadmedia", Chunk: &second, Hold: hang(t)})
	chunks := requests(r, "webwxuploadmedia")
	r.disk.put("f", pdf(512*1024)) // two chunks
	e := r.add(msg.AddBody{To: r.sim.UserName("lisi"), File: &msg.FileRef{ID: "f", Name: "两块.pdf", Size: 512*1024 + 9}})[0]

	r.drain(time.Hour)
	got := r.entry(e.ID)
	require.Equal(t, msg.EntrySent, got.State, "%+v", got.Error)
	require.Equal(t, int64(3), chunks.Load(), "the first chunk, the second cut short, the second again")
	require.Equal(t, 1, r.sentCount(e.ClientMsgID))
	require.Empty(t, r.fx.kinds())
}

// A deadline met is what the protocol's error types make of it: a send
// cut short after its request may have left is uncertain; the rest sent
// nothing and waits like any loss of the network, even a look at the
// account that returns the context's error as it is.
func TestDeadlineErrors(t *testing.T) {
	t.Parallel()
	cut := &protocol.TransportError{Endpoint: "webwxsendmsg", Err: context.DeadlineExceeded}
	for _, tt := range []struct {
		name string
		err  error
		want msg.Code
	}{
		{"a send cut short", &protocol.UncertainError{Endpoint: "webwxsendmsg", ClientMsgID: "1", Err: cut}, msg.ErrUncertain},
		{"a request cut before it left", cut, msg.ErrNetwork},
		{"an upload's chunk cut at every try", fmt.Errorf("chunk 2 of 3 failed 5 times: %w", cut), msg.ErrNetwork},
		{"a look at the chats cut short", fmt.Errorf("chats: %w", context.DeadlineExceeded), msg.ErrNetwork},
	} {
		require.Equal(t, tt.want, outbox.ErrorOf(tt.err).Code, tt.name)
	}
}

// A Source's download that stops coming is cut at the Fetch deadline and
// tried again after the backoff of a lost connection; one that always
// stalls fails, unreachable, after a few tries. The outbox goes on with
// the next entry either way.
func TestStalledFetch(t *testing.T) {
	t.Parallel()
	const pdfURL = "https://files.test/报告.pdf"
	for _, tt := range []struct {
		name    string
		stalls  int
		want    msg.EntryState
		why     msg.Code
		fetches int
	}{
		{"once, then sent", 1, msg.EntrySent, "", 2},
		{"always, then failed", 100, msg.EntryFailed, msg.ErrUnreachable, 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, wxsim.Config{})
			r.deadlines = outbox.Deadlines{Fetch: time.Second}
			r.restart()
			r.web.pages[pdfURL] = outbox.Fetched{File: &msg.FileRef{Name: "报告.pdf", Size: 1009, Type: "application/pdf"}, Kind: "file"}
			r.web.stalls[pdfURL] = tt.stalls
			e := r.add(msg.AddBody{To: r.sim.UserName("lisi"), Source: &msg.Source{URL: pdfURL, As: "link"}})[0]
			next := r.add(msg.AddBody{To: "filehelper", Text: "next"})[0]

			r.drain(time.Hour)
			got := r.entry(e.ID)
			require.Equal(t, tt.want, got.State, "%+v", got.Error)
			if tt.why != "" {
				require.Equal(t, tt.why, got.Error.Code)
			}
			require.Equal(t, tt.fetches, r.web.fetches[pdfURL])
			require.Equal(t, msg.EntrySent, r.entry(next.ID).State, "the next entry still goes")
		})
	}
}

// A Source's download that goes on (a site that sends slowly, a large
// file on a slow line) holds its own entry only: the entries that fall
// due meanwhile go out beside it, and a second download waits for the
// first (one at a time). docs/security.md once listed a site that
// trickles its download as holding the whole outbox.
func TestDownloadHoldsItsEntryOnly(t *testing.T) {
	t.Parallel()
	const slowURL, nextURL = "https://files.test/slow.pdf", "https://files.test/next.pdf"
	r := newRig(t, wxsim.Config{})
	page := outbox.Fetched{File: &msg.FileRef{Name: "报告.pdf", Size: 1009, Type: "application/pdf"}, Kind: "file"}
	r.web.pages[slowURL], r.web.pages[nextURL] = page, page
	sent := make(chan struct{})
	var once sync.Once
	secondBefore := -1
	r.doer.before = func(req *http.Request) {
		if isSend(req.URL.Path) {
			once.Do(func() {
				r.web.mu.Lock()
				secondBefore = r.web.fetches[nextURL]
				r.web.mu.Unlock()
				close(sent)
			})
		}
	}
	// The slow download comes until a text was sent.
	r.web.holds[slowURL] = sent
	slow := r.add(msg.AddBody{To: r.sim.UserName("lisi"), Source: &msg.Source{URL: slowURL, As: "link"}})[0]
	second := r.add(msg.AddBody{To: r.sim.UserName("lisi"), Source: &msg.Source{URL: nextURL, As: "link"}})[0]
	text := r.add(msg.AddBody{To: "filehelper", Text: "到了吗"})[0]

	r.drain(time.Hour)
	require.False(t, r.web.heldTooLong[slowURL], "the text went out while the slow download went on")
	require.Zero(t, secondBefore, "the second download waited for the first")
	for _, id := range []string{slow.ID, second.ID, text.ID} {
		require.Equal(t, msg.EntrySent, r.entry(id).State, "entry %s", id)
	}
	require.Equal(t, 1, r.web.fetches[slowURL])
	require.Equal(t, 1, r.web.fetches[nextURL])
}
