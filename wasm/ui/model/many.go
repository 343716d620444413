package model

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// RunTime is how long a run of n messages takes at least at spacingMs
// between them and at most perHour in an hour (an hour more for each
// perHour beyond the first).
func RunTime(n, spacingMs, perHour int) time.Duration {
	if n <= 1 {
		return 0
	}
	d := time.Duration(n-1) * time.Duration(spacingMs) * time.Millisecond
	if perHour <= 0 {
		perHour = msg.DefaultRunPerHour
	}
	if extra := (n - 1) / perHour; extra > 0 {
		d = max(d, time.Duration(extra)*time.Hour)
	}
	return d
}

// RunConfirm is the one confirmation of a run of n messages that takes d,
// sent at when ("": now). A run of one message takes no time to say: it
// said "about 0 min 0 s"; one under a minute says its seconds alone.
func RunConfirm(tr func(string, ...string) string, n int, d time.Duration, when string) string {
	count := strconv.Itoa(n)
	if d <= 0 {
		if when == "" {
			return tr("many_confirm_one", count)
		}
		return tr("many_confirm_one_at", count, when)
	}
	m, sec := MinSec(d)
	// Under a minute, in seconds alone: "about 0 min 4 s" read oddly.
	if m == 0 && when == "" {
		return tr("many_confirm_s", count, strconv.Itoa(sec))
	}
	if m == 0 {
		return tr("many_confirm_at_s", count, when, strconv.Itoa(sec))
	}
	if when == "" {
		return tr("many_confirm", count, strconv.Itoa(m), strconv.Itoa(sec))
	}
	return tr("many_confirm_at", count, when, strconv.Itoa(m), strconv.Itoa(sec))
}

// RunStateKey is the key of the word the run's progress line ends with
// at now ("": none): a run stopped says so, where it said "finished"
// as if every chat had had its message.
func RunStateKey(st msg.RunStatus, now time.Time) string {
	switch {
	case st.Done && st.Stopped:
		return "many_stopped"
	case st.Done:
		return "many_done"
	case st.Paused:
		return "many_paused"
	case st.PauseUntil > now.UnixMilli():
		return "many_wechat_pause"
	}
	return ""
}

// MinSec is d in whole minutes and the seconds left, rounded up.
func MinSec(d time.Duration) (int, int) {
	s := int((d + time.Second - 1) / time.Second)
	return s / 60, s % 60
}

// RunLimits reads the spacing (in seconds) and the cap per hour typed in
// the popup; an empty field is its default. A value out of bounds is not
// moved in silently: bad is the key of the words that say what is
// allowed (many_spacing_bad, many_perhour_bad).
func RunLimits(spacing, perHour string) (spacingMs, cap int, bad string) {
	spacingMs, cap = msg.DefaultRunSpacingMs, msg.DefaultRunPerHour
	if s := strings.TrimSpace(spacing); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || v*1000 < msg.MinRunSpacingMs || v*1000 > msg.MaxSpacingMs {
			return 0, 0, "many_spacing_bad"
		}
		spacingMs = int(math.Round(v * 1000))
	}
	if s := strings.TrimSpace(perHour); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 || v > msg.MaxRunPerHour {
			return 0, 0, "many_perhour_bad"
		}
		cap = v
	}
	return spacingMs, cap, ""
}

// RunMessages is how many messages a run to n chats sends: its text and
// its file are one each per chat.
func RunMessages(n int, text bool, file bool) int {
	per := 0
	if text {
		per++
	}
	if file {
		per++
	}
	return n * per
}

// ListChat is a chat of the popup's list, as a saved list of chats is
// found in it: its UserName, the name it shows, whether it is a group.
type ListChat struct {
	User, Name string
	Group      bool
	// Unsaved: a group not saved to the contacts (msg.Contact.Unsaved),
	// which no name finds.
	Unsaved bool
}

// SavedList is a saved list of chats (客户, 家人), as storage.local keeps
// it: each chat by its UserName in the login that saved it, the name it
// showed then and whether it was a group (Groups is empty in lists saved
// before it was kept), and the account that saved it ("" before it was
// kept).
type SavedList struct {
	Users, Names []string
	Groups       []bool
	Account      string
}

func (l *SavedList) Fields(f *jsonlite.Fields) {
	jsonlite.Slice(f, "users", &l.Users, jsonlite.Keep, jsonlite.StringValue[string]())
	jsonlite.Slice(f, "names", &l.Names, jsonlite.Keep, jsonlite.StringValue[string]())
	jsonlite.Slice(f, "groups", &l.Groups, jsonlite.OmitEmpty, groupFlag)
	jsonlite.Str(f, "account", &l.Account, jsonlite.OmitEmpty)
}

// groupFlag is a chat's group flag as the first lists that kept it wrote
// it: 1 a group, 0 not.
var groupFlag = jsonlite.Value[bool]{
	Enc: func(f *jsonlite.Fields, v *bool) {
		n := map[bool]int{true: 1}[*v]
		jsonlite.IntValue[int]().Enc(f, &n)
	},
	Dec: func(d *jsonlite.Decoder, v *bool) error {
		var n int
		err := jsonlite.IntValue[int]().Dec(d, &n)
		*v = n == 1
		return err
	},
}

// SavedLists is the codec of the lists kept, by name.
var SavedLists = jsonlite.MapValue[string](jsonlite.ObjectValue[*SavedList]())

// TickSaved finds the chats of l among chats, the list of the popup's
// account: a chat by its UserName in the login that saved it, else by
// the name it showed if exactly one chat shows it now, and is a group
// exactly when it was. A list another account saved finds nothing: its
// UserNames are of that account's logins, and a chat of the same name
// here is another person (as the outbox never sends to a guess). A group
// not saved to the contacts is found by its UserName only: anyone who
// can add the person to a group makes one of any name (docs/security.md
// row 77). missing are the names of the chats of l not found.
func TickSaved(l SavedList, account string, chats []ListChat) (found []ListChat, missing []string) {
	name := func(i int) string {
		if i < len(l.Names) {
			return l.Names[i]
		}
		return l.Users[i]
	}
	if l.Account != "" && l.Account != account {
		for i := range l.Users {
			missing = append(missing, name(i))
		}
		return nil, missing
	}
	byUser := map[string]ListChat{}
	byName := map[string][]ListChat{}
	for _, c := range chats {
		byUser[c.User] = c
		if !c.Unsaved {
			byName[c.Name] = append(byName[c.Name], c)
		}
	}
	for i, u := range l.Users {
		c, ok := byUser[u]
		if !ok && i < len(l.Names) && len(byName[l.Names[i]]) == 1 {
			c = byName[l.Names[i]][0]
			ok = i >= len(l.Groups) || l.Groups[i] == c.Group
		}
		if ok {
			found = append(found, c)
		} else {
			missing = append(missing, name(i))
		}
	}
	return found, missing
}

// maxMissingNamed bounds the names MissingText says: a list of another
// account misses all of its 300.
const maxMissingNamed = 5

// MissingText says which chats of a saved list were not ticked, by name
// (the first few, then how many in all): "3 chats of the list were not
// found" left a person to compare the list with the ticks.
func MissingText(tr func(string, ...string) string, names []string) string {
	sep := tr("list_sep")
	if sep == "" {
		sep = ", "
	}
	shown := strings.Join(names[:min(len(names), maxMissingNamed)], sep)
	if len(names) > maxMissingNamed {
		return tr("many_list_missing_more", shown, strconv.Itoa(len(names)))
	}
	return tr("many_list_missing", shown)
}
