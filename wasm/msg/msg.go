// Package msg defines the messages between the extension's pages, its
// content scripts and its service worker, once, for every side: the service
// worker core and the Go-rendered pages import it, and the JavaScript shims
// only forward what it describes.
//
// A message is {"name": Name, "body": <JSON of the body type>}; an answer is
// {"ok": <JSON of the result type>} or {"error": Error}.
package msg

// Names of the requests the service worker answers.
const (
	// GetState → State. From the extension's pages.
	GetState = "state.get"
	// GetContacts → Contacts. From the extension's pages.
	GetContacts = "contacts.get"
	// OpenWeChat → nothing: focuses the web WeChat tab or opens one.
	OpenWeChat = "wechat.open"
	// PageSession: PageSessionBody → nothing. From the content script on a
	// web WeChat tab: what the page knows that cookies do not hold.
	PageSession = "session.page"
	// SetAccount: IDBody (an AccountInfo's ID) → State. From the popup:
	// the account it acts as, when two are logged in.
	SetAccount = "account.set"
)

// Request is the envelope of every message.
type Request struct {
	Name string `json:"name"`
	Body any    `json:"body,omitempty"`
	// Account is the account (AccountInfo.ID) a page showed when the
	// person asked: the worker refuses a request that acts on an account
	// with ErrAccountChanged when it would act as another. Empty: the
	// page showed none, and the worker acts as its current account.
	Account string `json:"account,omitempty"`
}

// Error is a failure told to a person: Code (codes.go) selects the
// localized text, Detail adds what the code leaves open (a server's Ret, a
// file name) and is never a secret.
type Error struct {
	Code   Code   `json:"code"`
	Detail string `json:"detail,omitempty"`
	// Entry is the outbox entry a page API call queued, on every failure
	// after it was queued: a script looks at it or cancels it rather than
	// sending again.
	Entry string `json:"entry,omitempty"`
	// Words, when set, are the words of the detail (Detail.Key), whose
	// place Detail fills: said in the person's language where the error
	// is shown (Text; core's answers, in the browser's language, put
	// them in Detail). Not kept: a refusal is answered, not stored.
	Words Detail `json:"-"`
}

func (e *Error) Error() string {
	if e.Words != "" {
		return string(e.Code) + ": " + string(e.Words) + " " + e.Detail
	}
	if e.Detail != "" {
		return string(e.Code) + ": " + e.Detail
	}
	return string(e.Code)
}

// SessionStatus says whether the extension can send.
type SessionStatus string

const (
	// SessionNone: no web WeChat tab has shown a login yet.
	SessionNone SessionStatus = "none"
	// SessionReady: logged in; sends go out.
	SessionReady SessionStatus = "ready"
	// SessionLoggedOut: the server ended the session (Ret 1100–1102).
	SessionLoggedOut SessionStatus = "logged_out"
)

// State is what the popup shows at the top.
type State struct {
	Status   SessionStatus `json:"status"`
	Host     string        `json:"host,omitempty"`
	UserName string        `json:"userName,omitempty"`
	NickName string        `json:"nickName,omitempty"`
	// HeadImgURL is the account's avatar on the session's host.
	HeadImgURL string `json:"headImgUrl,omitempty"`
	// Account is the ID of the account the popup acts as; Accounts are
	// every account a web WeChat tab has shown, so that the person can
	// switch when two are logged in.
	Account  string        `json:"account,omitempty"`
	Accounts []AccountInfo `json:"accounts,omitempty"`
}

// AccountInfo is one account that a web WeChat tab has shown. ID is a
// salted hash of the account's Uin (the Uin itself is a secret of the
// session and never leaves storage.session); it is what an outbox entry
// records as its account.
type AccountInfo struct {
	ID       string        `json:"id"`
	NickName string        `json:"nickName,omitempty"`
	Host     string        `json:"host,omitempty"`
	Status   SessionStatus `json:"status"`
}

// Contact is a chat the popup can pick.
type Contact struct {
	UserName        string `json:"u"`
	NickName        string `json:"n,omitempty"`
	RemarkName      string `json:"r,omitempty"`
	PYInitial       string `json:"pi,omitempty"`
	PYQuanPin       string `json:"pq,omitempty"`
	RemarkPYInitial string `json:"rpi,omitempty"`
	RemarkPYQuanPin string `json:"rpq,omitempty"`
	HeadImgURL      string `json:"h,omitempty"`
	Group           bool   `json:"g,omitempty"`
	// Alias, Sex, Province and City tell apart two chats of one name
	// when a schedule finds its recipient again in a later login.
	Alias    string `json:"a,omitempty"`
	Sex      int    `json:"s,omitempty"`
	Province string `json:"pr,omitempty"`
	City     string `json:"ci,omitempty"`
	// Recent ranks chats used lately: 1 is the most recent, 0 not recent.
	Recent int `json:"rc,omitempty"`
	// Unsaved: a group not saved to the contacts (webwxgetcontact lists
	// the saved ones only), known from the page's chat list. It is not
	// found by its name: anyone who can add the person to a group makes
	// one of any name (docs/security.md row 77).
	Unsaved bool `json:"us,omitempty"`
}

