package msg

// Code is the code of an Error: what went wrong, in one word a program can
// test and a page turns into a sentence (_locales key Key()).
//
// Every code wxdrop produces, in Go or in its JavaScript, is registered
// below, once. Each line says whose problem it is and whether the page API
// (window.wxdrop) rejects with it; the pages', the notifications' and the
// README's texts all come from this list. Adding a code:
//
//  1. one line in the group of its Class below:
//     ErrName = def("NAME", ClassPerson, pageAPI) // what it means, for the README
//  2. the key "err_NAME" in _locales/en/messages.json and
//     _locales/zh_CN/messages.json (with a $DETAIL$ placeholder whose
//     content is "$1" if the sentence places the Detail itself);
//  3. if pageAPI: `go test ./wasm/msg -run TestREADMECodes -update`
//     rewrites the README's list.
//
// The tests fail when a registered code has no words in a locale, when a
// page would show it as wxdrop's own problem, when the README's list
// differs, and when the JavaScript or the rules produce a code that is not
// registered.
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

// Whether the page API rejects with a code: the README lists those.
const (
	pageAPI   = true
	pagesOnly = false
)

// The codes, one line each: the code, its class, whether the page API
// rejects with it, and (for those) the README's words in the comment.
// They are grouped by class, in the order the README lists them.
var (
	ErrAPIOff          = def("API_OFF", ClassPerson, pageAPI)               // the page API is off in the options
	ErrNotFound        = def("NOT_FOUND", ClassPerson, pageAPI)             // no chat of that name (detail: the name)
	ErrAmbiguous       = def("AMBIGUOUS", ClassPerson, pageAPI)             // several chats match the name; nothing went to a guess
	ErrTooLong         = def("TOO_LONG", ClassPerson, pageAPI)              // a text over 16 KB
	ErrTooLarge        = def("TOO_LARGE", ClassPerson, pageAPI)             // a file over the outbox's 2 GB
	ErrEmptyFile       = def("EMPTY_FILE", ClassPerson, pageAPI)            // an empty file, which WeChat does not send
	ErrEmptyMessage    = def("EMPTY_MESSAGE", ClassPerson, pagesOnly)       // nothing to send
	ErrBadTime         = def("BAD_TIME", ClassPerson, pageAPI)              // a time in the past, or not a time
	ErrOutboxFull      = def("OUTBOX_FULL", ClassPerson, pageAPI)           // 500 waiting messages or 2 GB of files
	ErrNotQueued       = def("NOT_QUEUED", ClassPerson, pageAPI)            // the entry is already on its way or finished
	ErrNoEntry         = def("NO_ENTRY", ClassPerson, pageAPI)              // no such entry (cancel, revoke)
	ErrCancelled       = def("CANCELLED", ClassPerson, pageAPI)             // the entry was cancelled before it went
	ErrNotDownloadable = def("NOT_DOWNLOADABLE", ClassPerson, pageAPI)      // a message without media to download
	ErrBadRequest      = def("BAD_REQUEST", ClassPerson, pageAPI)           // arguments the call does not take (detail says which)
	ErrNotAllowed      = def("NOT_ALLOWED", ClassPerson, pagesOnly)         // from a sender that may not ask it
	ErrFileGone        = def("FILE_GONE", ClassPerson, pagesOnly)           // the Blob is no longer in IndexedDB
	ErrFileRead        = def("FILE_READ", ClassPerson, pagesOnly)           // the Blob could not be read
	ErrNoSiteAccess    = def("NO_SITE_ACCESS", ClassPerson, pagesOnly)      // no host permission for a Source's site
	ErrSourceRefused   = def("SOURCE_REFUSED", ClassPerson, pagesOnly)      // the site refused a Source (detail: the HTTP status)
	ErrSourceNotUsable = def("SOURCE_NOT_USABLE", ClassPerson, pagesOnly)   // a Source URL the worker cannot fetch (blob:, file:)
	ErrNoDownloads     = def("NO_DOWNLOADS_ACCESS", ClassPerson, pagesOnly) // no "downloads" permission, which a save rule needs
	// Refusals of SetRules: "RULE_" and the word of rules.Check, upper-case.
	ErrRuleReplyEmpty   = def("RULE_REPLY_EMPTY", ClassPerson, pagesOnly)
	ErrRulePatternEmpty = def("RULE_PATTERN_EMPTY", ClassPerson, pagesOnly)
	ErrRulePatternBad   = def("RULE_PATTERN_BAD", ClassPerson, pagesOnly)
	ErrRuleMatchUnknown = def("RULE_MATCH_UNKNOWN", ClassPerson, pagesOnly)
	ErrRuleCooldownBad  = def("RULE_COOLDOWN_BAD", ClassPerson, pagesOnly)
	ErrRuleForwardChats = def("RULE_FORWARD_CHATS", ClassPerson, pagesOnly)
	ErrRuleForwardSame  = def("RULE_FORWARD_SAME", ClassPerson, pagesOnly)
	ErrRuleTypesBad     = def("RULE_TYPES_BAD", ClassPerson, pagesOnly)
	ErrRuleFolderBad    = def("RULE_FOLDER_BAD", ClassPerson, pagesOnly)
	ErrRuleKindUnknown  = def("RULE_KIND_UNKNOWN", ClassPerson, pagesOnly)
	ErrRuleTooMany      = def("RULE_TOO_MANY", ClassPerson, pagesOnly)

	ErrLoggedOut      = def("LOGGED_OUT", ClassState, pageAPI)           // this tab's web WeChat is not logged in
	ErrTooFrequent    = def("TOO_FREQUENT", ClassState, pageAPI)         // WeChat's rate limit (Ret 1205); nothing was sent
	ErrUncertain      = def("UNCERTAIN", ClassState, pageAPI)            // the message may have arrived: check before sending it again
	ErrNetwork        = def("NETWORK", ClassState, pageAPI)              // no answer from web WeChat in time
	ErrServer         = def("SERVER", ClassState, pageAPI)               // another refusal of WeChat (detail: its Ret or HTTP status)
	ErrMissed         = def("MISSED", ClassState, pageAPI)               // its time and the grace period passed while logged out; not sent
	ErrDownloadFailed = def("DOWNLOAD_FAILED", ClassState, pageAPI)      // WeChat did not give the file (detail: the HTTP status or why)
	ErrUnreachable    = def("SOURCE_UNREACHABLE", ClassState, pagesOnly) // a Source's site did not answer
	ErrMediaRefused   = def("MEDIA_REFUSED", ClassState, pagesOnly)      // WeChat no longer gives a received message's media
	ErrSaveFailed     = def("SAVE_FAILED", ClassState, pagesOnly)        // the browser did not save a file (detail: its reason)

	ErrInternal = def("INTERNAL", ClassInternal, pageAPI) // wxdrop's own fault (detail: what failed); please report it
)

// codeInfo is a registered code.
type codeInfo struct {
	code  Code
	class Class
	api   bool
}

// registry holds the codes in the order of their lines: Go runs the
// initializers above in the order they are written.
var registry []codeInfo

// def registers a code. The codes are variables for this one line each;
// nothing assigns them again.
func def(code string, class Class, api bool) Code {
	registry = append(registry, codeInfo{Code(code), class, api})
	return Code(code)
}

// Key is the _locales key of the code's words.
func (c Code) Key() string { return "err_" + string(c) }

// Class is the code's class; ClassUnknown when it is not registered.
func (c Code) Class() Class {
	for _, i := range registry {
		if i.code == c {
			return i.class
		}
	}
	return ClassUnknown
}

// PageAPI says whether the page API may reject with c.
func (c Code) PageAPI() bool {
	for _, i := range registry {
		if i.code == c {
			return i.api
		}
	}
	return false
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
	if code.Class() == ClassUnknown {
		code, detail = ErrInternal, string(e.Code)
		if e.Detail != "" {
			detail += ": " + e.Detail
		}
	}
	key := code.Key()
	s := t(key, detail)
	if detail != "" && s == t(key) {
		s += " (" + detail + ")"
	}
	return s
}
