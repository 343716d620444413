package model

import "github.com/wxdrop/wxdrop/wasm/msg"

// Codes lists every error code a page can show: the worker's (msg) and
// INTERNAL. Each has the _locales key "err_<code>".
var Codes = []string{
	msg.ErrLoggedOut, msg.ErrTooFrequent, msg.ErrUncertain, msg.ErrNetwork,
	msg.ErrServer, msg.ErrEmptyFile, msg.ErrFileGone, msg.ErrFileRead,
	msg.ErrNotFound, msg.ErrBadRequest, msg.ErrNotAllowed, msg.ErrEmptyMessage,
	msg.ErrAmbiguous, msg.ErrOutboxFull, msg.ErrTooLong, msg.ErrBadTime,
	msg.ErrNotQueued, msg.ErrNoEntry, msg.ErrMissed,
	msg.ErrNoSiteAccess, msg.ErrUnreachable, msg.ErrSourceRefused, msg.ErrSourceNotUsable,
	msg.ErrAPIOff, msg.ErrTooLarge,
	msg.ErrRuleReplyEmpty, msg.ErrRulePatternEmpty, msg.ErrRulePatternBad, msg.ErrRuleMatchUnknown,
	msg.ErrRuleCooldownBad, msg.ErrRuleForwardChats, msg.ErrRuleForwardSame, msg.ErrRuleKindUnknown, msg.ErrRuleTooMany,
	msg.ErrWeChatURL, msg.ErrSessionSecret, msg.ErrRedirectRefused, msg.ErrRulePatternUnsupported, msg.ErrRulePatternLong, msg.ErrRuleFolderReserved,
	ErrInternal,
}

// withDetail are the codes whose text places the detail itself ($1): the
// server's Ret, what failed, the ambiguous chat's name. The others get it
// after the sentence, in parentheses.
var withDetail = map[string]bool{msg.ErrServer: true, msg.ErrAmbiguous: true, ErrInternal: true,
	msg.ErrNoSiteAccess: true, msg.ErrSourceRefused: true, msg.ErrSourceNotUsable: true,
	msg.ErrWeChatURL: true, msg.ErrRedirectRefused: true}

// ErrorText is the sentence a person reads for e. An unknown code (a newer
// worker) reads as INTERNAL, naming the code.
func ErrorText(t Translator, e *msg.Error) string {
	if e == nil {
		return ""
	}
	code, detail := e.Code, e.Detail
	if !known(code) {
		code, detail = ErrInternal, joinDetail(e.Code, e.Detail)
	}
	if withDetail[code] {
		return t("err_"+code, detail)
	}
	s := t("err_" + code)
	if detail != "" {
		s += " (" + detail + ")"
	}
	return s
}

func known(code string) bool {
	for _, c := range Codes {
		if c == code {
			return true
		}
	}
	return false
}

func joinDetail(code, detail string) string {
	if detail == "" {
		return code
	}
	return code + ": " + detail
}
