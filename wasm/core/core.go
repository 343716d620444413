package core

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/recall"
)

// Core answers the messages of the extension's pages and content scripts.
type Core struct {
	env  Env
	opts []protocol.Option

	outbox *outbox.Outbox

	mu       sync.Mutex
	rulesSet bool
	// ruleSet makes each install of the session rules one at a time;
	// cookieSite is the site the cookie rule holds a download's cookies
	// to ("" when none is in place: cookierule.go).
	ruleSet    sync.Mutex
	cookieSite string
	// salt is the account IDs' salt (msg.AccountSaltKey), once read;
	// ids are the IDs made with it, by Uin.
	salt string
	ids  map[int64]string
	// sessMu makes the changes of the sessions' record one at a time.
	sessMu sync.Mutex
	// refreshing: a background contact refresh runs for the account.
	refreshing map[string]bool
	// listMu: one account's contact list is fetched or ranked by one
	// caller at a time (the others then find it fresh).
	listMu map[string]*sync.Mutex
	// listGen counts the writes of each account's contact list, and
	// listMemo is each list as last read (readList).
	listGen  map[string]uint64
	listMemo map[string]listMemo
	// bg tracks work started by a message that outlives its answer.
	bg sync.WaitGroup
	// rulesMu makes the rules take one batch of messages at a time, and
	// guards their state.
	rulesMu sync.Mutex
	// newChatFetch: when an incoming message of a chat not in the list
	// last made an account's list be fetched (withNewChats; rulesMu).
	newChatFetch map[string]time.Time
	// newChatMissed: the chats of incoming messages such a fetch did not
	// find, by account (rulesMu).
	newChatMissed map[string]*missedChats
	// saving is set while the auto-saves run.
	saving bool
	// bridgeMu orders the file bridge's tokens and waiting files, and
	// the page API's downloads (downloading: those under way).
	bridgeMu    sync.Mutex
	downloading int
	// friendsMu guards the friend requests' record across an accept.
	friendsMu sync.Mutex
	// menuMu makes each update of the context menu one step: its items
	// and the account they are of (msg.MenuAccountKey) are written
	// together, never interleaved with another update's.
	menuMu sync.Mutex
	// popupWrite is held by the one writer of the popup's two lists
	// (lockPopupList), from its read of the popup's account to its last
	// write: two writers interleaved (publish under sessMu, a fetch or a
	// rerank under listMu) left the contact list of one beside the search
	// list of the other, of another stamp until the next write, and the
	// popup's first keystroke without UserNames; or a list of the
	// account before a switch written after the new account's. A
	// channel, so that a writer waiting for it gives up with its context.
	popupWrite chan struct{}
	// popupListOf is the account whose list the popup's two lists hold
	// as its last write left it ("" when not known), under popupWrite:
	// publish, called at every change of a session (a chat moved to the
	// top of the page's list is one), writes them only for another
	// account. It wrote them each time, the index built and sorted (some
	// 30 ms as WebAssembly at 5,000 contacts), before rerank's write of
	// the new ranks.
	popupListOf string
	// recallMu guards the kept messages' index (recall.go) and keeping,
	// the media keys downloading.
	recallMu sync.Mutex
	keeping  map[string]bool
	// keepQueue are the kept media waiting to be downloaded, by the one
	// keeper under way (keeper): one download at a time.
	keepQueue []recall.Item
	keeper    bool
	// savesPerHour bounds the bytes the save rules save in an hour
	// (SaveBytesPerHour; smaller in tests).
	savesPerHour int64
	// readMu guards lastRead, the outbox record's read that waiting page
	// calls share (recordSince).
	readMu   sync.Mutex
	lastRead *outboxRead
}

// New returns a core over env; opts go to every protocol client it makes.
func New(env Env, opts ...protocol.Option) *Core {
	c := &Core{env: env, opts: opts, refreshing: map[string]bool{}, ids: map[int64]string{}, listMu: map[string]*sync.Mutex{}, listGen: map[string]uint64{}, listMemo: map[string]listMemo{}, popupWrite: make(chan struct{}, 1), savesPerHour: SaveBytesPerHour}
	c.outbox = c.newOutbox()
	return c
}

// Wait blocks until the background work started so far is done (tests).
func (c *Core) Wait() {
	c.bg.Wait()
	c.outbox.Wait()
}

