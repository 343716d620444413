package core

import (
	"context"
	"encoding/json"
	"sort"
	"strings"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/search"
	"github.com/wxdrop/wxdrop/wasm/share"
)

// One-click sending: the context menu "Send to WeChat" with the recent
// chats under it, and the keyboard command that sends the page. Each
// click becomes an outbox entry (Shared) to a chat known by its names,
// found when the entry goes out; "Choose chat…" leaves a msg.Share for
// the popup's picker instead.

// Events of one-click sending.
const (
	// EventMenu is a context-menu click: the arg is a MenuClick's JSON.
	EventMenu = "menuClicked"
	// EventCommand is a keyboard command: the arg is a Command's JSON.
	EventCommand = "command"
)

// Menu item ids.
const (
	menuRoot   = "share"
	menuChoose = "choose"
	// menuToPrefix starts the id of a recent chat's item; its recentChat
	// JSON follows, so a click finds the chat the item was made for.
	menuToPrefix = "to:"
	menuSep      = "sep"
)

// CommandSendPage is the keyboard command that sends the current page to
// the chat used last.
const CommandSendPage = "send-page"

// menuChats is how many recent chats the menu shows.
const menuChats = 5

// MenuContexts are where the menu shows.
var MenuContexts = []string{share.ContextImage, share.ContextLink, share.ContextVideo, share.ContextAudio, share.ContextSelection, share.ContextPage}

// MenuClick is what the worker script passes on of a click: the fields of
// contextMenus.OnClickData, and the tab's title and URL. (The site's
// permission, asked for at the click, is looked at when the file is
// fetched.)
type MenuClick struct {
	Info struct {
		MenuItemID    string `json:"menuItemId"`
		MediaType     string `json:"mediaType"`
		SrcURL        string `json:"srcUrl"`
		LinkURL       string `json:"linkUrl"`
		PageURL       string `json:"pageUrl"`
		FrameURL      string `json:"frameUrl"`
		SelectionText string `json:"selectionText"`
	} `json:"info"`
	Tab TabInfo `json:"tab"`
}

// TabInfo is the tab a click or command was made on.
type TabInfo struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Command is a keyboard command and its tab.
type Command struct {
	Command string  `json:"command"`
	Tab     TabInfo `json:"tab"`
}

// clickOf is the share.Click of a menu click: the most specific thing
// under the pointer.
func clickOf(m MenuClick) share.Click {
	i := m.Info
	c := share.Click{SrcURL: i.SrcURL, LinkURL: i.LinkURL, PageURL: i.PageURL, FrameURL: i.FrameURL, SelectionText: i.SelectionText, PageTitle: m.Tab.Title}
	if c.PageURL == "" {
		c.PageURL = m.Tab.URL
	}
	switch {
	case i.MediaType == share.ContextImage || i.MediaType == share.ContextVideo || i.MediaType == share.ContextAudio:
		c.Context = i.MediaType
	case i.LinkURL != "":
		c.Context = share.ContextLink
	case strings.TrimSpace(i.SelectionText) != "":
		c.Context = share.ContextSelection
	default:
		c.Context = share.ContextPage
	}
	return c
}

// menuClicked sends what was clicked to the item's chat, or leaves it for
// the picker.
func (c *Core) menuClicked(ctx context.Context, arg string) error {
	var m MenuClick
	if err := json.Unmarshal([]byte(arg), &m); err != nil {
		return msg.BadMenuClick.Err()
	}
	plan, err := c.planOf(ctx, clickOf(m))
	if err != nil {
		c.notifyShareFailed(ctx, err)
		return nil
	}
	id := m.Info.MenuItemID
	if rest, ok := strings.CutPrefix(id, menuToPrefix); ok {
		var r recentChat
		if err := json.Unmarshal([]byte(rest), &r); err != nil || (r.NickName == "" && r.RemarkName == "") {
			return msg.BadMenuItem.Err(id)
		}
		acct := c.popupAccount(ctx)
		var made string
		if _, err := c.env.Storage.Get(ctx, browser.AreaSession, msg.MenuAccountKey, &made); err != nil {
			return err
		}
		if made != acct {
			// An item of a menu made before the popup's account changed:
			// its chat is another account's, and one of the same name
			// here may be another person. Its id is made of the names
			// alone, the same for that person's item in this account's
			// menu: the menu's account tells (a look for the id in this
			// account's menu, which read and decoded the contact list at
			// every click, could not). The picker chooses.
			return c.choose(ctx, plan)
		}
		return c.shareTo(ctx, plan, r, acct)
	}
	return c.choose(ctx, plan)
}

