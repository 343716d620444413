//go:build js && wasm

// Command sendpath is the floor of a Go program that can send a due
// scheduled message when an alarm wakes the worker, and take the popup's
// send (see e2e/testdata/floors): the protocol floor's client, and the
// durable outbox (wasm/outbox) over chrome.storage.local, IndexedDB's
// file store, the notifications, the badge and chrome.alarms.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"syscall/js"
	"time"

	"github.com/wxdrop/wxdrop/e2e/testdata/floors/wire"
	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/jsx/jsxjson"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
)

// store keeps the record and the settings in storage.local, as
// wasm/core's envStore does.
type store struct{}

func (store) Load(ctx context.Context) (string, error) {
	text, _, err := jsx.StorageGetText(ctx, browser.AreaLocal, msg.OutboxKey)
	return text, err
}

func (store) Save(ctx context.Context, text string) error {
	return jsx.StorageSetText(ctx, browser.AreaLocal, msg.OutboxKey, text)
}

func (store) Settings(ctx context.Context) (msg.Settings, error) {
	set := msg.DefaultSettings()
	_, err := jsxjson.StorageGet(ctx, browser.AreaLocal, msg.SettingsKey, &set)
	return set, err
}

func (store) SaveSettings(ctx context.Context, set msg.Settings) error {
	return jsxjson.StorageSet(ctx, browser.AreaLocal, msg.SettingsKey, set)
}

// files are the outbox's Blobs in IndexedDB (no download of this wake is
// held in memory: this floor fetches no Source).
type files struct{}

func (files) Open(ctx context.Context, id string) (outbox.File, error) {
	v, err := jsx.IDBGet(ctx, msg.FileDB, msg.FileStore, id)
	if err != nil {
		return nil, err
	}
	return jsx.NewBlob(v), nil
}

func (files) Delete(ctx context.Context, id string) error {
	return jsx.IDBDelete(ctx, msg.FileDB, msg.FileStore, id)
}

func (files) List(ctx context.Context) ([]string, error) {
	return jsx.IDBKeys(ctx, msg.FileDB, msg.FileStore)
}

func (files) Persist(context.Context, string) {}

// link is the current account's session.
type link struct{}

func (link) Login(ctx context.Context) (string, bool, error) {
	_, s, err := wire.Current(ctx)
	if errors.Is(err, wire.ErrNoSession) {
		return s.UserName, false, nil
	}
	return s.UserName, err == nil, err
}

func (l link) Chats(ctx context.Context) ([]msg.Contact, error) { return l.Fresh(ctx) }

func (link) Fresh(ctx context.Context) ([]msg.Contact, error) {
	cl, err := wire.Client(ctx)
	if err != nil {
		return nil, err
	}
	all, err := cl.Contacts(ctx)
	return wire.Chats(all), err
}

func (link) Do(ctx context.Context, f func(*protocol.Client) error) error {
	cl, err := wire.Client(ctx)
	if err != nil {
		return err
	}
	return f(cl)
}

func (link) Account(ctx context.Context) (string, error) {
	if id, set := outbox.AccountOf(ctx); set {
		return id, nil
	}
	id, _, err := wire.Current(ctx)
	if errors.Is(err, wire.ErrNoSession) {
		err = nil
	}
	return id, err
}

// effects are the notification, the badge, the alarm and the progress
// (in storage.session, where the popup reads it).
type effects struct{}

func (effects) Notify(ctx context.Context, n outbox.Notice) {
	if n.Quiet {
		return
	}
	body := jsx.Message("notif_to", n.Entry.To.Name(), n.Entry.Title(80))
	if n.Entry.Error != nil {
		body += "\n" + msg.Text(jsx.Message, n.Entry.Error)
	}
	_ = jsx.Notify(ctx, "wxdrop:"+n.Entry.ID, jsx.Message("notif_"+string(n.Kind)), body)
}

func (effects) Pending(ctx context.Context, n int) {
	text := ""
	if n > 0 {
		text = string(rune('0' + min(n, 9)))
	}
	_ = jsx.SetBadge(ctx, text)
}

func (effects) Wake(ctx context.Context, t time.Time) { _ = jsx.SetAlarm(ctx, "outbox", t) }

func (effects) Progress(ctx context.Context, id string, p *msg.Progress) {
	_ = jsxjson.StorageSet(ctx, browser.AreaSession, "progress."+id, p)
}

// request decodes a JSON body into v and runs f with it; the answer is
// f's value as JSON.
func request[T, R any](f func(context.Context, T) (R, error)) func(context.Context, []string) (string, error) {
	return func(ctx context.Context, a []string) (string, error) {
		var v T
		if len(a) < 1 || json.Unmarshal([]byte(a[0]), &v) != nil {
			return "", &msg.Error{Code: msg.ErrBadRequest}
		}
		r, err := f(ctx, v)
		if err != nil {
			return "", err
		}
		b, err := json.Marshal(r)
		return string(b), err
	}
}

func main() {
	o := outbox.New(outbox.Config{
		Store: store{}, Files: files{}, Link: link{}, Effects: effects{},
		Zone: jsx.LocalZone{}, Now: time.Now,
	})
	api := js.Global().Get("Object").New()
	// The popup's requests, each a JSON body.
	wire.Method(api, "add", request(o.Add))
	wire.Method(api, "edit", request(o.Edit))
	wire.Method(api, "cancel", request(func(ctx context.Context, b msg.IDBody) (msg.Entry, error) { return o.Cancel(ctx, b.ID) }))
	wire.Method(api, "sendNow", request(func(ctx context.Context, b msg.IDBody) (msg.Entry, error) { return o.SendNow(ctx, b.ID) }))
	// alarm() → Promise: what an alarm's wake does, the due entries sent.
	wire.Method(api, "alarm", func(context.Context, []string) (string, error) {
		o.Kick()
		o.Wait()
		return "", nil
	})
	wire.Ready(api)
}
