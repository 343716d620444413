package core

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/randbytes"
)

// The file bridge (pages/bridge.html, or the worker itself when the
// frame's storage is blocked) stores the page API's files in IndexedDB.
// It stores only for the content script: the worker hands the content
// script a one-time token (msg.BridgeToken, a runtime message, which no
// page script can send or read), and the store consumes it
// (msg.BridgeClaim) before anything is written. A token is issued only
// while the page API is on and the outbox's limits leave room for the
// file; a stored file that no outbox entry claims within pageFileAge is
// deleted. The files stored and not yet claimed are kept under
// msg.PageFilesKey, apart from the outbox record, and are at most
// MaxPageFiles.

const (
	// MaxPageFiles is how many stored files may wait for their entry.
	MaxPageFiles = 16
	// maxTokens bounds the tokens issued and not yet used.
	maxTokens = 16
	// tokenAge is how long a token may wait for its store.
	tokenAge = 2 * time.Minute
	// pageFileAge is how long a stored file waits for its entry.
	pageFileAge = 5 * time.Minute
)

// bridgeToken is a token issued and not yet used (storage.session).
type bridgeToken struct {
	FileID string `json:"fileId"`
	Size   int64  `json:"size"`
	Exp    int64  `json:"exp"`
}

// pageFile is a file stored and not yet claimed by an entry.
type pageFile struct {
	At   int64 `json:"at"`
	Size int64 `json:"size"`
}

func newToken() string {
	b := make([]byte, 16)
	randbytes.Read(b)
	return hex.EncodeToString(b)
}

// bridgeToken issues a token to store one file of size bytes.
func (c *Core) bridgeToken(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	b, err := decode[msg.BridgeTokenBody](body, msg.BridgeToken)
	if err != nil {
		return nil, err
	}
	if err := c.apiOn(ctx); err != nil {
		return nil, err
	}
	switch {
	case b.Size <= 0:
		return nil, &msg.Error{Code: msg.ErrEmptyFile}
	case b.Size > msg.MaxFileBytes:
		return nil, &msg.Error{Code: msg.ErrTooLarge}
	}
	c.bridgeMu.Lock()
	defer c.bridgeMu.Unlock()
	files, err := c.sweepPageFiles(ctx)
	if err != nil {
		return nil, err
	}
	tokens, err := c.tokens(ctx)
	if err != nil {
		return nil, err
	}
	rec, err := c.record(ctx)
	if err != nil {
		return nil, err
	}
	waiting, bytes := 0, b.Size
	for _, e := range rec.Entries {
		if e.State.Pending() {
			waiting++
			if e.File != nil {
				bytes += e.File.Size
			}
		}
	}
	for _, f := range files {
		bytes += f.Size
	}
	for _, t := range tokens {
		bytes += t.Size
	}
	if len(files)+len(tokens) >= MaxPageFiles || waiting+len(files)+len(tokens) >= msg.MaxPending || bytes > msg.MaxFileBytes {
		return nil, &msg.Error{Code: msg.ErrOutboxFull}
	}
	tok := newToken()
	tokens[tok] = bridgeToken{FileID: "page-" + newToken(), Size: b.Size, Exp: c.env.Clock.Now().Add(tokenAge).UnixMilli()}
	if err := c.env.Storage.Set(ctx, browser.AreaSession, msg.BridgeTokensKey, tokens); err != nil {
		return nil, err
	}
	return msg.BridgeTokenResult{Token: tok}, nil
}

// tokens are the tokens issued and still valid.
func (c *Core) tokens(ctx context.Context) (map[string]bridgeToken, error) {
	tokens := map[string]bridgeToken{}
	if _, err := c.env.Storage.Get(ctx, browser.AreaSession, msg.BridgeTokensKey, &tokens); err != nil {
		return nil, err
	}
	now := c.env.Clock.Now().UnixMilli()
	for k, t := range tokens {
		if t.Exp < now {
			delete(tokens, k)
		}
	}
	if len(tokens) > maxTokens {
		tokens = map[string]bridgeToken{}
	}
	return tokens, nil
}

// bridgeClaim consumes a token: the store it allows may go on, under the
// file id it names.
func (c *Core) bridgeClaim(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	b, err := decode[msg.BridgeClaimBody](body, msg.BridgeClaim)
	if err != nil {
		return nil, err
	}
	c.bridgeMu.Lock()
	defer c.bridgeMu.Unlock()
	tokens, err := c.tokens(ctx)
	if err != nil {
		return nil, err
	}
	t, ok := tokens[b.Token]
	if !ok || b.Token == "" {
		return nil, &msg.Error{Code: msg.ErrNotAllowed, Detail: "no such token"}
	}
	delete(tokens, b.Token)
	if err := c.env.Storage.Set(ctx, browser.AreaSession, msg.BridgeTokensKey, tokens); err != nil {
		return nil, err
	}
	if b.Size != t.Size {
		return nil, msg.BadTokenSize.Err()
	}
	if err := c.apiOn(ctx); err != nil {
		return nil, err
	}
	files, err := c.pageFiles(ctx)
	if err != nil {
		return nil, err
	}
	files[t.FileID] = pageFile{At: c.env.Clock.Now().UnixMilli(), Size: t.Size}
	if err := c.env.Storage.Set(ctx, browser.AreaLocal, msg.PageFilesKey, files); err != nil {
		return nil, err
	}
	return msg.BridgeClaimResult{FileID: t.FileID}, nil
}

func (c *Core) pageFiles(ctx context.Context) (map[string]pageFile, error) {
	files := map[string]pageFile{}
	_, err := c.env.Storage.Get(ctx, browser.AreaLocal, msg.PageFilesKey, &files)
	return files, err
}

// sweepPageFiles deletes the stored files no entry claimed in time, and
// returns those still waiting. (Under bridgeMu.)
func (c *Core) sweepPageFiles(ctx context.Context) (map[string]pageFile, error) {
	files, err := c.pageFiles(ctx)
	if err != nil {
		return nil, err
	}
	cut := c.env.Clock.Now().Add(-pageFileAge).UnixMilli()
	changed := false
	for id, f := range files {
		if f.At < cut {
			if err := c.env.Files.Delete(ctx, id); err != nil {
				continue
			}
			delete(files, id)
			changed = true
		}
	}
	if changed {
		if err := c.env.Storage.Set(ctx, browser.AreaLocal, msg.PageFilesKey, files); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// sweepBridge deletes the files no entry claimed in time (at every
// start and alarm of the worker, besides every token).
func (c *Core) sweepBridge(ctx context.Context) {
	c.bridgeMu.Lock()
	defer c.bridgeMu.Unlock()
	_, _ = c.sweepPageFiles(ctx)
	_, _ = c.sweepPageDownloads(ctx)
}

// claimPageFile takes a stored file out of the waiting ones for the
// entry about to be made: only a file the bridge stored for this
// content script, and only once.
func (c *Core) claimPageFile(ctx context.Context, id string, size int64) error {
	c.bridgeMu.Lock()
	defer c.bridgeMu.Unlock()
	files, err := c.pageFiles(ctx)
	if err != nil {
		return err
	}
	f, ok := files[id]
	if !ok || !strings.HasPrefix(id, "page-") {
		return &msg.Error{Code: msg.ErrFileGone, Detail: "not a file stored for this call"}
	}
	if f.Size != size {
		return msg.BadStoredSize.Err()
	}
	delete(files, id)
	return c.env.Storage.Set(ctx, browser.AreaLocal, msg.PageFilesKey, files)
}
