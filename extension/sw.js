// wxdrop service worker shim. Everything it does is forward: the logic is
// in core.wasm (Go). Listeners are registered synchronously at the top level,
// as Manifest V3 requires for a worker woken by an event; each waits for the
// Go runtime, which starts once per wake.
'use strict';

// instantiated splits the wake (e2e/cmd/figures): before it, fetching,
// compiling and instantiating core.wasm, which grow with its size; after
// it, the Go runtime's start, package init and main's setup.
globalThis.wxdropTiming = { scriptStart: performance.now(), instantiated: null, coreReady: null, source: '' };

// Firefox runs background.scripts (wasm_exec.js is listed before this file);
// Chromium runs this file as the service worker.
if (typeof Go === 'undefined' && typeof importScripts === 'function') {
  importScripts('wasm_exec.js');
}

// loadCore instantiates core.wasm from a copy in CacheStorage, made at the
// first wake of a build: in Chromium's worker the copy's bytes reach the
// compiler sooner than the extension's own file's (e2e/cmd/wasmcache:
// script start → instantiated 84 against 105 ms from a copy of the
// extension, median of 18 wakes; README "How it works"). V8 writes no code
// cache for either with its default settings: it is the bytes, not the
// compiled code, that come sooner. The copy's key holds the manifest's
// version and the program's hash (wasm-ids.json, written by build.sh, read
// at each wake: Chromium keeps a worker's imported scripts from one start
// to the next, a fetched file it reads again), so a new build never runs
// an old copy; the copies of other builds are deleted. Any error falls
// back to the file, as does Firefox (a background page: no importScripts).
const CORE = 'extension/core.wasm';
const COPIES = 'wxdrop-wasm';
async function loadCore(imports) {
  const url = chrome.runtime.getURL(CORE);
  if (typeof caches !== 'undefined' && typeof importScripts === 'function') {
    try {
      return await fromCopy(url, imports);
    } catch (e) {
      // A copy that cannot be read or compiled goes: the next wake stores
      // a new one rather than failing on it again.
      console.warn('wxdrop: core.wasm not loaded from its copy:', e);
      await caches.delete(COPIES).catch(() => {});
    }
  }
  return Object.assign(await WebAssembly.instantiateStreaming(fetch(url), imports), { source: 'file' });
}
async function fromCopy(url, imports) {
  const [ids, cache] = await Promise.all([
    fetch(chrome.runtime.getURL('extension/wasm-ids.json')).then((r) => r.json()),
    caches.open(COPIES),
  ]);
  const id = ids[CORE];
  if (typeof id !== 'string' || !id) throw new Error('wasm-ids.json names no ' + CORE);
  // Cache.put takes http(s) keys only; .invalid never resolves.
  const key = 'https://wxdrop.invalid/' + encodeURIComponent(chrome.runtime.getManifest().version) + '/' + encodeURIComponent(id) + '/' + CORE;
  let copy = await cache.match(key);
  let source = 'copy';
  if (!copy) {
    const file = await fetch(url);
    if (!file.ok) throw new Error('fetching ' + CORE + ': ' + file.status);
    await cache.put(key, file);
    for (const r of await cache.keys()) {
      if (r.url !== key) await cache.delete(r);
    }
    copy = await cache.match(key);
    if (!copy) throw new Error('the copy just stored is gone');
    source = 'stored';
  }
  return Object.assign(await WebAssembly.instantiateStreaming(copy, imports), { source });
}

const core = new Promise((resolve, reject) => {
  globalThis.wxdropCoreReady = (api) => {
    globalThis.wxdropTiming.coreReady = performance.now();
    resolve(api);
  };
  const go = new Go();
  loadCore(go.importObject)
    .then((r) => {
      globalThis.wxdropTiming.instantiated = performance.now();
      // Where the bytes came from (copy, stored, file): the tests read it.
      globalThis.wxdropTiming.source = r.source;
      // The Go heap's size (WebAssembly memory only grows): the
      // benchmark (e2e/cmd/sharebench) reads it for the peak memory.
      globalThis.wxdropWasmMemory = r.instance.exports.mem;
      return go.run(r.instance);
    })
    .catch(reject);
});

