package core

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/rules"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// The no-code rules run here, on the messages the web WeChat page's
// content script passes on while the person has them on
// (rules.Config.On). What they send goes through the outbox and its rate
// limit; what they did is logged in rules.State for the options page.

func (c *Core) rulesConfig(ctx context.Context) (rules.Config, error) {
	var rc rules.Config
	_, err := c.env.Storage.Get(ctx, browser.AreaLocal, msg.RulesKey, &rc)
	return rc, err
}

// setRules stores the rules after checking each; a refusal says which
// rule and why (an err_RULE_<why> text).
func (c *Core) setRules(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	rc, err := decode[rules.Config](body, msg.SetRules)
	if err != nil {
		return nil, err
	}
	if len(rc.Rules) > rules.MaxRules {
		return nil, &msg.Error{Code: msg.ErrRuleTooMany}
	}
	for _, r := range rc.Rules {
		if why := rules.Check(r); why != "" {
			// The rule is the one just written: its id says nothing to a person.
			return nil, &msg.Error{Code: ruleRefusal(why)}
		}
	}
	if err := c.stampRules(ctx, &rc); err != nil {
		return nil, err
	}
	return rc, c.env.Storage.Set(ctx, browser.AreaLocal, msg.RulesKey, rc)
}

// stampRules gives each new rule the account the page showed as it was
// made (SetRules is pagesBound: a page that showed another account than
// the current one is refused, ACCOUNT_CHANGED), else the current one,
// and keeps each rule already stored its own, whatever the page sent:
// the names a rule gives are that account's contacts' (rules.Rule.Account,
// docs/security.md row 100). The options page showed A while the popup
// had just switched to B: the rule for A's 李四 was stamped B's, and acted
// for B's 李四. With no account known, a new rule has none and acts in
// every account, as every rule did before.
func (c *Core) stampRules(ctx context.Context, rc *rules.Config) error {
	old, err := c.rulesConfig(ctx)
	if err != nil {
		return err
	}
	was := make(map[string]string, len(old.Rules))
	for _, r := range old.Rules {
		was[r.ID] = r.Account
	}
	s, err := c.loadSessions(ctx)
	if err != nil {
		return err
	}
	made := s.current
	if shown, set := outbox.AccountOf(ctx); set {
		made = shown
	}
	for i := range rc.Rules {
		r := &rc.Rules[i]
		if a, ok := was[r.ID]; ok {
			r.Account = a
		} else {
			r.Account = made
		}
	}
	return nil
}

// ruleRefusal is the code of rules.Check's word: "RULE_" and the word,
// upper-case (each is registered in msg; TestRuleRefusalsRegistered).
func ruleRefusal(why string) msg.Code { return msg.Code("RULE_" + strings.ToUpper(why)) }

func (c *Core) getRules(ctx context.Context, _ json.RawMessage, _ Sender) (any, error) {
	rc, err := c.rulesConfig(ctx)
	if err != nil {
		return nil, err
	}
	st, err := c.rulesState(ctx)
	if err != nil {
		return nil, err
	}
	return rules.View{Config: rc, Log: st.Log}, nil
}

func (c *Core) rulesState(ctx context.Context) (rules.State, error) {
	var st rules.State
	_, err := c.env.Storage.Get(ctx, browser.AreaLocal, msg.RulesStateKey, &st)
	return st, err
}

// pageMessages runs the rules on messages that reached the page. It
// answers an error only when nothing was done for the batch; what failed
// before the rules took the batch is msg.PageMessagesAnswer.Again (the
// content script asks again), what failed after it took them (and may
// have sent) is PageMessagesAnswer.Error: asking again would send the
// replies again, as the record of seen messages was not saved.
func (c *Core) pageMessages(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	if len(body) > MaxIncomingBytes {
		return nil, msg.BadTooManyMessages.Err()
	}
	b, err := decode[rules.Batch](body, msg.PageMessages)
	if err != nil {
		return nil, err
	}
	if len(b.Messages) > MaxIncomingBatch {
		return nil, msg.BadTooManyMessages.Err()
	}
	// A friend request's note fails before it keeps or accepts anything
	// (and a request kept already is not taken twice): the batch is asked
	// again as when the rules did not take it.
	taken, err := false, c.noteFriendRequests(ctx, body)
	if err == nil {
		taken, err = c.runRules(ctx, b)
	}
	switch {
	case err == nil:
		return nil, nil
	case taken:
		return msg.PageMessagesAnswer{Error: toMsgError(err).Code}, nil
	}
	code := toMsgError(err).Code
	if b.Last {
		// The last try: the person sees in the rules' log that messages
		// reached no rule, and why (not a silent loss).
		c.rulesMu.Lock()
		if st, err := c.rulesState(ctx); err == nil {
			st.NoteNotTaken(c.env.Clock.Now(), len(b.Messages), string(code))
			_ = c.env.Storage.Set(ctx, browser.AreaLocal, msg.RulesStateKey, st)
		}
		c.rulesMu.Unlock()
	}
	return msg.PageMessagesAnswer{Again: true, Error: code}, nil
}

