//go:build js && wasm

package ui

import (
	"context"
	"syscall/js"
	"time"

	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// shareView is #share: what a context menu's "Choose chat…" (or a
// keyboard command with no chat used yet) left in storage.session for
// the picker. A text is put in #text, to be read and changed; a file on
// the web stays in the banner and goes with the next Send.
type shareView struct {
	p    *page
	el   js.Value
	what js.Value
	c    *composer
}

// shareMaxAge drops a share nobody picked a chat for.
const shareMaxAge = 10 * time.Minute

func newShareView(p *page, c *composer) *shareView {
	v := &shareView{p: p, el: p.byID("share"), what: p.byID("share-what"), c: c}
	on(p.byID("share-drop"), "click", func(js.Value) { v.done() })
	c.onSent = func() {
		if c.share != nil {
			v.done()
		}
	}
	return v
}

// load shows the waiting share, if there is one.
func (v *shareView) load() {
	var sh msg.Share
	found, err := jsx.StorageGet(context.Background(), jsx.Session, msg.ShareKey, &sh)
	if err != nil || !found {
		return
	}
	if time.Since(time.UnixMilli(sh.Made)) > shareMaxAge || (sh.Text == "" && sh.Source == nil) {
		v.done()
		return
	}
	v.c.share = &sh
	if sh.Source != nil {
		// A URL, or a message's media clicked on the WeChat page (no URL:
		// its own carries the session's keys), named as an entry is.
		setText(v.what, msg.Content{Source: sh.Source}.Title(200))
	} else {
		setText(v.what, msg.Snippet(sh.Text, 60))
		if value(v.c.text) == "" {
			v.c.text.Set("value", sh.Text)
		}
	}
	setHidden(v.el, false)
	v.p.err.prompt(tr("share_pick"))
}

// done forgets the share: it was sent, or dropped.
func (v *shareView) done() {
	v.c.share = nil
	setHidden(v.el, true)
	go func() { _ = jsx.StorageRemove(context.Background(), jsx.Session, msg.ShareKey) }()
}
