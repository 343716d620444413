// Starts hello.wasm in a page (hello.html; e2e/cmd/wasmcache's copy sets
// helloLoad to load it from CacheStorage); its main calls helloReady.
// The marks hello-load and hello-instantiated split the start as boot.js's
// wxdrop-boot and wxdrop-wasm-ready split the popup's.
'use strict';
globalThis.helloReady = () => performance.mark('hello-main');
const go = new Go();
const load = globalThis.helloLoad || ((imports) => WebAssembly.instantiateStreaming(fetch('hello.wasm'), imports));
performance.mark('hello-load');
load(go.importObject).then((r) => {
  performance.mark('hello-instantiated', { detail: r.source || 'network' });
  return go.run(r.instance);
});
