//go:build !js

package e2e

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// Pages of the extension. Headless Chromium cannot open the real popup, so
// the tests open popup.html as a tab; closing the tab is the popup closing.
var popupURL = "chrome-extension://" + ExtensionID + "/extension/pages/popup.html"

// openPopup opens the popup as a tab and waits until it says it is
// interactive (body[data-ready="1"]).
func (e *env) openPopup(t *testing.T) *Tab {
	t.Helper()
	p, err := e.br.NewTab(popupURL, "popup")
	if err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(p.Ctx, `document.body && document.body.dataset.page === 'popup' && document.body.dataset.ready === '1'`, 20*time.Second, "the popup to be interactive (body[data-ready=1])"); err != nil {
		e.diagnose(t, p)
		p.Close()
		t.Fatal(err)
	}
	return p
}

// openPopupSized opens the popup as a tab at the popup's size (380×600),
// closed when the test ends; the test waits for what it looks at.
func openPopupSized(t *testing.T, br *Browser) *Tab {
	t.Helper()
	popup, err := br.NewTab(popupURL, "popup")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(popup.Close)
	if err := chromedp.Do(popup.Ctx, chromedp.EmulateViewport(380, 600)); err != nil {
		t.Fatal(err)
	}
	return popup
}

// entries reads the outbox's entries from chrome.storage.local.
func (e *env) entries() (map[string]msg.Entry, error) {
	ob, err := e.br.Outbox(context.Background())
	return ob.Entries, err
}

// waitEntry waits until an entry matching f is done (by default: in a
// final state) and returns it.
func (e *env) waitEntry(t *testing.T, what string, timeout time.Duration, f func(msg.Entry) bool, done ...func(msg.Entry) bool) msg.Entry {
	t.Helper()
	isDone := func(x msg.Entry) bool { return x.State.Final() }
	if len(done) > 0 {
		isDone = done[0]
	}
	var got msg.Entry
	waitUntil(t, timeout, "the entry of "+what, func() (bool, string) {
		es, err := e.entries()
		if err != nil {
			return false, err.Error()
		}
		var seen []string
		for _, x := range es {
			if f(x) {
				if isDone(x) {
					got = x
					return true, ""
				}
				seen = append(seen, fmt.Sprintf("%s waiting %q", x.State, x.Waiting))
			}
		}
		return false, fmt.Sprintf("%d entries, matching: %v", len(es), seen)
	})
	return got
}

// waitUntil polls check every 100 ms until it says done, for at most
// timeout, and fails t with what check last saw otherwise.
func waitUntil(t *testing.T, timeout time.Duration, what string, check func() (done bool, last string)) {
	t.Helper()
	if err := Poll(context.Background(), timeout, 100*time.Millisecond, what, check); err != nil {
		t.Fatal(err)
	}
}

// waitMessage waits until wxsim has accepted a message matching f.
func (e *env) waitMessage(t *testing.T, what string, timeout time.Duration, f func(m wxsim.Message) bool) wxsim.Message {
	t.Helper()
	var got wxsim.Message
	waitUntil(t, timeout, "wxsim to receive "+what, func() (bool, string) {
		ms := e.sim.Messages()
		for _, m := range ms {
			if !m.Incoming && f(m) {
				got = m
				return true, ""
			}
		}
		return false, fmt.Sprintf("%d messages so far", len(ms))
	})
	return got
}

// screenshot saves a PNG of a tab in dir.
func screenshot(tab *Tab, dir, name string) (string, error) {
	ctx, cancel := context.WithTimeout(tab.Ctx, 5*time.Second)
	defer cancel()
	b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return "", err
	}
	p := filepath.Join(dir, name)
	return p, os.WriteFile(p, b, 0o644)
}

// testFile is a file the tests send, made in a temporary directory.
type testFile struct {
	Path, Name string
	Data       []byte
	// Type is wxsim's Msg.Type of its message: 3 image, 43 video, 6 file.
	Type int
}

