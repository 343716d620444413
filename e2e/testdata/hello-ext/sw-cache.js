// The baseline of the start-up figure loaded as wxdrop loads core.wasm
// since it keeps a copy in CacheStorage (extension/wasmcache.js): the
// worker of the harness's second copy of this extension (e2e.BuildHello).
'use strict';
importScripts('wasmcache.js', 'wasm-ids.js');
globalThis.helloLoad = (imports) => wxdropWasm.instantiate('hello.wasm', imports);
importScripts('sw.js');
