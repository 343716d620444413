package msg

import "github.com/wxdrop/wxdrop/wasm/safename"

//go:generate go test . -run TestGenerated -update

// Code is the code of an Error: what went wrong, in one word a program can
// test and a page turns into a sentence (_locales key Key()).
//
// Every code wxdrop produces, in Go or in its JavaScript, is registered
// below, once. Each line says whose problem it is and whether the page API
// (window.wxdrop) rejects with it; the pages', the notifications' and the
// README's texts all come from this list. The codes are constants and
// their table (codes_table.go) is data: registering them with calls that
// run at start-up measured 28 KB more of ui.wasm and 42 KB of core.wasm.
// Adding a code:
//
//  1. one line in the group of its class below, for example
//     ErrName Code = "NAME" // person, page API: what it means
//     (the class is person, state or internal; ", page API" only if
//     the page API rejects with it);
//  2. the key "err_NAME" in _locales/en/messages.json and
//     _locales/zh_CN/messages.json (with a $DETAIL$ placeholder whose
//     content is "$1" if the sentence places the Detail itself);
//  3. `go test ./wasm/msg -update` (or `go generate ./wasm/msg`), which
//     writes the registry's table (codes_table.go) and the README's list
//     from the line.
//
// The tests fail when a step is missing: a code without words in a
// locale, a table or a README that does not follow codes.go, a code a page
// would show as wxdrop's own problem, and a code the JavaScript, the Go or
// the rules produce that is not registered.
type Code string

// Class says whose problem a code is, which tells the person (and a
// script) what to do about it.
type Class uint8

const (
	// ClassUnknown is the class of a code this build does not register
	// (a newer worker's): it reads as INTERNAL.
	ClassUnknown Class = iota
	// ClassPerson: what was asked cannot be done as it is (a chat that
	// is not there, a file that is empty, a permission or a setting not
	// given); the person, or the script, changes the request.
	ClassPerson
	// ClassState: the session, the network, WeChat or the browser is not
	// in a state to do it now (logged out, too frequent, no answer, a
	// refusal); the words say whether it may already have happened.
	ClassState
	// ClassInternal: wxdrop's own fault; the only class whose words are
	// "wxdrop ran into a problem of its own".
	ClassInternal
)