func (f testFile) MD5() string {
	s := md5.Sum(f.Data)
	return hex.EncodeToString(s[:])
}

// nasty is in every file name: the characters HTML, XML and JSON escape,
// and an emoji outside the BMP.
const nasty = `&<>'"😀`

func makeFile(t *testing.T, dir, name string, data []byte, typ int) testFile {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return testFile{Path: p, Name: name, Data: data, Type: typ}
}

// noise is n reproducible pseudo-random bytes.
func noise(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed*7+1))
	b := make([]byte, n)
	for i := 0; i+8 <= n; i += 8 {
		v := r.Uint64()
		for k := 0; k < 8; k++ {
			b[i+k] = byte(v >> (8 * k))
		}
	}
	return b
}

// pdfFile is 3 MB that begin like a PDF.
func pdfFile(t *testing.T, dir string) testFile {
	data := noise(3<<20, 1)
	copy(data, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	return makeFile(t, dir, "报告 "+nasty+".pdf", data, 6)
}

// pngFile is a real PNG from image/png.
func pngFile(t *testing.T, dir string) testFile {
	img := image.NewRGBA(image.Rect(0, 0, 120, 80))
	for y := 0; y < 80; y++ {
		for x := 0; x < 120; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 2), uint8(y * 3), uint8(x ^ y), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return makeFile(t, dir, "图 "+nasty+".png", b.Bytes(), 3)
}

// mp4File is an ISO BMFF head (ftyp mp42) and 1 MiB of noise.
func mp4File(t *testing.T, dir string) testFile {
	ftyp := []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
	data := append(ftyp, noise(1<<20, 2)...)
	return makeFile(t, dir, "clip "+nasty+".mp4", data, 43)
}

// bigFile is 30 MB, over the 25 MiB that need webwxcheckupload.
func bigFile(t *testing.T, dir string) testFile {
	return makeFile(t, dir, "big "+nasty+".zip", noise(30<<20, 3), 6)
}

// netLog records the requests a tab made (CDP Network.requestWillBeSent).
type netLog struct {
	mu   sync.Mutex
	reqs []*network.EventRequestWillBeSent
}

func (n *netLog) all() []*network.EventRequestWillBeSent {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]*network.EventRequestWillBeSent(nil), n.reqs...)
}

// recordNetwork starts recording the tab's requests until its context ends.
func recordNetwork(ctx context.Context) *netLog {
	n := &netLog{}
	evs := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range evs {
			if err != nil {
				return
			}
			n.mu.Lock()
			n.reqs = append(n.reqs, &ev)
			n.mu.Unlock()
		}
	}()
	return n
}

// postBody is the body of a recorded request, when the browser reported it.
func postBody(ev *network.EventRequestWillBeSent) []byte {
	var b []byte
	for _, e := range ev.Request.PostDataEntries {
		b = append(b, e.Bytes...)
	}
	return b
}

// fromExtension reports whether a request's initiator stack has a frame of
// an extension's script (a content script, for example).
func fromExtension(ev *network.EventRequestWillBeSent) bool {
	if ev.Initiator == nil {
		return false
	}
	if strings.HasPrefix(ev.Initiator.URL, "chrome-extension://") {
		return true
	}
	// The call started where the outermost frame of its synchronous
	// stack is. page.js wraps the page's fetch and XMLHttpRequest to read
	// its sync answers (friend requests, the rules, the page API), so the
	// page's own webwxsync has page.js's wrapper on top of the page's
	// frames; a request wxdrop made itself starts in wxdrop's script.
	// (That the wrapper does not make a request twice is checked by the
	// DeviceID, new on every call of the page: see checkSyncFromPage.)
	st := ev.Initiator.Stack
	if st == nil || len(st.CallFrames) == 0 {
		return false
	}
	outer := st.CallFrames[len(st.CallFrames)-1]
	return strings.HasPrefix(outer.URL, "chrome-extension://")
}
