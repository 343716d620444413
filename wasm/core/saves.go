package core

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// The saves of the auto-save rules run here, one at a time, in the
// background. Each waits in rules.State (storage.local) until it is done:
// a worker stopped in the middle does it again on its next wake, a few
// times at most. The media is downloaded into IndexedDB and handed to
// the browser's downloads (Env.SaveFile) from there: chrome.downloads of
// the WeChat URL itself would write the skey into the download history.

// saveTimeout bounds one save: a download or a save that hangs must not
// hold the ones after it for ever.
const saveTimeout = 10 * time.Minute

// kickSaves starts the saves that wait, unless they run already.
func (c *Core) kickSaves() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.saving {
		return
	}
	c.saving = true
	c.bg.Add(1)
	go func() {
		defer c.bg.Done()
		c.runSaves(context.Background())
	}()
}

// runSaves does the waiting saves in order. A save held by the session
// (logged out, no network) stays first and the run ends: the next wake
// or the next message starts it again.
func (c *Core) runSaves(ctx context.Context) {
	defer func() {
		c.mu.Lock()
		c.saving = false
		c.mu.Unlock()
	}()
	for {
		s, ok := c.takeSave(ctx)
		if !ok {
			return
		}
		path, err := c.saveOne(ctx, s)
		if held := c.endSave(ctx, s, path, err); held {
			return
		}
	}
}

// takeSave is the first waiting save, its try counted before it starts.
// A save whose tries all ended with the worker (each stopped it in the
// middle) is logged as not saved.
func (c *Core) takeSave(ctx context.Context) (rules.Save, bool) {
	c.rulesMu.Lock()
	defer c.rulesMu.Unlock()
	st, err := c.rulesState(ctx)
	if err != nil {
		return rules.Save{}, false
	}
	for len(st.Saves) > 0 && st.Saves[0].Tries >= rules.MaxSaveTries {
		s := st.Saves[0]
		st.Saves = st.Saves[1:]
		st.Note(c.env.Now(), saveAction(s), s.Msg.ChatName, rules.ResultNotSaved, msg.ErrSaveFailed)
	}
	if len(st.Saves) > 0 {
		st.Saves[0].Tries++
	}
	if err := c.env.Set(ctx, AreaLocal, msg.RulesStateKey, st); err != nil || len(st.Saves) == 0 {
		return rules.Save{}, false
	}
	return st.Saves[0], true
}

func saveAction(s rules.Save) rules.Action {
	return rules.Action{Rule: s.Rule, Kind: rules.KindSave, Msg: &s.Msg, Folder: s.Folder}
}

// endSave logs how a save ended and forgets it; a save the session holds
// (logged out, no network) stays, its try not counted, and endSave
// reports true.
func (c *Core) endSave(ctx context.Context, s rules.Save, path string, err error) (held bool) {
	c.rulesMu.Lock()
	defer c.rulesMu.Unlock()
	st, lerr := c.rulesState(ctx)
	if lerr != nil {
		return true
	}
	code := ""
	if err != nil {
		code = toMsgError(err).Code
	}
	i := slices.IndexFunc(st.Saves, func(w rules.Save) bool { return w.Rule == s.Rule && w.Msg.ID == s.Msg.ID })
	if i < 0 {
		return false
	}
	if err != nil && waits(code) {
		st.Saves[i].Tries--
		_ = c.env.Set(ctx, AreaLocal, msg.RulesStateKey, st)
		return true
	}
	st.Saves = slices.Delete(st.Saves, i, i+1)
	if err != nil {
		st.Note(c.env.Now(), saveAction(s), s.Msg.ChatName, rules.ResultNotSaved, code)
	} else {
		st.Note(c.env.Now(), saveAction(s), s.Msg.ChatName, rules.ResultSaved, path)
	}
	return c.env.Set(ctx, AreaLocal, msg.RulesStateKey, st) != nil
}

// waits reports whether a save that failed with code may work later
// without the person doing anything but logging in.
func waits(code string) bool {
	switch code {
	case msg.ErrLoggedOut, msg.ErrNetwork, msg.ErrUnreachable:
		return true
	}
	return false
}

// saveOne downloads a save's media and hands it to the browser's
// downloads; it returns the path the browser saved it to.
func (c *Core) saveOne(ctx context.Context, s rules.Save) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, saveTimeout)
	defer cancel()
	dl, name, err := c.downloadMedia(ctx, mediaOf(s.Msg), msg.MaxFileBytes, func(int64, int64) {})
	if err != nil {
		if ctx.Err() != nil {
			// Not a network that is away: trying again would hang again.
			return "", &msg.Error{Code: msg.ErrSaveFailed, Detail: "TIMEOUT"}
		}
		return "", err
	}
	defer func() { _ = c.env.DeleteFile(context.WithoutCancel(ctx), dl.FileID) }()
	if err := c.env.Stored(ctx, dl.FileID); err != nil {
		return "", &msg.Error{Code: msg.ErrSaveFailed, Detail: "not stored"}
	}
	return c.env.SaveFile(ctx, dl.FileID, c.savePath(ctx, s, name))
}

// savePath is where a save keeps a file: its folder, the chat and the
// group member who sent it, and when, in the person's time zone.
func (c *Core) savePath(ctx context.Context, s rules.Save, name string) string {
	member := ""
	if s.Msg.GroupSender != "" {
		if chats, err := (link{c}).Chats(ctx); err == nil {
			for _, ct := range chats {
				if ct.UserName == s.Msg.GroupSender {
					member = search.Clean(cmp.Or(ct.RemarkName, ct.NickName))
				}
			}
		}
	}
	at := c.env.Now()
	if s.Msg.Time > 0 {
		at = time.UnixMilli(s.Msg.Time)
	}
	w := c.env.Zone().Wall(at)
	stamp := rules.Stamp(w.Year, w.Month, w.Day, w.Hour, w.Minute, at.Second())
	return rules.SavePath(s.Folder, s.Msg.ChatName, member, stamp, name)
}