// The codes, one line each. The comment is read by a program (go test
// ./wasm/msg -update writes codes_table.go and the README's table from
// it): the class (person, state or internal), ", page API" when the page
// API rejects with the code, then what it means, which the README shows.
// They are grouped by class.
const (
	ErrAPIOff             Code = "API_OFF"              // person, page API: the page API is off in the options
	ErrNotFound           Code = "NOT_FOUND"            // person, page API: no chat of that name (detail: the name)
	ErrAmbiguous          Code = "AMBIGUOUS"            // person, page API: several chats match the name; nothing went to a guess
	ErrGroupUnsaved       Code = "GROUP_UNSAVED"        // person, page API: the name is a group's that is not saved to the contacts, which a name does not find: anyone who can add the person to a group makes one of any name (detail: the name); save it to the contacts in WeChat, or give its UserName
	ErrTooLong            Code = "TOO_LONG"             // person, page API: a text over 16 KB
	ErrTooLarge           Code = "TOO_LARGE"            // person, page API: a file over the outbox's 2 GB
	ErrEmptyFile          Code = "EMPTY_FILE"           // person, page API: an empty file, which WeChat does not send
	ErrEmptyMessage       Code = "EMPTY_MESSAGE"        // person, page API: nothing to send (an empty text)
	ErrBadTime            Code = "BAD_TIME"             // person, page API: a time in the past, or not a time
	ErrRunSpacingBad      Code = "RUN_SPACING_BAD"      // person, page API: sendMany's spacingMs is not from 1000 to 60000
	ErrRunPerHourBad      Code = "RUN_PERHOUR_BAD"      // person, page API: sendMany's perHour is not a whole number from 1 to 3600
	ErrOutboxFull         Code = "OUTBOX_FULL"          // person, page API: 500 waiting messages, 8 MiB of texts (as the browser counts them; finished ones are forgotten first) or 2 GB of files
	ErrNotQueued          Code = "NOT_QUEUED"           // person, page API: the entry is already on its way or finished
	ErrNoEntry            Code = "NO_ENTRY"             // person, page API: no such entry (cancel, revoke)
	ErrCancelled          Code = "CANCELLED"            // person, page API: the entry was cancelled before it went
	ErrNotDownloadable    Code = "NOT_DOWNLOADABLE"     // person, page API: a message without media to download
	ErrBadRequest         Code = "BAD_REQUEST"          // person, page API: arguments the call does not take (detail says which)
	ErrNoMethod           Code = "NO_METHOD"            // person, page API: a method the page API does not have (detail: its name)
	ErrBusy               Code = "BUSY"                 // person, page API: 32 calls of the page other than sends are under way; wait for them before asking more
	ErrNotAllowed         Code = "NOT_ALLOWED"          // person: from a sender that may not ask it
	ErrFileGone           Code = "FILE_GONE"            // person, page API: the file is no longer in the extension's storage (IndexedDB)
	ErrFileRead           Code = "FILE_READ"            // person, page API: the file could not be read
	ErrNoSiteAccess       Code = "NO_SITE_ACCESS"       // person: no host permission for a Source's site
	ErrSourceRefused      Code = "SOURCE_REFUSED"       // person: the site refused a Source (detail: the HTTP status)
	ErrSourceNotUsable    Code = "SOURCE_NOT_USABLE"    // person: a Source URL the worker cannot fetch (blob:, file:)
	ErrWeChatURL          Code = "WECHAT_URL"           // person: a URL of WeChat's own (an avatar, webwxsync…; detail: its endpoint) that is neither a link nor a message's media: it would carry the session's keys, so it is not kept or sent
	ErrSessionSecret      Code = "SESSION_SECRET"       // person: what would be kept or sent holds a secret of the session (its skey, pass_ticket, data ticket, sid or uin)
	ErrRedirectRefused    Code = "REDIRECT_REFUSED"     // person: a site sent its download on (detail: the host) to a WeChat host, or to one on the person's own network
	ErrNoDownloads        Code = "NO_DOWNLOADS_ACCESS"  // person: no "downloads" permission, which a save rule and an export need
	ErrStorageBlocked     Code = "STORAGE_BLOCKED"      // person, page API: the browser lets wxdrop keep no file for the page (its storage is blocked in the file bridge and in the worker)
	ErrStorageFull        Code = "STORAGE_FULL"         // person, page API: the browser's storage for wxdrop (storage.local, 10 MB) is full: nothing more is written until finished messages are cleared
	ErrNoRequest          Code = "NO_REQUEST"           // person, page API: no such friend request waiting (accepted already, or never seen)
	ErrRequestStale       Code = "REQUEST_STALE"        // person, page API: the friend request reached another login of the account; accept it on the phone
	ErrRequestElsewhere   Code = "REQUEST_ELSEWHERE"    // person: the popup's row is a friend request of the other account logged in, not of the one wxdrop acts as; switch to it and accept it there
	ErrBadFormat          Code = "BAD_FORMAT"           // person, page API: an export format the export does not write (contacts: csv or json; messages: json or html)
	ErrExportRange        Code = "EXPORT_RANGE"         // person, page API: a message export's from or to is not a date (YYYY-MM-DD) or a time, or from is not before to
	ErrExportOff          Code = "EXPORT_OFF"           // person, page API: messages are exported from those kept, and keeping is off in the options
	ErrExportNone         Code = "EXPORT_NONE"          // person, page API: no kept message of that chat (detail) in those dates
	ErrExportTooBig       Code = "EXPORT_TOO_BIG"       // person, page API: the export would pass its limit (detail: MB); export fewer days
	ErrFriendsWordEmpty   Code = "FRIENDS_WORD_EMPTY"   // person: a friend-request rule that accepts a word, without the word
	ErrFriendsAutoUnknown Code = "FRIENDS_AUTO_UNKNOWN" // person: a friend-request rule of no known kind
	ErrRecallDays         Code = "RECALL_DAYS"          // person: the days recalled messages are kept are not between 1 and 30
	ErrRecallSpace        Code = "RECALL_SPACE"         // person: the space for recalled messages is not between 10 and 2000 MB
	// Refusals of SetRules: "RULE_" and the word of rules.Check, upper-case.
	ErrRuleReplyEmpty             Code = "RULE_REPLY_EMPTY"               // person: a reply rule without its answer
	ErrRulePatternEmpty           Code = "RULE_PATTERN_EMPTY"             // person: a reply rule without its keyword
	ErrRulePatternBad             Code = "RULE_PATTERN_BAD"               // person: a regular expression wxdrop does not understand (no more said)
	ErrRulePatternUnopenedGroup   Code = "RULE_PATTERN_UNOPENED_GROUP"    // person: a regular expression with a ) that closes no (
	ErrRulePatternUnclosedGroup   Code = "RULE_PATTERN_UNCLOSED_GROUP"    // person: a regular expression with a ( not closed
	ErrRulePatternUnclosedClass   Code = "RULE_PATTERN_UNCLOSED_CLASS"    // person: a regular expression with a [ not closed
	ErrRulePatternNothingToRepeat Code = "RULE_PATTERN_NOTHING_TO_REPEAT" // person: a regular expression with a * + ? or {n} after nothing to repeat
	ErrRulePatternBadRepeat       Code = "RULE_PATTERN_BAD_REPEAT"        // person: a regular expression with a repeat {n,m} past 1000 or backwards
	ErrRulePatternBadRange        Code = "RULE_PATTERN_BAD_RANGE"         // person: a regular expression with a range that goes backwards, [z-a]
	ErrRulePatternBadEscape       Code = "RULE_PATTERN_BAD_ESCAPE"        // person: a regular expression with a \ that escapes nothing it knows
	ErrRuleMatchUnknown           Code = "RULE_MATCH_UNKNOWN"             // person: a reply rule without a way to match
	ErrRuleCooldownBad            Code = "RULE_COOLDOWN_BAD"              // person: a negative cool-down
	ErrRuleForwardChats           Code = "RULE_FORWARD_CHATS"             // person: a forward rule without both chats
	ErrRuleForwardSame            Code = "RULE_FORWARD_SAME"              // person: a chat forwarded to itself
	ErrRuleTypesBad               Code = "RULE_TYPES_BAD"                 // person: a message type the rule cannot take
	ErrRuleFolderBad              Code = "RULE_FOLDER_BAD"                // person: a Downloads folder name with characters no system takes
	ErrRuleKindUnknown            Code = "RULE_KIND_UNKNOWN"              // person: a rule of no known kind
	ErrRulePatternUnsupported     Code = "RULE_PATTERN_UNSUPPORTED"       // person: a regular expression with syntax the rules' linear-time engine (RE2) refuses: look-around, back-references
	ErrRulePatternLong            Code = "RULE_PATTERN_LONG"              // person: a regular expression too large to match quickly
	ErrRuleFolderReserved         Code = "RULE_FOLDER_RESERVED"           // person: a save rule's folder is a Windows device name (CON, AUX, COM1…)
	ErrRuleTooMany                Code = "RULE_TOO_MANY"                  // person: more than rules.MaxRules rules

	ErrLoggedOut       Code = "LOGGED_OUT"         // state, page API: this tab's web WeChat is not logged in
	ErrTooFrequent     Code = "TOO_FREQUENT"       // state, page API: WeChat's rate limit (Ret 1205); nothing was sent
	ErrUncertain       Code = "UNCERTAIN"          // state, page API: the message may have arrived: check before sending it again
	ErrNetwork         Code = "NETWORK"            // state, page API: no answer from web WeChat in time
	ErrNotSent         Code = "NOT_SENT"           // state, page API: the call ended and its message never goes (its wait ran out while queued, so it was cancelled; or it was never queued): sending again sends it once
	ErrServer          Code = "SERVER"             // state, page API: another refusal of WeChat (detail: its Ret or HTTP status)
	ErrMissed          Code = "MISSED"             // state, page API: its time and the grace period passed while logged out; not sent
	ErrDownloadFailed  Code = "DOWNLOAD_FAILED"    // state, page API: WeChat did not give the file (detail: the HTTP status or why)
	ErrDownloadNotKept Code = "DOWNLOAD_NOT_KEPT"  // state, page API: the file came from WeChat, but the browser's storage for wxdrop did not keep it (full or blocked), or it was taken already
	ErrUnreachable     Code = "SOURCE_UNREACHABLE" // state: a Source's site did not answer
	ErrSourceTorn      Code = "SOURCE_TORN"        // state: a Source's file arrived as two lengths (the copy the browser kept and the bytes read for its MD5); nothing was sent, and downloading it again may work
	ErrMediaRefused    Code = "MEDIA_REFUSED"      // state: WeChat no longer gives a received message's media
	ErrSaveFailed      Code = "SAVE_FAILED"        // state: the browser did not save a file (detail: its reason)
	ErrFriendsHourFull Code = "FRIENDS_HOUR_FULL"  // state: the friend-request rule accepted 20 this hour; this one waits for you
	ErrSavesHourFull   Code = "SAVES_HOUR_FULL"    // state: the save rules saved their 1 GB of this hour; this file was not saved
	ErrRecallMediaLost Code = "RECALL_MEDIA_LOST"  // state: a kept message's media could not be downloaded as it arrived
	ErrRecallHourFull  Code = "RECALL_HOUR_FULL"   // state: the media kept this hour reached the space set for recalled messages; this one was not downloaded
	ErrAccountChanged  Code = "ACCOUNT_CHANGED"    // state: the popup showed another account than the one wxdrop acts as now (one logged out, or was switched to); nothing was done

	ErrInternal Code = "INTERNAL" // internal, page API: wxdrop's own fault (detail: what failed); please report it
)

