// Package browser holds the values the browser's extension APIs take and
// give, as plain Go: a storage Area, a Tab, a context menu item. The
// adapters of wasm/jsx hand them to chrome.*, and wasm/core works with
// them natively, so each is defined once, here, and nothing converts one
// side's copy into the other's.
package browser

// Area is a chrome.storage area.
type Area string

const (
	// AreaSession is memory only: session secrets live here and nowhere else.
	AreaSession Area = "session"
	// AreaLocal is on disk: never a secret.
	AreaLocal Area = "local"
)

// Tab is a browser tab (chrome.tabs.Tab's fields that wxdrop reads).
type Tab struct {
	ID       int
	WindowID int
	URL      string
}

// MenuItem is a context menu item (chrome.contextMenus.create's
// properties): a separator shows no Title.
type MenuItem struct {
	ID, Parent, Title string
	Contexts          []string
	Separator         bool
}
