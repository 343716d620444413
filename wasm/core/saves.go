package core

import (
	"context"
	"slices"
	"time"

	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// The saves of the auto-save rules run here, one at a time, in the
// background. Each waits under msg.RuleSavesKey (storage.local) until it
// is done:
// a worker stopped in the middle does it again on its next wake, a few
// times at most. The media is downloaded into IndexedDB and handed to
// the browser's downloads (Env.Downloads.Save) from there: chrome.downloads of
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
		sctx := ctx
		if s.Account != "" {
			// Downloaded in the session of the account the message reached.
			sctx = outbox.WithAccount(ctx, s.Account)
		}
		path, err := c.saveOne(sctx, s)
		if held := c.endSave(ctx, s, path, err); held {
			return
		}
	}
}

// savesWaiting are the saves decided and not yet done (RuleSavesKey).
func (c *Core) savesWaiting(ctx context.Context) ([]rules.Save, error) {
	var saves []rules.Save
	_, err := c.env.Storage.Get(ctx, browser.AreaLocal, msg.RuleSavesKey, &saves)
	return saves, err
}

// queueSaves adds saves to those waiting; beyond rules.MaxSaves they are
// logged in st as not saved. The caller holds rulesMu.
func (c *Core) queueSaves(ctx context.Context, st *rules.State, add []rules.Save) error {
	saves, err := c.savesWaiting(ctx)
	if err != nil {
		return err
	}
	for _, s := range add {
		if len(saves) >= rules.MaxSaves {
			st.Note(c.env.Clock.Now(), saveAction(s), s.Msg.ChatName, rules.ResultNotSaved, string(msg.ErrOutboxFull))
			continue
		}
		saves = append(saves, s)
	}
	return c.env.Storage.Set(ctx, browser.AreaLocal, msg.RuleSavesKey, saves)
}

// takeSave is the first waiting save, its try counted before it starts.
// A save whose tries all ended with the worker (each stopped it in the
// middle) is logged as not saved. With none waiting, it writes nothing:
// it runs on every wake.
func (c *Core) takeSave(ctx context.Context) (rules.Save, bool) {
	c.rulesMu.Lock()
	defer c.rulesMu.Unlock()
	saves, err := c.savesWaiting(ctx)
	if err != nil || len(saves) == 0 {
		return rules.Save{}, false
	}
	var given []rules.Save
	for len(saves) > 0 && saves[0].Tries >= rules.MaxSaveTries {
		given, saves = append(given, saves[0]), saves[1:]
	}
	if len(given) > 0 {
		if err := c.noteSaves(ctx, given, func(rules.Save) (string, string) { return rules.ResultNotSaved, string(msg.ErrSaveFailed) }); err != nil {
			return rules.Save{}, false
		}
	}
	if len(saves) > 0 {
		saves[0].Tries++
	}
	if err := c.env.Storage.Set(ctx, browser.AreaLocal, msg.RuleSavesKey, saves); err != nil || len(saves) == 0 {
		return rules.Save{}, false
	}
	return saves[0], true
}

// noteSaves logs how saves ended (result and detail of each).
func (c *Core) noteSaves(ctx context.Context, done []rules.Save, how func(rules.Save) (result, detail string)) error {
	st, err := c.rulesState(ctx)
	if err != nil {
		return err
	}
	for _, s := range done {
		result, detail := how(s)
		st.Note(c.env.Clock.Now(), saveAction(s), s.Msg.ChatName, result, detail)
	}
	return c.env.Storage.Set(ctx, browser.AreaLocal, msg.RulesStateKey, st)
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
	saves, lerr := c.savesWaiting(ctx)
	if lerr != nil {
		return true
	}
	var code msg.Code
	if err != nil {
		code = toMsgError(err).Code
	}
	i := slices.IndexFunc(saves, func(w rules.Save) bool { return w.Rule == s.Rule && w.Msg.ID == s.Msg.ID })
	if i < 0 {
		return false
	}
	if err != nil && waits(code) {
		saves[i].Tries--
		_ = c.env.Storage.Set(ctx, browser.AreaLocal, msg.RuleSavesKey, saves)
		return true
	}
	if c.env.Storage.Set(ctx, browser.AreaLocal, msg.RuleSavesKey, slices.Delete(saves, i, i+1)) != nil {
		return true
	}
	return c.noteSaves(ctx, []rules.Save{s}, func(rules.Save) (string, string) {
		if err != nil {
			return rules.ResultNotSaved, string(code)
		}
		return rules.ResultSaved, path
	}) != nil
}

