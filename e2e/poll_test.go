//go:build !js

package e2e

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestPoll needs no browser: it runs with -short too.
func TestPoll(t *testing.T) {
	t.Parallel()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name      string
		ctx       context.Context
		timeout   time.Duration
		doneAt    int // the call that says done (0: none)
		wantCalls int
		wantErr   string // in the error ("" for none)
		wantIs    error
	}{
		{"done at once", context.Background(), time.Minute, 1, 1, "", nil},
		{"done at the third call", context.Background(), time.Minute, 3, 3, "", nil},
		{"done at once though the context has ended", cancelled, time.Minute, 1, 1, "", nil},
		// A timeout already past: one call, then the error with what it saw.
		{"timed out", context.Background(), 0, 0, 1, "timed out after 0s waiting for the thing (last: call 1)", nil},
		{"the context ended", cancelled, time.Minute, 0, 1, "waiting for the thing: context canceled (last: call 1)", context.Canceled},
	}
	for _, tt := range tests {
		calls := 0
		err := Poll(tt.ctx, tt.timeout, time.Millisecond, "the thing", func() (bool, string) {
			calls++
			return calls == tt.doneAt, "call " + strconv.Itoa(calls)
		})
		if calls != tt.wantCalls {
			t.Errorf("%s: %d calls, want %d", tt.name, calls, tt.wantCalls)
		}
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: %v, want nil", tt.name, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: error %v, want one with %q", tt.name, err, tt.wantErr)
		case tt.wantIs != nil && !errors.Is(err, tt.wantIs):
			t.Errorf("%s: error %v is not %v", tt.name, err, tt.wantIs)
		}
	}
}
