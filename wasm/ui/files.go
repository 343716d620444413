//go:build js && wasm

package ui

import (
	"context"
	"strings"
	"sync"
	"syscall/js"
	"time"

	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

// files is #file, #drop and #attached. Files reach the worker through
// IndexedDB (a Blob can be stored there and both contexts share it); the
// message carries only the key. Dropping anywhere on the popup counts
// too, since a drop outside the area would otherwise open the file in
// the popup. Chosen files go at once; while the schedule form is open
// they wait in #attached for the Schedule button.
type files struct {
	p     *page
	input js.Value
	drop  js.Value
	list  js.Value
	// attached are the files waiting for Send or Schedule, in order.
	attached []js.Value
	// mu makes batches go out one after the other, in order.
	mu sync.Mutex
}

// newFiles calls take with every batch of files chosen or dropped.
func newFiles(p *page, take func(batch []js.Value)) *files {
	f := &files{p: p, input: p.byID("file"), drop: p.byID("drop"), list: p.byID("attached")}
	each := func(list js.Value) {
		if list.IsUndefined() || list.IsNull() || list.Length() == 0 {
			return
		}
		batch := make([]js.Value, list.Length())
		for i := range batch {
			batch[i] = list.Index(i)
		}
		take(batch)
	}
	on(f.input, "change", func(js.Value) {
		each(f.input.Get("files"))
		// Let the same file be chosen again.
		f.input.Set("value", "")
	})
	win := js.Global()
	over := func(on bool) { f.drop.Get("classList").Call("toggle", "over", on) }
	on(win, "dragover", func(e js.Value) { e.Call("preventDefault"); over(true) })
	on(win, "dragleave", func(e js.Value) {
		if e.Get("relatedTarget").IsNull() {
			over(false)
		}
	})
	// While sending to many is on (many.go's body.many), the composer is
	// set aside, hidden: a file dropped or pasted then is not its own, to
	// be sent to one chat unseen, but the run's (its first: a run carries
	// one file, as its own file input chooses one).
	aside := func() bool { return p.doc.Get("body").Get("classList").Call("contains", "many").Bool() }
	toRun := func(f js.Value) {
		if p.runFile != nil {
			p.runFile(f)
		}
	}
	on(win, "drop", func(e js.Value) {
		e.Call("preventDefault")
		over(false)
		list := e.Get("dataTransfer").Get("files")
		if !aside() {
			each(list)
		} else if !list.IsUndefined() && !list.IsNull() && list.Length() > 0 {
			toRun(list.Index(0))
		}
	})
	// A pasted image (a screenshot, a picture copied from a page) is a
	// file like a chosen one; pasted text stays the text box's. A copy
	// from a spreadsheet or a document carries its text and a picture of
	// it: pasted into a text box it is the text alone, else the picture
	// would go with the message unseen (to every chat of a run).
	on(p.doc, "paste", func(e js.Value) {
		cd := e.Get("clipboardData")
		files := cd.Get("files")
		if files.IsUndefined() || files.IsNull() || files.Length() == 0 {
			return
		}
		if tag := e.Get("target").Get("tagName"); tag.Type() == js.TypeString && (tag.String() == "TEXTAREA" || tag.String() == "INPUT") &&
			strings.TrimSpace(cd.Call("getData", "text/plain").String()) != "" {
			return
		}
		e.Call("preventDefault")
		if aside() {
			toRun(pastedName(files.Index(0)))
			return
		}
		batch := make([]js.Value, files.Length())
		for i := range batch {
			batch[i] = pastedName(files.Index(i))
		}
		take(batch)
	})
	// One listener for the remove buttons of every attached file.
	on(p.byID("attached"), "click", func(e js.Value) {
		li := e.Get("target").Call("closest", "li")
		if li.IsNull() || e.Get("target").Call("closest", "button").IsNull() {
			return
		}
		for i, n := 0, f.list.Get("children").Length(); i < n; i++ {
			if f.list.Get("children").Index(i).Equal(li) {
				f.attached = append(f.attached[:i], f.attached[i+1:]...)
				f.render()
				return
			}
		}
	})
	return f
}

// attach keeps files for the next Send or Schedule.
func (f *files) attach(batch []js.Value) {
	f.attached = append(f.attached, batch...)
	f.render()
}

// detach forgets an attached file (it was handed to the worker).
func (f *files) detach(file js.Value) {
	for i, a := range f.attached {
		if a.Equal(file) {
			f.attached = append(f.attached[:i], f.attached[i+1:]...)
			break
		}
	}
	f.render()
}

// render shows the attached files: name, size and a remove button. The
// list is short and changes on a click, so it is simply made again.
func (f *files) render() {
	f.list.Set("textContent", "")
	for _, file := range f.attached {
		li := f.p.create("li", "")
		name := f.p.create("span", "name")
		name.Set("textContent", file.Get("name").String())
		size := f.p.create("span", "muted")
		size.Set("textContent", model.FormatSize(int64(file.Get("size").Float())))
		rm := f.p.create("button", "link")
		rm.Set("type", "button")
		rm.Set("textContent", "×")
		rm.Call("setAttribute", "aria-label", tr("attach_remove"))
		rm.Set("title", tr("attach_remove"))
		li.Call("append", name, size, rm)
		f.list.Call("appendChild", li)
	}
	setHidden(f.list, len(f.attached) == 0)
}

// sendAll sends a batch of files to a chat now, one by one: the chat is
// the one picked when they were chosen, even if another is picked
// meanwhile.
func (f *files) sendAll(to string, batch []js.Value) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, file := range batch {
		if e := f.add(msg.AddBody{To: to}, file); e != nil {
			f.p.err.show(e)
		}
	}
}