// Sender is who sent a message, as the browser tells it.
type Sender struct {
	// ID is the sending extension's id; only ours is answered.
	ID string `json:"id"`
	// URL is the sending page or frame.
	URL string `json:"url"`
	// TabURL is the URL of the sender's tab, for content scripts.
	TabURL string `json:"tabUrl,omitempty"`
	TabID  int    `json:"tabId,omitempty"`
	// Origin of the extension's own pages, e.g. chrome-extension://<id>/.
	Self string `json:"self"`
	// NetIncoming: the worker takes the incoming messages of the network
	// (Firefox, whose background page reads the page's webwxsync
	// answers: docs/security.md row 24), so the content scripts' report
	// of them (netFed) is ignored. The shim (sw.js) sets it on every
	// sender; no content script or page has a say in it.
	NetIncoming bool `json:"netIncoming,omitempty"`
	// Net: the shim itself read the message's content from the network.
	Net bool `json:"net,omitempty"`
}

// netFed: the message carries the incoming messages to the worker. Here
// and for incomingType and keptMedia, a comparison and not a map: a map
// is built at package init, at every wake of the worker (the three were
// 2.8 KB of the function bodies V8 compiles before core ready).
func netFed(name string) bool { return name == msg.PageMessages || name == msg.RecallMessages }

// ignored is the answer to a report of incoming messages that does not
// count (Sender.NetIncoming): the same as with the rules and keeping off.
func ignored(name string) any {
	if name == msg.RecallMessages {
		return msg.RecallAnswer{Revokes: []msg.Revoke{}}
	}
	return nil
}

func (s Sender) fromExtensionPage() bool {
	return s.Self != "" && strings.HasPrefix(s.URL, s.Self)
}

// fromWeChatTab: a content script of ours in a top-level web WeChat page.
func (s Sender) fromWeChatTab() (host string, ok bool) {
	for _, u := range []string{s.TabURL, s.URL} {
		if !strings.HasPrefix(u, "https://") {
			return "", false
		}
	}
	h := strings.TrimPrefix(s.TabURL, "https://")
	if i := strings.IndexAny(h, "/?#"); i >= 0 {
		h = h[:i]
	}
	if _, err := protocol.HostsFor(h); err != nil {
		return "", false
	}
	return h, true
}

type answer struct {
	OK    any        `json:"ok,omitempty"`
	Error *msg.Error `json:"error,omitempty"`
}

// Handle answers one message (JSON of msg.Request) and returns the JSON of
// the answer. Unknown names, malformed bodies and senders that may not ask
// get an error answer; nothing panics on input.
func (c *Core) Handle(ctx context.Context, raw []byte, from Sender) []byte {
	res, err := c.handle(ctx, raw, from)
	var a answer
	if err != nil {
		a.Error = c.worded(toMsgError(err))
	} else {
		a.OK = res
		if res == nil {
			a.OK = struct{}{}
		}
	}
	b, _ := json.Marshal(a)
	return b
}

type handlerFunc func(c *Core, ctx context.Context, body json.RawMessage, from Sender) (any, error)

// senders says who may send a message, in the handlers table.
type senders uint8

const (
	// pages: the extension's own pages (popup, options), for a request
	// that acts on no account's chats (a read, a setting, the switch of
	// account itself).
	pages senders = iota
	// pagesChecked: the extension's pages, for a request made by a person
	// who looked at the account the page shows (msg.Request.Account):
	// refused once another account is current (the one shown logged out,
	// or was switched to; the file helper's UserName is the same in every
	// account, so a chat alone does not tell). The requests on one entry
	// or run are only checked: the entry keeps its own account, and a run
	// of another account is not refused for being another's
	// (outbox.DoRun).
	pagesChecked
	// pagesBound: checked, then done as that account even if the current
	// one changes while the request is under way (outbox.WithAccount).
	pagesBound
	// tab: a content script on a web WeChat tab; the message is handled
	// in that tab's session, taken first from the page's session it
	// carries (tabAccount).
	tab
	// tabReport: a content script on a web WeChat tab telling its
	// session: it is the session, nothing is taken before it.
	tabReport
	// pagesOrTab: either (the file bridge's claim comes from its frame,
	// an extension page, or from the worker's own store over a content
	// script's port).
	pagesOrTab
)

