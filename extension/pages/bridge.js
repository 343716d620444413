// wxdrop's file bridge: the page API's sendFile hands its Blob to this
// frame (an extension page, so it shares the worker's IndexedDB), which
// stores it and answers with its id; the content script then asks the
// worker to send that file. runtime messages carry only JSON, and a Blob
// stored here is never copied through them.
//
// Page scripts can load this frame too (it is web-accessible to the
// WeChat pages), and they share the content script's origin: what lets a
// store go on is the one-time token the worker gave the content script,
// which the worker consumes here (bridge.claim) before anything is
// written, and which names the id to write under. Every request gets an
// answer on its port, an error when it is not one of the bridge's.
'use strict';

// The web WeChat hosts (protocol.MainHosts): only their pages may hand
// files over.
const HOSTS = ['wx.qq.com', 'wx2.qq.com', 'wx8.qq.com', 'web.wechat.com', 'web2.wechat.com'];
const DB = 'wxdrop', STORE = 'files';

function open() {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => {
      if (!r.result.objectStoreNames.contains(STORE)) r.result.createObjectStore(STORE);
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new Error('the database is blocked'));
  });
}

// probe says whether this frame can use the extension's IndexedDB: with
// third-party storage blocked, or not partitioned, the browser refuses it
// to an extension frame in a web page ("The user denied permission to
// access the database"), and the content script hands files to the
// worker instead.
const probe = open().then((db) => { db.close(); return true; }, () => false);

// said: a detail's words in the browser's language (send.js).
const said = globalThis.wxdropSaid;
function blocked(err) {
  return Object.assign(new Error(said('blocked_said', (err && err.message) || err)), { code: 'STORAGE_BLOCKED' });
}

async function store(blob, token) {
  if (!(await probe)) throw Object.assign(new Error(said('blocked_no_storage')), { code: 'STORAGE_BLOCKED' });
  const r = await wxdropSend({ name: 'bridge.claim', body: { token, size: blob.size } });
  if (!r || r.error) {
    throw Object.assign(new Error((r && r.error && (r.error.detail || r.error.code)) || 'no answer'), { code: (r && r.error && r.error.code) || 'NOT_ALLOWED' });
  }
  const id = r.ok.fileId;
  let db;
  try { db = await open(); } catch (err) { throw blocked(err); }
  try {
    await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(blob, id);
      tx.oncomplete = resolve;
      tx.onerror = () => reject(blocked(tx.error));
      tx.onabort = () => reject(blocked(tx.error));
    });
  } finally {
    db.close();
  }
  return id;
}

// take hands over a file the worker downloaded for the page (the page
// API's download of an attachment) and deletes it: ids are the worker's
// "dl-" downloads only.
async function take(id) {
  let db;
  try { db = await open(); } catch (err) { throw blocked(err); }
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      const st = tx.objectStore(STORE);
      const r = st.get(id);
      r.onsuccess = () => {
        if (!(r.result instanceof Blob)) { reject(Object.assign(new Error(''), { code: 'DOWNLOAD_NOT_KEPT' })); return; }
        st.delete(id);
        tx.oncomplete = () => resolve(r.result);
      };
      r.onerror = () => reject(r.error);
    });
  } finally {
    db.close();
  }
}

window.addEventListener('message', (e) => {
  let host = '';
  try { host = new URL(e.origin).hostname; } catch (err) { return; }
  if (e.source !== window.parent || !e.origin.startsWith('https://') || !HOSTS.includes(host)) return;
  const d = e.data;
  const port = e.ports && e.ports[0];
  if (!port) return;
  // While a request runs, the content script hears every few seconds
  // that it does (it gives up after 30 s without a word).
  const beat = setInterval(() => port.postMessage({ progress: true }), 5000);
  const answer = (a) => { clearInterval(beat); port.postMessage(a); };
  const failed = (err) => answer({ error: String((err && err.message) || err), code: (err && err.code) || '' });
  if (d && d.type === 'wxdrop:probe') {
    probe.then((storage) => answer({ storage }));
  } else if (d && d.type === 'wxdrop:store' && d.blob instanceof Blob && typeof d.token === 'string') {
    store(d.blob, d.token).then((id) => answer({ id }), failed);
  } else if (d && d.type === 'wxdrop:take' && typeof d.id === 'string' && d.id.startsWith('dl-')) {
    take(d.id).then((blob) => answer({ blob }), failed);
  } else {
    failed(Object.assign(new Error(said('not_bridge')), { code: 'BAD_REQUEST' }));
  }
});
