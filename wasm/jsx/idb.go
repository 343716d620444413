//go:build js && wasm

package jsx

import (
	"context"
	"errors"
	"syscall/js"
)

// ErrNotFound: no value under the key.
var ErrNotFound = errors.New("not found")

// request turns an IDBRequest into a Promise of its result.
func request(r js.Value) js.Value {
	var ok, fail js.Func
	p := js.Global().Get("Promise").New(js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve, reject := args[0], args[1]
		ok = js.FuncOf(func(js.Value, []js.Value) any {
			resolve.Invoke(r.Get("result"))
			ok.Release()
			fail.Release()
			return nil
		})
		fail = js.FuncOf(func(js.Value, []js.Value) any {
			reject.Invoke(r.Get("error"))
			ok.Release()
			fail.Release()
			return nil
		})
		r.Set("onsuccess", ok)
		r.Set("onerror", fail)
		return nil
	}))
	return p
}

// openDB opens (and on first use creates) a database with one object store.
func openDB(ctx context.Context, name, store string) (js.Value, error) {
	idb := js.Global().Get("indexedDB")
	if idb.IsUndefined() {
		return js.Undefined(), ErrNoAPI
	}
	r := idb.Call("open", name, 1)
	up := js.FuncOf(func(js.Value, []js.Value) any {
		db := r.Get("result")
		if !db.Get("objectStoreNames").Call("contains", store).Bool() {
			db.Call("createObjectStore", store)
		}
		return nil
	})
	defer up.Release()
	r.Set("onupgradeneeded", up)
	return Await(ctx, request(r))
}

// IDBGet reads the value under key from the store of database name.
func IDBGet(ctx context.Context, name, store, key string) (js.Value, error) {
	db, err := openDB(ctx, name, store)
	if err != nil {
		return js.Undefined(), err
	}
	defer db.Call("close")
	v, err := Await(ctx, request(db.Call("transaction", store, "readonly").Call("objectStore", store).Call("get", key)))
	if err != nil {
		return js.Undefined(), err
	}
	if v.IsUndefined() {
		return v, ErrNotFound
	}
	return v, nil
}

// IDBPut stores v (a Blob, for files) under key.
func IDBPut(ctx context.Context, name, store, key string, v js.Value) error {
	db, err := openDB(ctx, name, store)
	if err != nil {
		return err
	}
	defer db.Call("close")
	_, err = Await(ctx, request(db.Call("transaction", store, "readwrite").Call("objectStore", store).Call("put", v, key)))
	return err
}

// IDBDelete removes the value under key.
func IDBDelete(ctx context.Context, name, store, key string) error {
	db, err := openDB(ctx, name, store)
	if err != nil {
		return err
	}
	defer db.Call("close")
	_, err = Await(ctx, request(db.Call("transaction", store, "readwrite").Call("objectStore", store).Call("delete", key)))
	return err
}

// IDBKeys lists the keys of the store (string keys only).
func IDBKeys(ctx context.Context, name, store string) ([]string, error) {
	db, err := openDB(ctx, name, store)
	if err != nil {
		return nil, err
	}
	defer db.Call("close")
	v, err := Await(ctx, request(db.Call("transaction", store, "readonly").Call("objectStore", store).Call("getAllKeys")))
	if err != nil {
		return nil, err
	}
	var keys []string
	for i := 0; i < v.Length(); i++ {
		if k := v.Index(i); k.Type() == js.TypeString {
			keys = append(keys, k.String())
		}
	}
	return keys, nil
}