// handlers is the table of named messages; each says who may send it
// and, for the pages' requests, what it does with the account the page
// showed.
var handlers = map[string]struct {
	from senders
	fn   handlerFunc
}{
	msg.GetState: {pages, func(c *Core, ctx context.Context, _ json.RawMessage, _ Sender) (any, error) { return c.state(ctx) }},
	msg.GetContacts: {pages, func(c *Core, ctx context.Context, _ json.RawMessage, _ Sender) (any, error) {
		return c.contactList(ctx)
	}},
	msg.OutboxAdd:     {pagesBound, (*Core).outboxAdd},
	msg.OutboxEdit:    {pagesChecked, (*Core).outboxEdit},
	msg.OutboxCancel:  {pagesChecked, (*Core).outboxCancel},
	msg.OutboxSendNow: {pagesChecked, (*Core).outboxSendNow},
	// Runs to many chats (many.go).
	msg.OutboxRunAdd:    {pagesBound, (*Core).outboxRunAdd},
	msg.OutboxRunGet:    {pages, runAction(msg.OutboxRunGet, outbox.RunGet)},
	msg.OutboxRunPause:  {pagesChecked, runAction(msg.OutboxRunPause, outbox.RunPause)},
	msg.OutboxRunResume: {pagesChecked, runAction(msg.OutboxRunResume, outbox.RunResume)},
	msg.OutboxRunStop:   {pagesChecked, runAction(msg.OutboxRunStop, outbox.RunStop)},
	msg.OutboxClear: {pages, func(c *Core, ctx context.Context, _ json.RawMessage, _ Sender) (any, error) {
		return nil, c.outbox.Clear(ctx)
	}},
	msg.GetSettings: {pages, func(c *Core, ctx context.Context, _ json.RawMessage, _ Sender) (any, error) {
		return c.outbox.Settings(ctx)
	}},
	msg.SetSettings: {pages, (*Core).setSettings},
	msg.OpenWeChat: {pages, func(c *Core, ctx context.Context, _ json.RawMessage, _ Sender) (any, error) {
		return nil, c.openWeChat(ctx)
	}},
	msg.PageSession: {tabReport, (*Core).pageSession},
	msg.SetAccount: {pages, func(c *Core, ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
		b, err := decode[msg.IDBody](body, msg.SetAccount)
		if err != nil {
			return nil, err
		}
		return c.setAccount(ctx, b.ID)
	}},
	msg.APICall: {tab, (*Core).apiCall},
	msg.GetAutomation: {pages, func(c *Core, ctx context.Context, _ json.RawMessage, _ Sender) (any, error) {
		return c.automation(ctx)
	}},
	msg.SetAutomation:  {pages, (*Core).setAutomation},
	msg.GetRules:       {pages, (*Core).getRules},
	msg.SetRules:       {pagesBound, (*Core).setRules},
	msg.PageMessages:   {tab, (*Core).pageMessages},
	msg.BridgeToken:    {tab, (*Core).bridgeToken},
	msg.BridgeClaim:    {pagesOrTab, (*Core).bridgeClaim},
	msg.GetFriends:     {pages, (*Core).getFriends},
	msg.SetFriends:     {pages, (*Core).setFriends},
	msg.AcceptFriend:   {pagesBound, (*Core).acceptFriendMsg},
	msg.ExportContacts: {pagesBound, (*Core).exportContactsMsg},
	msg.GetRecall:      {pages, (*Core).getRecall},
	msg.SetRecall:      {pages, (*Core).setRecall},
	msg.RecallMessages: {tab, (*Core).recallMessages},
	msg.ExportMessages: {pages, (*Core).exportMessagesMsg},
	msg.KeptChats:      {pages, (*Core).keptChatsMsg},
}

// asShown is ctx acting as the account the page showed, for a request
// whose entry in handlers says it acts as it (pagesChecked, pagesBound);
// an error when another is current. A request that names no account (a
// page that showed none) acts as the current one, as before.
func (c *Core) asShown(ctx context.Context, use senders, shown string) (context.Context, error) {
	if use == pages || shown == "" {
		return ctx, nil
	}
	s, err := c.loadSessions(ctx)
	if err != nil {
		return ctx, err
	}
	if s.current != shown {
		return ctx, &msg.Error{Code: msg.ErrAccountChanged}
	}
	if use == pagesBound {
		ctx = outbox.WithAccount(ctx, shown)
	}
	return ctx, nil
}

