// Package friends keeps the friend requests that reached the web WeChat
// page (MsgType 37, docs/protocol.md §3.6) and decides what the optional
// rule accepts. It is plain Go over a Record the caller keeps in
// storage.local: at most MaxRequests requests, the newest kept; a
// request's ticket is kept only while the request waits (it is what
// accepting needs, not a session secret, and no use after).
package friends

import (
	"strings"
	"time"
	"unicode/utf8"
)

// MaxRequests bounds the requests kept; the oldest go first.
const MaxRequests = 100

// MaxPerHour bounds what the rule accepts in an hour; requests past it
// wait in the popup for a person.
const MaxPerHour = 20

// Bounds of what a request's fields may hold, as they come from a page.
const (
	maxField   = 1024
	maxContent = 4096
)

// States of a request.
const (
	StatePending  = "pending"
	StateAccepted = "accepted"
	StateFailed   = "failed"
)

// Request is a friend request as kept: its message's id and RecommendInfo
// (§3.6), and what became of it.
type Request struct {
	ID        string `json:"id"` // the MsgId of the MsgType 37 message
	UserName  string `json:"userName"`
	NickName  string `json:"nickName"`
	Content   string `json:"content,omitempty"` // their message
	Sex       int    `json:"sex,omitempty"`
	Province  string `json:"province,omitempty"`
	City      string `json:"city,omitempty"`
	Signature string `json:"signature,omitempty"`
	Alias     string `json:"alias,omitempty"`
	Scene     int    `json:"scene,omitempty"`
	Ticket    string `json:"ticket,omitempty"`
	Time      int64  `json:"time"` // ms
	// Account is the login the request reached (its UserName belongs to it).
	Account string `json:"account,omitempty"`
	// AccountID and Host name that account as the pages do (its
	// msg.AccountInfo, and its tab's host): with two accounts logged in,
	// the popup says which one a request reached.
	AccountID string `json:"accountId,omitempty"`
	Host      string `json:"host,omitempty"`
	State     string `json:"state"`
	// ByRule: accepted by the rule, not by a person.
	ByRule bool `json:"byRule,omitempty"`
	// Error is the code of a failed accept.
	Error string `json:"error,omitempty"`
	// Held says the rule would have accepted it but its hour was full.
	Held bool `json:"held,omitempty"`
}

// Rule modes.
const (
	AutoOff  = ""
	AutoAll  = "all"
	AutoWord = "word"
)

// Config is the options' friend-request settings.
type Config struct {
	// Off stops listing requests (the page's messages are then not read
	// for them).
	Off bool `json:"off,omitempty"`
	// Auto is the rule: AutoOff, AutoAll or AutoWord (those whose message
	// contains Word).
	Auto string `json:"auto,omitempty"`
	Word string `json:"word,omitempty"`
	// Greeting is sent to a friend the rule accepted ({name}, {nick}).
	Greeting string `json:"greeting,omitempty"`
}

// Check says what is wrong with a config ("" when nothing): a word rule
// without its word, or a mode it does not know.
func (c Config) Check() string {
	switch c.Auto {
	case AutoOff, AutoAll:
	case AutoWord:
		if strings.TrimSpace(c.Word) == "" {
			return "word_empty"
		}
	default:
		return "auto_unknown"
	}
	return ""
}

// Record is what is kept in storage.local.
type Record struct {
	Requests []Request `json:"requests"`
	// Accepted are the times (ms) of the rule's accepts in the last hour.
	RuleTimes []int64 `json:"ruleTimes,omitempty"`
}

// Clip bounds the texts of a request as it came from a page, each cut at a
// character: a message over 4 KB or a long signature dropped the whole
// request without a word, though what accepting needs (its UserName and
// ticket) was whole. The ticket is not cut: a cut one accepts nothing.
func Clip(r Request) Request {
	r.Content = clip(r.Content, maxContent)
	for _, f := range []*string{&r.NickName, &r.Province, &r.City, &r.Signature, &r.Alias} {
		*f = clip(*f, maxField)
	}
	return r
}

