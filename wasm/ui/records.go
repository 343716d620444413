//go:build js && wasm

package ui

import (
	"context"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

// records feeds the outbox view from the worker's records: the outbox
// and the settings in storage.local, the upload progress and the
// notification focus in storage.session. They are read once the contacts
// are shown (load) and followed through their changes; a change that
// comes before load is kept as text and decoded then, so that no JSON is
// decoded on the popup's critical path.
type records struct {
	v       *outboxView
	started bool
	// pending holds the newest text of each key changed before load;
	// known marks the keys changed at all: a read that comes back later
	// than a change is older than it.
	pending map[string]string
	known   map[string]bool
}

func newRecords(v *outboxView) *records {
	return &records{v: v, pending: map[string]string{}, known: map[string]bool{}}
}

// localChanged hears storage.local.
func (r *records) localChanged() map[string]func(string) {
	return r.handlers(msg.OutboxKey, msg.SettingsKey)
}

// sessionChanged hears storage.session.
func (r *records) sessionChanged() map[string]func(string) {
	return r.handlers(msg.ProgressKey, msg.FocusKey)
}

// handlers hands each key's changes to changed.
func (r *records) handlers(keys ...string) map[string]func(string) {
	m := make(map[string]func(string), len(keys))
	for _, k := range keys {
		m[k] = func(text string) { r.changed(k, text) }
	}
	return m
}

func (r *records) changed(key, text string) {
	r.known[key] = true
	if !r.started {
		r.pending[key] = text
		return
	}
	r.apply(key, text)
}

// apply decodes a record's text and shows it.
func (r *records) apply(key, text string) {
	switch key {
	case msg.OutboxKey:
		ob, err := model.ParseOutbox(text)
		if err != nil {
			r.v.p.err.show(model.Internal("reading the outbox: " + err.Error()))
			return
		}
		r.v.setOutbox(ob)
	case msg.ProgressKey:
		m, err := model.ParseProgress(text)
		if err != nil {
			return // progress is a nicety: the state still shows
		}
		r.v.setProgress(m)
	case msg.SettingsKey:
		var s msg.Settings
		if text != "" {
			_ = jsonlite.Decode(text, &s)
		}
		r.v.setGrace(s.Normalized().GraceMinutes)
	case msg.FocusKey:
		// Stored as JSON text like every record; a bare ID (written by
		// a JavaScript handler) is taken too.
		id := text
		var s string
		if jsonlite.DecodeValue(text, &s, jsonlite.StringValue[string]()) == nil {
			id = s
		}
		if id != "" {
			r.v.showEntry(id)
		}
	}
}

// load reads the records, the outbox last so that its first render has
// the grace period and the progress. The entry to show comes from the
// popup's address (popup.html?entry=ID, when a notification opened it in
// a tab) or from FocusKey.
func (r *records) load() {
	r.started = true
	jsx.OnStorageChanged(jsx.Local, r.localChanged())
	if id := js.Global().Get("URLSearchParams").New(js.Global().Get("location").Get("search")).Call("get", "entry"); id.Type() == js.TypeString {
		r.v.focus = id.String()
	}
	ctx := context.Background()
	focusStored := false
	for _, k := range []struct {
		area browser.Area
		key  string
	}{{jsx.Local, msg.SettingsKey}, {jsx.Session, msg.ProgressKey}, {jsx.Session, msg.FocusKey}, {jsx.Local, msg.OutboxKey}} {
		if text, ok := r.pending[k.key]; ok {
			delete(r.pending, k.key)
			r.apply(k.key, text)
			continue
		}
		text, found, err := jsx.StorageGetText(ctx, k.area, k.key)
		if err != nil || r.known[k.key] {
			continue
		}
		if k.key == msg.FocusKey {
			focusStored = found
		}
		// An outbox never written is an empty one: the lists hide.
		if found || k.key == msg.OutboxKey {
			r.apply(k.key, text)
		}
	}
	if focusStored && r.v.focus != "" {
		// The entry is gone: the next popup opens as usual.
		_ = jsx.StorageRemove(ctx, jsx.Session, msg.FocusKey)
	}
}
