// Package rules decides what the no-code rules do with a message that
// reached the web WeChat page: keyword auto-replies, auto-forwards (texts,
// files and media) and auto-saves of media to the Downloads folder. It
// is plain Go over a State the caller keeps (storage.local), so that a
// stopped worker forgets nothing: which messages were seen, when each chat
// was last answered, how many answers went out this hour, and a log of the
// last actions.
//
// The guards: the account's own messages are never answered; a message is
// acted on once; a rule answers a chat at most once per cool-down; a
// forwarded text is not forwarded again, nor a message sent back to the
// one who said it (a loop of forwards ends after one round); one chat's
// messages make the rules send at most MaxPerChatHour messages an hour,
// so that the others keep their share; and all rules together send at
// most MaxPerHour messages an hour, so two accounts whose rules answer
// each other stop soon. Saving sends nothing and is not counted.
package rules

import (
	"slices"
	"strings"
	"time"
)

// Kinds of rule.
const (
	KindReply   = "reply"
	KindForward = "forward"
	KindSave    = "save"
)

// Message types a forward or a save rule can take (Message.Type).
const (
	TypeText     = "text"
	TypeImage    = "image"
	TypeVideo    = "video"
	TypeVoice    = "voice"
	TypeFile     = "file"
	TypeEmoticon = "emoticon"
)

// ForwardTypes are what a forward rule can forward; SaveTypes what a save
// rule can save. A rule that names none takes its defaults: a forward,
// texts (what it did before it could forward more); a save, every kind.
var (
	ForwardTypes = []string{TypeText, TypeImage, TypeVideo, TypeVoice, TypeFile, TypeEmoticon}
	SaveTypes    = []string{TypeImage, TypeVideo, TypeVoice, TypeFile}
)

// DefaultFolder is the Downloads subfolder of a save rule that names none.
const DefaultFolder = "wxdrop"

// Results of an action, for the log (the options page puts them in words).
const (
	ResultQueued       = "queued"
	ResultNotSent      = "not_sent"
	ResultHeldCooldown = "held_cooldown"
	ResultHeldCap      = "held_cap"
	// ResultHeldChatCap: the message's chat made the rules send
	// MaxPerChatHour messages this hour.
	ResultHeldChatCap = "held_chat_cap"
	// ResultHeldPersonCap: the one who said it made the rules send
	// MaxPerChatHour messages this hour, in all their chats.
	ResultHeldPersonCap = "held_person_cap"
	// ResultHeldLoop: a forward of a text this browser's rules forwarded
	// (it came back), or of a message to the one who said it.
	ResultHeldLoop = "held_loop"
	// ResultHeldAmbiguous: the rule names the message's chat by a name
	// another chat of the login has too (Message.Ambiguous).
	ResultHeldAmbiguous = "held_ambiguous"
	// ResultHeldUnsaved: the rule names the message's chat, a group not
	// saved to the contacts (Message.Unsaved).
	ResultHeldUnsaved = "held_unsaved"
	ResultSaving      = "saving"
	ResultSaved       = "saved"
	ResultNotSaved    = "not_saved"
	// ResultNotTaken: a batch of messages reached no rule (the worker
	// could not read what it needed); the entry's What is how many
	// messages, its Detail the error's code, and it names no rule.
	ResultNotTaken = "not_taken"
)

// Ways a reply rule matches a text.
const (
	MatchExact    = "exact"
	MatchContains = "contains"
	MatchRegexp   = "regexp"
)

// Limits.
const (
	// MaxPerHour bounds what all rules send in an hour.
	MaxPerHour = 30
	// MaxPerChatHour bounds what one chat's messages make the rules send
	// in an hour: a contact who sends a reply rule's word every minute
	// took all 30, and every other rule of every chat was held. The other
	// MaxPerHour-MaxPerChatHour are the other chats'; a busy group's
	// forwards keep most of the hour.
	MaxPerChatHour = 20
	// forwardedFor is how long a forwarded text is remembered (State.Forwarded).
	forwardedFor = time.Hour
	// maxForwarded bounds the texts remembered: more than an hour's sends.
	maxForwarded = 2 * MaxPerHour
	// DefaultCooldown is a reply rule's cool-down per chat when it sets none.
	DefaultCooldown = 60 * time.Second
	// MaxLog is how many actions the log keeps.
	MaxLog = 200
	// maxSeen is how many message ids are remembered.
	maxSeen = 500
	// MaxRules bounds the rules a person can set.
	MaxRules = 50
)

// Config is the rules as the options page edits them (storage.local).
type Config struct {
	On    bool   `json:"on"`
	Rules []Rule `json:"rules"`
}

// View is what the options page shows: the rules and the log.
type View struct {
	Config
	Log []LogEntry `json:"log"`
}

