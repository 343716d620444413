package search

import "strings"

// Two chats of one display name (two friends called 张伟 without a
// remark, two groups called 家) were listed alike: the same name, the
// same empty second line, and only the avatar to tell them apart. The
// second line of such a row says what does: the WeChat ID (alias), else
// the province and city, after the nick name it already shows.

// apart is nick followed by what tells contact i apart from the others
// of its display name, or nick alone when no other has that name.
func (ix *Index) apart(i int, nick string) string {
	if ix.shared == nil {
		seen := make(map[string]bool, len(ix.display))
		ix.shared = map[string]bool{}
		for _, d := range ix.display {
			if seen[d] {
				ix.shared[d] = true
			}
			seen[d] = true
		}
	}
	if !ix.shared[ix.display[i]] {
		return nick
	}
	c := &ix.contacts[i]
	tell := Clean(c.Alias)
	if tell == "" {
		tell = strings.TrimSpace(Clean(c.Province) + " " + Clean(c.City))
	}
	switch {
	case tell == "" || tell == nick:
		return nick
	case nick == "":
		return tell
	}
	return nick + " · " + tell
}
