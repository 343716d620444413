package msg

// The page API (window.wxdrop): its calls reach the worker from the web
// WeChat tab's content script as APICall messages.
const (
	// APICall is one call of window.wxdrop (APICallBody); only a web
	// WeChat tab may send it, and only while the person allows the API.
	APICall = "api.call"
	// GetAutomation and SetAutomation read and change Automation (the
	// options page).
	GetAutomation = "automation.get"
	SetAutomation = "automation.set"
)

// AutomationKey (storage.local) holds Automation; the content script
// reads it too, to know whether to offer the API to the page.
const AutomationKey = "automation"

// Automation is what the person allows on the web WeChat page. Everything
// is off on a new install.
type Automation struct {
	// API offers window.wxdrop to the page's scripts.
	API bool `json:"api"`
}

// APICallBody is a call: its method and arguments (one JSON object).
type APICallBody struct {
	Method string         `json:"method"`
	Args   map[string]any `json:"args,omitempty"`
}

// ErrAPIOff: the person has not turned the page API on.
const ErrAPIOff = "API_OFF"

// ErrTooLarge: a file over what the outbox holds (MaxFileBytes).
const ErrTooLarge = "TOO_LARGE"

// APIContact is a chat as the API gives it: plain, stable field names.
type APIContact struct {
	UserName   string `json:"userName"`
	NickName   string `json:"nickName"`
	RemarkName string `json:"remarkName,omitempty"`
	IsGroup    bool   `json:"isGroup"`
	Alias      string `json:"alias,omitempty"`
	Province   string `json:"province,omitempty"`
	City       string `json:"city,omitempty"`
}

// APISent is what a send resolves with.
type APISent struct {
	MsgID       string `json:"msgId"`
	LocalID     string `json:"localId"`
	ClientMsgID string `json:"clientMsgId"`
	// Entry is the outbox entry's id.
	Entry string `json:"entry"`
}

// APIScheduled is a scheduled message as the API lists it.
type APIScheduled struct {
	ID     string `json:"id"`
	To     string `json:"to"`
	Text   string `json:"text,omitempty"`
	File   string `json:"file,omitempty"`
	At     int64  `json:"at"`
	Repeat Repeat `json:"repeat,omitempty"`
	State  string `json:"state"`
}

// The no-code rules (package rules): their settings and what they remember.
const (
	// GetRules and SetRules read and change the rules (the options page).
	GetRules = "rules.get"
	SetRules = "rules.set"
	// PageMessages are messages that reached the web WeChat page
	// (PageMessagesBody), which the content script passes on while the
	// rules run.
	PageMessages = "page.messages"
	// RulesKey (storage.local) holds the rules; RulesStateKey what they
	// remember, with the log the options page shows.
	RulesKey      = "rules"
	RulesStateKey = "rulesState"
	// RuleSavesKey (storage.local) holds the auto-saves decided and not
	// yet done ([]rules.Save), apart from the state: every wake of the
	// worker looks for them, and most find none.
	RuleSavesKey = "ruleSaves"
)

// Refusals of SetRules: "RULE_" and the word of rules.Check, upper-case.
const (
	ErrRuleReplyEmpty   = "RULE_REPLY_EMPTY"
	ErrRulePatternEmpty = "RULE_PATTERN_EMPTY"
	ErrRulePatternBad   = "RULE_PATTERN_BAD"
	ErrRuleMatchUnknown = "RULE_MATCH_UNKNOWN"
	ErrRuleCooldownBad  = "RULE_COOLDOWN_BAD"
	ErrRuleForwardChats = "RULE_FORWARD_CHATS"
	ErrRuleForwardSame  = "RULE_FORWARD_SAME"
	ErrRuleKindUnknown  = "RULE_KIND_UNKNOWN"
	ErrRuleTooMany      = "RULE_TOO_MANY"
	// ErrRulePatternUnsupported: a regular expression with syntax the
	// rules' linear-time engine (RE2) refuses: look-around, back-references.
	ErrRulePatternUnsupported = "RULE_PATTERN_UNSUPPORTED"
	// ErrRulePatternLong: a regular expression too large to match
	// quickly (rules.maxProgram).
	ErrRulePatternLong = "RULE_PATTERN_LONG"
	// ErrRuleFolderReserved: a save rule's folder is a Windows device name.
	ErrRuleFolderReserved = "RULE_FOLDER_RESERVED"
)
