// Package recall keeps the messages that reached the web WeChat page for
// a bounded time, so that a message its sender recalls (MsgType 10002)
// can still be shown (防撤回). It is the bookkeeping only: which messages
// are kept, how much room they take, which go when the bounds are
// reached (the oldest first), and the list of recalls seen. The records
// and the media themselves live in IndexedDB (core's recall.go); nothing
// here is a secret or a WeChat URL.
package recall

import (
	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"sort"
	"time"
)

// The options' bounds and their defaults.
const (
	DefaultDays = 2
	DefaultMB   = 200
	MinDays     = 1
	MaxDays     = 30
	MinMB       = 10
	MaxMB       = 2000
	// MaxRecalled is the most recalls listed; the oldest go first.
	MaxRecalled = 200
	// MaxItems is the most messages kept, whatever their size: the index
	// is written again with every batch, and stays a few megabytes.
	MaxItems = 20000
)

// Config is the options' switch and bounds (storage.local "recall"; the
// content script reads On to know whether to pass messages on).
type Config struct {
	On bool `json:"on"`
	// Days kept and space used (MB); 0 is the default.
	Days int `json:"days,omitempty"`
	MB   int `json:"mb,omitempty"`
	// Notify shows a notification for each recall.
	Notify bool `json:"notify,omitempty"`
}

// Bounds are the config's days and bytes, defaults filled in.
func (c Config) Bounds() (time.Duration, int64) {
	d, mb := c.Days, c.MB
	if d == 0 {
		d = DefaultDays
	}
	if mb == 0 {
		mb = DefaultMB
	}
	return time.Duration(d) * 24 * time.Hour, int64(mb) << 20
}

// Check says what is wrong with the config: "" when nothing, else the
// word of the code RECALL_<word> ("DAYS", "SPACE").
func (c Config) Check() string {
	switch {
	case c.Days != 0 && (c.Days < MinDays || c.Days > MaxDays):
		return "DAYS"
	case c.MB != 0 && (c.MB < MinMB || c.MB > MaxMB):
		return "SPACE"
	}
	return ""
}

// Item is one kept message: its record's key, and its media's when the
// media was kept too.
type Item struct {
	Account string `json:"account"`
	ID      string `json:"id"`
	// At is when it was kept (Unix ms): the bounds count from it.
	At int64 `json:"at"`
	// Bytes is the room it takes: its record and its media.
	Bytes int64 `json:"bytes"`
	// Media is the key of its media in IndexedDB ("" when none is kept).
	Media     string `json:"media,omitempty"`
	MediaName string `json:"mediaName,omitempty"`
	MediaType string `json:"mediaType,omitempty"`
	// Pending: its media waits to be downloaded (again after a worker
	// stopped in the middle); MediaError is the code of a download that
	// failed.
	Pending    bool   `json:"pending,omitempty"`
	MediaError string `json:"mediaError,omitempty"`
	// Chat is the message's chat (a UserName of the login it reached),
	// ChatName its name then, Time when it was said (Unix ms): the
	// export picks by them without reading every record.
	Chat     string `json:"chat,omitempty"`
	ChatName string `json:"chatName,omitempty"`
	Time     int64  `json:"time,omitempty"`
	// Self: the login itself said it.
	Self bool `json:"self,omitempty"`
}

// Key is the IndexedDB key of a kept message's record.
func Key(account, id string) string { return "m/" + account + "/" + id }

// MediaKey is the IndexedDB key of a kept message's media.
func MediaKey(account, id string) string { return "f/" + account + "/" + id }

