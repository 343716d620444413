//go:build !js

package firefox

import (
	"context"
	"fmt"
	"time"
)

// Tab is a top-level browsing context.
type Tab struct {
	b  *Browser
	ID string
}

// NewTab opens a tab and, if url is set, navigates to it.
func (b *Browser) NewTab(ctx context.Context, url string) (*Tab, error) {
	var r struct {
		Context string `json:"context"`
	}
	if err := b.Call(ctx, "browsingContext.create", map[string]any{"type": "tab"}, &r); err != nil {
		return nil, err
	}
	t := &Tab{b: b, ID: r.Context}
	if url != "" {
		if err := t.Navigate(ctx, url); err != nil {
			return t, err
		}
	}
	return t, nil
}

// Navigate loads url and waits for its load event.
func (t *Tab) Navigate(ctx context.Context, url string) error {
	err := t.b.Call(ctx, "browsingContext.navigate", map[string]any{"context": t.ID, "url": url, "wait": "complete"}, nil)
	if err != nil {
		return fmt.Errorf("firefox: opening %s: %w", url, err)
	}
	return nil
}

// Close closes the tab.
func (t *Tab) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = t.b.Call(ctx, "browsingContext.close", map[string]any{"context": t.ID}, nil)
}

// ChromeWindow is the browser window's own document (its toolbar, its
// menus), which --remote-allow-system-access lets BiDi reach: where a
// test picks an item of the real context menu.
func (b *Browser) ChromeWindow(ctx context.Context) (*Tab, error) {
	var r struct {
		Contexts []struct {
			Context string `json:"context"`
			URL     string `json:"url"`
		} `json:"contexts"`
	}
	if err := b.Call(ctx, "browsingContext.getTree", map[string]any{"moz:scope": "chrome", "maxDepth": 0}, &r); err != nil {
		return nil, err
	}
	for _, c := range r.Contexts {
		if c.URL == "chrome://browser/content/browser.xhtml" {
			return &Tab{b: b, ID: c.Context}, nil
		}
	}
	return nil, fmt.Errorf("firefox: no browser window among the chrome contexts %+v", r.Contexts)
}