// Batch is messages that reached the web WeChat page, as its content
// script passes them on.
type Batch struct {
	Messages []Message `json:"messages"`
	// Last: the content script asks no more after this try
	// (msg.PageMessagesAnswer): a batch the rules cannot take is logged.
	Last bool `json:"last,omitempty"`
}

// Rule is one rule, as the options page edits it.
type Rule struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	On   bool   `json:"on"`
	// Reply: the match, its pattern and the answer; Chats limits it to
	// chats of these names (empty: every chat); CooldownSec per chat.
	Match       string   `json:"match,omitempty"`
	Pattern     string   `json:"pattern,omitempty"`
	Reply       string   `json:"reply,omitempty"`
	Chats       []string `json:"chats,omitempty"`
	CooldownSec int      `json:"cooldownSec,omitempty"`
	// Forward: messages of Types from the chat named From go to the chat
	// named To.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Types: a forward's or a save's message types (empty: its defaults).
	Types []string `json:"types,omitempty"`
	// Save: media of Types from the chats named Chats (empty: every chat)
	// go to the Downloads subfolder Folder (empty: DefaultFolder).
	Folder string `json:"folder,omitempty"`
	// Account is the account (msg.AccountInfo.ID) whose chats the rule's
	// names are, set by the worker when the rule is made: the account the
	// popup and the options acted as then. A name is one account's
	// contact's: the other account's 李四 is another person, who may have
	// called themselves so (docs/security.md row 100). A rule that names
	// chats acts on its account's messages only; one saved before rules
	// had an account ("") acts on every account's, as it did.
	Account string `json:"account,omitempty"`
}

// NamesChats reports whether r names the chats it acts in (a reply or a
// save limited to chats, every forward) rather than acting in every chat.
func (r Rule) NamesChats() bool {
	return r.Kind == KindForward || len(r.Chats) > 0
}

// ActsIn reports whether r acts on a message that reached account's tab:
// a rule that names chats, in the account it was made in only.
func (r Rule) ActsIn(account string) bool {
	return r.Account == "" || !r.NamesChats() || r.Account == account
}

// TypesOf is what rule r takes: its Types, else its kind's defaults.
func TypesOf(r Rule) []string {
	switch {
	case len(r.Types) > 0:
		return r.Types
	case r.Kind == KindForward:
		return []string{TypeText}
	case r.Kind == KindSave:
		return SaveTypes
	}
	return []string{TypeText}
}

// Message is an incoming message, as the page API gives it, with the
// chat's name.
type Message struct {
	ID       string `json:"id"`
	From     string `json:"from"`
	Type     string `json:"type"`
	Text     string `json:"text,omitempty"`
	FromSelf bool   `json:"fromSelf,omitempty"`
	IsGroup  bool   `json:"isGroup,omitempty"`
	// Group is the group's UserName for a message said in a group.
	Group string `json:"group,omitempty"`
	// ChatName is the chat's remark or nick name (the group's name in a
	// group), filled by the caller from the contacts.
	ChatName string `json:"chatName,omitempty"`
	// Media: the fields its download or its forward needs (§4.2).
	FileName      string `json:"fileName,omitempty"`
	FileSize      int64  `json:"fileSize,omitempty"`
	MediaID       string `json:"mediaId,omitempty"`
	EncryFileName string `json:"encryFileName,omitempty"`
	MD5           string `json:"md5,omitempty"`
	// Time is when it was sent (Unix ms); GroupSender is who said it in a
	// group, and SenderName that member's name, filled by the caller from
	// the contacts ("" when the member is not one).
	Time        int64  `json:"time,omitempty"`
	GroupSender string `json:"groupSender,omitempty"`
	SenderName  string `json:"senderName,omitempty"`
	// SenderIs, filled by the caller: every text a forward's To finds
	// the one who said it by — their UserName, remark and nick name,
	// cleaned, as the worker resolves To (core apiTo) — when they are a
	// chat of the login. The loop guard holds a forward to any of them:
	// SenderName alone is the remark, and a rule "to 小红" (her nick)
	// sent 老婆 (her remark) her own pictures back, round after round.
	// UserNames change at each login, but the message's and the chats'
	// are of one login, read together. Not stored.
	SenderIs []string `json:"-"`
	// Ambiguous, filled by the caller: another chat of the login has
	// ChatName too. Names are their people's choice (anyone can call a
	// group they add the person to 相亲相爱一家人), so a rule that names
	// chats acts for neither (docs/security.md row 74). Not stored.
	Ambiguous bool `json:"-"`
	// Unsaved, filled by the caller: the chat is a group not saved to
	// the contacts, which anyone who can add the person to a group can
	// give any name: a rule that names chats does not act for it
	// (docs/security.md row 77). Not stored.
	Unsaved bool `json:"-"`
	// Account, filled by the caller: the account whose tab the message
	// reached. A message's id is the server's numbering of one account;
	// the same id in another account is another message (State.Seen).
	// Not stored.
	Account string `json:"-"`
}

