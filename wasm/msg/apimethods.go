package msg

import (
	"math"
	"strconv"

	"github.com/wxdrop/wxdrop/wasm/friends"
)

// APIMethod names a method of the page API: a member of window.wxdrop, or
// a call its scripts make for one. The names are defined here, once; the
// worker's table of methods (apiMethods, wasm/core/apimethods.go) has a
// row for each, and its test checks that extension/content/page.js and
// isolated.js offer and relay exactly these, and that the README
// documents every member.
type APIMethod string

// The members of window.wxdrop that the worker answers (APICall), each
// with its arguments (the call's Args) → what it resolves with.
const (
	MethodMe       APIMethod = "me"       // nothing → APIMe
	MethodContacts APIMethod = "contacts" // APIContactsArgs → []APIContact
	// The sends resolve with APISent once the message went.
	MethodSendText     APIMethod = "sendText"     // APISendTextArgs → APISent
	MethodSendFile     APIMethod = "sendFile"     // APISendFileArgs → APISent
	MethodSendEmoticon APIMethod = "sendEmoticon" // APISendEmoticonArgs → APISent (a GIF goes as sendFile)
	MethodSchedule     APIMethod = "schedule"     // APIScheduleArgs → APIID
	MethodScheduled    APIMethod = "scheduled"    // nothing → []APIScheduled
	MethodCancel       APIMethod = "cancel"       // IDBody → APIRun for a run, nothing for an entry
	MethodSendMany     APIMethod = "sendMany"     // APISendManyArgs → APIID
	MethodRun          APIMethod = "run"          // IDBody → APIRun
	MethodRevoke       APIMethod = "revoke"       // APIRevokeArgs → APIRevoked
	MethodAcceptFriend APIMethod = "acceptFriend" // APIAcceptFriendArgs → FriendAccepted
	// The exports resolve with Export, which page.js makes a Blob.
	MethodExportContacts APIMethod = "exportContacts" // ExportBody → Export
	MethodExportMessages APIMethod = "exportMessages" // ExportMessagesBody → Export
)

// The members of window.wxdrop that page.js answers itself: they never
// reach the worker (ready waits with me).
const (
	MethodReady    APIMethod = "ready"
	MethodDownload APIMethod = "download"
	MethodAvatar   APIMethod = "avatar"
	MethodOn       APIMethod = "on"
	MethodOff      APIMethod = "off"
)

// The calls that are no member of window.wxdrop.
const (
	// MethodDownloadFile: page.js's download, for a file attachment
	// (APIDownloadFileArgs → APIDownloaded).
	MethodDownloadFile APIMethod = "downloadFile"
	// MethodOutcome: the content script's own, after the worker stopped
	// during a send: the outcome of the entry it named (APICallBody.Entry)
	// → APISent.
	MethodOutcome APIMethod = "outcome"
)

// APIContactsArgs: the chats matching Query (all of them when empty).
type APIContactsArgs struct {
	Query string `json:"query"`
}

// APISendTextArgs sends Text to a chat (To: a UserName, or the exact
// name of one chat).
type APISendTextArgs struct {
	To   string `json:"to"`
	Text string `json:"text"`
}

// APISendFileArgs sends a file the content script stored through the
// file bridge (FileID); Kind "emoticon" sends a GIF as a sticker.
type APISendFileArgs struct {
	To string `json:"to"`
	APIFile
	Kind string `json:"kind"`
}

// APIFile is the file a call carries: the file bridge stored it for this
// content script under FileID, to be claimed once (no FileID: none).
type APIFile struct {
	FileID string `json:"fileId"`
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	Type   string `json:"type"`
}

// APISendEmoticonArgs sends the sticker WeChat knows by its MD5.
type APISendEmoticonArgs struct {
	To  string `json:"to"`
	MD5 string `json:"md5"`
}

// APIScheduleArgs schedules a text At a time: Unix ms (a number) or an
// RFC 3339 text; anything else is BAD_TIME, not BAD_REQUEST, so At stays
// as JSON gave it.
type APIScheduleArgs struct {
	To     string `json:"to"`
	Text   string `json:"text"`
	At     any    `json:"at"`
	Repeat Repeat `json:"repeat"`
}

// APISendManyArgs makes a run: one text, a file or both to many chats
// (RunBody). The
// numbers are JavaScript's (a fraction is cut off); absent ones take the
// run's defaults, and one given out of the run's bounds is refused
// (RUN_SPACING_BAD, RUN_PERHOUR_BAD).
type APISendManyArgs struct {
	To        []string  `json:"to"`
	Text      string    `json:"text"`
	At        float64   `json:"at"`
	Repeat    Repeat    `json:"repeat"`
	SpacingMs APINumber `json:"spacingMs"`
	PerHour   APINumber `json:"perHour"`
	APIFile
}

// APINumber is a number a page may give: Set tells one given (0 among
// them) from one left out. NaN, which JSON carries as null, is given.
type APINumber struct {
	V   float64
	Set bool
}

// UnmarshalJSON reads a JSON number, or null as NaN (encoding/json calls
// it only for a key that is there).
func (n *APINumber) UnmarshalJSON(b []byte) error {
	n.Set = true
	if string(b) == "null" {
		n.V = math.NaN()
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	n.V = v
	return err
}

// APIRevokeArgs names the entry of what a send resolved with.
type APIRevokeArgs struct {
	Entry string `json:"entry"`
}

// APIAcceptFriendArgs is a request as on('friendRequest') gave it, and
// the greeting to send ({name}, {nick}), if any.
type APIAcceptFriendArgs struct {
	Request  *friends.Request `json:"request"`
	Greeting string           `json:"greeting"`
}

// APIDownloadFileArgs names a file attachment of the tab's session.
type APIDownloadFileArgs struct {
	Sender        string `json:"sender"`
	MediaID       string `json:"mediaId"`
	EncryFileName string `json:"encryFileName"`
}

// APIMe is the tab's account.
type APIMe struct {
	UserName string `json:"userName"`
	NickName string `json:"nickName"`
}

// APIID is what schedule and sendMany resolve with: the entry's or the
// run's id.
type APIID struct {
	ID string `json:"id"`
}

// APIRevoked is what revoke resolves with: WeChat's words for the recall
// (its answer's Introduction), in the person's language where wxdrop
// knows them (api_revoked), else as WeChat gave them (core's
// revokedWords): WeChat gives them in Chinese only.
type APIRevoked struct {
	Introduction string `json:"introduction"`
}

// APIDownloaded is a file attachment downloaded into IndexedDB, which the
// content script's file bridge takes next.
type APIDownloaded struct {
	FileID string `json:"fileId"`
	Size   int64  `json:"size"`
}