// waits reports whether a save that failed with code may work later
// without the person doing anything but logging in.
func waits(code msg.Code) bool {
	switch code {
	case msg.ErrLoggedOut, msg.ErrNetwork, msg.ErrUnreachable, msg.ErrSourceTorn:
		// A torn body (the two reads of one answer disagreed) was said
		// as SOURCE_UNREACHABLE before it had its own code: it waits
		// as that did, a download again being all it needs.
		return true
	}
	return false
}

// saveOne downloads a save's media and hands it to the browser's
// downloads; it returns the path the browser saved it to.
func (c *Core) saveOne(ctx context.Context, s rules.Save) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, saveTimeout)
	defer cancel()
	room, err := c.saveRoom(ctx, 0)
	if err != nil {
		return "", err
	}
	dl, name, err := c.downloadMedia(ctx, mediaOf(s.Msg), min(msg.MaxFileBytes, room), func(int64, int64) {})
	if err != nil {
		if ctx.Err() != nil {
			// Not a network that is away: trying again would hang again.
			return "", &msg.Error{Code: msg.ErrSaveFailed, Detail: "TIMEOUT"}
		}
		if toMsgError(err).Code == msg.ErrOutboxFull {
			// Larger than what this hour has left.
			return "", &msg.Error{Code: msg.ErrSavesHourFull}
		}
		return "", err
	}
	defer func() { _ = c.env.Files.Delete(context.WithoutCancel(ctx), dl.FileID) }()
	if err := c.env.Files.Stored(ctx, dl.FileID); err != nil {
		return "", &msg.Error{Code: msg.ErrDownloadNotKept}
	}
	if _, err := c.saveRoom(ctx, dl.Size); err != nil {
		return "", err
	}
	return c.env.Downloads.Save(ctx, dl.FileID, c.savePath(s, name))
}

// SaveBytesPerHour bounds what the save rules write to the Downloads
// folder in an hour: a member of a chat a rule names can forward a large
// file again and again (a forward costs them nothing), and every copy was
// saved, the person's disk filled at the speed of their line
// (docs/security.md row 80). 1 GB an hour is more than a chat sends the
// person in earnest.
const SaveBytesPerHour = 1 << 30

// saveRoom is what the save rules may still save this hour, after taking
// n bytes (a save made) from it; SAVES_HOUR_FULL when nothing is left
// (or n did not fit, which the download's limit keeps from happening).
func (c *Core) saveRoom(ctx context.Context, n int64) (int64, error) {
	c.rulesMu.Lock()
	defer c.rulesMu.Unlock()
	st, err := c.rulesState(ctx)
	if err != nil {
		return 0, err
	}
	now := c.env.Clock.Now().UnixMilli()
	if now-st.SaveStart >= time.Hour.Milliseconds() || now < st.SaveStart {
		st.SaveStart, st.SaveBytes = now, 0
	}
	if st.SaveBytes+n > c.savesPerHour || (n == 0 && st.SaveBytes >= c.savesPerHour) {
		return 0, &msg.Error{Code: msg.ErrSavesHourFull}
	}
	if n > 0 {
		// Only a save made is written: a new hour's window with nothing
		// saved in it is the same as none (the next save starts it).
		st.SaveBytes += n
		if err := c.env.Storage.Set(ctx, browser.AreaLocal, msg.RulesStateKey, st); err != nil {
			return 0, err
		}
	}
	return c.savesPerHour - st.SaveBytes, nil
}

// savePath is where a save keeps a file: its folder, the chat and the
// group member who sent it, and when, in the person's time zone.
func (c *Core) savePath(s rules.Save, name string) string {
	at := c.env.Clock.Now()
	if s.Msg.Time > 0 {
		at = time.UnixMilli(s.Msg.Time)
	}
	w := c.env.Clock.Zone().Wall(at)
	stamp := rules.Stamp(w.Year, w.Month, w.Day, w.Hour, w.Minute, at.Second())
	return rules.SavePath(s.Folder, s.Msg.ChatName, s.Msg.SenderName, stamp, name)
}
