package main

import (
	"path/filepath"
	"testing"
)

// TestEveryBreakageApplies: each breakage's text occurs exactly once in
// its file and changes it, so that a code change that moves the text
// fails make test at once rather than the next make mutate (one entry
// had gone stale for a stop without a word).
func TestEveryBreakageApplies(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range mutations {
		if seen[m.Name] {
			t.Errorf("%q: two breakages of one name", m.Name)
		}
		seen[m.Name] = true
		if m.Old == m.New {
			t.Errorf("%q: changes nothing", m.Name)
		}
		n, err := count(filepath.Join("..", "..", m.File), m.Old)
		if err != nil || n != 1 {
			t.Errorf("%q: %s holds its text %d times (%v), want once", m.Name, m.File, n, err)
		}
	}
}
