// Starts hello.wasm in a page (hello.html); its main calls helloReady.
'use strict';
globalThis.helloReady = () => performance.mark('hello-main');
const go = new Go();
WebAssembly.instantiateStreaming(fetch('hello.wasm'), go.importObject).then((r) => go.run(r.instance));
