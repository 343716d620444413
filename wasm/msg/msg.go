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
)

// Request is the envelope of every message.
type Request struct {
	Name string `json:"name"`
	Body any    `json:"body,omitempty"`
}

// Error is a failure told to a person: Code selects the localized text
// (_locales key "err_<Code>"), Detail adds what the code leaves open (a
// server's Ret, a file name) and is never a secret.
type Error struct {
	Code   string `json:"code"`
	Detail string `json:"detail,omitempty"`
}

func (e *Error) Error() string {
	if e.Detail != "" {
		return e.Code + ": " + e.Detail
	}
	return e.Code
}

// Error codes.
const (
	ErrLoggedOut    = "LOGGED_OUT"    // no session, or the server says it ended
	ErrTooFrequent  = "TOO_FREQUENT"  // Ret 1205; nothing was sent
	ErrUncertain    = "UNCERTAIN"     // the message may have been sent
	ErrNetwork      = "NETWORK"       // no answer; nothing was sent
	ErrServer       = "SERVER"        // another refusal; Detail has the Ret
	ErrEmptyFile    = "EMPTY_FILE"    // the page refuses empty files
	ErrFileGone     = "FILE_GONE"     // the Blob is no longer in IndexedDB
	ErrFileRead     = "FILE_READ"     // the Blob could not be read
	ErrNotFound     = "NOT_FOUND"     // no such chat in this login
	ErrBadRequest   = "BAD_REQUEST"   // a message the worker does not take
	ErrNotAllowed   = "NOT_ALLOWED"   // from a sender that may not ask it
	ErrEmptyMessage = "EMPTY_MESSAGE" // nothing to send
)

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
}

// Contacts is the answer to GetContacts.
type Contacts struct {
	Contacts []Contact `json:"contacts"`
	// Loading is true while the worker still fetches the list.
	Loading bool `json:"loading,omitempty"`
}

// PageSessionBody is what the web WeChat page holds in memory (§1.1):
// PassTicket is empty after a reload (§1.3).
type PageSessionBody struct {
	Skey       string `json:"skey"`
	PassTicket string `json:"passTicket,omitempty"`
	UserName   string `json:"userName"`
	NickName   string `json:"nickName,omitempty"`
	Uin        int64  `json:"uin,omitempty"`
	Sid        string `json:"sid,omitempty"`
	// Chats are the UserNames of the page's chat list, most recent first.
	Chats []string `json:"chats,omitempty"`
	// LoggedOut: the page shows its login screen (the server rendered it
	// with MMCgi.isLogin false); the rest is empty.
	LoggedOut bool `json:"loggedOut,omitempty"`
}

// Storage keys. Session secrets are only ever under SessionKey in
// chrome.storage.session (memory only), never in storage.local.
const (
	SessionKey  = "session"  // storage.session: the session, secrets included
	StateKey    = "state"    // storage.session: State
	ContactsKey = "contacts" // storage.session: Contacts
	RecentKey   = "recent"   // storage.local: recent chats by name, no secrets
)

// IndexedDB holding the files of the outbox (FileRef).
const (
	FileDB    = "wxdrop"
	FileStore = "files"
)

// SnapshotKey (storage.session, memory only) is the list the popup showed
// last, which its first script (extension/pages/instant.js) shows before
// ui.wasm runs. Its avatar URLs carry the skey: it never goes to
// storage.local.
const SnapshotKey = "popupSnapshot"
