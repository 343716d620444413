package core

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"sync"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// The page API's methods, as the worker's messages are (handlers,
// core.go): one table, by name, of what each takes and answers. The
// names are msg.Method… (wasm/msg/apimethods.go); TestPageAPIMethods
// checks that window.wxdrop (extension/content/page.js), the content
// script's relay (isolated.js) and the README have exactly these.

// apiReach says which script makes a call of a method, and so where the
// test looks for it.
type apiReach uint8

const (
	// member: window.wxdrop's member of that name calls it (page.js).
	member apiReach = iota
	// inPage: a member of window.wxdrop that page.js answers itself;
	// it never reaches the worker, which answers it NO_METHOD.
	inPage
	// inner: page.js calls it for a member of another name (downloadFile,
	// for download's file attachments); not a member itself.
	inner
	// relay: the content script's own call (isolated.js); not a member.
	relay
)

// apiEntry says what the id the content script makes for a call's outbox
// entry (msg.APICallBody.Entry) is to a method: its answer to a worker
// that stops during the call (the worker may, at any time).
type apiEntry uint8

const (
	// noEntry: the call makes no entry; asked again, it is done again.
	noEntry apiEntry = iota
	// makesEntry: the entry or run it makes takes the id, so that the
	// call asked again makes none a second time (schedule, sendMany).
	makesEntry
	// sendsEntry: the message's entry takes the id, and the call asked again
	// asks for that entry's outcome instead (outcome): a send never
	// asked twice reaches WeChat at most once. SENDS in isolated.js.
	sendsEntry
)

// apiHandler answers a call: its arguments (JSON) and what the content
// script says of it besides.
type apiHandler func(c *Core, ctx context.Context, args json.RawMessage, sc apiSendCall) (any, error)

// apiMethods is the table of the page API's methods: who calls each, what
// its entry id is to it, and its handler. Adding one (docs/architecture.md
// has the recipe): its msg.Method… constant and argument and result
// types, a row here with its handler, the member in page.js, its call in
// isolated.js's METHODS (and SENDS), its words in the README;
// TestPageAPIMethods names whichever is missing.
//
// It is made at the first call, not at the worker's start (issue 15,
// goal 3): a wake for anything else (the popup, an alarm) neither builds
// it nor compiles the code that does. The Go part of a wake is mostly V8
// compiling each function the first time it runs; made at package init,
// the table (its typed handlers, reflect) put 10.3 KB more function
// bodies before core ready (468.0 KB with it, 457.8 KB without; a
// hello-world Go program compiles 331 KB. V8's
// --trace-wasm-compilation-times under Node, up to wxdropCoreReady).
func apiMethods() map[msg.APIMethod]apiMethod {
	apiMethodsOnce.Do(func() {
		apiMethodsTable = map[msg.APIMethod]apiMethod{
			msg.MethodReady:    {inPage, noEntry, nil},
			msg.MethodDownload: {inPage, noEntry, nil},
			msg.MethodAvatar:   {inPage, noEntry, nil},
			msg.MethodOn:       {inPage, noEntry, nil},
			msg.MethodOff:      {inPage, noEntry, nil},

			msg.MethodMe:             {member, noEntry, typed(msg.BadUsageMe, (*Core).apiMe)},
			msg.MethodContacts:       {member, noEntry, typed(msg.BadUsageContacts, (*Core).apiContactList)},
			msg.MethodSendText:       {member, sendsEntry, typed(msg.BadUsageSendText, (*Core).apiSendText)},
			msg.MethodSendFile:       {member, sendsEntry, typed(msg.BadUsageSendFile, (*Core).apiSendFile)},
			msg.MethodSendEmoticon:   {member, sendsEntry, typed(msg.BadUsageSendEmoticon, (*Core).apiSendEmoticon)},
			msg.MethodSchedule:       {member, makesEntry, typed(msg.BadUsageSchedule, (*Core).apiSchedule)},
			msg.MethodScheduled:      {member, noEntry, typed(msg.BadUsageScheduled, (*Core).apiScheduled)},
			msg.MethodCancel:         {member, noEntry, typed(msg.BadUsageCancel, (*Core).apiCancel)},
			msg.MethodSendMany:       {member, makesEntry, typed(msg.BadUsageSendMany, (*Core).apiSendMany)},
			msg.MethodRun:            {member, noEntry, typed(msg.BadUsageRun, (*Core).apiRun)},
			msg.MethodRevoke:         {member, noEntry, typed(msg.BadUsageRevoke, (*Core).apiRevoke)},
			msg.MethodAcceptFriend:   {member, noEntry, typed(msg.BadUsageAcceptFriend, (*Core).apiAcceptFriend)},
			msg.MethodExportContacts: {member, noEntry, typed(msg.BadUsageExportContacts, (*Core).apiExportContacts)},
			msg.MethodExportMessages: {member, noEntry, typed(msg.BadUsageExportMessages, (*Core).apiExportMessages)},

			msg.MethodDownloadFile: {inner, noEntry, typed(msg.BadUsageDownloadFile, (*Core).apiDownloadFile)},
			msg.MethodOutcome:      {relay, noEntry, typed(msg.BadUsageOutcome, (*Core).apiOutcomeAgain)},
		}
	})
	return apiMethodsTable
}

