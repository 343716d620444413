//go:build !js

package firefox

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/e2e"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// idleTimeout is how long Firefox lets the add-on's event page idle
// before it suspends it, in these tests (Firefox's own: 30 s).
const idleTimeout = 2000

// suspended is true on an extension page while the background page is
// suspended (getBackgroundPage, the synchronous one, does not wake it).
const suspended = `chrome.extension.getBackgroundPage() === null`

// TestFirefoxScheduledAcrossSuspend: a message scheduled a few seconds
// ahead is sent exactly once, by a background page that Firefox
// suspended (idle) and the alarm woke again: Firefox's event page
// lifecycle, as the Chromium tests stop the service worker. The page is
// marked before it suspends; the one that sends has no mark. Then a file
// whose upload the server stalls for three idle timeouts arrives once,
// uploaded by the page that started it: Firefox does not count an
// in-flight request as activity, so the page keeps itself awake while it
// waits on the network.
func TestFirefoxScheduledAcrossSuspend(t *testing.T) {
	t.Parallel()
	e := newEnv(t, map[string]any{"extensions.background.idle.timeout": idleTimeout})
	e.logIn(t)
	ctx := context.Background()
	zhangsan := e.sim.UserName("zhangsan")
	// An extension page that makes no API call of its own: it does not
	// keep the background page awake.
	probe := e.open(t, "manifest.json", `true`)
	defer probe.Close()
	waitReady(t, probe)

	text := "scheduled in Firefox " + time.Now().Format("15:04:05.000")
	at := time.Now().Add(10 * time.Second)
	body, _ := json.Marshal(msg.Request{Name: msg.OutboxAdd, Body: msg.AddBody{To: zhangsan, Text: text, At: at.UnixMilli()}})
	answer := eval[string](t, probe, sendMessage(string(body))+`.then((a) => JSON.stringify(a))`)
	var added struct {
		OK    *msg.AddResult `json:"ok"`
		Error *msg.Error     `json:"error"`
	}
	if err := json.Unmarshal([]byte(answer), &added); err != nil || added.OK == nil || len(added.OK.Entries) != 1 {
		t.Fatalf("outbox.add: %s (%v)", answer, err)
	}
	id := added.OK.Entries[0].ID
	inBackground[bool](t, probe, `(bg.wxdropMark = 'before', true)`)

	if err := probe.WaitJS(ctx, suspended, 8*time.Second, "Firefox to suspend the idle background page"); err != nil {
		t.Fatal(err)
	}
	if time.Now().After(at) {
		t.Fatalf("the background page suspended only after the message was due: the test proves nothing")
	}
	for _, m := range e.sim.Messages() {
		if m.Content == text {
			t.Fatal("the scheduled message went before its time")
		}
	}
	// The alarm wakes it; it sends.
	e.waitMessage(t, "the scheduled text", func(m wxsim.Message) bool { return m.Content == text })
	if early := time.Until(at); early > 0 {
		t.Errorf("sent %v before its time", early)
	}
	if mark := inBackground[string](t, probe, `String(bg.wxdropMark)`); mark != "undefined" {
		t.Errorf("the page that sent is the one marked before the suspension (mark %q)", mark)
	}
	// Once more suspended and woken (a popup opened): still one message.
	if err := probe.WaitJS(ctx, suspended, 20*time.Second, "the background page to suspend again"); err != nil {
		t.Fatal(err)
	}
	popup := e.openPopup(t)
	defer popup.Close()
	if entry := finalEntry(t, probe, id); entry.State != msg.EntrySent {
		t.Errorf("entry %s: %s, error %v; want sent", id, entry.State, entry.Error)
	}
	n := 0
	for _, m := range e.sim.Messages() {
		if m.Content == text {
			n++
		}
	}
	if n != 1 {
		t.Errorf("wxsim received the scheduled text %d times, want once", n)
	}
	t.Logf("sent once, by a background page woken by its alarm after Firefox suspended it (idle timeout %d ms)", idleTimeout)

	// An upload whose server stalls for three idle timeouts: the page
	// makes no extension call while it waits.
	data := bytes.Repeat([]byte("wxdrop stalls "), 3<<20/14)
	ref := storeFile(t, probe, "stall-test", "stall.bin", data)
	chunk := 2
	e.sim.Inject(wxsim.Fault{Endpoint: "webwxuploadmedia", Chunk: &chunk, Delay: 3 * idleTimeout * time.Millisecond})
	body, _ = json.Marshal(msg.Request{Name: msg.OutboxAdd, Body: msg.AddBody{To: zhangsan, File: &ref}})
	answer = eval[string](t, probe, sendMessage(string(body))+`.then((a) => JSON.stringify(a))`)
	added.OK = nil
	if err := json.Unmarshal([]byte(answer), &added); err != nil || added.OK == nil || len(added.OK.Entries) != 1 {
		t.Fatalf("outbox.add of a file: %s (%v)", answer, err)
	}
	fileID := added.OK.Entries[0].ID
	inBackground[bool](t, probe, `(bg.wxdropMark = 'uploading', true)`)
	m := e.waitMessage(t, "the stalled file", func(m wxsim.Message) bool { return m.FileName == "stall.bin" })
	if md, ok := e.sim.Media(m.MediaID); !ok || !bytes.Equal(md.Data, data) {
		t.Errorf("the stalled file arrived with %d bytes, want %d", len(md.Data), len(data))
	}
	// Kept awake while it waited on the network (jsx.Busy): the page that
	// started the upload finished it, rather than a new one from the start.
	if mark := inBackground[string](t, probe, `String(bg.wxdropMark)`); mark != "uploading" {
		t.Errorf("the upload was finished by another page (mark %q): Firefox suspended the one that waited on the network", mark)
	}
	if entry := finalEntry(t, probe, fileID); entry.State != msg.EntrySent {
		t.Errorf("the stalled file's entry: %s, error %v; want sent", entry.State, entry.Error)
	}
	n = 0
	for _, m := range e.sim.Messages() {
		if m.FileName == "stall.bin" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("wxsim received the stalled file %d times, want once", n)
	}
}

// finalEntry waits (20 s at most) for the outbox's entry id to end, and
// returns it as last read.
func finalEntry(t *testing.T, ext *Tab, id string) msg.Entry {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		entry := outbox(t, ext)[id]
		if entry.State.Final() || time.Now().After(deadline) {
			return entry
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// storeFile puts a File into the add-on's IndexedDB (msg.FileDB,
// msg.FileStore) under id, as the popup does before it asks to send it.
func storeFile(t *testing.T, ext *Tab, id, name string, data []byte) msg.FileRef {
	t.Helper()
	n := eval[int64](t, ext, e2e.StoreFileJS(e2e.File{Name: name, Type: "application/octet-stream", Data: data}, id))
	if n != int64(len(data)) {
		t.Fatalf("stored %d bytes, want %d", n, len(data))
	}
	return msg.FileRef{ID: id, Name: name, Size: n, Type: "application/octet-stream"}
}
