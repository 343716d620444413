package core

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/mediatype"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/safename"
	"github.com/wxdrop/wxdrop/wasm/search"
	"github.com/wxdrop/wxdrop/wasm/share"
)

// The core's side of the outbox: its storage, files, session and effects
// over the Env, and the pages' requests.

// newOutbox makes the outbox of c.
func (c *Core) newOutbox() *outbox.Outbox {
	return outbox.New(outbox.Config{
		Store:   envStore{c.env.Storage},
		Files:   c.env.Files,
		Link:    link{c},
		Effects: &effects{c: c},
		Fetch:   fetcher{c},
		Zone:    c.env.Clock.Zone(),
		Now:     c.env.Clock.Now,
	})
}

// Start is called on every wake of the worker: the outbox ends what a
// stopped worker left and sends what fell due while it slept.
func (c *Core) Start() {
	c.outbox.Kick()
	c.kickSaves()
}

// Outbox is the core's outbox (tests wait on it).
func (c *Core) Outbox() *outbox.Outbox { return c.outbox }

// Events the worker script forwards from chrome.* listeners.
const (
	EventAlarm             = "alarm"
	EventStartup           = "startup"
	EventNotificationClick = "notificationClicked"
)

// AlarmName is the one chrome.alarms alarm: the next time the outbox has
// something to do.
const AlarmName = "outbox"

// notificationPrefix starts the id of every notification of wxdrop; the
// entry's id follows.
const notificationPrefix = "wxdrop:"

// Event handles a chrome.* event; arg is the alarm's name or the
// notification's id. It returns when the work it started is done, so
// that the worker stays awake for it.
func (c *Core) Event(ctx context.Context, name, arg string) error {
	switch name {
	case EventAlarm:
		if arg != AlarmName {
			return nil
		}
	case EventStartup:
		_ = c.updateMenus(ctx)
	case EventMenu:
		return c.menuClicked(ctx, arg)
	case EventCommand:
		return c.command(ctx, arg)
	case EventNotificationClick:
		id, ok := strings.CutPrefix(arg, notificationPrefix)
		if !ok {
			return nil
		}
		id, _, _ = strings.Cut(id, ":")
		_ = c.env.Notifications.Clear(ctx, arg)
		if err := c.env.Storage.Set(ctx, browser.AreaSession, msg.FocusKey, id); err != nil {
			return err
		}
		return c.env.Tabs.Popup(ctx, id)
	default:
		return nil
	}
	c.sweepBridge(ctx)
	c.outbox.Kick()
	c.outbox.Wait()
	return nil
}

// envStore keeps the record (as its JSON text, which the outbox decodes
// only when it changed: outbox/record.go) and the settings in storage.local.
type envStore struct{ storage Storage }

func (s envStore) Load(ctx context.Context) (string, error) {
	text, _, err := s.storage.GetText(ctx, browser.AreaLocal, msg.OutboxKey)
	return text, err
}

func (s envStore) Save(ctx context.Context, text string) error {
	return s.storage.SetText(ctx, browser.AreaLocal, msg.OutboxKey, text)
}

func (s envStore) Settings(ctx context.Context) (msg.Settings, error) {
	set := msg.DefaultSettings()
	_, err := s.storage.Get(ctx, browser.AreaLocal, msg.SettingsKey, &set)
	return set, err
}

func (s envStore) SaveSettings(ctx context.Context, set msg.Settings) error {
	return s.storage.Set(ctx, browser.AreaLocal, msg.SettingsKey, set)
}

// fetcher downloads the outbox's Sources through the browser: a link
// to a page is not kept (its title and URL are sent); anything else is
// kept as the file it is, named and sent as share decides.
type fetcher struct{ c *Core }

func (f fetcher) Fetch(ctx context.Context, src msg.Source, limit int64, progress func(done, total int64)) (outbox.Fetched, error) {
	if src.Media != nil {
		return f.c.fetchMedia(ctx, *src.Media, limit, progress)
	}
	env := f.c.env
	// Neither the URL nor where its redirects lead may be a WeChat host
	// or, from a page on the web, a host on the person's own network.
	if share.Origin(src.URL) != "" {
		if err := share.CheckTarget(src.Page, src.URL); err != nil {
			return outbox.Fetched{}, err
		}
	}
	// Requests to another site than the page's go without its cookies
	// (CookieRule); crossed is where a redirect led the download with
	// them: not read, and fetched again without them (share.CookiesTo).
	cookies, crossed := share.WithCookies(src), ""
	release, err := f.c.confineCookies(ctx, src)
	if err != nil {
		return outbox.Fetched{}, err
	}
	defer release()
	decide := func(h share.Fetched) (bool, error) {
		if h.URL != "" && h.URL != src.URL {
			if err := share.CheckTarget(src.Page, h.URL); err != nil {
				return false, err
			}
			if cookies && !share.CookiesTo(src, h.URL) {
				crossed = h.URL
				return false, errCookiesCrossed
			}
		}
		return !share.IsPage(src, h), nil
	}
	dl, err := env.Downloads.Fetch(ctx, src.URL, cookies, limit, decide, progress)
	if errors.Is(err, errCookiesCrossed) {
		cookies = false
		dl, err = env.Downloads.Fetch(ctx, crossed, false, limit, decide, progress)
	}
	if err != nil {
		return outbox.Fetched{}, err
	}
	if dl.FileID == "" {
		return outbox.Fetched{Text: share.PageText(src, dl.Fetched)}, nil
	}
	name, kind := share.File(src, dl.Fetched)
	if dl.Size <= 0 {
		_ = env.Files.Delete(ctx, dl.FileID)
		return outbox.Fetched{}, &msg.Error{Code: msg.ErrEmptyFile, Detail: name}
	}
	mt, _, _ := mediatype.Parse(dl.ContentType)
	return outbox.Fetched{File: &msg.FileRef{ID: dl.FileID, Name: name, Size: dl.Size, Type: mt, MD5: dl.MD5}, Kind: outbox.KindOf(kind)}, nil
}

