package model

import (
	"strconv"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/safename"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// Row actions: the data-action of a row's buttons.
const (
	ActEdit    = "edit"     // load a queued entry into the composer
	ActCancel  = "cancel"   // msg.OutboxCancel
	ActSendNow = "send-now" // msg.OutboxSendNow: now, or again
	ActStopRun = "stop-run" // msg.OutboxRunStop: a scheduled run, all its chats
)

// Tones of a row's result line, as the class the stylesheet colours.
const (
	ToneOK   = "ok"   // sent
	ToneWarn = "warn" // waiting, uncertain, missed: worth a look
	ToneBad  = "bad"  // failed
)

// Action is a button of a row.
type Action struct {
	Name  string // data-action
	Label string
	// Hint is the button's title: what the click may do beyond its label.
	Hint string
}

// EntryView is what an entry's row shows.
type EntryView struct {
	ID    string
	State string // data-state: the entry's state
	// Kind is the localized kind: Text, Image, Video, File...
	Kind string
	// Title is the file name, or the start of the text.
	Title string
	// To is the chat's name.
	To string
	// From names the account the entry leaves from, when it is another
	// than the one the popup shows; "" otherwise.
	From string
	// When is a scheduled entry's time and repeat; "" for sends of now.
	When string
	// Progress is shown while uploading: Done of Size bytes.
	Progress   bool
	Done, Size int64
	// Result is the current step, the reason it waits, or the outcome.
	Result string
	Tone   string
	// Actions are the row's buttons, in order.
	Actions []Action
}

// RowEnv is what rows are drawn with besides their entries.
type RowEnv struct {
	T Translator
	// When writes a Unix ms time in the person's language and zone.
	When func(ms int64) string
	// GraceMinutes is the settings' grace period: a due entry that waits
	// for a login goes out until its due time plus this.
	GraceMinutes int
	// Account is the account the popup shows (msg.State.Account), and
	// Accounts every account a tab has shown: an entry of another names
	// its own (From).
	Account  string
	Accounts []msg.AccountInfo
}

// fromText names e's account when it is not the one the popup shows.
// With two accounts the popup lists the entries of both, and their
// chats are often the same people under the same names: "→ 老张" and
// "Waiting for a login" stood under "Logged in as 第二个号" for a
// message of the other account, which waited for that one's login.
func fromText(env RowEnv, e msg.Entry) string {
	if a, ok := otherAccount(e, env.Account, env.Accounts); ok {
		return env.T("entry_from_account", safename.Visible(search.Clean(a.NickName)), a.Host)
	}
	return ""
}

// otherAccount is e's account when it is another than shown, and known.
func otherAccount(e msg.Entry, shown string, accounts []msg.AccountInfo) (msg.AccountInfo, bool) {
	if e.Account == "" || e.Account == shown {
		return msg.AccountInfo{}, false
	}
	for _, a := range accounts {
		if a.ID == e.Account {
			return a, true
		}
	}
	return msg.AccountInfo{}, false
}

// EditPickOfAnotherAccount is why a chat picked while editing e cannot
// be its chat, or "": the popup lists the shown account's chats, and an
// entry of another account goes to a chat of its own account. The
// worker refused the pick as "not in your contacts any more, pick it
// again from the list", which picking again from the same list never
// mended.
func EditPickOfAnotherAccount(t Translator, e msg.Entry, shown string, accounts []msg.AccountInfo) string {
	if a, ok := otherAccount(e, shown, accounts); ok {
		return t("edit_other_account", safename.Visible(search.Clean(a.NickName)), a.Host)
	}
	return ""
}

// maxTitle bounds a text entry's title in runes.
const maxTitle = 60

// ViewEntry is the row of entry e; p is its upload's progress, if any.
func ViewEntry(env RowEnv, e msg.Entry, p *msg.Progress) EntryView {
	t := env.T
	v := EntryView{ID: e.ID, State: string(e.State), To: search.Shown(search.Clean(e.To.Name())), Kind: KindText(t, e.Kind)}
	if v.To == "" {
		v.To = e.To.UserName
	}
	v.Title = e.Title(maxTitle)
	v.From = fromText(env, e)
	// A sent entry's own time is in its result ("Sent at").
	if e.Scheduled && e.State != msg.EntrySent {
		v.When = env.When(e.Due)
		if e.Repeat != msg.RepeatNone {
			v.When += " · " + RepeatText(t, e.Repeat)
		}
	}
	switch e.State {
	case msg.EntryQueued:
		if e.Waiting != "" {
			v.Result, v.Tone = waitingText(env, e), ToneWarn
		} else if !e.Scheduled {
			v.Result = t("entry_queued")
		}
		// A send of now that is not held goes within seconds: only
		// Cancel is worth a button. Held or scheduled, it may be moved
		// to a time or tried at once.
		if e.Scheduled || e.Waiting != "" {
			v.Actions = []Action{{Name: ActEdit, Label: t("action_edit")}, {Name: ActSendNow, Label: t("action_send_now")}}
		}
		v.Actions = append(v.Actions, Action{Name: ActCancel, Label: t("action_cancel")})
	case msg.EntryUploading:
		size := int64(0)
		if e.File != nil {
			size = e.File.Size
		}
		var done int64
		if p != nil {
			done = p.Done
			if p.Size > 0 {
				size = p.Size
			}
		}
		v.Size, v.Done = size, min(max(done, 0), size)
		if p != nil && p.Fetching {
			// The download reports its bytes as they arrive; a site that
			// gives no size shows no bar.
			v.Result = t("entry_fetching")
			switch {
			case size > 0 && done > 0:
				v.Progress = true
				v.Result = t("entry_fetching_done", FormatSize(v.Done), FormatSize(size))
			case size > 0:
				v.Result = t("entry_fetching_size", FormatSize(size))
			}
			break
		}
		v.Progress = size > 0
		v.Result = t("entry_uploading", FormatSize(v.Done), FormatSize(size))
	case msg.EntrySending:
		v.Result = t("entry_sending")
	case msg.EntrySent:
		v.Result, v.Tone = t("entry_sent"), ToneOK
		if e.Done > 0 {
			v.Result = t("entry_sent_at", env.When(e.Done))
		}
	case msg.EntryCancelled:
		v.Result = t("entry_cancelled")
	case msg.EntryFailed, msg.EntryUncertain, msg.EntryMissed:
		v.Result, v.Tone = msg.Text(t, finalError(e)), ToneWarn
		again := Action{Name: ActSendNow, Label: t("action_send_again")}
		switch e.State {
		case msg.EntryFailed:
			v.Tone = ToneBad
		case msg.EntryUncertain:
			// The first try may have arrived: say so on the button.
			again = Action{Name: ActSendNow, Label: t("action_send_anyway"), Hint: t("action_send_anyway_hint")}
		}
		v.Actions = []Action{again}
	default:
		v.Result = string(e.State)
	}
	return v
}

// ViewRun is the row of a scheduled run to many chats, shown by its first
// entry e: its text or file, its time and repeat, how many chats, and
// one Cancel that stops the whole run (each chat's entry is not a row).
func ViewRun(env RowEnv, e msg.Entry, chats int) EntryView {
	v := ViewEntry(env, e, nil)
	v.ID = e.ID
	v.To = env.T("many_row_to", strconv.Itoa(chats))
	if e.State == msg.EntryQueued && e.Waiting == "" {
		v.Result = ""
	}
	v.Actions = []Action{{Name: ActStopRun, Label: env.T("action_cancel"), Hint: env.T("many_row_cancel_hint")}}
	return v
}

// finalError is the reason an entry ended as it did, even when the
// record holds none: an entry is uncertain or missed exactly when its
// state says so.
func finalError(e msg.Entry) *msg.Error {
	if e.Error != nil {
		return e.Error
	}
	switch e.State {
	case msg.EntryUncertain:
		return &msg.Error{Code: msg.ErrUncertain}
	case msg.EntryMissed:
		return &msg.Error{Code: msg.ErrMissed}
	}
	return Internal("failed without a reason")
}

// waitingText says why a due entry does not go out yet.
func waitingText(env RowEnv, e msg.Entry) string {
	t := env.T
	switch e.Waiting {
	case msg.ErrLoggedOut:
		grace := int64(msg.Settings{GraceMinutes: env.GraceMinutes}.Normalized().GraceMinutes)
		return t("waiting_login", env.When(e.Due+grace*60_000))
	case msg.ErrTooFrequent:
		return t("waiting_too_frequent")
	case msg.ErrNetwork:
		return t("waiting_network")
	}
	return t("waiting_other", msg.Text(t, &msg.Error{Code: e.Waiting}))
}

// KindText is the localized name of an entry's kind; a kind this build
// does not know shows as it is.
func KindText(t Translator, kind msg.EntryKind) string {
	switch {
	case kind.Known():
		return t("kind_" + string(kind))
	case kind == "":
		return t("kind_file")
	}
	return string(kind)
}
