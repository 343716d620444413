package msg

import "github.com/wxdrop/wxdrop/wasm/jsonlite"

// Recalled messages kept (防撤回): the options' switch and bounds, the
// popup's list, the content script's messages.
const (
	// GetRecall reads the settings, the room used and the recalls: recall.View.
	GetRecall = "recall.get"
	// SetRecall stores recall.Config (the options page).
	SetRecall = "recall.set"
	// RecallMessages keeps the messages that reached the page, as the
	// page API's on('message') gives them ({messages, session}); its
	// answer is the recalls among them: RecallAnswer.
	RecallMessages = "recall.messages"
	// RecallKey (storage.local) is recall.Config; the content script
	// reads it to know whether to pass messages on.
	RecallKey = "recall"
	// RecallStampKey (storage.local) changes with the list of recalls
	// (the time it changed, Unix ms): the popup follows it.
	RecallStampKey = "recallChanged"
	// KeptDB and KeptStore: IndexedDB of the kept messages' records
	// (JSON text), their media (Blobs) and the index (recall.IndexKey).
	KeptDB    = "wxdrop-recall"
	KeptStore = "kept"
)

// The kept messages' export (options page, page API exportMessages).
const (
	// ExportMessages writes a chat's kept messages: ExportMessagesBody →
	// Export (Text for json, Data for html's zip).
	ExportMessages = "messages.export"
	// KeptChats lists the chats with kept messages: []KeptChat.
	KeptChats = "messages.chats"
)

// ExportMessagesBody asks for a chat's kept messages (its UserName, or
// its name) from a date to a date, each a number (Unix ms) or
// "YYYY-MM-DD" in the person's zone (to includes its day), either
// absent; Format is "json" or "html" (a zip of the page and the media).
type ExportMessagesBody struct {
	Chat   string       `json:"chat"`
	From   jsonlite.Raw `json:"from,omitempty"`
	To     jsonlite.Raw `json:"to,omitempty"`
	Format string       `json:"format"`
}

// KeptChat is a chat with kept messages: how many, from when to when
// (Unix ms).
type KeptChat struct {
	Chat  string `json:"chat"`
	Name  string `json:"name"`
	Count int    `json:"count"`
	First int64  `json:"first"`
	Last  int64  `json:"last"`
}

// Revoke is what the page API's on('revoke') gives: the recalled
// message's id, the recall's from, to, group, groupSender and time, and
// the original as on('message') gave it (null when it was not kept).
type Revoke struct {
	ID          string `json:"id"`
	From        string `json:"from"`
	To          string `json:"to"`
	Group       string `json:"group,omitempty"`
	GroupSender string `json:"groupSender,omitempty"`
	Time        int64  `json:"time"`
	Original    any    `json:"original"`
}

// RecallAnswer is RecallMessages' answer.
type RecallAnswer struct {
	Revokes []Revoke `json:"revokes"`
}
