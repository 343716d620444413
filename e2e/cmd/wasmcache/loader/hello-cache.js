// hello-cache.html's loader for hello.js: the copy in CacheStorage.
'use strict';
globalThis.helloLoad = (imports) => wxdropWasm.instantiate('hello.wasm', imports);
