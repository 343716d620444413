//go:build js && wasm

package worker

import (
	"context"
	"encoding/hex"
	"errors"
	"strconv"
	"syscall/js"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/randbytes"
	"github.com/wxdrop/wxdrop/wasm/share"
)

// downloads is core.Downloads: fetch into the files (in memory first),
// and chrome.downloads out of them.
type downloads struct{ files *files }

// Fetch fetches a Source when the extension has access to its site; a
// data: URL needs none. Where a redirect led needs access too (the
// browser would read a site without it only through CORS), and keep
// judges it before the body is read.
func (d downloads) Fetch(ctx context.Context, rawURL string, cookies bool, limit int64, keep func(share.Fetched) (bool, error), progress func(done, total int64)) (core.Download, error) {
	var dl core.Download
	if o := share.Origin(rawURL); o != "" {
		ok, err := jsx.HasOrigins(ctx, o)
		if err != nil {
			return dl, err
		}
		if !ok {
			return dl, &msg.Error{Code: msg.ErrNoSiteAccess, Detail: share.Host(rawURL)}
		}
	}
	id := newFileID()
	tooBig := false
	var total int64
	var header map[string]string
	if r := protocol.MediaRange(rawURL); r != "" {
		header = map[string]string{"Range": r}
	}
	got, err := jsx.Download(ctx, rawURL, header, cookies, func(a jsx.Answer) (bool, error) {
		if a.Redirected || a.URL != rawURL {
			if o := share.Origin(a.URL); o != "" && o != share.Origin(rawURL) {
				if ok, err := jsx.HasOrigins(ctx, o); err != nil || !ok {
					return false, &msg.Error{Code: msg.ErrRedirectRefused, Detail: share.Host(a.URL)}
				}
			}
		}
		f := share.Fetched{URL: a.URL, ContentType: a.ContentType, ContentDisposition: a.ContentDisposition, Size: a.Size}
		if k, err := keep(f); err != nil || !k {
			return false, err
		}
		if a.Size > limit {
			tooBig = true
			return false, nil
		}
		total = a.Size
		progress(0, total)
		return true, nil
	}, jsx.Keep{
		Limit: limit,
		// The upload needs the MD5 before its first request: it is
		// computed as the file arrives.
		MD5:      true,
		Progress: func(done int64) { progress(done, total) },
		Kept: func(blob js.Value, sum [16]byte) {
			d.files.keep(id, blob)
			dl.MD5 = hex.EncodeToString(sum[:])
		},
	}, share.HeadBytes)
	a := got.Answer
	dl.Fetched = share.Fetched{URL: a.URL, ContentType: a.ContentType, ContentDisposition: a.ContentDisposition, Size: got.Size, Head: got.Head}
	if err := fetchError(err, tooBig); err != nil {
		return dl, err
	}
	if got.Kept {
		dl.FileID = id
		progress(got.Size, got.Size)
	}
	return dl, nil
}

// fetchError is what Fetch says of jsx.Download's error: a *msg.Error
// where the page can put the reason in words. tooBig: the answer said a
// length over the limit (and nothing was read).
func fetchError(err error, tooBig bool) error {
	var he *jsx.HTTPError
	switch {
	case errors.As(err, &he):
		return &msg.Error{Code: msg.ErrSourceRefused, Detail: strconv.Itoa(he.Status)}
	case errors.Is(err, jsx.ErrTooBig):
		return &msg.Error{Code: msg.ErrOutboxFull}
	case errors.Is(err, jsx.ErrUnreachable):
		return &msg.Error{Code: msg.ErrUnreachable}
	case errors.Is(err, jsx.ErrTornBody):
		// The site answered: not SOURCE_UNREACHABLE's "check the
		// connection".
		return &msg.Error{Code: msg.ErrSourceTorn}
	case err != nil:
		return err
	case tooBig:
		return &msg.Error{Code: msg.ErrOutboxFull}
	}
	return nil
}

// newFileID is a fresh IndexedDB key for a downloaded file.
func newFileID() string {
	var b [16]byte
	randbytes.Read(b[:])
	return "dl-" + hex.EncodeToString(b[:])
}

// Save saves a file of IndexedDB to the Downloads folder (jsx.SaveFile).
func (downloads) Save(ctx context.Context, fileID, rel string) (string, error) {
	saved, err := jsx.SaveFile(ctx, msg.FileDB, msg.FileStore, fileID, rel)
	if err != nil {
		return "", saveError(err)
	}
	return saved, nil
}

// saveError is what Save says of jsx.SaveFile's error (not nil): NO_DOWNLOADS_ACCESS
// when the person has not allowed saving, else SAVE_FAILED with the
// browser's reason.
func saveError(err error) error {
	var se *jsx.SaveError
	switch {
	case errors.Is(err, jsx.ErrNoDownloads):
		return &msg.Error{Code: msg.ErrNoDownloads}
	case errors.As(err, &se):
		return &msg.Error{Code: msg.ErrSaveFailed, Detail: se.Reason}
	}
	return &msg.Error{Code: msg.ErrSaveFailed, Detail: err.Error()}
}