// sendWith asks the worker for body (a text, a time) with files: the
// text goes with the first file in one request, each further file in its
// own. A file handed over leaves #attached; the first refusal stops the
// rest and is returned. textSent hears that the text is with the worker.
func (f *files) sendWith(body msg.AddBody, batch []js.Value, textSent func()) *msg.Error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if body.Source != nil && len(batch) > 0 {
		// A file on the web is an entry of its own, with the text.
		first := body
		first.File = nil
		if e := addEntry(first); e != nil {
			return e
		}
		if body.Text != "" {
			textSent()
		}
		body.Source, body.Shared, body.Text = nil, false, ""
	}
	if len(batch) == 0 {
		e := addEntry(body)
		if e == nil {
			textSent()
		}
		return e
	}
	for _, file := range batch {
		if e := f.add(body, file); e != nil {
			return e
		}
		f.detach(file)
		if body.Text != "" {
			body.Text = ""
			textSent()
		}
	}
	return nil
}

// add stores file under a fresh id and asks the worker for body with
// that file: one request, one entry (two when body has a text too).
func (f *files) add(body msg.AddBody, file js.Value) *msg.Error {
	ref, e := storeFile(file)
	if e != nil {
		return e
	}
	body.File = &ref
	e = addEntry(body)
	dropRefused(ref, e)
	return e
}

// addEntry asks the worker for body's entry under an id the popup makes,
// so that the worker can be asked again (requestTwice) when no answer
// came, without making the entry twice: a text or a file sent as the
// worker was stopped is sent once, not lost behind "wxdrop ran into a
// problem of its own".
func addEntry(body msg.AddBody) *msg.Error {
	body.ID = strings.ReplaceAll(js.Global().Get("crypto").Call("randomUUID").String(), "-", "")[:16]
	return requestTwice(msg.OutboxAdd, &body, nil, func() bool { return entryStored(body.ID) })
}

// entryStored reports whether the outbox holds entry id.
func entryStored(id string) bool {
	text, found, err := jsx.StorageGetText(context.Background(), jsx.Local, msg.OutboxKey)
	if err != nil || !found {
		return false
	}
	ob, err := model.ParseOutbox(text)
	_, ok := ob.Entries[id]
	return err == nil && ok
}

// storeFile stores a File under a fresh id in the outbox's IndexedDB: a
// request to the worker names it by the FileRef.
func storeFile(file js.Value) (msg.FileRef, *msg.Error) {
	id := js.Global().Get("crypto").Call("randomUUID").String()
	if err := jsx.IDBPut(context.Background(), msg.FileDB, msg.FileStore, id, file); err != nil {
		return msg.FileRef{}, model.Internal("storing " + file.Get("name").String() + ": " + err.Error())
	}
	return msg.FileRef{
		ID:   id,
		Name: file.Get("name").String(),
		Size: int64(file.Get("size").Float()),
		Type: file.Get("type").String(),
	}, nil
}

// dropRefused deletes a stored file the worker refused (e): it will not
// read the Blob. With no answer it may still be at work on it.
func dropRefused(f msg.FileRef, e *msg.Error) {
	if e != nil && e.Code != msg.ErrInternal {
		_ = jsx.IDBDelete(context.Background(), msg.FileDB, msg.FileStore, f.ID)
	}
}

// setEnabled allows or refuses choosing files (not while editing).
func (f *files) setEnabled(on bool) {
	f.input.Set("disabled", !on)
	f.drop.Get("classList").Call("toggle", "disabled", !on)
}

// pastedName gives a pasted file a name of its own: the clipboard calls
// every image "image.png", and a chat of many would not tell them apart.
func pastedName(file js.Value) js.Value {
	name := file.Get("name").String()
	ext := ""
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		ext = name[i:]
	}
	stamp := time.Now().Format("20060102-150405")
	o := js.Global().Get("Object").New()
	o.Set("type", file.Get("type"))
	o.Set("lastModified", file.Get("lastModified"))
	arr := js.Global().Get("Array").New()
	arr.Call("push", file)
	return js.Global().Get("File").New(arr, tr("pasted_name", stamp)+ext, o)
}