var (
	apiMethodsOnce  sync.Once
	apiMethodsTable map[msg.APIMethod]apiMethod
)

// apiMethod is a row of apiMethods.
type apiMethod struct {
	reach apiReach
	entry apiEntry
	fn    apiHandler
}

// typed makes the handler of a method whose arguments are *A (PA) and
// whose answer is R: the arguments are decoded here, once, into a new A
// (none is the zero A); arguments that are not an A are BAD_REQUEST,
// usage the detail. PA and R are pointers (or slices), not structs, so
// that the methods share a few compiled copies of typed: a copy for each
// method, with structs as its type arguments, measured 46 KB more of
// core.wasm (the table costs 30 KB more than the switch it replaced).
func typed[PA, R any](usage msg.Detail, fn func(c *Core, ctx context.Context, args PA, sc apiSendCall) (R, error)) apiHandler {
	t := reflect.TypeFor[PA]().Elem()
	return func(c *Core, ctx context.Context, raw json.RawMessage, sc apiSendCall) (any, error) {
		args := reflect.New(t).Interface().(PA)
		if len(raw) > 0 && json.Unmarshal(raw, args) != nil {
			return nil, usage.Err()
		}
		res, err := fn(c, ctx, args, sc)
		if err != nil {
			return nil, err
		}
		return res, nil
	}
}

// apiCall runs one call of window.wxdrop: API_OFF unless the person
// allows the API, NO_METHOD for a name the table has no handler of.
func (c *Core) apiCall(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	call, err := decode[msg.APICallBody](body, msg.APICall)
	if err != nil {
		return nil, err
	}
	if err := c.apiOn(ctx); err != nil {
		return nil, err
	}
	m, ok := apiMethods()[call.Method]
	if !ok || m.fn == nil {
		return nil, &msg.Error{Code: msg.ErrNoMethod, Detail: string(call.Method)}
	}
	return m.fn(c, ctx, json.RawMessage(call.Args), apiSendCall{entry: call.Entry, wait: apiWait(call)})
}

// apiMe is the tab's account. The tab's session was taken (handle); me
// answers once its chats are loaded too, so that a call after
// wxdrop.ready finds its chat by name at once.
func (c *Core) apiMe(ctx context.Context, _ *struct{}, _ apiSendCall) (*msg.APIMe, error) {
	if _, err := c.apiChats(ctx); err != nil {
		return nil, err
	}
	_, ps, err := c.session(ctx)
	if err != nil {
		return nil, err
	}
	return &msg.APIMe{UserName: ps.UserName, NickName: search.Clean(ps.NickName)}, nil
}

// apiContactList is wxdrop.contacts({query}).
func (c *Core) apiContactList(ctx context.Context, a *msg.APIContactsArgs, _ apiSendCall) ([]msg.APIContact, error) {
	chats, err := c.apiChats(ctx)
	if err != nil {
		return nil, err
	}
	return apiContacts(chats, a.Query), nil
}

func (c *Core) apiSendText(ctx context.Context, a *msg.APISendTextArgs, sc apiSendCall) (*msg.APISent, error) {
	return c.apiSend(ctx, sc, a.To, msg.AddBody{Text: a.Text})
}

// apiSendEmoticon sends a sticker by its MD5 (a GIF goes as sendFile).
func (c *Core) apiSendEmoticon(ctx context.Context, a *msg.APISendEmoticonArgs, sc apiSendCall) (*msg.APISent, error) {
	md5 := strings.ToLower(strings.TrimSpace(a.MD5))
	if !protocol.IsMD5Hex(md5) {
		return nil, msg.BadStickerMD5.Err()
	}
	return c.apiSend(ctx, sc, a.To, msg.AddBody{Emoticon: md5})
}

// apiOutcomeAgain answers the content script asking again after the
// worker stopped during a send: no entry of that id means it was never
// queued.
func (c *Core) apiOutcomeAgain(ctx context.Context, _ *struct{}, sc apiSendCall) (*msg.APISent, error) {
	if sc.entry == "" {
		return nil, msg.BadOutcomeEntry.Err()
	}
	return c.apiOutcome(ctx, sc)
}

// apiExportContacts is wxdrop.exportContacts({format}).
func (c *Core) apiExportContacts(ctx context.Context, a *msg.ExportBody, _ apiSendCall) (*msg.Export, error) {
	e, err := c.exportContacts(ctx, a.Format)
	return &e, err
}
