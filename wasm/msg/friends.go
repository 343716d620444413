package msg

import "github.com/wxdrop/wxdrop/wasm/friends"

// Friend requests (popup, options, page API) and the contacts export.
const (
	// GetFriends reads the friend requests and their settings: FriendsView.
	GetFriends = "friends.get"
	// SetFriends stores friends.Config (the options page).
	SetFriends = "friends.set"
	// AcceptFriend accepts a kept request: AcceptFriendBody → FriendAccepted.
	AcceptFriend = "friends.accept"
	// ExportContacts writes the contacts as a file: ExportBody → Export.
	ExportContacts = "contacts.export"
)

// Storage keys (storage.local) of the friend requests. The content script
// reads FriendsConfigKey to know whether to pass requests on.
const (
	FriendsKey       = "friendRequests" // friends.Record: the requests, bounded, no secrets
	FriendsConfigKey = "friends"        // friends.Config
)

// FriendsView is what GetFriends answers.
type FriendsView struct {
	Config   friends.Config    `json:"config"`
	Requests []friends.Request `json:"requests"`
}

// AcceptFriendBody names a request by its message id; Greeting, when set,
// is sent to the new friend ({name}, {nick}). A page API call may carry
// the request as its on('friendRequest') gave it (Request), for a
// request the worker did not keep.
type AcceptFriendBody struct {
	ID string `json:"id"`
	// Account is the login the popup's row says the request reached
	// (friends.Request.Account; "" for the acting login's): each account
	// numbers its messages alike, and another account's request of the
	// same id is another person's.
	Account  string           `json:"account,omitempty"`
	Greeting string           `json:"greeting,omitempty"`
	Request  *friends.Request `json:"request,omitempty"`
}

// FriendAccepted is an accepted request: the new friend, and the outbox
// entry of the greeting when one was sent.
type FriendAccepted struct {
	UserName string `json:"userName"`
	NickName string `json:"nickName"`
	Greeting string `json:"greeting,omitempty"` // the greeting's entry id
}

// ExportBody asks for the contacts in a format: "csv" or "json".
type ExportBody struct {
	Format string `json:"format"`
}

// Export is an exported file: its name, MIME type and text (a CSV starts
// with a byte order mark), or its bytes (a zip; base64 in JSON).
type Export struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Text string `json:"text"`
	Data []byte `json:"data,omitempty"`
}
