//go:build !js

package e2e

import (
	"context"
	"fmt"
	"time"
)

// Poll calls check every interval until it says done, for at most
// timeout. check also says what it saw, which the error gives as the last
// value: "timed out after 30s waiting for what (last: …)", or the
// context's error wrapped when ctx ends first. It is the one polling loop
// of the harness (Chromium's and Firefox's WaitJS, the outbox's waits),
// for what no event announces: a page's state, the outbox's storage,
// wxsim's records.
func Poll(ctx context.Context, timeout, interval time.Duration, what string, check func() (done bool, last string)) error {
	deadline := time.Now().Add(timeout)
	for {
		done, last := check()
		if done {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out after %v waiting for %s (last: %s)", timeout, what, last)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w (last: %s)", what, ctx.Err(), last)
		case <-time.After(interval):
		}
	}
}
