package model

import (
	"strings"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// UnknownChats are the names of names that no chat of contacts is known
// by to the rules: a rule knows a chat by the name the popup shows, its
// remark name, else its nick name (the worker's chatNames). A forward
// "from 张三" of a friend whose remark is 老张 never acted, and nothing
// said why. None when the list is not known (logged out, loading).
func UnknownChats(names []string, cs msg.Contacts) []string {
	if cs.Loading || len(cs.Contacts) == 0 {
		return nil
	}
	known := make(map[string]bool, len(cs.Contacts))
	for _, c := range cs.Contacts {
		n := c.RemarkName
		if n == "" {
			n = c.NickName
		}
		known[search.Clean(n)] = true
	}
	var out []string
	for _, n := range names {
		if n != "" && !known[n] {
			out = append(out, n)
		}
	}
	return out
}

// RuleChatNames are the chat names of a rule's "Only in these chats"
// field, split at commas: the ASCII one, the full-width one (，) that a
// Chinese input method types, and the enumeration comma (、) with which
// the options list a rule's chats back. Only "," split them, so that
// "老张，李四", as a person types it in Chinese (the field's own label
// says 名称，用逗号分隔), was one chat of that whole name, matched no
// message, and the rule never acted in either chat.
func RuleChatNames(field string) []string {
	var out []string
	for _, c := range strings.FieldsFunc(field, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}