const self_ = chrome.runtime.getURL('');

// In Firefox (extension/sync.js, listed before this file there), the
// incoming messages come from the network, never from the content scripts.
const fromNetwork = !!(globalThis.wxdropSync && globalThis.wxdropSync.fromNetwork);

// sender is what the core needs to know of who asked (core.Sender).
function senderOf(s) {
  return JSON.stringify({
    id: s.id || '',
    url: s.url || '',
    tabUrl: (s.tab && s.tab.url) || '',
    tabId: (s.tab && s.tab.id) || 0,
    self: self_,
    netIncoming: fromNetwork,
  });
}

// awake keeps the worker from being stopped as idle while an event or a
// request is handled, and returns its promise. Firefox suspends a
// background page a set time after its last event or extension API call
// (30 s; the Firefox tests set 2 s), whatever it is doing. The core keeps
// it awake while it waits on the network (jsx.Busy), but not before the
// Go runtime is ready: a menu click woke the page, the runtime was still
// starting when the page was suspended, and the click was lost — nothing
// sent, nothing queued, no word (TestFirefoxMenuClick at a load of 20–35:
// 3 of 7 runs; none of 8 with this). Any extension call is activity, to
// Chromium's worker too: while some work is pending, one cheap call a
// second, up to 5 minutes for each (a promise that never settles must not
// keep the worker forever). The listeners also return their promise:
// Firefox then waits once more for a listener still running, which covers
// the runtime's first run, during which no timer can fire.
const BEAT_MS = 1000, AWAKE_MAX_MS = 5 * 60 * 1000;
let pending = 0, beat = 0;
function awake(work) {
  pending++;
  if (!beat) beat = setInterval(() => { chrome.runtime.getPlatformInfo().catch(() => {}); }, BEAT_MS);
  let done = false;
  const end = () => {
    if (done) return;
    done = true;
    clearTimeout(cap);
    if (--pending === 0) { clearInterval(beat); beat = 0; }
  };
  const cap = setTimeout(end, AWAKE_MAX_MS);
  work.then(end, end);
  return work;
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!message || typeof message.name !== 'string') return false;
  awake(core
    .then((api) => api.handle(JSON.stringify(message), senderOf(sender)))
    .then((answer) => sendResponse(JSON.parse(answer)))
    .catch((err) => sendResponse({ error: { code: 'INTERNAL', detail: String(err && err.message || err) } })));
  return true; // the answer comes asynchronously
});

// event forwards a chrome.* event to the core; the core's promise settles
// when the work it started is done, and the worker stays awake until then.
function event(name, arg) {
  return awake(core.then((api) => api.event(name, arg)).catch((err) => console.error('wxdrop:', name, err)));
}

// Waking on install and on browser start-up loads the core early (the
// first click on the toolbar icon finds it ready), and the outbox sends
// what fell due while the browser was closed.
chrome.runtime.onInstalled.addListener(() => event('startup', ''));
chrome.runtime.onStartup.addListener(() => event('startup', ''));
// The one alarm is the outbox's next due time. Before the core even starts,
// the alarm is set 5 s ahead: a worker stopped between this wake and the
// core's own SetAlarm (the Go runtime takes a few hundred milliseconds to
// start) then wakes again in 5 s rather than at the next 30 s repeat. The
// core replaces it with the true next due time once it has looked. (A packed
// extension's alarms are held to 30 s at least; unpacked ones are not.)
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === 'outbox') {
    chrome.alarms.create('outbox', { when: Date.now() + 5000, periodInMinutes: 0.5 });
  }
  return event('alarm', alarm.name);
});
chrome.notifications.onClicked.addListener((id) => event('notificationClicked', id));