// seenKey is what State.Seen remembers of m: its id in its account.
func (m Message) seenKey() string {
	if m.Account == "" {
		return m.ID
	}
	return m.Account + "/" + m.ID
}

// Chat is the chat a message belongs to: the group, else the sender.
func (m Message) Chat() string {
	if m.Group != "" {
		return m.Group
	}
	return m.From
}

// Action is something a rule decided: a text to a chat, a message's
// media to a chat, or a message's media to a folder.
type Action struct {
	Rule string `json:"rule"`
	Kind string `json:"kind"`
	// To is a UserName (a reply), or a chat's name (a forward).
	To   string `json:"to,omitempty"`
	Text string `json:"text,omitempty"`
	// Msg is the message whose media a forward sends or a save keeps.
	Msg *Message `json:"msg,omitempty"`
	// Folder is where a save keeps it.
	Folder string `json:"folder,omitempty"`
}

// State is what the rules remember between messages.
type State struct {
	// Seen are the messages the rules have seen, by account and id
	// (Message.seenKey).
	Seen      []string         `json:"seen,omitempty"`
	LastReply map[string]int64 `json:"lastReply,omitempty"` // rule + chat → Unix ms
	HourStart int64            `json:"hourStart,omitempty"`
	HourCount int              `json:"hourCount,omitempty"`
	// HourChats counts the hour's sends by the chat whose message made
	// them (account/chat), and by the person who said it ("by
	// account/UserName", personKey).
	HourChats map[string]int `json:"hourChats,omitempty"`
	// Forwarded are the texts the forward rules sent in the last hour, as
	// their length and sum (not the text: 16 KB each would fill
	// storage.local): one that comes back, with a name before it, is not
	// forwarded again.
	Forwarded []Forwarded `json:"forwarded,omitempty"`
	// SaveStart and SaveBytes are the save rules' hour: when it began
	// (Unix ms) and the bytes saved in it (the caller's bound).
	SaveStart int64      `json:"saveStart,omitempty"`
	SaveBytes int64      `json:"saveBytes,omitempty"`
	Log       []LogEntry `json:"log,omitempty"`
}

// Forwarded is one text a forward rule sent: when, its length in bytes,
// and the SHA-256 of its ends in hex (sumOf).
type Forwarded struct {
	Time int64  `json:"time"`
	Len  int    `json:"len"`
	Sum  string `json:"sum"`
}

// Save is a save to do: a message's media, to Folder under Downloads.
type Save struct {
	Rule   string  `json:"rule"`
	Msg    Message `json:"msg"`
	Folder string  `json:"folder"`
	// Tries counts the attempts begun (a save that keeps failing ends).
	Tries int `json:"tries,omitempty"`
	// Account is the ID of the account whose tab the message reached: the
	// media is downloaded in that account's session.
	Account string `json:"account,omitempty"`
}

// MaxSaveTries bounds the attempts of one save.
const MaxSaveTries = 3

// MaxSaves bounds the saves waiting: more are logged as not saved.
const MaxSaves = 100

// Check says what is wrong with a rule, in words for the options page's
// error line ("" when nothing is).
func Check(r Rule) string {
	switch r.Kind {
	case KindReply:
		if strings.TrimSpace(r.Reply) == "" {
			return "reply_empty"
		}
		switch r.Match {
		case MatchExact, MatchContains:
			if strings.TrimSpace(r.Pattern) == "" {
				return "pattern_empty"
			}
		case MatchRegexp:
			if _, why := MatchPattern(r.Pattern, ""); why != "" {
				return why
			}
		default:
			return "match_unknown"
		}
		if r.CooldownSec < 0 {
			return "cooldown_bad"
		}
	case KindForward:
		if strings.TrimSpace(r.From) == "" || strings.TrimSpace(r.To) == "" {
			return "forward_chats"
		}
		if strings.TrimSpace(r.From) == strings.TrimSpace(r.To) {
			return "forward_same"
		}
		if !allIn(r.Types, ForwardTypes) {
			return "types_bad"
		}
	case KindSave:
		if !allIn(r.Types, SaveTypes) {
			return "types_bad"
		}
		if f := strings.TrimSpace(r.Folder); f != "" && IsDeviceFolder(f) {
			return "folder_reserved"
		}
		if f := strings.TrimSpace(r.Folder); f != "" && CleanFolder(f) != f {
			return "folder_bad"
		}
	default:
		return "kind_unknown"
	}
	return ""
}

func allIn(list, of []string) bool {
	for _, t := range list {
		if !slices.Contains(of, t) {
			return false
		}
	}
	return true
}
