package model

import (
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// apply does to a list what the DOM does with Arrange's answer.
func apply(cur []string, removed []string, moves []Place) []string {
	list := slices.DeleteFunc(slices.Clone(cur), func(k string) bool { return slices.Contains(removed, k) })
	for _, m := range moves {
		if j := slices.Index(list, m.Key); j >= 0 {
			list = slices.Delete(list, j, j+1)
		}
		at := len(list)
		if m.Before != "" {
			at = slices.Index(list, m.Before)
		}
		list = slices.Insert(list, at, m.Key)
	}
	return list
}

func TestArrange(t *testing.T) {
	split := func(s string) []string { return strings.Fields(s) }
	tests := []struct {
		cur, next string
		removed   string
		moves     int
	}{
		{"", "a b c", "", 3},
		{"a b c", "a b c", "", 0},
		{"a b c", "", "a b c", 0},
		{"a b c", "a c", "b", 0},
		{"a b c", "x a b c", "", 1},
		{"a b c", "a b c x", "", 1},
		{"a b c d", "d a b c", "", 1},
		{"a b c", "c b a", "", 2},
		{"a b c", "x y z", "a b c", 3},
		{"a b c d e", "b d f", "a c e", 1},
	}
	for _, tc := range tests {
		t.Run(tc.cur+" → "+tc.next, func(t *testing.T) {
			removed, moves := Arrange(split(tc.cur), split(tc.next))
			require.Equal(t, split(tc.removed), append([]string{}, removed...))
			require.Len(t, moves, tc.moves, "%v", moves)
			require.Equal(t, split(tc.next), append([]string{}, apply(split(tc.cur), removed, moves)...))
		})
	}
}

// TestArrangeRandom: any two lists of distinct keys.
func TestArrangeRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pick := func() []string {
		var out []string
		for _, i := range r.Perm(30)[:r.IntN(30)] {
			out = append(out, fmt.Sprint("k", i))
		}
		return out
	}
	for range 2000 {
		cur, next := pick(), pick()
		removed, moves := Arrange(cur, next)
		require.Equal(t, append([]string{}, next...), append([]string{}, apply(cur, removed, moves)...), "%v → %v", cur, next)
		require.LessOrEqual(t, len(moves), len(next))
	}
}

// TestRowHeightIsTheStylesheets: the spacer that stands for the rows not
// in the page is RowHeight a row, which must be a row's height in
// ui.css (its avatar and padding, and the height .chat's
// content-visibility assumes), or the scroll bar jumps when the rows
// come in; and the ViewRows rows must more than fill the list.
func TestRowHeightIsTheStylesheets(t *testing.T) {
	t.Parallel()
	css, err := os.ReadFile(root + "/extension/pages/ui.css")
	require.NoError(t, err)
	px := func(re string) int {
		t.Helper()
		m := regexp.MustCompile(re).FindSubmatch(css)
		require.NotNil(t, m, "ui.css has no %s", re)
		n, err := strconv.Atoi(string(m[1]))
		require.NoError(t, err)
		return n
	}
	avatar := px(`(?m)^\.avatar \{[^}]*height: (\d+)px`)
	pad := px(`(?m)^\.chat \{[^}]*padding: (\d+)px`)
	intrinsic := px(`(?m)^\.chat \{[^}]*contain-intrinsic-size: auto (\d+)px`)
	require.Equal(t, RowHeight, avatar+2*pad, "a row is its avatar (%d px) and padding (%d px) above and below", avatar, pad)
	require.Equal(t, RowHeight, intrinsic, ".chat's contain-intrinsic-size")
	// The rows a keystroke puts in the page fill the list twice over.
	list := px(`(?m)^#chats \{[^}]*height: (\d+)px`)
	require.LessOrEqual(t, 2*list, ViewRows*RowHeight, "#chats is %d px: ViewRows (%d) rows do not fill it twice", list, ViewRows)
}