// link is the session of an account (the one ctx names, else the
// popup's; see outbox.WithAccount).
type link struct{ c *Core }

func (l link) Login(ctx context.Context) (string, bool, error) {
	_, ps, err := l.c.session(ctx)
	if errors.Is(err, errNoSession) {
		return ps.UserName, false, nil
	}
	if err != nil {
		return "", false, err
	}
	ck, err := l.c.cookies(ctx, ps.Host)
	return ps.UserName, ck.ok && ck.uin == ps.Uin, err
}

// Chats are the account's contacts; a list of another login (a new login)
// or an old one is fetched first.
func (l link) Chats(ctx context.Context) ([]msg.Contact, error) { return l.c.chats(ctx, false) }

// Fresh fetches the account's contacts now.
func (l link) Fresh(ctx context.Context) ([]msg.Contact, error) { return l.c.chats(ctx, true) }

// Account is the account ctx acts for: a tab's, or the popup's.
func (l link) Account(ctx context.Context) (string, error) {
	if id, set := outbox.AccountOf(ctx); set {
		if id == "" {
			return "", errNoSession
		}
		return id, nil
	}
	s, err := l.c.loadSessions(ctx)
	return s.current, err
}

func (l link) Do(ctx context.Context, f func(*protocol.Client) error) error {
	return l.c.withClient(ctx, f)
}

// effects are the notifications, the badge, the alarm and the progress.
type effects struct {
	c *Core
	// mu guards progress, the uploads' progress kept in storage.session,
	// and the badge: pending entries, or a running transfer's percentage.
	// It is never held across a call to the browser: a transfer's loop
	// reports to Progress, and must not wait for a write.
	mu       sync.Mutex
	progress map[string]msg.Progress
	pending  int
	badge    *string
	// written is when the progress was last written: a transfer reports
	// every 512 KiB (a download at each read), and each write is a round
	// trip to the browser.
	written time.Time
	// queued: a background write of the progress is started and has not
	// yet taken its copy (one is enough: it writes the latest).
	queued bool
	// wmu orders the writes of the progress and the badge: each takes
	// its copy under wmu, so that none writes an older state after a
	// newer one.
	wmu sync.Mutex
}

// progressEvery spaces the progress written while a transfer runs.
const progressEvery = 250 * time.Millisecond

func (e *effects) Notify(ctx context.Context, n outbox.Notice) {
	if !n.Quiet {
		title, body := notificationText(e.c.env.Runtime.Message, n)
		if who := e.c.accountName(ctx, n.Entry.Account); who != "" {
			// Two accounts are logged in: say which one this was.
			title += " · " + who
		}
		id := notificationPrefix + n.Entry.ID
		if n.Kind == outbox.NoticeWaiting {
			id += ":waiting"
		}
		_ = e.c.env.Notifications.Notify(ctx, id, title, body)
	}
	if n.Kind == outbox.NoticeSent && n.Entry.Chosen {
		e.c.noteRecent(ctx, n.Entry.Account, n.Entry.To)
	}
}

func (e *effects) Pending(ctx context.Context, n int) {
	e.mu.Lock()
	e.pending = n
	e.mu.Unlock()
	e.write(ctx, false)
}

// showBadge puts the transfers' progress on the toolbar badge while a
// file is downloaded or uploaded ("37%"), else the pending count; it
// writes only a change. e.wmu is held, e.mu is not.
func (e *effects) showBadge(ctx context.Context) {
	e.mu.Lock()
	text := badgeText(e.pending, e.progress)
	same := e.badge != nil && *e.badge == text
	e.mu.Unlock()
	if same {
		return
	}
	if e.c.env.Notifications.SetBadge(ctx, text) == nil {
		e.mu.Lock()
		e.badge = &text
		e.mu.Unlock()
	}
}

// write writes the latest state: the progress to storage.session when
// progress is set, and the badge. It waits for a write before it (wmu),
// and takes its copy after it: the last write is the latest state.
func (e *effects) write(ctx context.Context, progress bool) {
	e.wmu.Lock()
	defer e.wmu.Unlock()
	if progress {
		e.mu.Lock()
		e.queued = false
		snap := maps.Clone(e.progress)
		e.mu.Unlock()
		_ = e.c.env.Storage.Set(ctx, browser.AreaSession, msg.ProgressKey, snap)
	}
	e.showBadge(ctx)
}

