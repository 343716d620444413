// wxdrop's offscreen document (Chromium): a service worker cannot make a
// blob: URL, and chrome.downloads needs one to save a file that is not
// fetched from its own URL again (a WeChat media URL carries the skey,
// which the download history would keep on disk). The worker opens this
// page while an auto-save rule saves a file: it turns the file, in the
// extension's IndexedDB, into a blob: URL, and lets the URL go after.
'use strict';

const DB = 'wxdrop', STORE = 'files';

function read(id) {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => {
      if (!r.result.objectStoreNames.contains(STORE)) r.result.createObjectStore(STORE);
    };
    r.onerror = () => reject(r.error);
    r.onsuccess = () => {
      const db = r.result;
      const g = db.transaction(STORE, 'readonly').objectStore(STORE).get(id);
      g.onsuccess = () => { db.close(); g.result instanceof Blob ? resolve(g.result) : reject(new Error('no such file')); };
      g.onerror = () => { db.close(); reject(g.error); };
    };
  });
}

chrome.runtime.onMessage.addListener((m, sender, reply) => {
  if (!m || sender.id !== chrome.runtime.id || !m.body) return false;
  if (m.name === 'offscreen.url' && typeof m.body.id === 'string') {
    // As bytes: the browser then saves it under the name it is given,
    // and does not change an extension that does not fit the Blob's type.
    read(m.body.id).then((blob) => reply({ ok: { url: URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' })) } }),
      (err) => reply({ error: { code: 'SAVE_FAILED', detail: String((err && err.message) || err) } }));
    return true;
  }
  if (m.name === 'offscreen.revoke' && typeof m.body.url === 'string' && m.body.url.startsWith('blob:')) {
    URL.revokeObjectURL(m.body.url);
    reply({ ok: {} });
  }
  return false;
});