// One-click sending. What a click fetches (an image, a video, a link's
// target) comes from a site the extension may not read yet: the browser
// lets it ask only within the person's gesture, so the permission is
// asked for here, in the click's own handler, before anything is awaited.
// The core then finds the chat and queues the entry; whether the site may
// be read is looked at when the file is fetched: a site refused shows as
// the entry's error (NO_SITE_ACCESS), and the entry waits to be sent
// again. The handlers are globals so that the end-to-end tests, which
// cannot open a context menu, call them as the browser does.
function fetchedURL(info) {
  if (info.mediaType === 'image' || info.mediaType === 'video' || info.mediaType === 'audio') return info.srcUrl || '';
  return unwrapped(info.linkUrl || '');
}
// unwrapped is the link web WeChat wraps in webwxcheckurl?requrl=… (the
// core sends that link, wxurl.Clean): its site is the one to ask for.
function unwrapped(u) {
  for (let i = 0; i < 4; i++) {
    try {
      const x = new URL(u);
      const weChat = /(^|\.)(wx|wx2|wx8|weixin)\.qq\.com$|(^|\.)(web|web2)\.wechat\.com$/i.test(x.hostname);
      if (!weChat || !/\/webwxcheckurl$/i.test(x.pathname) || !x.searchParams.get('requrl')) return u;
      u = x.searchParams.get('requrl');
    } catch (e) { return u; }
  }
  return u;
}
function siteOf(u) {
  try {
    const x = new URL(u);
    if (x.protocol === 'https:' || x.protocol === 'http:') return x.protocol + '//' + x.hostname + '/*';
  } catch (e) { /* not a URL: the core says why */ }
  return '';
}
function tabOf(tab) {
  return { title: (tab && tab.title) || '', url: (tab && tab.url) || '' };
}
globalThis.wxdropMenuClicked = (info, tab) => {
  const site = siteOf(fetchedURL(info));
  const asked = site ? chrome.permissions.request({ origins: [site] }).catch(() => false) : Promise.resolve();
  const click = {
    menuItemId: String(info.menuItemId), mediaType: info.mediaType || '', srcUrl: info.srcUrl || '',
    linkUrl: info.linkUrl || '', pageUrl: info.pageUrl || '', frameUrl: info.frameUrl || '', selectionText: info.selectionText || '',
  };
  // Awake from the click on (Firefox holds the page itself while its
  // prompt waits; a Chromium worker is held by no such rule).
  return awake(asked.then(() => event('menuClicked', JSON.stringify({ info: click, tab: tabOf(tab) }))));
};
globalThis.wxdropCommand = (command, tab) => event('command', JSON.stringify({ command, tab: tabOf(tab) }));
chrome.contextMenus.onClicked.addListener((info, tab) => globalThis.wxdropMenuClicked(info, tab));
chrome.commands.onCommand.addListener((command, tab) => globalThis.wxdropCommand(command, tab));

