package model

import (
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
