package rules

import (
	"slices"
	"strings"
	"time"

	"github.com/wxdrop/wxdrop/wasm/sum256"
)

// Loops of forwards. A forward has no cool-down (a busy group's every
// message goes), so two rules that pass messages to each other's chats —
// the person's family group to their wife, and her rule forwarding her
// husband's chat to the family group; or two accounts side by side —
// ran at the hourly cap for as long as the text, longer by a name each
// round, stayed under 16 KB: some 100 hours. A message is forwarded once:
// a text a forward rule sent that comes back (whatever was put before it)
// is not forwarded again, and no forward sends a message to the one who
// said it, who has it already (what ends a loop of pictures, which carry
// nothing to know them by).

// loop is why forward rule r does not pass m on ("" when it does).
func (st *State) loop(r Rule, m Message, now time.Time) string {
	to := strings.TrimSpace(r.To)
	if m.Group != "" && m.SenderName != "" && m.SenderName == to || to != "" && slices.Contains(m.SenderIs, to) {
		return ResultHeldLoop
	}
	if m.Type == TypeText && st.forwardedBack(m.Text, now) {
		return ResultHeldLoop
	}
	return ""
}

// forwardedBack reports whether text ends with a text the forward rules
// sent in the last hour.
func (st *State) forwardedBack(text string, now time.Time) bool {
	for _, f := range st.Forwarded {
		if now.UnixMilli()-f.Time >= forwardedFor.Milliseconds() || f.Len > len(text) {
			continue
		}
		if sumOf(text[len(text)-f.Len:]) == f.Sum {
			return true
		}
	}
	return false
}

// forwarded remembers a text a forward rule sends, for an hour.
func (st *State) forwarded(text string, now time.Time) {
	kept := st.Forwarded[:0]
	for _, f := range st.Forwarded {
		if now.UnixMilli()-f.Time < forwardedFor.Milliseconds() {
			kept = append(kept, f)
		}
	}
	st.Forwarded = append(kept, Forwarded{Time: now.UnixMilli(), Len: len(text), Sum: sumOf(text)})
	if len(st.Forwarded) > maxForwarded {
		st.Forwarded = st.Forwarded[len(st.Forwarded)-maxForwarded:]
	}
}

// sumEnds is how much of each end of a long text its sum takes.
const sumEnds = 256

// sumOf is what Forwarded keeps of a text: the SHA-256 of its two ends
// (the whole of a short one; its length is kept beside). Each message
// that reaches a forward rule is held against every text of the hour: of
// whole texts, 60 of 16 KB, a member of the chat who sends 16 KB texts
// made the worker hash a megabyte a message.
func sumOf(s string) string {
	if len(s) > 2*sumEnds {
		s = s[:sumEnds] + s[len(s)-sumEnds:]
	}
	d := sum256.Sum([]byte(s))
	// By hand: encoding/hex links fmt into the pages, which link this
	// package (TestPagesImportNoEncodingJSON).
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(d))
	for _, b := range d {
		out = append(out, digits[b>>4], digits[b&15])
	}
	return string(out)
}
