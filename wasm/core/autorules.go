package core

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// The no-code rules run here, on the messages the web WeChat page's
// content script passes on while the person has them on
// (rules.Config.On). What they send goes through the outbox and its rate
// limit; what they did is logged in rules.State for the options page.

func (c *Core) rulesConfig(ctx context.Context) (rules.Config, error) {
	var rc rules.Config
	_, err := c.env.Get(ctx, AreaLocal, msg.RulesKey, &rc)
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
		if why := rules.Check(r, c.env.Regexp); why != "" {
			// The rule is the one just written: its id says nothing to a person.
			return nil, &msg.Error{Code: "RULE_" + strings.ToUpper(why)}
		}
	}
	return rc, c.env.Set(ctx, AreaLocal, msg.RulesKey, rc)
}

func (c *Core) getRules(ctx context.Context, _ json.RawMessage, _ Sender) (any, error) {
	rc, err := c.rulesConfig(ctx)
	if err != nil {
		return nil, err
	}
	var st rules.State
	if _, err := c.env.Get(ctx, AreaLocal, msg.RulesStateKey, &st); err != nil {
		return nil, err
	}
	return rules.View{Config: rc, Log: st.Log}, nil
}

// pageMessages runs the rules on messages that reached the page.
func (c *Core) pageMessages(ctx context.Context, body json.RawMessage, _ Sender) (any, error) {
	b, err := decode[rules.Batch](body, msg.PageMessages)
	if err != nil {
		return nil, err
	}
	rc, err := c.rulesConfig(ctx)
	if err != nil || !rc.On || len(rc.Rules) == 0 {
		return nil, err
	}
	c.rulesMu.Lock()
	defer c.rulesMu.Unlock()
	var st rules.State
	if _, err := c.env.Get(ctx, AreaLocal, msg.RulesStateKey, &st); err != nil {
		return nil, err
	}
	chats, err := link{c}.Chats(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, ct := range chats {
		n := ct.RemarkName
		if n == "" {
			n = ct.NickName
		}
		names[ct.UserName] = search.Clean(n)
	}
	for _, m := range b.Messages {
		m.ChatName = names[m.Chat()]
		for _, a := range rules.Decide(rc.Rules, &st, m, c.env.Now(), c.env.Regexp) {
			// A reply names the chat by UserName, a forward by name.
			chat := names[a.To]
			if a.Kind == rules.KindForward {
				chat = a.To
			}
			result := "queued"
			if err := c.ruleSend(ctx, chats, a); err != nil {
				result = "not sent: " + toMsgError(err).Code
			}
			st.Note(c.env.Now(), a, chat, result)
		}
	}
	return nil, c.env.Set(ctx, AreaLocal, msg.RulesStateKey, st)
}

// ruleSend queues what a rule decided.
func (c *Core) ruleSend(ctx context.Context, chats []msg.Contact, a rules.Action) error {
	to := a.To
	if a.Kind == rules.KindForward {
		var err error
		if to, err = apiTo(chats, a.To); err != nil {
			return err
		}
	}
	_, err := c.outbox.Add(ctx, msg.AddBody{To: to, Text: a.Text})
	return err
}
