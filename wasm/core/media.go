package core

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/mediatype"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/share"
)

// The media of messages that reached the web WeChat page, which rules
// forward and save. Each is downloaded by the worker from the URL the
// page itself would use (§7), made from the session at that moment: the
// URL carries the skey, so it is never stored.

// mediaURL is the download URL of m for the session of cl.
func mediaURL(cl *protocol.Client, m msg.Media) (string, error) {
	switch m.Type {
	case "image":
		return cl.MsgImageURL(m.MsgID, protocol.ImageFull), nil
	case "voice":
		return cl.VoiceURL(m.MsgID), nil
	case "video":
		return cl.VideoURL(m.MsgID), nil
	case "file":
		return cl.MediaURL(protocol.MediaRef{Sender: m.Sender, MediaID: m.MediaID, EncryFileName: m.EncryFileName}), nil
	}
	return "", &msg.Error{Code: msg.ErrSourceNotUsable, Detail: m.Type}
}

// downloadMedia downloads m into IndexedDB, at most limit bytes, and names
// it: the message's file name, else its type and the MsgID with the
// extension of what the server sent. It runs in withClient: a session
// the server says is gone may only mean a new skey, which the tab knows.
func (c *Core) downloadMedia(ctx context.Context, m msg.Media, limit int64, progress func(done, total int64)) (Download, string, error) {
	var dl Download
	var ct string
	err := c.withClient(ctx, func(cl *protocol.Client) error {
		url, err := mediaURL(cl, m)
		if err != nil {
			return err
		}
		// A media URL leads to WeChat's own hosts only.
		onWeChat := func(h share.Fetched) (bool, error) {
			if host := share.Host(h.URL); h.URL != "" && !slices.Contains(protocol.AllHosts(), host) {
				return false, &msg.Error{Code: msg.ErrRedirectRefused, Detail: host}
			}
			return true, nil
		}
		if dl, err = c.env.Downloads.Fetch(ctx, url, true, limit, onWeChat, progress); err != nil {
			if me, ok := err.(*msg.Error); ok && me.Code == msg.ErrSourceRefused {
				return &msg.Error{Code: msg.ErrMediaRefused, Detail: me.Detail}
			}
			return err
		}
		ct, _, _ = mediatype.Parse(dl.ContentType)
		if ct == "application/json" || ct == "text/html" || ct == "text/plain" {
			// The server's refusal (a Ret, or a page), not the media.
			err := c.refusalOf(ctx, dl)
			_ = c.env.Files.Delete(ctx, dl.FileID)
			return err
		}
		return nil
	})
	if err != nil {
		return Download{}, "", err
	}
	if dl.Size <= 0 {
		_ = c.env.Files.Delete(ctx, dl.FileID)
		return Download{}, "", &msg.Error{Code: msg.ErrEmptyFile}
	}
	name := mediaName(m, ct)
	if m.Name == "" && dl.ContentDisposition != "" {
		// A file clicked on the page is known by its MediaId alone: the
		// server names it.
		name = share.FileName(dl.ContentDisposition, "", ct)
	}
	return dl, name, nil
}

// refusalOf is the error a download that is an answer of the server
// says: its Ret (a logout), else MEDIA_REFUSED.
func (c *Core) refusalOf(ctx context.Context, dl Download) error {
	refused := &msg.Error{Code: msg.ErrMediaRefused}
	if dl.Size > 64<<10 || c.env.Files.Stored(ctx, dl.FileID) != nil {
		return refused
	}
	f, err := c.env.Files.Open(ctx, dl.FileID)
	if err != nil {
		return refused
	}
	b := make([]byte, f.Size())
	if _, err := f.ReadAt(b, 0); err != nil && !errors.Is(err, io.EOF) {
		return refused
	}
	var r struct {
		BaseResponse struct{ Ret int } `json:"BaseResponse"`
	}
	if json.Unmarshal(b, &r) != nil || r.BaseResponse.Ret == 0 {
		return refused
	}
	return &protocol.Error{Endpoint: "download", Ret: r.BaseResponse.Ret}
}

// mediaName names a message's media: the file name the message gives,
// else its type and MsgID, with the extension of its content type.
func mediaName(m msg.Media, contentType string) string {
	if m.Name != "" {
		// The sender chose it: cleaned as a downloaded file's name is
		// (no bidirectional control shows "fdp.exe" as "exe.pdf").
		return share.CleanName(m.Name)
	}
	ext := map[string]string{
		"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/bmp": ".bmp", "image/webp": ".webp",
		"video/mp4": ".mp4", "audio/mpeg": ".mp3", "audio/mp3": ".mp3", "audio/amr": ".amr", "audio/silk": ".silk",
	}[strings.ToLower(contentType)]
	if ext == "" {
		ext = map[string]string{"image": ".jpg", "video": ".mp4", "voice": ".mp3"}[m.Type]
	}
	if ext == "" {
		ext = ".bin"
	}
	return m.Type + "-" + m.MsgID + ext
}

// fetchMedia is the outbox's fetch of a message's media (a forward): it
// goes as the kind it arrived as, a voice message as a file (web WeChat
// cannot send voice).
func (c *Core) fetchMedia(ctx context.Context, m msg.Media, limit int64, progress func(done, total int64)) (outbox.Fetched, error) {
	dl, name, err := c.downloadMedia(ctx, m, limit, progress)
	if err != nil {
		return outbox.Fetched{}, err
	}
	kind := protocol.KindFile
	if m.Type == "image" || m.Type == "video" {
		kind = protocol.KindOf(name, dl.Size)
	}
	mt, _, _ := mediatype.Parse(dl.ContentType)
	return outbox.Fetched{File: &msg.FileRef{ID: dl.FileID, Name: name, Size: dl.Size, Type: mt, MD5: dl.MD5}, Kind: outbox.KindOf(kind)}, nil
}
