//go:build js && wasm

package ui

import (
	"context"
	"sync"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
	"honnef.co/go/js/dom/v2"
)

// files is #file and #drop: files go to the worker through IndexedDB
// (a Blob can be stored there and both contexts share it); the message
// carries only the key. Dropping anywhere on the popup counts too, since
// a drop outside the area would otherwise open the file in the popup.
type files struct {
	p      *page
	input  *dom.HTMLInputElement
	drop   js.Value
	picked func() string
	// mu makes batches go out one after the other, in order.
	mu sync.Mutex
}

func newFiles(p *page, picked func() string, onNoPick func()) *files {
	f := &files{p: p, input: p.byID("file").(*dom.HTMLInputElement), drop: raw(p.byID("drop")), picked: picked}
	take := func(list js.Value) {
		if list.IsUndefined() || list.IsNull() || list.Length() == 0 {
			return
		}
		if picked() == "" {
			p.err.text(tr("pick_first"))
			onNoPick()
			return
		}
		batch := make([]js.Value, list.Length())
		for i := range batch {
			batch[i] = list.Index(i)
		}
		go f.sendAll(picked(), batch)
	}
	f.input.AddEventListener("change", false, func(dom.Event) {
		take(raw(f.input).Get("files"))
		// Let the same file be chosen again.
		f.input.SetValue("")
	})
	win := dom.GetWindow()
	over := func(on bool) { f.drop.Get("classList").Call("toggle", "over", on) }
	win.AddEventListener("dragover", false, func(e dom.Event) { e.PreventDefault(); over(true) })
	win.AddEventListener("dragleave", false, func(e dom.Event) {
		if e.Underlying().Get("relatedTarget").IsNull() {
			over(false)
		}
	})
	win.AddEventListener("drop", false, func(e dom.Event) {
		e.PreventDefault()
		over(false)
		take(e.Underlying().Get("dataTransfer").Get("files"))
	})
	return f
}

// sendAll sends a batch of files to a chat, one by one: the chat is the
// one picked when they were chosen, even if another is picked meanwhile.
func (f *files) sendAll(to string, batch []js.Value) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, file := range batch {
		if e := f.send(to, file); e != nil {
			f.p.err.show(e)
		}
	}
}

// send stores one file under a fresh id and asks the worker to send it.
func (f *files) send(to string, file js.Value) *msg.Error {
	ctx := context.Background()
	id := js.Global().Get("crypto").Call("randomUUID").String()
	if err := jsx.IDBPut(ctx, msg.FileDB, msg.FileStore, id, file); err != nil {
		return model.Internal("storing " + file.Get("name").String() + ": " + err.Error())
	}
	body := msg.SendFileBody{
		To: to, FileID: id,
		Name: file.Get("name").String(),
		Size: int64(file.Get("size").Float()),
		Type: file.Get("type").String(),
	}
	e := request(msg.SendFile, body, nil)
	if e != nil && e.Code != model.ErrInternal {
		// The worker refused it and will not read the Blob: do not leave
		// it in IndexedDB. With no answer it may still be at work on it.
		_ = jsx.IDBDelete(ctx, msg.FileDB, msg.FileStore, id)
	}
	return e
}
