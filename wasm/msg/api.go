package msg

import "github.com/wxdrop/wxdrop/wasm/jsonlite"

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

// APICallBody is a call: its method and arguments (one JSON object, the
// method's API…Args, decoded once by the worker's table of methods).
type APICallBody struct {
	Method APIMethod    `json:"method"`
	Args   jsonlite.Raw `json:"args,omitempty"`
	// Entry, for a send, is the id its outbox entry takes (16 hex
	// digits, made by the content script, never by the page), so that
	// the content script can ask for the outcome again (method
	// "outcome") when the worker stopped during the call.
	Entry string `json:"entry,omitempty"`
	// TimeoutMs bounds how long a send waits for its outcome (the
	// call's {timeout}); 0 is APIWaitMs.
	TimeoutMs int64 `json:"timeoutMs,omitempty"`
}

// A send call waits for its outcome at most APIWaitMs, or its
// {timeout}, not under MinAPIWaitMs.
const (
	APIWaitMs    = 90_000
	MinAPIWaitMs = 1_000
)

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

// The file bridge (core's bridge.go): a one-time token for each file the
// page API stores.
const (
	// BridgeToken (BridgeTokenBody → BridgeTokenResult), from the web
	// WeChat tab's content script: a token to store one file.
	BridgeToken = "bridge.token"
	// BridgeClaim (BridgeClaimBody → BridgeClaimResult), from the file
	// bridge frame (or the worker's own store, when the frame's storage
	// is blocked): consumes a token, and names the file's id.
	BridgeClaim = "bridge.claim"
	// BridgeTokensKey (storage.session) holds the tokens issued and not
	// yet used; PageFilesKey (storage.local) the files stored and not
	// yet claimed by an outbox entry ({id: {at, size}}).
	BridgeTokensKey = "bridgeTokens"
	PageFilesKey    = "pageFiles"
	// PageDownloadsKey (storage.local) holds the page API's downloads
	// waiting in IndexedDB for the content script to take them ({id: at}).
	PageDownloadsKey = "pageDownloads"
)

// BridgeTokenBody asks for a token to store a file of Size bytes.
type BridgeTokenBody struct {
	Size int64 `json:"size"`
}

// BridgeTokenResult is the token.
type BridgeTokenResult struct {
	Token string `json:"token"`
}

// BridgeClaimBody consumes a token for a file of Size bytes.
type BridgeClaimBody struct {
	Token string `json:"token"`
	Size  int64  `json:"size"`
}

// BridgeClaimResult is the id to store the file under.
type BridgeClaimResult struct {
	FileID string `json:"fileId"`
}

// PageMessagesAnswer is the worker's answer to PageMessages when the rules
// are on. Again: the rules did not take the batch (the page's session not
// known yet, the contacts or storage not read) and did nothing for it, so
// asking again cannot send anything twice; the content script asks again
// a few times, the last with rules.Batch.Last, whose failure the rules'
// log shows. Error without Again: the batch was taken (what the rules
// sent may be sent no more by asking again), and what failed after is
// this code.
type PageMessagesAnswer struct {
	Again bool `json:"again,omitempty"`
	Error Code `json:"error,omitempty"`
}
