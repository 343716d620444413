package search

import (
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestSorted: the worker's popup list is the contacts in the index's
// empty-query order, and its search list holds, at each position, that
// chat's names and fields as the index has them (a name with a NUL its six
// fields apart), and its groups; the stamp follows the chats' order.
func TestSorted(t *testing.T) {
	cs := append(generated(300), oddContacts()...)
	list, sl := Sorted(cs)
	ix := New(cs)
	order, _ := ix.Search("", 0)
	require.Len(t, list, len(cs))
	for _, l := range [][]string{sl.Display, sl.Nick, sl.Keys} {
		require.Len(t, l, len(cs))
	}
	split := 0
	for k, i := range order {
		require.Equal(t, cs[i], list[k], "position %d", k)
		require.Equal(t, ix.Display(i), sl.Display[k], "position %d: display", k)
		require.Equal(t, ix.Nick(i), sl.Nick[k], "position %d: nick", k)
		require.Equal(t, ix.Keys(i), sl.Keys[k], "position %d: keys", k)
		e := ix.entryOf(i)
		if f, ok := sl.Split[strconv.Itoa(k)]; ok {
			split++
			require.Equal(t, e.fields[:], f, "position %d: split fields", k)
		}
		require.Equal(t, cs[i].Group, slices.Contains(sl.Groups, k), "position %d: group", k)
	}
	require.Equal(t, 2, split, "the odd name with a NUL, listed twice")

	// Sorted again, a list is the same; another order, another stamp.
	again, same := Sorted(list)
	require.Equal(t, list, again)
	require.Equal(t, sl, same)
	moved := append([]msg.Contact(nil), cs...)
	moved[5].Recent = 1000
	_, other := Sorted(moved)
	require.NotEqual(t, sl.Stamp, other.Stamp, "a chat moved")
	renamed := append([]msg.Contact(nil), list...)
	renamed[3].UserName += "x"
	_, other = Sorted(renamed)
	require.NotEqual(t, sl.Stamp, other.Stamp, "a chat's UserName renewed")
}

// TestSortedStampsTheUserNames: lists whose UserNames differ where a
// separator between them would be have other stamps (instant.js names a
// row by position from a contact list of its search list's stamp).
func TestSortedStampsTheUserNames(t *testing.T) {
	two := func(a, b string) []msg.Contact {
		return []msg.Contact{{UserName: a, NickName: "x", Recent: 1}, {UserName: b, NickName: "y", Recent: 2}}
	}
	for _, c := range []struct{ a, b [2]string }{
		{[2]string{"@a\x00@b", "@c"}, [2]string{"@a", "@b\x00@c"}},
		{[2]string{"@a\x00", "@c"}, [2]string{"@a", "\x00@c"}},
		{[2]string{"", "@c"}, [2]string{"@c", ""}},
	} {
		_, one := Sorted(two(c.a[0], c.a[1]))
		_, other := Sorted(two(c.b[0], c.b[1]))
		require.NotEqual(t, one.Stamp, other.Stamp, "%q and %q", c.a, c.b)
	}
}
