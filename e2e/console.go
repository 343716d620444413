//go:build !js

package e2e

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Log is the console output of every target, in order, each line prefixed
// with the target's name.
type Log struct {
	mu    sync.Mutex
	lines []string
}

// Add appends a line.
func (l *Log) Add(who, line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, time.Now().Format("15:04:05.000")+" "+who+": "+line)
}

// Tail is the last n lines.
func (l *Log) Tail(n int) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	lines := l.lines
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// String is the whole log.
func (l *Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// collect copies the console of the context's target into the Log until
// the context ends.
func (b *Browser) collect(ctx context.Context, name string) {
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			line := m.String()
			if m.URL != "" {
				line += fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
			}
			b.Log.Add(name, line)
		}
	}()
	reqs := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range reqs {
			if err != nil {
				return
			}
			if line, ok := weChatRequest(ev.Request.Method, ev.Request.URL, string(ev.Type)); ok {
				b.Log.Add(name, line)
			}
		}
	}()
}

// weChatRequest describes a request to a WeChat host by method, host, path
// and resource type, without the query (which holds the session's skey).
func weChatRequest(method, rawURL, typ string) (string, bool) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "https" {
		return "", false
	}
	h := u.Hostname()
	if !strings.HasSuffix(h, ".qq.com") && !strings.HasSuffix(h, ".wechat.com") {
		return "", false
	}
	return fmt.Sprintf("request %s %s%s (%s)", method, h, u.Path, typ), true
}