// runRules runs the rules on b; taken says they took it: what they did
// (sent, queued) is done, and b may not be run again.
func (c *Core) runRules(ctx context.Context, b rules.Batch) (taken bool, err error) {
	rc, err := c.rulesConfig(ctx)
	if err != nil || !rc.On || len(rc.Rules) == 0 {
		return false, err
	}
	c.rulesMu.Lock()
	defer c.rulesMu.Unlock()
	st, err := c.rulesState(ctx)
	if err != nil {
		return false, err
	}
	chats, login, err := c.chatsAndLogin(ctx)
	if err != nil {
		return false, err
	}
	// A chat the list does not know yet may be new: the list is fetched
	// again (at most so often) before the batch is checked.
	if chats, err = c.withNewChats(ctx, b, login, chats); err != nil {
		return false, err
	}
	// Only well-made messages of the login's chats reach the rules.
	b.Messages, _ = checkIncoming(b, login, chats)
	names := chatNames(chats)
	// How many chats answer to each name: a name of two says which one a
	// rule meant no more (rules.Message.Ambiguous). A group not saved to
	// the contacts answers to none (rules.Message.Unsaved).
	named := make(map[string]int, len(names))
	unsaved := map[string]bool{}
	for _, ct := range chats {
		if ct.Unsaved {
			unsaved[ct.UserName] = true
		} else {
			named[names[ct.UserName]]++
		}
	}
	acct, _ := outbox.AccountOf(ctx)
	var saves []rules.Save
	for _, m := range b.Messages {
		m.ChatName, m.SenderName = names[m.Chat()], names[m.GroupSender]
		m.SenderIs = senderIs(chats, m)
		m.Account = acct
		m.Ambiguous = named[m.ChatName] > 1
		m.Unsaved = unsaved[m.Chat()]
		for _, a := range rules.Decide(rc.Rules, &st, m, c.env.Clock.Now()) {
			if a.Kind == rules.KindSave {
				saves = append(saves, rules.Save{Rule: a.Rule, Msg: *a.Msg, Folder: a.Folder, Account: acct})
				continue
			}
			// A reply names the chat by UserName, a forward by name.
			chat := names[a.To]
			if a.Kind == rules.KindForward {
				chat = a.To
			}
			result, detail := rules.ResultQueued, ""
			if err := c.ruleSend(ctx, chats, a); err != nil {
				result, detail = rules.ResultNotSent, string(toMsgError(err).Code)
			}
			st.Note(c.env.Clock.Now(), a, chat, result, detail)
		}
	}
	// From here the batch is taken: the record of the messages seen must
	// be kept whatever else fails, or asking again would answer them twice.
	if len(saves) > 0 {
		if err := c.queueSaves(ctx, &st, saves); err != nil {
			for _, s := range saves {
				st.Note(c.env.Clock.Now(), saveAction(s), s.Msg.ChatName, rules.ResultNotSaved, string(toMsgError(err).Code))
			}
			saves = nil
		}
	}
	if err := c.env.Storage.Set(ctx, browser.AreaLocal, msg.RulesStateKey, st); err != nil {
		return true, err
	}
	if len(saves) > 0 {
		c.kickSaves()
	}
	return true, nil
}

// chatsAndLogin are the chats and the login of the account of ctx:
// incoming messages are checked against them.
func (c *Core) chatsAndLogin(ctx context.Context) ([]msg.Contact, string, error) {
	chats, err := link{c}.Chats(ctx)
	if err != nil {
		return nil, "", err
	}
	login, _, err := link{c}.Login(ctx)
	return chats, login, err
}

// chatNames are the chats' remark (else nick) names, cleaned, by
// UserName: the worker names chats itself, never the page.
func chatNames(chats []msg.Contact) map[string]string {
	names := make(map[string]string, len(chats))
	for _, ct := range chats {
		n := ct.RemarkName
		if n == "" {
			n = ct.NickName
		}
		names[ct.UserName] = search.Clean(n)
	}
	return names
}

// senderIs is every text apiTo finds the one who said m by (its
// UserName, remark and nick name), when they are a chat of the login
// (rules.Message.SenderIs): a forward is not sent back to them, whatever
// name its rule gives them.
func senderIs(chats []msg.Contact, m rules.Message) []string {
	who := m.From
	if m.Group != "" {
		who = m.GroupSender
	}
	for _, ct := range chats {
		if ct.UserName != who || who == "" {
			continue
		}
		is := []string{ct.UserName, search.Clean(ct.NickName)}
		if ct.RemarkName != "" {
			is = append(is, search.Clean(ct.RemarkName))
		}
		return is
	}
	return nil
}

// ruleSend queues what a rule decided: a text, or a message's media (a
// sticker by its MD5, anything else fetched when its turn comes).
func (c *Core) ruleSend(ctx context.Context, chats []msg.Contact, a rules.Action) error {
	to := a.To
	if a.Kind == rules.KindForward {
		var err error
		if to, err = apiTo(chats, a.To); err != nil {
			return err
		}
	}
	body := msg.AddBody{To: to, Text: a.Text}
	if m := a.Msg; m != nil && a.Kind == rules.KindForward && m.Type != rules.TypeText {
		body.Text = ""
		if m.Type == rules.TypeEmoticon {
			body.Emoticon = strings.ToLower(m.MD5)
		} else {
			med := mediaOf(*m)
			body.Source = &msg.Source{As: m.Type, Media: &med}
		}
	}
	_, err := c.outbox.Add(ctx, body)
	return err
}

// mediaOf names a message's media for a download.
func mediaOf(m rules.Message) msg.Media {
	return msg.Media{MsgID: m.ID, Type: m.Type, Sender: m.From, MediaID: m.MediaID, EncryFileName: m.EncryFileName, Name: m.FileName, Size: m.FileSize}
}
