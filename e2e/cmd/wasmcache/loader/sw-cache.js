// The hello-world baseline's worker (e2e/testdata/hello-ext/sw.js) with
// hello.wasm loaded through wasmcache.js: the worker of the harness's
// copy "hello cached".
'use strict';
importScripts('wasmcache.js', 'wasm-ids.js');
globalThis.helloLoad = (imports) => wxdropWasm.instantiate('hello.wasm', imports);
importScripts('sw.js');
