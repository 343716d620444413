// wxdrop's file bridge: the page API's sendFile hands its Blob to this
// frame (an extension page, so it shares the worker's IndexedDB), which
// stores it under a fresh id and answers with the id; the content script
// then asks the worker to send that file. runtime messages carry only
// JSON, and a Blob stored here is never copied through them.
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
  });
}

async function store(blob) {
  const db = await open();
  const id = 'page-' + crypto.randomUUID();
  try {
    await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(blob, id);
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
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
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      const st = tx.objectStore(STORE);
      const r = st.get(id);
      r.onsuccess = () => {
        if (!(r.result instanceof Blob)) { reject(new Error('no such download')); return; }
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
  if (!port || !d) return;
  const failed = (err) => port.postMessage({ error: String((err && err.message) || err), code: (err && err.code) || '' });
  if (d.type === 'wxdrop:store' && d.blob instanceof Blob) {
    store(d.blob).then((id) => port.postMessage({ id }), failed);
  } else if (d.type === 'wxdrop:take' && typeof d.id === 'string' && d.id.startsWith('dl-')) {
    take(d.id).then((blob) => port.postMessage({ blob }), failed);
  }
});