// badgeText is the badge for n pending entries and the running transfers.
func badgeText(n int, progress map[string]msg.Progress) string {
	var done, size int64
	for _, p := range progress {
		if p.Size > 0 {
			done, size = done+min(p.Done, p.Size), size+p.Size
		}
	}
	switch {
	case size > 0:
		return strconv.FormatInt(done*100/size, 10) + "%"
	case n > 0:
		return strconv.Itoa(n)
	}
	return ""
}

func (e *effects) Wake(ctx context.Context, t time.Time) {
	_ = e.c.env.Clock.SetAlarm(ctx, AlarmName, t)
}

// Progress keeps a transfer's progress (nil: it ended). The start and
// the end of a transfer are written before Progress returns; the steps
// between, every progressEvery, in the background: the transfer's loop
// goes on meanwhile. A download's reads waited for each write and the
// badge: in sharebench -ab, marks around a 64 MiB download's read loop
// (450–940 ms in all) gave the progress 27–122 ms (median 68) of it, and
// 3–22 ms (median 9) written in the background, in alternating rounds.
func (e *effects) Progress(ctx context.Context, id string, p *msg.Progress) {
	e.mu.Lock()
	if e.progress == nil {
		e.progress = map[string]msg.Progress{}
	}
	_, known := e.progress[id]
	if p == nil {
		delete(e.progress, id)
	} else {
		e.progress[id] = *p
	}
	now := e.c.env.Clock.Now()
	between := known && p != nil && p.Done < p.Size
	if between && now.Sub(e.written) < progressEvery {
		e.mu.Unlock()
		return
	}
	e.written = now
	if between {
		start := !e.queued
		e.queued = true
		e.mu.Unlock()
		if start {
			go e.write(context.WithoutCancel(ctx), true)
		}
		return
	}
	e.mu.Unlock()
	e.write(ctx, true)
}

// notificationText is a notice in the person's language.
func notificationText(tr func(key string, subs ...string) string, n outbox.Notice) (title, body string) {
	e := n.Entry
	// The message's first line opens a sentence of wxdrop's too
	// (notif_waiting_body): a site's title or a contact's forwarded text
	// ending in a right-to-left override turned it around (security.md
	// row 89). The message itself goes as it is.
	to := tr("notif_to", shownName(e.To.Name()), safename.Visible(e.Title(80)))
	switch n.Kind {
	case outbox.NoticeSent:
		return tr("notif_sent"), to
	case outbox.NoticeMissed:
		return tr("notif_missed"), to + "\n" + tr("err_MISSED")
	case outbox.NoticeUncertain:
		return tr("notif_uncertain"), to + "\n" + tr("notif_uncertain_body")
	case outbox.NoticeWaiting:
		return tr("notif_waiting"), tr("notif_waiting_body", to, strconv.Itoa(int(n.Grace/time.Minute)))
	}
	why := e.Error
	if why == nil {
		why = &msg.Error{Code: msg.ErrInternal, Detail: "failed without a reason"}
	}
	// The detail is a chat's name for some codes (AMBIGUOUS, …).
	shown := *why
	shown.Detail = safename.Visible(shown.Detail)
	return tr("notif_failed"), to + "\n" + msg.Text(tr, &shown)
}

// shownName is a chat's or a person's name as wxdrop's own words show it:
// the page's markup read (emoji, entities), and without the controls
// that would change how the words after it read (a right-to-left
// override: docs/security.md row 78), which its people choose. A name of
// only blanks is shown in quotes (search.Shown).
func shownName(name string) string { return search.Shown(safename.Visible(search.Clean(name))) }

// The pages' requests.

func decode[T any](body json.RawMessage, what string) (T, error) {
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		return v, msg.BadShape.Err(what)
	}
	return v, nil
}

func (c *Core) outboxAdd(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	b, err := decode[msg.AddBody](body, msg.OutboxAdd)
	if err != nil {
		return nil, err
	}
	// Only the extension's pages ask this (handlers): the person chose
	// the chat.
	es, err := c.outbox.Add(outbox.ChosenByPerson(ctx), b)
	return msg.AddResult{Entries: es}, err
}

func (c *Core) outboxEdit(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	b, err := decode[msg.EditBody](body, msg.OutboxEdit)
	if err != nil {
		return nil, err
	}
	return c.outbox.Edit(ctx, b)
}

func (c *Core) outboxCancel(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	b, err := decode[msg.IDBody](body, msg.OutboxCancel)
	if err != nil {
		return nil, err
	}
	return c.outbox.Cancel(ctx, b.ID)
}

func (c *Core) outboxSendNow(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	b, err := decode[msg.IDBody](body, msg.OutboxSendNow)
	if err != nil {
		return nil, err
	}
	return c.outbox.SendNow(ctx, b.ID)
}

func (c *Core) setSettings(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	b, err := decode[msg.Settings](body, msg.SetSettings)
	if err != nil {
		return nil, err
	}
	return c.outbox.SetSettings(ctx, b)
}
