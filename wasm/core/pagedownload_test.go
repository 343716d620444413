package core_test

import (
	"bytes"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// pageDownloads are the downloads for the page API waiting in the
// extension's IndexedDB ("dl-" ids in the worker, "download-" here).
func (f *fixture) pageDownloads() []string {
	f.env.mu.Lock()
	defer f.env.mu.Unlock()
	var out []string
	for id := range f.env.files {
		if strings.HasPrefix(id, "download-") {
			out = append(out, id)
		}
	}
	return out
}

// TestPageDownloadsBounded (docs/security.md row 75): wxdrop.downloadFile
// has the worker download an attachment into the extension's IndexedDB,
// whence the content script takes it (and deletes it). A script that
// calls it and reloads the page at once leaves the download there: 32
// calls at a time (the page's most) of a file of 2 GiB at most, again at
// every reload, filled the disk the outbox keeps its files on, and the
// sweep of files no entry refers to took them an hour later at the
// earliest. Now at most MaxPageDownloads wait to be taken (more: BUSY),
// each at most five minutes, and a download taken frees its place at
// once.
func TestPageDownloadsBounded(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var later atomic.Int64
	f.env.now = func() time.Time { return time.Now().Add(time.Duration(later.Load())) }
	f.ok(t, fromPopup, msg.SetAutomation, msg.Automation{API: true}, nil)
	m, err := f.sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgApp, FileName: "大文件.bin", Data: bytes.Repeat([]byte("x"), 1<<20)})
	require.NoError(t, err)
	ref := map[string]any{"sender": m.From, "mediaId": m.MediaID, "encryFileName": m.EncryFileName}

	// The page reloads after each call: nothing takes the downloads.
	busy := 0
	for range 40 {
		if e := f.api(t, "downloadFile", ref, nil); e != nil {
			require.Equal(t, msg.ErrBusy, e.Code)
			busy++
		}
	}
	require.LessOrEqual(t, len(f.pageDownloads()), 4, "downloads waiting in IndexedDB")
	require.Equal(t, 40-len(f.pageDownloads()), busy)

	// One taken (the file bridge deletes it): its place is free.
	taken := f.pageDownloads()[0]
	f.env.mu.Lock()
	delete(f.env.files, taken)
	f.env.mu.Unlock()
	var got msg.APIDownloaded
	require.Nil(t, f.api(t, "downloadFile", ref, &got))
	require.Equal(t, int64(1<<20), got.Size)

	// Five minutes on, the worker's next alarm deletes those not taken.
	later.Store(int64(6 * time.Minute))
	require.NoError(t, f.core.Event(ctx, core.EventAlarm, core.AlarmName))
	require.Empty(t, f.pageDownloads())
	// A download the browser did not keep is said so in the person's
	// language: it was DOWNLOAD_FAILED "not stored", English inside the
	// Chinese sentence.
	f.env.mu.Lock()
	f.env.storedErr = errors.New("QuotaExceededError")
	f.env.mu.Unlock()
	e := f.api(t, "downloadFile", ref, nil)
	require.NotNil(t, e)
	require.Equal(t, msg.ErrDownloadNotKept, e.Code)
	require.Empty(t, e.Detail)
	f.env.mu.Lock()
	f.env.storedErr = nil
	f.env.mu.Unlock()

	require.Nil(t, f.api(t, "downloadFile", ref, nil))
}
