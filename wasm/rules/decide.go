package rules

import (
	"slices"
	"strings"
	"time"
)

// What the rules do with one message: Decide and the three kinds' own
// parts of it.

// Decide is what the rules do with m at now, and the State after.
func Decide(rules []Rule, st *State, m Message, now time.Time) []Action {
	if m.FromSelf || m.ID == "" || slices.Contains(st.Seen, m.seenKey()) {
		return nil
	}
	st.Seen = append(st.Seen, m.seenKey())
	if len(st.Seen) > maxSeen {
		st.Seen = st.Seen[len(st.Seen)-maxSeen:]
	}
	if now.UnixMilli()-st.HourStart >= time.Hour.Milliseconds() {
		st.HourStart, st.HourCount, st.HourChats = now.UnixMilli(), 0, nil
		st.forget(rules, now)
	}
	var out []Action
	for _, r := range rules {
		if !r.On || Check(r) != "" || !r.ActsIn(m.Account) {
			continue
		}
		var a *Action
		switch r.Kind {
		case KindReply:
			a = reply(r, st, m, now)
		case KindForward:
			if a = forward(r, m); a != nil && held(m) != "" {
				st.log(now, r, m, describe(m), held(m))
				continue
			}
			if a != nil && st.loop(r, m, now) != "" {
				st.log(now, r, m, describe(m), st.loop(r, m, now))
				continue
			}
		case KindSave:
			switch {
			case !save(r, m):
			case held(m) != "" && len(r.Chats) > 0:
				st.log(now, r, m, describe(m), held(m))
			default:
				mm := m
				out = append(out, Action{Rule: r.ID, Kind: KindSave, Msg: &mm, Folder: folderOf(r)})
			}
			continue
		}
		if a == nil {
			continue
		}
		chat, person := m.Account+"/"+m.Chat(), personKey(m)
		switch {
		case st.HourCount >= MaxPerHour:
			st.log(now, r, m, describe(m), ResultHeldCap)
			continue
		case st.HourChats[chat] >= MaxPerChatHour:
			st.log(now, r, m, describe(m), ResultHeldChatCap)
			continue
		case st.HourChats[person] >= MaxPerChatHour:
			st.log(now, r, m, describe(m), ResultHeldPersonCap)
			continue
		}
		if st.HourChats == nil {
			st.HourChats = map[string]int{}
		}
		st.HourCount++
		st.HourChats[chat]++
		st.HourChats[person]++
		if a.Kind == KindForward && a.Msg == nil {
			st.forwarded(a.Text, now)
		}
		out = append(out, *a)
	}
	return out
}

// personKey is the key in State.HourChats of the person whose message
// it is: the member who said it in a group, else the chat (a UserName
// names one person in every chat of a login). Anyone can make groups
// with the person in them: one person's messages in two of them (or in
// a group and their own chat) took two chats' shares, all 30 of the
// hour, and every other rule was held (docs/security.md row 105).
func personKey(m Message) string {
	who := m.GroupSender
	if who == "" {
		who = m.Chat()
	}
	return "by " + m.Account + "/" + who
}

// forget drops the cool-downs that are over, and those of rules no longer
// there, once an hour: chats are named by UserName, new at every login,
// so the record would otherwise keep an entry per chat and login for ever
// (docs/security.md row 73).
func (st *State) forget(rules []Rule, now time.Time) {
	for key, last := range st.LastReply {
		id, _, _ := strings.Cut(key, " ")
		i := slices.IndexFunc(rules, func(r Rule) bool { return r.ID == id })
		if i < 0 || now.UnixMilli()-last >= cooldown(rules[i]).Milliseconds() {
			delete(st.LastReply, key)
		}
	}
}

// cooldown is how long reply rule r waits before it answers a chat again.
func cooldown(r Rule) time.Duration {
	if r.CooldownSec > 0 {
		return time.Duration(r.CooldownSec) * time.Second
	}
	return DefaultCooldown
}

// forward is what a forward rule does with m: a text goes as a text that
// names its chat; a file or media goes as itself.
func forward(r Rule, m Message) *Action {
	if m.ChatName != strings.TrimSpace(r.From) || !slices.Contains(TypesOf(r), m.Type) {
		return nil
	}
	a := &Action{Rule: r.ID, Kind: KindForward, To: strings.TrimSpace(r.To)}
	switch m.Type {
	case TypeText:
		a.Text = "[" + m.ChatName + "] " + m.Text
	case TypeEmoticon:
		if m.MD5 == "" {
			return nil
		}
		mm := m
		a.Msg = &mm
	case TypeFile:
		if m.MediaID == "" {
			return nil
		}
		mm := m
		a.Msg = &mm
	default:
		mm := m
		a.Msg = &mm
	}
	return a
}

// save reports whether a save rule keeps m's media.
func save(r Rule, m Message) bool {
	if !slices.Contains(TypesOf(r), m.Type) || (m.Type == TypeFile && m.MediaID == "") {
		return false
	}
	return len(r.Chats) == 0 || slices.Contains(r.Chats, m.ChatName)
}

func folderOf(r Rule) string {
	if f := strings.TrimSpace(r.Folder); f != "" {
		return f
	}
	return DefaultFolder
}

// describe is what the log says of a message a rule acted on: a text,
// or a file's name (the log's Type says what it is, logType).
func describe(m Message) string {
	if m.Type == TypeText {
		return m.Text
	}
	return m.FileName
}

// logType is the type the log keeps beside what describe says of m: ""
// for a text, else its type, which the options page says in the
// person's language. The log said "[file] 周报.pdf", English inside a
// Chinese page.
func logType(m Message) string {
	if m.Type == TypeText {
		return ""
	}
	return m.Type
}

func reply(r Rule, st *State, m Message, now time.Time) *Action {
	if m.Type != "text" {
		return nil
	}
	if len(r.Chats) > 0 && !slices.Contains(r.Chats, m.ChatName) {
		return nil
	}
	// A keyword is a word, whatever its letters' case: "price" answers
	// "Price?", as the friend-request rule's word does (it answered only
	// the case typed in the options). A regular expression is as written.
	var ok bool
	switch r.Match {
	case MatchExact:
		ok = strings.EqualFold(strings.TrimSpace(m.Text), strings.TrimSpace(r.Pattern))
	case MatchContains:
		ok = strings.Contains(strings.ToLower(m.Text), strings.ToLower(r.Pattern))
	case MatchRegexp:
		ok, _ = MatchPattern(r.Pattern, m.Text)
	}
	if !ok {
		return nil
	}
	if held(m) != "" && len(r.Chats) > 0 {
		st.log(now, r, m, m.Text, held(m))
		return nil
	}
	cool := cooldown(r)
	key := r.ID + " " + m.Chat()
	if last, seen := st.LastReply[key]; seen && now.UnixMilli()-last < cool.Milliseconds() {
		st.log(now, r, m, m.Text, ResultHeldCooldown)
		return nil
	}
	if st.LastReply == nil {
		st.LastReply = map[string]int64{}
	}
	st.LastReply[key] = now.UnixMilli()
	return &Action{Rule: r.ID, Kind: KindReply, To: m.Chat(), Text: r.Reply}
}

// held is why a rule that names the message's chat does not act for it
// ("" when it does): the name is two chats', or the chat is a group not
// saved to the contacts.
func held(m Message) string {
	switch {
	case m.Ambiguous:
		return ResultHeldAmbiguous
	case m.Unsaved:
		return ResultHeldUnsaved
	}
	return ""
}
