// The baseline of the start-up figure: the same steps as extension/sw.js
// (a timestamp at the top, importScripts of wasm_exec.js, a streaming
// instantiation of a Go wasm, a ready callback from Go), with a Go program
// that does nothing else. The harness copies this directory and adds
// wasm_exec.js and hello.wasm to the copy.
'use strict';

globalThis.wxdropTiming = { scriptStart: performance.now(), instantiated: null, coreReady: null };

importScripts('wasm_exec.js');

const core = new Promise((resolve, reject) => {
  globalThis.helloReady = (api) => {
    globalThis.wxdropTiming.coreReady = performance.now();
    resolve(api);
  };
  const go = new Go();
  // e2e/cmd/wasmcache's copy sets helloLoad: hello.wasm from CacheStorage.
  const load = globalThis.helloLoad || ((imports) => WebAssembly.instantiateStreaming(fetch(chrome.runtime.getURL('hello.wasm')), imports));
  load(go.importObject)
    .then((r) => {
      globalThis.wxdropTiming.instantiated = performance.now();
      globalThis.wxdropTiming.source = r.source || 'network';
      return go.run(r.instance);
    })
    .catch(reject);
});

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  core.then((api) => sendResponse({ ok: api.hello })).catch((e) => sendResponse({ error: { code: 'INTERNAL', detail: String(e) } }));
  return true;
});
