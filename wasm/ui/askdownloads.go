//go:build js && wasm

package ui

import (
	"context"

	"github.com/wxdrop/wxdrop/wasm/jsx"
)

// askDownloads asks for the "downloads" permission a save rule and the
// exports need, in a click's own handler (the browser needs the
// gesture), and returns the wait for the answer. While the browser asks,
// the error line says what wxdrop waits for: a click on "Add the rule"
// or "Export" seemed to do nothing until the prompt was answered (and
// nothing at all where the browser shows none, as headless Chromium).
func askDownloads(p *page) func(ctx context.Context) (bool, error) {
	allowed := jsx.AskPermissions("downloads")
	return func(ctx context.Context) (bool, error) {
		if has, err := jsx.HasPermission(ctx, "downloads"); err == nil && has {
			return allowed(ctx)
		}
		note := tr("downloads_asking")
		p.err.text(note)
		ok, err := allowed(ctx)
		if p.err.el.Get("textContent").String() == note {
			p.err.clear()
		}
		return ok, err
	}
}