// Contacts is the answer to GetContacts.
type Contacts struct {
	Contacts []Contact `json:"contacts"`
	// Login is the UserName of the account in the login the list is of
	// (State.UserName then): a list of another login or account is not
	// this state's (a new login renews every UserName, its own too).
	Login string `json:"login,omitempty"`
	// Account is the ID of the account the list is of (State.Account):
	// logged out, a list carries no login to tell it by, and another
	// account's is not this state's either.
	Account string `json:"account,omitempty"`
	// Loading is true while the worker still fetches the list.
	Loading bool `json:"loading,omitempty"`
	// Stamp names the list as written with its SearchList (the same
	// stamp: the same chats in the same order), so that a row the popup's
	// first script made from the SearchList is given the UserName at its
	// position only from the list it was made of.
	Stamp string `json:"stamp,omitempty"`
}

// SearchList is the popup's contact list as its first script
// (extension/pages/instant.js with search.js) searches it before
// popup.wasm runs: the text of each chat, in the order of the Contacts
// of the same Stamp, which is the list's empty-query order
// (search.Sorted). It holds no UserName and no avatar URL: those are most
// of the list's bytes, and reading the whole list was most of the wait
// for the first keystroke's answer (issue 15).
type SearchList struct {
	// Login is the Contacts' Login: a list of another login or account
	// than the state's is not searched.
	Login string `json:"login,omitempty"`
	Stamp string `json:"stamp,omitempty"`
	// Display and Nick are what a row shows (search.Index's Display and
	// Nick); Keys the searchable fields, cleaned and lower-cased, joined
	// by NUL (Index.Keys).
	Display []string `json:"d"`
	Nick    []string `json:"k"`
	Keys    []string `json:"s"`
	// Split holds, by position, the six fields of a chat whose names hold
	// a NUL, which Keys cannot tell apart.
	Split map[string][]string `json:"x,omitempty"`
	// Groups are the positions of the group chats.
	Groups []int `json:"g,omitempty"`
}

// PageSessionBody is what the web WeChat page holds in memory (§1.1):
// PassTicket is empty after a reload (§1.3).
type PageSessionBody struct {
	Skey       string `json:"skey"`
	PassTicket string `json:"passTicket,omitempty"`
	UserName   string `json:"userName"`
	NickName   string `json:"nickName,omitempty"`
	// Uin is the page's own account (its login's User.Uin, in memory;
	// 0 when the page does not say): the worker takes a page only as the
	// account of the host's wxuin cookie, and a page of another account
	// (a second account logged in in another tab of the host) as none.
	Uin int64  `json:"uin,omitempty"`
	Sid string `json:"sid,omitempty"`
	// Chats are the UserNames of the page's chat list, most recent first.
	Chats []string `json:"chats,omitempty"`
	// LoggedOut: the page shows its login screen (the server rendered it
	// with MMCgi.isLogin false); the rest is empty.
	LoggedOut bool `json:"loggedOut,omitempty"`
}

// TabSession is what the content script sends with each page API call
// and each batch of page messages: the page's session at that moment
// (nil while the page starts and knows nothing yet), so that the worker
// acts in the tab's newest session and never a previous one.
type TabSession struct {
	Session *PageSessionBody `json:"session,omitempty"`
}

// Storage keys. Session secrets are only ever under SessionsKey in
// chrome.storage.session (memory only), never in storage.local.
const (
	// SessionsKey: storage.session: one session per account (by
	// AccountInfo.ID), secrets included. Two accounts on two hosts
	// (wx.qq.com and web.wechat.com keep separate cookies) live side by
	// side; no tab overwrites another account's session.
	SessionsKey = "sessions"
	// TabsKey: storage.session: the account each web WeChat tab showed
	// last, by tab id.
	TabsKey = "tabs"
	// AccountKey: storage.session: the ID of the account the popup acts as.
	AccountKey  = "account"
	StateKey    = "state"    // storage.session: State (of the popup's account)
	ContactsKey = "contacts" // storage.session: Contacts (of the popup's account)
	// AccountContactsPrefix + an account's ID: storage.session: that
	// account's contact list, with the login it belongs to.
	AccountContactsPrefix = "contacts."
	// AccountSaltKey: storage.local: the random salt of the account IDs.
	AccountSaltKey = "accountSalt"
	// AccountIDsKey: storage.session: the account IDs made in this
	// browser session, by Uin (never in storage.local: it names the Uins).
	AccountIDsKey = "accountIDs"
	RecentKey     = "recent" // storage.local: recent chats by name, no secrets
	// MenuAccountKey: storage.session: the account whose chats the
	// context menu lists (its items are named by the chats' names only).
	MenuAccountKey = "menuAccount"
)

// IndexedDB holding the files of the outbox (FileRef).
const (
	FileDB    = "wxdrop"
	FileStore = "files"
)

// SnapshotKey (storage.session, memory only) is the list the popup showed
// last, which its first script (extension/pages/instant.js) shows before
// popup.wasm runs. Its avatar URLs carry the skey: it never goes to
// storage.local.
const SnapshotKey = "popupSnapshot"

// SearchKey (storage.session, memory only) is the SearchList of the
// popup's account, written with ContactsKey.
const SearchKey = "popupSearch"
