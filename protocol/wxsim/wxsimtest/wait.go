package wxsimtest

import (
	"context"
	"time"
)

func noWait(ctx context.Context, _ time.Duration) error { return ctx.Err() }