// The file bridge's second way (content/isolated.js): where the frame of
// the extension in the web WeChat page cannot use IndexedDB (third-party
// storage blocked, or not partitioned), the content script hands a page's
// file to the worker in chunks over a runtime port, and takes a download
// back the same way. A store consumes the content script's one-time
// token (bridge.claim, in the core) before anything is kept; runtime
// ports carry JSON, so each chunk is base64.
function b64(buf) {
  const u = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode.apply(null, u.subarray(i, i + 0x8000));
  return btoa(s);
}
function unb64(text) {
  const t = atob(text);
  const u = new Uint8Array(t.length);
  for (let i = 0; i < t.length; i++) u[i] = t.charCodeAt(i);
  return u;
}
function filesDB() {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open('wxdrop', 1);
    r.onupgradeneeded = () => {
      if (!r.result.objectStoreNames.contains('files')) r.result.createObjectStore('files');
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}
// filesTx runs f(store) in one transaction of the files store and
// settles with what f's request gave once the transaction completed.
async function filesTx(f) {
  const db = await filesDB();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction('files', 'readwrite');
      let out;
      f(tx.objectStore('files'), (v) => { out = v; });
      tx.oncomplete = () => resolve(out);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

// said is the words of a detail wxdrop says itself (_locales
// "detail_" + key, TestDetailsInBothLanguages), in the browser's
// language: English signatures read inside a Chinese sentence. As
// send.js's wxdropSaid, which the worker does not load at its start.
const said = (key, arg) => {
  try {
    return chrome.i18n.getMessage('detail_' + key, arg === undefined ? [] : [String(arg)]) || key;
  } catch (e) {
    return key; // the extension was reloaded
  }
};
function storeOverPort(port) {
  const parts = [];
  let id = '', size = 0, got = 0, type = '';
  const fail = (code, error) => { port.postMessage({ code, error }); port.disconnect(); };
  port.onMessage.addListener((m) => {
    (async () => {
      if (!id) {
        size = Number(m && m.size) || 0;
        type = typeof (m && m.type) === 'string' ? m.type.slice(0, 200) : '';
        const api = await core;
        const a = JSON.parse(await api.handle(JSON.stringify({ name: 'bridge.claim', body: { token: String((m && m.token) || ''), size } }), senderOf(port.sender)));
        if (a.error) return fail(a.error.code, a.error.detail || a.error.code);
        id = a.ok.fileId;
      } else if (m && typeof m.chunk === 'string') {
        const bytes = unb64(m.chunk);
        got += bytes.length;
        if (got > size) return fail('BAD_REQUEST', said('chunk_more'));
        parts.push(new Blob([bytes]));
      } else if (m && m.end === true) {
        if (got !== size) return fail('BAD_REQUEST', said('chunk_less'));
        // A large file takes a while to write: the content script hears
        // that it does (it gives up after 30 s without a word).
        const beat = setInterval(() => port.postMessage({ progress: true }), 5000);
        try {
          await filesTx((st) => st.put(new Blob(parts, { type }), id));
        } finally {
          clearInterval(beat);
        }
        return port.postMessage({ id });
      } else {
        return fail('BAD_REQUEST', said('not_chunk'));
      }
      return port.postMessage({ more: true });
    })().catch((err) => fail('STORAGE_BLOCKED', said('blocked_said', (err && err.message) || err)));
  });
}
function takeOverPort(port) {
  const CHUNK = 1 << 20;
  let blob = null, off = 0;
  const fail = (code, error) => { port.postMessage({ code, error }); port.disconnect(); };
  port.onMessage.addListener((m) => {
    (async () => {
      if (!blob) {
        // Only the worker's downloads for the page ("dl-"), each once.
        const id = String((m && m.id) || '');
        if (!id.startsWith('dl-')) return fail('BAD_REQUEST', said('not_download'));
        blob = await filesTx((st, put) => {
          const r = st.get(id);
          r.onsuccess = () => { if (r.result instanceof Blob) { put(r.result); st.delete(id); } };
        });
        if (!blob) return fail('DOWNLOAD_NOT_KEPT', '');
      }
      const part = blob.slice(off, off + CHUNK);
      off += part.size;
      const end = off >= blob.size;
      return port.postMessage({ chunk: b64(await part.arrayBuffer()), type: blob.type, end });
    })().catch((err) => fail('STORAGE_BLOCKED', said('blocked_said', (err && err.message) || err)));
  });
}
chrome.runtime.onConnect.addListener((port) => {
  if (!port.sender || port.sender.id !== chrome.runtime.id) return;
  if (port.name === 'wxdrop.store') storeOverPort(port);
  else if (port.name === 'wxdrop.take') takeOverPort(port);
});

// Firefox: the incoming messages, read from the network (docs/security.md
// row 24). A script on web WeChat can take the content scripts' channel of
// a WeChat window it opens there, and so forge what page.js reports; the
// answers of the page's webwxsync, as WeChat sent them, it cannot. Each
// is read as it passes: every chunk is written on to the page at once,
// unchanged, and the whole answer is parsed once it ended. Its messages
// go to the worker as the content scripts' report does in Chromium
// (page.messages, recall.messages, core.checkIncoming on each), for the
// tab and top frame that asked; the worker ignores that report from the
// content scripts here (core.Sender.NetIncoming). The recalls go to the
// tab's content script for the page API (wxdrop.revokes).
const MAX_SYNC_TEXT = 32 << 20;
function syncURLs() {
  const urls = new Set();
  for (const cs of chrome.runtime.getManifest().content_scripts || []) {
    for (const m of cs.matches || []) {
      if (/^https:\/\/[a-z0-9.-]+\/\*$/.test(m)) urls.add(m.slice(0, -2) + wxdropSync.SYNC_PATH + '*');
    }
  }
  return Array.from(urls);
}
function syncRead(d) {
  // The page's own sync: a top-level web WeChat page of a tab, whose
  // content scripts the messages' recalls go back to.
  if (d.tabId < 0 || d.frameId !== 0 || d.method !== 'POST') return {};
  const u = new URL(d.url);
  if (u.pathname !== wxdropSync.SYNC_PATH || !d.documentUrl || new URL(d.documentUrl).origin !== u.origin) return {};
  let f;
  try { f = browser.webRequest.filterResponseData(d.requestId); } catch (e) { return {}; }
  const dec = new TextDecoder('utf-8');
  let text = '', over = false;
  f.ondata = (e) => {
    f.write(e.data);
    if (over) return;
    text += dec.decode(e.data, { stream: true });
    if (text.length > MAX_SYNC_TEXT) { over = true; text = ''; }
  };
  f.onstop = () => {
    f.close();
    if (!over) syncIncoming(d, text + dec.decode()).catch((err) => console.error('wxdrop: sync', err));
  };
  f.onerror = () => { /* the answer went to the page as Firefox had it; nothing is read */ };
  return {};
}
async function syncIncoming(d, text) {
  let batch = wxdropSync.parse(text, '');
  if (!batch.length) return;
  const api = await core;
  // The page's session goes with them, as with the content scripts'
  // report: the worker acts in it (a page that just started may not have
  // reported it yet). It only names the account: the messages are
  // WeChat's, checked against that account's chats.
  const session = await chrome.tabs.sendMessage(d.tabId, { name: 'session.ask' }, { frameId: 0 }).catch(() => null);
  // The login's own messages say so (fromSelf), as the page API's do.
  if (session && typeof session.userName === 'string' && session.userName) batch = wxdropSync.parse(text, session.userName);
  const from = JSON.stringify({ id: chrome.runtime.id, url: d.documentUrl, tabUrl: d.documentUrl, tabId: d.tabId, self: self_, net: true, netIncoming: true });
  const ask = (name, messages, last) => api.handle(JSON.stringify({ name, body: { messages, session, last } }), from).then((a) => JSON.parse(a));
  for (const messages of wxdropSync.parts(batch.map(wxdropSync.forWorker), wxdropSync.MAX_BATCH)) {
    // A batch the rules could not take yet is asked again (deliver).
    await wxdropSync.deliver((last) => ask('page.messages', messages, last), 1000);
  }
  for (const part of wxdropSync.parts(batch, wxdropSync.KEEP_BATCH)) {
    const a = await ask('recall.messages', part);
    const got = (a && a.ok && Array.isArray(a.ok.revokes)) ? a.ok.revokes : [];
    const revokes = got.concat(wxdropSync.unkept(part, new Set(got.map((r) => r.id))));
    if (revokes.length) chrome.tabs.sendMessage(d.tabId, { name: 'wxdrop.revokes', revokes }, { frameId: 0 }).catch(() => {});
  }
}
if (fromNetwork) {
  browser.webRequest.onBeforeRequest.addListener(syncRead, { urls: syncURLs() }, ['blocking']);
}
