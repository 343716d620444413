package core

import (
	"context"
	"strconv"

	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// The page API's downloads (wxdrop.downloadFile) wait in IndexedDB until
// the content script takes them, which deletes them. A page reloaded
// meanwhile never takes its own: a script that calls and reloads at once
// filled the disk with them (docs/security.md row 75), and the outbox's
// sweep of files no entry refers to takes them an hour later at the
// earliest. So at most MaxPageDownloads wait or are under way, each at
// most pageFileAge; the others are BUSY.

// MaxPageDownloads is how many of the page API's downloads may wait to
// be taken, or be under way, at once.
const MaxPageDownloads = 4

// apiDownloadFile downloads a file attachment of this session
// (webwxgetmedia on the file host: the one URL it builds) into IndexedDB,
// where the content script's file bridge takes it (and deletes it).
func (c *Core) apiDownloadFile(ctx context.Context, ref *msg.APIDownloadFileArgs, _ apiSendCall) (*msg.APIDownloaded, error) {
	if ref.MediaID == "" || ref.Sender == "" {
		return nil, msg.BadDownloadFile.Err()
	}
	if _, err := c.apiChats(ctx); err != nil {
		return nil, err
	}
	done, err := c.holdPageDownload(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	dl, _, err := c.downloadMedia(ctx, msg.Media{Type: "file", Sender: ref.Sender, MediaID: ref.MediaID, EncryFileName: ref.EncryFileName}, msg.MaxFileBytes, func(int64, int64) {})
	if err != nil {
		if me := toMsgError(err); me.Code != msg.ErrLoggedOut {
			return nil, &msg.Error{Code: msg.ErrDownloadFailed, Detail: string(me.Code)}
		}
		return nil, err
	}
	// The content script's frame reads it from IndexedDB next.
	if err := c.env.Files.Stored(ctx, dl.FileID); err != nil {
		return nil, &msg.Error{Code: msg.ErrDownloadNotKept}
	}
	if err := c.notePageDownload(ctx, dl.FileID); err != nil {
		_ = c.env.Files.Delete(ctx, dl.FileID)
		return nil, err
	}
	return &msg.APIDownloaded{FileID: dl.FileID, Size: dl.Size}, nil
}

// holdPageDownload takes a place for a download, or says BUSY; done gives
// it back once the download is noted (or failed).
func (c *Core) holdPageDownload(ctx context.Context) (done func(), err error) {
	c.bridgeMu.Lock()
	defer c.bridgeMu.Unlock()
	waiting, err := c.sweepPageDownloads(ctx)
	if err != nil {
		return nil, err
	}
	if len(waiting)+c.downloading >= MaxPageDownloads {
		return nil, &msg.Error{Code: msg.ErrBusy, Detail: strconv.Itoa(MaxPageDownloads) + " downloads wait to be taken"}
	}
	c.downloading++
	return func() {
		c.bridgeMu.Lock()
		c.downloading--
		c.bridgeMu.Unlock()
	}, nil
}

// notePageDownload records a download stored for the content script.
func (c *Core) notePageDownload(ctx context.Context, id string) error {
	c.bridgeMu.Lock()
	defer c.bridgeMu.Unlock()
	waiting, err := c.pageDownloads(ctx)
	if err != nil {
		return err
	}
	waiting[id] = c.env.Clock.Now().UnixMilli()
	return c.env.Storage.Set(ctx, browser.AreaLocal, msg.PageDownloadsKey, waiting)
}

func (c *Core) pageDownloads(ctx context.Context) (map[string]int64, error) {
	waiting := map[string]int64{}
	_, err := c.env.Storage.Get(ctx, browser.AreaLocal, msg.PageDownloadsKey, &waiting)
	return waiting, err
}

// sweepPageDownloads forgets the downloads taken and deletes those that
// waited pageFileAge, and returns those still waiting. (Under bridgeMu.)
func (c *Core) sweepPageDownloads(ctx context.Context) (map[string]int64, error) {
	waiting, err := c.pageDownloads(ctx)
	if err != nil || len(waiting) == 0 {
		return waiting, err
	}
	ids, err := c.env.Files.List(ctx)
	if err != nil {
		return nil, err
	}
	there := make(map[string]bool, len(ids))
	for _, id := range ids {
		there[id] = true
	}
	cut := c.env.Clock.Now().Add(-pageFileAge).UnixMilli()
	n := len(waiting)
	for id, at := range waiting {
		switch {
		case !there[id]:
			delete(waiting, id)
		case at < cut:
			if c.env.Files.Delete(ctx, id) == nil {
				delete(waiting, id)
			}
		}
	}
	if len(waiting) == n {
		return waiting, nil // nothing went: nothing to write
	}
	return waiting, c.env.Storage.Set(ctx, browser.AreaLocal, msg.PageDownloadsKey, waiting)
}
