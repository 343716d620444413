package model

import (
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// RuleAccount is what the options page says of the account rule r acts
// in (rules.Rule.ActsIn), as the key of its sentence and the account's
// name for it: a rule that names chats acts in the account it was made
// in only (the other account's 李四 is another person), and nothing on
// the page said which, so that a person with two accounts saw a rule
// that never acted in the other one. "" for a rule of every chat, which
// acts in every account; rule_account_every for one that names chats
// but was saved before rules had an account; rule_account_gone for an
// account the state does not know now.
func RuleAccount(r rules.Rule, accounts []msg.AccountInfo) (key, name string) {
	switch {
	case !r.NamesChats():
		return "", ""
	case r.Account == "":
		return "rule_account_every", ""
	}
	if name, ok := AccountName(r.Account, accounts); ok {
		return "rule_account", name
	}
	return "rule_account_gone", ""
}