// Recalled is a recall seen: who recalled what, where and when, and the
// original as the page API's on('message') gave it (null when it was not
// kept).
type Recalled struct {
	// ID is the recalled message's id; Account the login it reached.
	ID      string `json:"id"`
	Account string `json:"account"`
	// Chat is the chat's UserName; From who said it (the member in a group).
	Chat       string `json:"chat"`
	ChatName   string `json:"chatName,omitempty"`
	From       string `json:"from"`
	SenderName string `json:"senderName,omitempty"`
	// Time is when the original was said, At when it was recalled (Unix ms).
	Time     int64        `json:"time"`
	At       int64        `json:"at"`
	Original jsonlite.Raw `json:"original"`
	// Media, MediaName, MediaType: the kept media's key in IndexedDB.
	Media      string `json:"media,omitempty"`
	MediaName  string `json:"mediaName,omitempty"`
	MediaType  string `json:"mediaType,omitempty"`
	MediaError string `json:"mediaError,omitempty"`
}

// Index is what is kept (in IndexedDB, under IndexKey).
type Index struct {
	Items    []Item     `json:"items"`
	Recalled []Recalled `json:"recalled"`
	// HourStart and HourBytes are the media downloads' hour: when it
	// began (Unix ms) and the bytes downloaded in it, at most the space
	// set (Room).
	HourStart int64 `json:"hourStart,omitempty"`
	HourBytes int64 `json:"hourBytes,omitempty"`
}

// Room is what media may still be downloaded this hour (now, Unix ms),
// space at most an hour: a contact who sends or forwards large files
// again and again keeps no more downloading than the store could keep
// (docs/security.md row 81). The hour starts again when it has passed.
func (x *Index) Room(now, space int64) int64 {
	if now-x.HourStart >= time.Hour.Milliseconds() || now < x.HourStart {
		x.HourStart, x.HourBytes = now, 0
	}
	return space - x.HourBytes
}

// IndexKey is the index's key in IndexedDB.
const IndexKey = "index"

// Find is the kept message id of account, or nil.
func (x *Index) Find(account, id string) *Item {
	for i := range x.Items {
		if x.Items[i].Account == account && x.Items[i].ID == id {
			return &x.Items[i]
		}
	}
	return nil
}

// Add keeps it; a message kept already is not kept twice (false).
func (x *Index) Add(it Item) bool {
	if x.Find(it.Account, it.ID) != nil {
		return false
	}
	x.Items = append(x.Items, it)
	return true
}

// Bytes is the room the kept messages take.
func (x *Index) Bytes() int64 {
	var n int64
	for _, it := range x.Items {
		n += it.Bytes
	}
	return n
}

// Prune lets go of what the bounds no longer allow, the oldest first:
// every message kept longer than the days, then the oldest until the
// rest fit in the space and number at most MaxItems; and the recalls older than the days, or beyond
// MaxRecalled. It returns the items let go, whose records and media the
// caller deletes.
func (x *Index) Prune(c Config, now time.Time) []Item {
	days, space := c.Bounds()
	cut := now.Add(-days).UnixMilli()
	sort.SliceStable(x.Items, func(i, j int) bool { return x.Items[i].At < x.Items[j].At })
	total := x.Bytes()
	n := 0
	for n < len(x.Items) && (x.Items[n].At < cut || total > space || len(x.Items)-n > MaxItems) {
		total -= x.Items[n].Bytes
		n++
	}
	gone := append([]Item(nil), x.Items[:n]...)
	x.Items = append([]Item(nil), x.Items[n:]...)
	sort.SliceStable(x.Recalled, func(i, j int) bool { return x.Recalled[i].At < x.Recalled[j].At })
	r := 0
	for r < len(x.Recalled) && (x.Recalled[r].At < cut || len(x.Recalled)-r > MaxRecalled) {
		r++
	}
	x.Recalled = append([]Recalled(nil), x.Recalled[r:]...)
	return gone
}

// View is what the pages show: the settings, the room used, the recalls
// (newest first).
type View struct {
	Config   Config     `json:"config"`
	Kept     int        `json:"kept"`
	Bytes    int64      `json:"bytes"`
	Media    int        `json:"media"`
	Recalled []Recalled `json:"recalled"`
}
