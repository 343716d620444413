//go:build js && wasm

package worker

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"sync"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
)

// files is core.Files over IndexedDB's file store (msg.FileDB), and the
// downloads of this wake still in memory.
type files struct {
	// memory are the Blobs fetched in this wake that are not yet known
	// to be in IndexedDB, by file id. The outbox uploads a download from
	// here: storing 64 MiB takes IndexedDB about half a second, and done
	// while the upload runs it slowed the upload's first chunks
	// (sharebench: their gaps went from 10–12 ms to 15–23 ms). A download
	// is stored only when something needs it stored: the page API's frame
	// and the auto-save read it from IndexedDB (Stored), and an outbox
	// entry that must wait keeps it (Persist). A worker stopped before
	// then loses it from memory; the outbox downloads it again from its
	// Source.
	memory sync.Map
	// stores are the IndexedDB stores of this wake's downloads, by file
	// id.
	stores sync.Map
	// put stores a Blob (jsx.IDBPut into the file store; tests fail it).
	put func(ctx context.Context, id string, blob js.Value) error
}

func newFiles() *files {
	return &files{put: func(ctx context.Context, id string, blob js.Value) error {
		return jsx.IDBPut(ctx, msg.FileDB, msg.FileStore, id, blob)
	}}
}

// storing is one store of a download: done is closed when it ended, err
// set before.
type storing struct {
	done chan struct{}
	err  error
}

// keep holds a download's Blob in memory under id.
func (f *files) keep(id string, blob js.Value) { f.memory.Store(id, blob) }

// inMemory is the Blob of a download of this wake not yet stored.
func (f *files) inMemory(id string) (js.Value, bool) {
	v, ok := f.memory.Load(id)
	if !ok {
		return js.Value{}, false
	}
	return v.(js.Value), true
}

// store starts storing a download of this wake, once; nil when there is
// none in memory (it is in IndexedDB, or gone).
func (f *files) store(id string) *storing {
	if v, ok := f.stores.Load(id); ok {
		return v.(*storing)
	}
	blob, ok := f.inMemory(id)
	if !ok {
		return nil
	}
	s := &storing{done: make(chan struct{})}
	if old, loaded := f.stores.LoadOrStore(id, s); loaded {
		return old.(*storing)
	}
	// The store outlives the request that started it.
	go func() {
		s.err = f.put(context.Background(), id, blob)
		if s.err == nil {
			// Read from IndexedDB from now on: the memory can go.
			f.memory.Delete(id)
		} else {
			js.Global().Get("console").Call("warn", "wxdrop: storing a download: "+s.err.Error())
		}
		close(s.done)
	}()
	return s
}

// Persist starts storing a download that is only in memory.
func (f *files) Persist(_ context.Context, id string) { f.store(id) }

// Stored stores a download that is only in memory, and waits for it.
func (f *files) Stored(ctx context.Context, id string) error {
	s := f.store(id)
	if s == nil {
		return nil
	}
	select {
	case <-s.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	return s.err
}

func (f *files) Open(ctx context.Context, id string) (outbox.File, error) {
	if blob, ok := f.inMemory(id); ok {
		return jsx.NewBlob(blob), nil
	}
	v, err := jsx.IDBGet(ctx, msg.FileDB, msg.FileStore, id)
	if err != nil {
		return nil, err
	}
	return jsx.NewBlob(v), nil
}

// Delete deletes a file, after its store if one runs: a delete before
// the store's end would leave the file in IndexedDB.
func (f *files) Delete(ctx context.Context, id string) error {
	f.memory.Delete(id)
	if v, ok := f.stores.Load(id); ok {
		select {
		case <-v.(*storing).done:
		case <-ctx.Done():
		}
		f.stores.Delete(id)
	}
	return jsx.IDBDelete(ctx, msg.FileDB, msg.FileStore, id)
}

func (f *files) List(ctx context.Context) ([]string, error) {
	return jsx.IDBKeys(ctx, msg.FileDB, msg.FileStore)
}

// kept is core.Kept over IndexedDB's kept messages' store (msg.KeptDB).
type kept struct{ files *files }

// Get reads a JSON record of the kept store.
func (kept) Get(ctx context.Context, key string, v any) (bool, error) {
	r, err := jsx.IDBGet(ctx, msg.KeptDB, msg.KeptStore, key)
	if errors.Is(err, jsx.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if r.Type() != js.TypeString {
		return false, errors.New("kept record " + key + " is not JSON text")
	}
	return true, json.Unmarshal([]byte(r.String()), v)
}

// Set stores v as JSON text in the kept store.
func (kept) Set(ctx context.Context, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return jsx.IDBPut(ctx, msg.KeptDB, msg.KeptStore, key, js.ValueOf(string(b)))
}

func (kept) Delete(ctx context.Context, key string) error {
	return jsx.IDBDelete(ctx, msg.KeptDB, msg.KeptStore, key)
}

// File reads a kept media's Blob (the messages' export).
func (kept) File(ctx context.Context, key string) ([]byte, bool, error) {
	v, err := jsx.IDBGet(ctx, msg.KeptDB, msg.KeptStore, key)
	if errors.Is(err, jsx.ErrNotFound) || (err == nil && (v.IsUndefined() || v.IsNull())) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	b := jsx.NewBlob(v)
	data := make([]byte, b.Size())
	if _, err := b.ReadAt(data, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, false, err
	}
	return data, true, nil
}

// Keep moves a download's Blob into the kept store.
func (k kept) Keep(ctx context.Context, fileID, key string) error {
	blob, ok := k.files.inMemory(fileID)
	if !ok {
		v, err := jsx.IDBGet(ctx, msg.FileDB, msg.FileStore, fileID)
		if err != nil {
			return err
		}
		blob = v
	}
	if err := jsx.IDBPut(ctx, msg.KeptDB, msg.KeptStore, key, blob); err != nil {
		return err
	}
	return k.files.Delete(ctx, fileID)
}
