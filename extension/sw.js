// wxdrop service worker shim. Everything it does is forward: the logic is
// in core.wasm (Go). Listeners are registered synchronously at the top level,
// as Manifest V3 requires for a worker woken by an event; each waits for the
// Go runtime, which starts once per wake.
'use strict';

globalThis.wxdropTiming = { scriptStart: performance.now(), coreReady: null };

// Firefox runs background.scripts (wasm_exec.js is listed before this file);
// Chromium runs this file as the service worker.
if (typeof Go === 'undefined' && typeof importScripts === 'function') {
  importScripts('wasm_exec.js');
}

const core = new Promise((resolve, reject) => {
  globalThis.wxdropCoreReady = (api) => {
    globalThis.wxdropTiming.coreReady = performance.now();
    resolve(api);
  };
  const go = new Go();
  WebAssembly.instantiateStreaming(fetch(chrome.runtime.getURL('extension/core.wasm')), go.importObject)
    .then((r) => go.run(r.instance))
    .catch(reject);
});

const self_ = chrome.runtime.getURL('');

// sender is what the core needs to know of who asked (core.Sender).
function senderOf(s) {
  return JSON.stringify({
    id: s.id || '',
    url: s.url || '',
    tabUrl: (s.tab && s.tab.url) || '',
    tabId: (s.tab && s.tab.id) || 0,
    self: self_,
  });
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!message || typeof message.name !== 'string') return false;
  core
    .then((api) => api.handle(JSON.stringify(message), senderOf(sender)))
    .then((answer) => sendResponse(JSON.parse(answer)))
    .catch((err) => sendResponse({ error: { code: 'INTERNAL', detail: String(err && err.message || err) } }));
  return true; // the answer comes asynchronously
});

// Waking on install and on browser start-up loads the core early, so the
// first click on the toolbar icon finds it ready.
chrome.runtime.onInstalled.addListener(() => { core.catch(() => {}); });
chrome.runtime.onStartup.addListener(() => { core.catch(() => {}); });