func (c *Core) handle(ctx context.Context, raw []byte, from Sender) (any, error) {
	var req struct {
		Name    string          `json:"name"`
		Body    json.RawMessage `json:"body"`
		Account string          `json:"account"`
	}
	if err := json.Unmarshal(raw, &req); err != nil {
		return nil, msg.BadNotMessage.Err()
	}
	h, ok := handlers[req.Name]
	if !ok {
		return nil, msg.BadUnknownMessage.Err(req.Name)
	}
	if from.ID != c.env.Runtime.ID() {
		return nil, &msg.Error{Code: msg.ErrNotAllowed}
	}
	host, inTab := from.fromWeChatTab()
	switch h.from {
	case pages, pagesChecked, pagesBound:
		if !from.fromExtensionPage() {
			return nil, &msg.Error{Code: msg.ErrNotAllowed}
		}
		var err error
		if ctx, err = c.asShown(ctx, h.from, req.Account); err != nil {
			return nil, err
		}
	case tab:
		if !inTab {
			return nil, &msg.Error{Code: msg.ErrNotAllowed}
		}
		if netFed(req.Name) && from.NetIncoming && !from.Net {
			return ignored(req.Name), nil
		}
		// Whatever a tab asks is done in that tab's session.
		ctx = outbox.WithAccount(ctx, c.tabAccount(ctx, host, from.TabID, req.Body))
	case tabReport:
		if !inTab {
			return nil, &msg.Error{Code: msg.ErrNotAllowed}
		}
	case pagesOrTab:
		if !inTab && !from.fromExtensionPage() {
			return nil, &msg.Error{Code: msg.ErrNotAllowed}
		}
	}
	return h.fn(c, ctx, req.Body, from)
}

// tabAccount is the account of the tab a call came from: the call carries
// the page's session at that moment (msg.TabSession), which is taken
// first, so that nothing goes with a previous session; a call without one
// (the page still starting) acts for the account the tab showed last.
// "" is a tab without a session.
func (c *Core) tabAccount(ctx context.Context, host string, tab int, body json.RawMessage) string {
	var ts msg.TabSession
	if json.Unmarshal(body, &ts) == nil && ts.Session != nil {
		if ts.Session.LoggedOut || ts.Session.Skey != "" {
			id, _ := c.takePageSession(ctx, host, tab, *ts.Session)
			return id
		}
	}
	s, err := c.loadSessions(ctx)
	if err != nil {
		return ""
	}
	id := s.tabs[tabKey(tab)]
	if ps, ok := s.all[id]; !ok || ps.Host != host {
		return ""
	}
	return id
}

func (c *Core) pageSession(ctx context.Context, body json.RawMessage, from Sender) (any, error) {
	var b msg.PageSessionBody
	if err := json.Unmarshal(body, &b); err != nil {
		return nil, msg.BadPageSession.Err()
	}
	host, _ := from.fromWeChatTab()
	_, err := c.takePageSession(ctx, host, from.TabID, b)
	if errors.Is(err, errNoSession) {
		// A login screen is news, not a failure.
		err = nil
	}
	return nil, err
}

func (c *Core) openWeChat(ctx context.Context) error {
	tabs, err := c.env.Tabs.WeChat(ctx)
	if err != nil {
		return err
	}
	if len(tabs) > 0 {
		return c.env.Tabs.Focus(ctx, tabs[0])
	}
	host := "wx.qq.com"
	if _, ps, _ := c.session(ctx); ps.Host != "" {
		host = ps.Host
	}
	return c.env.Tabs.Open(ctx, "https://"+host+"/")
}

// toMsgError turns what went wrong into a code a page can put in words.
func toMsgError(err error) *msg.Error { return outbox.ErrorOf(err) }

// worded is e as a page or a script reads it: a detail of wxdrop's own
// words (Error.Words) said in the browser's language, in Detail. The
// page API's sentence puts Detail in the code's words: a Chinese
// person's was "这次调用不接受这些参数：sendText takes (to, text)".
func (c *Core) worded(e *msg.Error) *msg.Error {
	if e == nil || e.Words == "" {
		return e
	}
	w := *e
	w.Detail, w.Words = msg.Said(c.env.Runtime.Message, e), ""
	return &w
}