// command runs a keyboard command: the page goes to the chat used last
// (to the picker when there is none yet).
func (c *Core) command(ctx context.Context, arg string) error {
	var cmd Command
	if err := json.Unmarshal([]byte(arg), &cmd); err != nil {
		return msg.BadCommand.Err()
	}
	if cmd.Command != CommandSendPage {
		return nil
	}
	plan, err := c.planOf(ctx, share.Click{Context: share.ContextPage, PageURL: cmd.Tab.URL, PageTitle: cmd.Tab.Title})
	if err != nil {
		c.notifyShareFailed(ctx, err)
		return nil
	}
	acct := c.popupAccount(ctx)
	recents, err := c.recentsOf(ctx, acct)
	if err != nil {
		return err
	}
	if len(recents) == 0 {
		return c.choose(ctx, plan)
	}
	return c.shareTo(ctx, plan, recents[0], acct)
}

// planOf is share.PlanOf, with the last check that nothing the plan
// keeps or sends holds a secret of the session by its value (a selection
// of the page, a URL of another host that carries one).
func (c *Core) planOf(ctx context.Context, click share.Click) (share.Plan, error) {
	plan, err := share.PlanOf(click)
	if err != nil {
		return plan, err
	}
	texts := []string{plan.Text}
	if src := plan.Source; src != nil {
		texts = append(texts, src.URL, src.Page)
	}
	// Every account's secrets, not the popup's alone: a click on the page
	// of another account (web.wechat.com beside wx.qq.com) holds that
	// account's (security.md row 94).
	for _, s := range c.secretsOfEveryAccount(ctx) {
		for _, t := range texts {
			if s.Leaks(t) {
				return share.Plan{}, &msg.Error{Code: msg.ErrSessionSecret}
			}
		}
	}
	return plan, nil
}

// secretsOfEveryAccount are the sessions of the accounts stored (logged
// out too: a secret of a session that just ended is still one), with
// their host's data ticket and sid when the host's cookies are that
// account's.
func (c *Core) secretsOfEveryAccount(ctx context.Context) []protocol.Session {
	s, err := c.loadSessions(ctx)
	if err != nil {
		return nil
	}
	out := make([]protocol.Session, 0, len(s.all))
	for _, ps := range s.all {
		ss := protocol.Session{Uin: ps.Uin, Skey: ps.Skey, PassTicket: ps.PassTicket, UserName: ps.UserName, Host: ps.Host}
		if ck, err := c.cookies(ctx, ps.Host); err == nil && ck.ok && ck.uin == ps.Uin {
			ss.Sid, ss.DataTicket = ck.sid, ck.dataTicket
		}
		out = append(out, ss)
	}
	return out
}

// shareTo makes the outbox entry of a plan to a chat known by its names,
// one of acct's (the popup's account when the chat was looked up): the
// entry is that account's even if another became current meanwhile, and
// waits for its login rather than go to a chat of the same names in
// another account.
func (c *Core) shareTo(ctx context.Context, plan share.Plan, r recentChat, acct string) error {
	if acct != "" {
		ctx = outbox.WithAccount(ctx, acct)
	}
	_, err := c.outbox.Add(outbox.ChosenByPerson(ctx), msg.AddBody{
		Recipient: &msg.Recipient{NickName: r.NickName, RemarkName: r.RemarkName, Group: r.Group},
		Text:      plan.Text, Source: plan.Source, Shared: true,
	})
	if err != nil {
		c.notifyShareFailed(ctx, err)
		return nil
	}
	c.outbox.Wait()
	return nil
}

// choose leaves the plan for the popup's picker and opens the popup.
func (c *Core) choose(ctx context.Context, plan share.Plan) error {
	if err := c.env.Storage.Set(ctx, browser.AreaSession, msg.ShareKey, msg.Share{Text: plan.Text, Source: plan.Source, Made: c.env.Clock.Now().UnixMilli()}); err != nil {
		return err
	}
	return c.env.Tabs.Popup(ctx, "")
}