// clip is s cut to at most n bytes, at a character's start.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// WellMade checks a request as it came from a page (after Clip): a MsgId
// of digits, a UserName of this login (@ and hex), a ticket, and bounded
// texts. A blank nick name is one: WeChat lets a name show nothing, and
// the popup shows such a request as without a name.
func WellMade(r Request) bool {
	if r.ID == "" || len(r.ID) > 32 || strings.Trim(r.ID, "0123456789") != "" {
		return false
	}
	h, ok := strings.CutPrefix(r.UserName, "@")
	if !ok || h == "" || len(h) > 128 || strings.Trim(h, "0123456789abcdefABCDEF") != "" {
		return false
	}
	if r.Ticket == "" || len(r.Ticket) > maxField {
		return false
	}
	if len(r.Content) > maxContent || !utf8.ValidString(r.Content) {
		return false
	}
	for _, f := range []string{r.NickName, r.Province, r.City, r.Signature, r.Alias, r.Ticket} {
		if len(f) > maxField || !utf8.ValidString(f) {
			return false
		}
	}
	return r.Sex >= 0 && r.Sex <= 2
}

// Add keeps a new request (pending), once per id of its account (a
// message's id is the server's numbering of one account: another
// account's request of the same id is another request); it reports
// whether it was new. The record keeps the newest MaxRequests.
//
// A person who asks again while their last request to the account is
// not accepted (waiting, or refused) is that request, asked again: its
// row takes the new message's id, ticket (the one accepting needs
// now), words and time, and moves to the newest. A stranger asking a
// hundred times made a hundred rows before, and pushed every other
// request out of the record.
func (rec *Record) Add(r Request) bool {
	if rec.Find(r.Account, r.ID) != nil {
		return false
	}
	for _, old := range rec.Requests {
		if old.Account == r.Account && old.UserName == r.UserName && old.Time > r.Time {
			// An older ask of a person whose newer one is known (a
			// batch the page asked again after the next): its ticket
			// is spent, and taking its place would undo the newer.
			return false
		}
	}
	r.State, r.Error, r.ByRule, r.Held = StatePending, "", false, false
	for i, old := range rec.Requests {
		if old.Account == r.Account && old.UserName == r.UserName && old.State != StateAccepted {
			rec.Requests = append(rec.Requests[:i], rec.Requests[i+1:]...)
			break
		}
	}
	rec.Requests = append(rec.Requests, r)
	if n := len(rec.Requests) - MaxRequests; n > 0 {
		rec.Requests = append([]Request(nil), rec.Requests[n:]...)
	}
	return true
}

// Find returns the request of an id that reached account (the login's
// UserName, Request.Account).
func (rec *Record) Find(account, id string) *Request {
	for i := range rec.Requests {
		if rec.Requests[i].ID == id && rec.Requests[i].Account == account {
			return &rec.Requests[i]
		}
	}
	return nil
}

// Elsewhere reports whether a request of id reached another login than
// account (an earlier login, or another account).
func (rec *Record) Elsewhere(account, id string) bool {
	for _, r := range rec.Requests {
		if r.ID == id && r.Account != account {
			return true
		}
	}
	return false
}

// Accepted marks the request of an id of account accepted and forgets its
// ticket.
func (rec *Record) Accepted(account, id string, byRule bool, now time.Time) {
	if r := rec.Find(account, id); r != nil {
		r.State, r.Ticket, r.Error, r.ByRule, r.Held = StateAccepted, "", "", byRule, false
	}
	if byRule {
		rec.RuleTimes = append(rec.RuleTimes, now.UnixMilli())
	}
}

// Failed marks the request of an id of account whose accept was refused
// (code: why); a request whose ticket WeChat refused is no use, and keeps
// no ticket.
func (rec *Record) Failed(account, id, code string, keepTicket bool) {
	if r := rec.Find(account, id); r != nil {
		r.State, r.Error = StateFailed, code
		if !keepTicket {
			r.Ticket = ""
		}
	}
}

// Wants reports whether the rule accepts a request.
func (c Config) Wants(r Request) bool {
	switch c.Auto {
	case AutoAll:
		return true
	case AutoWord:
		w := strings.TrimSpace(c.Word)
		return w != "" && strings.Contains(strings.ToLower(r.Content), strings.ToLower(w))
	}
	return false
}

// RoomThisHour reports whether the rule may accept one more now (at most
// MaxPerHour in the last hour), and drops the times older than an hour.
func (rec *Record) RoomThisHour(now time.Time) bool {
	cut := now.Add(-time.Hour).UnixMilli()
	kept := rec.RuleTimes[:0]
	for _, t := range rec.RuleTimes {
		if t > cut {
			kept = append(kept, t)
		}
	}
	rec.RuleTimes = kept
	return len(rec.RuleTimes) < MaxPerHour
}

// Greeting fills a greeting's placeholders: {name} is the remark name,
// else the nick name (a new friend has no remark yet); {nick} the nick.
func Greeting(text, remark, nick string) string {
	name := remark
	if name == "" {
		name = nick
	}
	return strings.NewReplacer("{name}", name, "{nick}", nick).Replace(text)
}
