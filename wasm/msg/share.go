package msg

// ShareKey (storage.session) holds the Share waiting for the popup's
// chat picker ("Choose chat…" in a context menu, or a keyboard command
// with no chat used yet).
const ShareKey = "share"

// Share is something from a web page to send, whose chat the person is
// to pick in the popup: a text (a selection, a page's title and URL), or
// a Source to fetch.
type Share struct {
	Text   string  `json:"text,omitempty"`
	Source *Source `json:"source,omitempty"`
	// Made is when it was asked for (Unix ms): the popup drops one that
	// is older than a few minutes.
	Made int64 `json:"made"`
}
