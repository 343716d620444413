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

// event forwards a chrome.* event to the core; the core's promise settles
// when the work it started is done.
function event(name, arg) {
  core.then((api) => api.event(name, arg)).catch((err) => console.error('wxdrop:', name, err));
}

// Waking on install and on browser start-up loads the core early (the
// first click on the toolbar icon finds it ready), and the outbox sends
// what fell due while the browser was closed.
chrome.runtime.onInstalled.addListener(() => { event('startup', ''); });
chrome.runtime.onStartup.addListener(() => { event('startup', ''); });
// The one alarm is the outbox's next due time.
chrome.alarms.onAlarm.addListener((alarm) => { event('alarm', alarm.name); });
chrome.notifications.onClicked.addListener((id) => { event('notificationClicked', id); });
