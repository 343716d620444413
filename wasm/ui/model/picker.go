package model

// MaxRows is how many chat rows the picker renders: enough to fill the
// popup a few times over, few enough that a keystroke re-renders in well
// under a frame with 5,000 contacts. The rest are reached by typing.
const MaxRows = 50

// FirstRows is how many rows the popup's first render makes before it
// says it is usable: a screenful (the list shows about seven) and some.
// The rest follow at once, after the popup is interactive.
const FirstRows = 12

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
