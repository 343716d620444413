// The experiment of e2e/cmd/wasmcache for the pages (not part of the
// extension: the popup gained nothing from it, see README "How it works";
// the worker's own loadCore in sw.js does the same for core.wasm).
// wxdropWasm.instantiate loads one of
// the extension's Go programs (a path below the extension's root) as
// WebAssembly.instantiateStreaming(fetch(…)) does, but from a copy in
// CacheStorage, in the hope that V8's compiled code is kept for it where
// it is not for the extension's own file. The harness patches a copy of
// the extension's pages/boot.js to call it.
//
// The copy's key holds the manifest's version and the program's hash
// (wasm-ids.js, which the harness writes as a build would), so a new build never runs an old
// program: on a miss the file is fetched, stored under the new key and
// every other copy of the same program is deleted. Any error falls back
// to the plain fetch; so does a browser without the code cache (Firefox,
// whose extension URLs are moz-extension://, runs this file as one of its
// background scripts).
'use strict';

globalThis.wxdropWasm = (() => {
  // Not the worker's cache (sw.js deletes every other copy in its own).
  const CACHE = 'wxdrop-wasm-pages';
  // Cache.put takes http(s) request URLs only; .invalid never resolves.
  const BASE = 'https://wxdrop.invalid/';

  function plain(url, imports) {
    return WebAssembly.instantiateStreaming(fetch(url), imports).then((r) => Object.assign(r, { source: 'network' }));
  }

  function usable() {
    return typeof caches !== 'undefined' && typeof location !== 'undefined' &&
      location.protocol === 'chrome-extension:' && typeof WebAssembly.instantiateStreaming === 'function';
  }

  // key is the copy's URL for the program at path (e.g. "extension/core.wasm").
  function key(path, id) {
    const version = (globalThis.chrome && chrome.runtime && chrome.runtime.getManifest().version) || '0';
    return BASE + encodeURIComponent(version) + '/' + encodeURIComponent(id) + '/' + path;
  }

  // stored returns the copy's response, storing it first if it is missing.
  async function stored(url, path, id) {
    const k = key(path, id);
    const cache = await caches.open(CACHE);
    const hit = await cache.match(k);
    if (hit) return { response: hit, source: 'cache' };
    const fresh = await fetch(url);
    if (!fresh.ok) throw new Error('fetching ' + path + ': ' + fresh.status);
    await cache.put(k, fresh);
    // Older builds' copies of the same program go (not awaited: nothing
    // here waits on them).
    cache.keys().then((ks) => Promise.all(ks
      .filter((r) => r.url !== k && r.url.endsWith('/' + path))
      .map((r) => cache.delete(r)))).catch(() => {});
    const copy = await cache.match(k);
    if (!copy) throw new Error('the stored copy of ' + path + ' is gone');
    return { response: copy, source: 'stored' };
  }

  // instantiate resolves to instantiateStreaming's {module, instance} and
  // source: "cache" (a stored copy), "stored" (stored now, compiled from
  // the copy), or "network" (the extension's file itself).
  async function instantiate(path, imports) {
    const url = (globalThis.chrome && chrome.runtime) ? chrome.runtime.getURL(path) : path;
    const id = globalThis.wxdropWasmIDs && globalThis.wxdropWasmIDs[path];
    if (id && usable()) {
      try {
        const { response, source } = await stored(url, path, id);
        const r = await WebAssembly.instantiateStreaming(response, imports);
        globalThis.wxdropWasmSource = source;
        return Object.assign(r, { source });
      } catch (e) {
        console.warn('wxdrop: the stored copy of ' + path + ' was not used:', e);
      }
    }
    globalThis.wxdropWasmSource = 'network';
    return plain(url, imports);
  }

  return { instantiate, CACHE };
})();