// codeInfo is a registered code: a row of registry (codes_table.go).
type codeInfo struct {
	code  Code
	class Class
	api   bool
}

// Key is the _locales key of the code's words.
func (c Code) Key() string { return "err_" + string(c) }

// Class is the code's class; ClassUnknown when it is not registered.
func (c Code) Class() Class { return c.info().class }

// PageAPI says whether the page API may reject with c.
func (c Code) PageAPI() bool { return c.info().api }

// info is c's row of the registry; the zero row when it has none. A scan:
// 50 rows, looked up when a page shows an error.
func (c Code) info() codeInfo {
	for _, i := range registry {
		if i.code == c {
			return i
		}
	}
	return codeInfo{}
}

// Codes are the registered codes, in the order of their lines.
func Codes() []Code {
	out := make([]Code, len(registry))
	for i, r := range registry {
		out[i] = r.code
	}
	return out
}

// Text is the sentence a person reads for e in the language of t
// (chrome.i18n.getMessage, or the tests' reading of messages.json): the
// code's words, with the Detail in them where they have a place for it
// ($1) and after them in parentheses where they do not. A code this build
// does not register (a newer worker's) reads as INTERNAL, naming it.
// The pages and the notifications both use it.
func Text(t func(key string, subs ...string) string, e *Error) string {
	if e == nil {
		return ""
	}
	code, detail := e.Code, e.Detail
	if e.Words != "" {
		detail = Said(t, e)
	}
	if code.Class() == ClassUnknown {
		code, detail = ErrInternal, string(e.Code)
		if e.Detail != "" {
			detail += ": " + e.Detail
		}
	}
	key := code.Key()
	s := t(key, detail)
	if detail != "" && s == t(key) {
		// Not a substitution: cleaned here as t cleans those (jsx.Message).
		s += " (" + safename.Visible(detail) + ")"
	}
	return s
}

// RuleText is Text for what a rule did not do (the rules' log): the
// code's words for a rule (rule_err_CODE) where it has them, else
// Text's. A code's words are written for a person who asked: "download
// it again" read oddly of a save rule, which acted on its own and is not
// asked again.
func RuleText(t func(key string, subs ...string) string, e *Error) string {
	if e != nil && e.Code.Class() != ClassUnknown {
		if s := t("rule_err_"+string(e.Code), e.Detail); s != "" {
			return s
		}
	}
	return Text(t, e)
}

// Said is e's detail in the language of t: its Words with Detail in
// their place, or Detail as it is when it has none (or t does not know
// them: a newer worker's).
func Said(t func(key string, subs ...string) string, e *Error) string {
	if e.Words == "" {
		return e.Detail
	}
	if s := t(e.Words.Key(), e.Detail); s != "" {
		return s
	}
	return string(e.Words) + " " + e.Detail
}
