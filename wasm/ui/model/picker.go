package model

// MaxRows is how many chat rows the picker renders: enough to fill the
// popup a few times over, few enough that a keystroke re-renders in well
// under a frame with 5,000 contacts. The rest are reached by typing.
const MaxRows = 50

// FirstRows is how many rows the popup's first render makes before it
// says it is usable: a screenful (the list shows about seven) and some.
// The rest follow at once, after the popup is interactive.
const FirstRows = 12

// ViewRows is how many of a query's rows (up to MaxRows) a keystroke puts
// in the page: the list shows about six, and a person who reads further
// scrolls or moves the cursor past them, which adds the rest
// (e2e/cmd/figures: the rows a keystroke made, moved and removed were
// most of its time).
const ViewRows = 12

// RowHeight is a chat row's height in CSS pixels (ui.css: a 28 px avatar
// and 4 px of padding above and below, and .chat's
// contain-intrinsic-size): the space the rows not yet in the page take,
// so that the scroll bar is the whole list's from the start.
const RowHeight = 36

// More is the count of matches not rendered, for "N more — keep typing".
func More(total, shown int) int { return max(total-shown, 0) }

// Move is the cursor after pressing an arrow key: delta -1 or +1 over n
// rows, staying inside the list (no wrap: a person holding the key stops
// at the end). With no rows the cursor is -1.
func Move(cursor, delta, n int) int {
	if n <= 0 {
		return -1
	}
	return min(max(cursor+delta, 0), n-1)
}

// Place is a DOM move of the picker: row Key goes before row Before (""
// is the end of the rows).
type Place struct{ Key, Before string }

// Arrange is how the rows shown now (cur, by key) become next: the rows
// to take out of the list, and the moves, in order, that put the rest and
// the new ones in next's order. A row that is already where it should be
// is not touched, so a keystroke that keeps most of the list moves only
// the few that changed: the picker keeps one row per chat, and a row
// moved keeps its avatar, which it would otherwise load again.
func Arrange(cur, next []string) (removed []string, moves []Place) {
	want := make(map[string]bool, len(next))
	for _, k := range next {
		want[k] = true
	}
	list := make([]string, 0, len(cur))
	for _, k := range cur {
		if want[k] {
			list = append(list, k)
		} else {
			removed = append(removed, k)
		}
	}
	for i, k := range next {
		if i < len(list) && list[i] == k {
			continue
		}
		before := ""
		if i < len(list) {
			before = list[i]
		}
		moves = append(moves, Place{Key: k, Before: before})
		// k moves from where it was (after i: the rows before i are in
		// place), or is new, to i.
		j := i
		for j < len(list) && list[j] != k {
			j++
		}
		if j == len(list) {
			list = append(list, "")
		}
		copy(list[i+1:j+1], list[i:j])
		list[i] = k
	}
	return removed, moves
}
