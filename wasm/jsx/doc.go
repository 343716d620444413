// Package jsx holds the adapters between Go and the browser that the worker
// and the pages share: promises, Blob reading, IndexedDB, the chrome.* APIs
// (storage, permissions, and the worker's alarms, notifications, menus and
// downloads), a page's file downloaded with its MD5, and the time zone.
//
// It is not the only package that imports syscall/js: wasm/jsfetch (the
// fetch bridge, the protocol client's Doer, a package of its own so that the
// pages, which send no protocol request, do not link it), wasm/ui (the
// pages) and wasm/worker (the worker's roles of core.Env) do too. Everything
// else in wasm/ is plain Go, tested natively; the values both sides pass
// (a storage area, a tab, a menu item) are wasm/browser's.
package jsx
