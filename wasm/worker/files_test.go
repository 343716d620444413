//go:build js && wasm

package worker

import (
	"context"
	"errors"
	"sync"
	"syscall/js"
	"testing"
	"time"
)

// blobOf is a Blob of n bytes.
func blobOf(n int) js.Value {
	return js.Global().Get("Blob").New([]any{js.Global().Get("Uint8Array").New(n)})
}

// countingFiles are files whose store into IndexedDB counts its calls
// and ends with err.
func countingFiles(err error) (*files, func() int) {
	var mu sync.Mutex
	n := 0
	f := &files{put: func(context.Context, string, js.Value) error {
		mu.Lock()
		n++
		mu.Unlock()
		return err
	}}
	return f, func() int { mu.Lock(); defer mu.Unlock(); return n }
}

// TestFilesStored: a download of this wake is stored once, however often
// it is asked for (Persist, then Stored); once stored it is read from
// IndexedDB, no longer from memory.
func TestFilesStored(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	f, puts := countingFiles(nil)
	if err := f.Stored(ctx, "dl-none"); err != nil || puts() != 0 {
		t.Fatalf("Stored of no download: %v, %d stores; want nil, none", err, puts())
	}
	f.keep("dl-a", blobOf(3))
	file, err := f.Open(ctx, "dl-a")
	if err != nil || file.Size() != 3 {
		t.Fatalf("Open in memory: %v, %v; want the 3 bytes", file, err)
	}
	f.Persist(ctx, "dl-a")
	for range 2 {
		if err := f.Stored(ctx, "dl-a"); err != nil {
			t.Fatalf("Stored: %v", err)
		}
	}
	if puts() != 1 {
		t.Errorf("stored %d times, want once", puts())
	}
	if _, ok := f.inMemory("dl-a"); ok {
		t.Error("a stored download is still held in memory")
	}
}

// TestFilesStoreFailed: a store that failed is said to every Stored of
// the wake without being tried again, and the download stays in memory
// for the upload; Delete forgets both.
func TestFilesStoreFailed(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	full := errors.New("QuotaExceededError")
	f, puts := countingFiles(full)
	f.keep("dl-b", blobOf(5))
	for range 2 {
		if err := f.Stored(ctx, "dl-b"); !errors.Is(err, full) {
			t.Fatalf("Stored: %v, want %v", err, full)
		}
	}
	if puts() != 1 {
		t.Errorf("stored %d times, want once", puts())
	}
	if file, err := f.Open(ctx, "dl-b"); err != nil || file.Size() != 5 {
		t.Fatalf("Open after a failed store: %v, %v; want the 5 bytes from memory", file, err)
	}
	// Under Node there is no IndexedDB: Delete's own delete fails, after
	// it dropped what this wake held.
	_ = f.Delete(ctx, "dl-b")
	if _, ok := f.inMemory("dl-b"); ok {
		t.Error("a deleted download is still held in memory")
	}
	if err := f.Stored(ctx, "dl-b"); err != nil {
		t.Errorf("Stored after Delete: %v, want nil (nothing to store)", err)
	}
	if puts() != 1 {
		t.Errorf("stored %d times after Delete, want once", puts())
	}
}
