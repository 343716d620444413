// Package floors holds the floors of issue 15's goals 3 and 4: the
// smallest Go programs that can do one of the service worker's jobs, built
// with build.sh's flags beside the product's programs, so that the size
// and the wake of a worker split into several Go programs can be read off
// before anyone builds the split.
//
//   - protocol: the protocol client over the browser's fetch (jsfetch),
//     sending a text, uploading and sending a file, and reading the
//     contacts (what finds a chat again in a new login);
//   - sendpath: that, plus the durable outbox (wasm/outbox) over
//     chrome.storage and IndexedDB, the notifications, the badge and the
//     alarm: what an alarm's wake needs to send a due scheduled message,
//     and what the popup's send, edit, cancel and "send now" need.
//
// Each program hands the worker script an object whose methods take
// those paths (never called when measured: the paths are linked, not
// run) and calls helloReady as e2e/testdata/hellowasm does, so that
// e2e/testdata/hello-ext's sw.js loads either and marks its wake.
// Nothing in them is a stub: every call is the product's own package.
// They are under testdata so that ./... leaves them out; tools/wasmsize
// builds them by path (make size) and its tests build them, so that a
// change of the packages they use cannot leave them behind.
//
// json15.patch is the same floors over the json15 branch's codec (jsx's
// storage takes a jsonlite.Object; jsxjson is gone there): in a checkout
// of json15, with this tree's e2e/testdata/floors and tools/wasmsize,
//
//	git apply e2e/testdata/floors/json15.patch
//	go run ./tools/wasmsize -table -nofmt e2e/testdata/floors/nofmt/fmt.go ./e2e/testdata/floors/protocol ./e2e/testdata/floors/sendpath
package floors
