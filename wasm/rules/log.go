package rules

import (
	"strconv"
	"time"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// The options page's log: what the rules did, and what reached no rule.

// LogEntry is one line of the options page's log.
type LogEntry struct {
	Time int64  `json:"time"`
	Rule string `json:"rule"`
	Kind string `json:"kind"`
	Chat string `json:"chat"`
	What string `json:"what"`
	// Type is the type of the message What names when it is not a text
	// (What is then its file name, or empty): rules.TypeImage, TypeFile…
	Type string `json:"type,omitempty"`
	// Result is a Result… code; Detail what goes with it (an error's
	// code, a saved file's path).
	Result string `json:"result,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// Note adds what became of an action to the log.
func (st *State) Note(now time.Time, a Action, chat, result, detail string) {
	what, typ := a.Text, ""
	if a.Msg != nil && (a.Kind != KindForward || a.Msg.Type != TypeText) {
		what, typ = describe(*a.Msg), logType(*a.Msg)
	}
	st.Log = append(st.Log, LogEntry{Time: now.UnixMilli(), Rule: a.Rule, Kind: a.Kind, Chat: chat, What: Excerpt(what), Type: typ, Result: result, Detail: Excerpt(detail)})
	st.trim()
}

// NoteNotTaken logs that n messages reached no rule, for the reason of
// code (ResultNotTaken). The log keeps one such line per reason: a new
// one adds its count to the line of its reason, which moves to the
// newest with the new time. A page script feeding batches of made-up
// sessions (each its last try, refused as logged out) added a line each
// time, and pushed the MaxLog lines of what the rules did out of the
// log; the reasons are the few codes the worker says.
func (st *State) NoteNotTaken(now time.Time, n int, code string) {
	code = Excerpt(code)
	for i, l := range st.Log {
		if l.Result != ResultNotTaken || l.Detail != code {
			continue
		}
		if was, err := strconv.Atoi(l.What); err == nil && was > 0 {
			// Bounded: a count read back from storage cannot overflow.
			n = min(n+was, 1_000_000_000)
		}
		st.Log = append(st.Log[:i], st.Log[i+1:]...)
		break
	}
	st.Log = append(st.Log, LogEntry{Time: now.UnixMilli(), What: strconv.Itoa(n), Result: ResultNotTaken, Detail: code})
	st.trim()
}

func (st *State) log(now time.Time, r Rule, m Message, what, result string) {
	st.Log = append(st.Log, LogEntry{Time: now.UnixMilli(), Rule: r.ID, Kind: r.Kind, Chat: m.ChatName, What: Excerpt(what), Type: logType(m), Result: result})
	st.trim()
}

// MaxWhat is how many characters of a text the log keeps: MaxLog whole
// texts of up to 16 KB (48 KB as JSON) would take much of storage.local's
// 10 MiB, which the outbox needs.
const MaxWhat = 200

// Excerpt is the start of s as the log keeps it: at most MaxWhat runes,
// with "…" when it was cut.
func Excerpt(s string) string { return msg.Cut(s, MaxWhat) }

func (st *State) trim() {
	if len(st.Log) > MaxLog {
		st.Log = st.Log[len(st.Log)-MaxLog:]
	}
}