// notifyShareFailed tells the person why a click sent nothing (there is
// no entry to show it on).
func (c *Core) notifyShareFailed(ctx context.Context, err error) {
	e := toMsgError(err)
	_ = c.env.Notifications.Notify(ctx, notificationPrefix+"share", c.env.Runtime.Message("notif_failed"), msg.Text(c.env.Runtime.Message, e))
}

// updateMenus makes the context menu again: the recent chats wxdrop sent
// to, then the page's own recent chats, up to menuChats, and "Choose
// chat…".
func (c *Core) updateMenus(ctx context.Context) error {
	// Two updates at once across an account switch could otherwise
	// leave one account's items recorded as the other's (A's items set
	// after B's, A's account recorded before B's): a click on A's 老张
	// would send as B to B's 老张, another person. A click between the
	// two writes finds the account of the menu before and opens the
	// picker.
	c.menuMu.Lock()
	defer c.menuMu.Unlock()
	// The popup's account: its recent chats, and its chats of the page's
	// list, read from its own list (msg.ContactsKey, the popup's copy,
	// may be the next account's by the time it is read).
	acct := c.popupAccount(ctx)
	recents, err := c.recentsOf(ctx, acct)
	if err != nil {
		return err
	}
	var cs accountContacts
	if acct != "" {
		if _, err := c.env.Storage.Get(ctx, browser.AreaSession, msg.AccountContactsPrefix+acct, &cs); err != nil {
			return err
		}
	}
	if err := c.env.Menus.Set(ctx, menuItems(c.env.Runtime.Message, recents, cs.Contacts)); err != nil {
		return err
	}
	return c.env.Storage.Set(ctx, browser.AreaSession, msg.MenuAccountKey, acct)
}

// popupAccount is the account the popup, the menu and the keyboard
// command act as ("" for none).
func (c *Core) popupAccount(ctx context.Context) string {
	s, err := c.loadSessions(ctx)
	if err != nil {
		return ""
	}
	return s.current
}

// menuItems is the menu of the recent chats.
func menuItems(tr func(string, ...string) string, recents []recentChat, contacts []msg.Contact) []browser.MenuItem {
	chats := make([]recentChat, 0, menuChats)
	seen := map[recentChat]bool{}
	add := func(r recentChat) {
		if len(chats) < menuChats && !seen[r] && (r.NickName != "" || r.RemarkName != "") {
			seen[r] = true
			chats = append(chats, r)
		}
	}
	for _, r := range recents {
		add(r)
	}
	ranked := make([]msg.Contact, 0, len(contacts))
	for _, ct := range contacts {
		// A group not saved to the contacts is not found by its names,
		// which are all an item keeps (security.md row 77): the
		// picker, by "Choose chat…", sends to it.
		if ct.Recent > 0 && !ct.Unsaved {
			ranked = append(ranked, ct)
		}
	}
	sort.Slice(ranked, func(i, j int) bool { return ranked[i].Recent < ranked[j].Recent })
	for _, ct := range ranked {
		add(recentChat{NickName: ct.NickName, RemarkName: ct.RemarkName, Group: ct.Group})
	}
	items := []browser.MenuItem{{ID: menuRoot, Title: tr("menu_send"), Contexts: MenuContexts}}
	for _, r := range chats {
		name := r.RemarkName
		if name == "" {
			name = r.NickName
		}
		items = append(items, browser.MenuItem{ID: ChatMenuID(r.NickName, r.RemarkName, r.Group), Parent: menuRoot, Title: menuTitle(search.Clean(name)), Contexts: MenuContexts})
	}
	if len(chats) > 0 {
		items = append(items, browser.MenuItem{ID: menuSep, Parent: menuRoot, Separator: true, Contexts: MenuContexts})
	}
	items = append(items, browser.MenuItem{ID: menuChoose, Parent: menuRoot, Title: tr("menu_choose"), Contexts: MenuContexts})
	return items
}

// menuTitle keeps a name from being read as a menu's markup: the browser
// puts the selection in place of "%s". (Chromium escapes "&" itself.)
func menuTitle(name string) string { return strings.ReplaceAll(name, "%s", "% s") }

// ChatMenuID is the id of the menu item of a recent chat: its names, so
// that a click finds the chat the item was made for.
func ChatMenuID(nickName, remarkName string, group bool) string {
	b, _ := json.Marshal(recentChat{NickName: nickName, RemarkName: remarkName, Group: group})
	return menuToPrefix + string(b)
}
