package model

import (
	"strings"
	"unicode/utf8"

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
	known := ChatNames(cs)
	var out []string
	for _, n := range names {
		if n != "" && !known[n] {
			out = append(out, n)
		}
	}
	return out
}

// ChatNames are the names contacts' chats are known by to the rules:
// the name the popup shows, its remark name, else its nick name (the
// worker's chatNames).
func ChatNames(cs msg.Contacts) map[string]bool {
	known := make(map[string]bool, len(cs.Contacts))
	for _, c := range cs.Contacts {
		n := c.RemarkName
		if n == "" {
			n = c.NickName
		}
		known[search.Clean(n)] = true
	}
	return known
}

// RuleChatNames are the chat names of a rule's "Only in these chats"
// field, split at commas: the ASCII one, the full-width one (，) that a
// Chinese input method types, and the enumeration comma (、) with which
// the options list a rule's chats back. Only "," split them, so that
// "老张，李四", as a person types it in Chinese (the field's own label
// says 名称，用逗号分隔), was one chat of that whole name, matched no
// message, and the rule never acted in either chat.
//
// A chat whose name has such a comma in it (a group 爸爸、妈妈、我, a
// remark 王总，销售部) is a name of known (ChatNames), and stays whole:
// split, the group's rule answered the person's 爸爸 and 妈妈, each in
// their own chat, and never the group. The longest run of pieces that is
// a known name, as typed, is one chat.
func RuleChatNames(field string, known map[string]bool) []string {
	// pieces are the field cut after each comma (each keeps its own).
	var pieces []string
	for rest := field; rest != ""; {
		i := strings.IndexFunc(rest, isChatComma)
		if i < 0 {
			pieces = append(pieces, rest)
			break
		}
		_, n := utf8.DecodeRuneInString(rest[i:])
		pieces = append(pieces, rest[:i+n])
		rest = rest[i+n:]
	}
	name := func(ps []string) string {
		s := strings.Join(ps, "")
		if r, n := utf8.DecodeLastRuneInString(s); isChatComma(r) {
			s = s[:len(s)-n]
		}
		return strings.TrimSpace(s)
	}
	var out []string
	for i := 0; i < len(pieces); {
		j := i + 1
		for k := len(pieces); k > i+1; k-- {
			if known[name(pieces[i:k])] {
				j = k
				break
			}
		}
		if c := name(pieces[i:j]); c != "" {
			out = append(out, c)
		}
		i = j
	}
	return out
}

func isChatComma(r rune) bool { return r == ',' || r == '，' || r == '、' }
