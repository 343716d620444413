// Package jsx holds every adapter between Go and the browser: promises, the
// fetch bridge, Blob reading, IndexedDB and the chrome.* APIs. It is the
// only place outside cmd/ and ui/ that imports syscall/js; everything else
// in wasm/ is plain Go tested natively.
package jsx
