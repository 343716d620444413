// wxdrop, in the web WeChat page's isolated world: asks the MAIN-world
// script what the page knows (page.js), and tells the service worker when
// it changes (a login, a new skey, a reload) or when the worker asks.
(() => {
  'use strict';
  const ASK = 'wxdrop:ask';
  const ANSWER = 'wxdrop:session';
  const waiting = new Map();

  function askPage() {
    const nonce = Math.random().toString(36).slice(2) + Date.now().toString(36);
    return new Promise((resolve) => {
      const t = setTimeout(() => { waiting.delete(nonce); resolve(null); }, 1000);
      waiting.set(nonce, (s) => { clearTimeout(t); resolve(s); });
      window.postMessage({ type: ASK, nonce }, location.origin);
    });
  }

  window.addEventListener('message', (e) => {
    if (e.source !== window || e.origin !== location.origin) return;
    const d = e.data;
    if (!d || d.type !== ANSWER || typeof d.nonce !== 'string') return;
    const f = waiting.get(d.nonce);
    if (f) { waiting.delete(d.nonce); f(d.session || null); }
  });

  // sessionNow is the page's session for a call: a page still starting
  // (a reload, a login being taken in) is waited for, a few seconds at
  // most, so that a call made then goes in the new session instead of
  // failing; null when it still knows nothing.
  async function sessionNow() {
    const until = Date.now() + 5000;
    for (;;) {
      const s = await askPage();
      if (s || Date.now() >= until) return s;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  let last = '';
  async function report() {
    const s = await askPage();
    // Nothing to say while the page starts; a login screen is said once.
    if (!s) return;
    const key = JSON.stringify(s);
    if (key === last) return;
    try {
      await chrome.runtime.sendMessage({ name: 'session.page', body: s });
      last = key;
      // wxdrop.ready waits for a login without asking the worker: it
      // learns of one here.
      if (s.skey) window.postMessage({ type: 'wxdrop:login' }, location.origin);
    } catch (e) {
      // The extension was reloaded or the worker is starting: next time.
    }
  }

  // The page's skey can change at any sync (§4.2 SKey); a look every few
  // seconds costs a function call in the page and sends nothing unchanged.
  report();
  setInterval(report, 3000);

  // The page API: offered to the page while the person allows it
  // (storage.local "automation", written by the options page), and each
  // call relayed to the worker after its shape is checked.
  const METHODS = new Set(['me', 'contacts', 'sendText', 'sendFile', 'sendEmoticon', 'downloadFile', 'schedule', 'scheduled', 'cancel', 'revoke']);

  // A file goes to the extension's IndexedDB through a hidden frame of
  // the extension (pages/bridge.html), by postMessage: the Blob is never
  // copied into a runtime message (which carries only JSON).
  let bridge = null;
  function bridgeFrame() {
    if (!bridge) {
      bridge = new Promise((resolve, reject) => {
        const f = document.createElement('iframe');
        f.src = chrome.runtime.getURL('extension/pages/bridge.html');
        f.style.display = 'none';
        f.addEventListener('load', () => resolve(f), { once: true });
        f.addEventListener('error', () => { bridge = null; reject(new Error('the file bridge did not load')); }, { once: true });
        (document.body || document.documentElement).appendChild(f);
      });
    }
    return bridge;
  }
  // downloadFile asks the bridge for an attachment of this page's session
  // (webwxgetmedia on the file host): the bridge builds the URL itself,
  // on the WeChat file host only, from these fields.
  // The worker downloads it into IndexedDB (its fetch carries the
  // session's cookies); the bridge takes it out for the page.
  async function downloadFile(args) {
    const field = (k) => (typeof args[k] === 'string' ? args[k].slice(0, 4096) : '');
    const r = await chrome.runtime.sendMessage({ name: 'api.call', body: { method: 'downloadFile', args: { sender: field('sender'), mediaId: field('mediaId'), encryFileName: field('encryFileName') }, session: await sessionNow() } });
    if (!r || r.error) throw Object.assign(new Error((r && r.error && (r.error.code + ' ' + (r.error.detail || ''))) || 'no answer'), { code: (r && r.error && r.error.code) || 'INTERNAL' });
    const f = await bridgeFrame();
    return new Promise((resolve, reject) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = (e) => (e.data && e.data.blob ? resolve(e.data.blob) : reject(Object.assign(new Error((e.data && e.data.error) || 'not downloaded'), { code: 'DOWNLOAD_FAILED' })));
      f.contentWindow.postMessage({ type: 'wxdrop:take', id: r.ok.fileId }, new URL(f.src).origin, [ch.port2]);
    });
  }

  async function storeFile(blob) {
    const f = await bridgeFrame();
    return new Promise((resolve, reject) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = (e) => (e.data && e.data.id ? resolve(e.data.id) : reject(new Error((e.data && e.data.error) || 'not stored')));
      f.contentWindow.postMessage({ type: 'wxdrop:store', blob }, new URL(f.src).origin, [ch.port2]);
    });
  }
  // parsed is a storage.local value (JSON text, as the worker stores it).
  function parsed(text) {
    try { return JSON.parse(text || '{}') || {}; } catch (e) { return {}; }
  }
  function offer(on) {
    window.postMessage({ type: on ? 'wxdrop:install' : 'wxdrop:uninstall' }, location.origin);
  }
  // The rules (storage.local "rules", on or off) hear every message that
  // reaches the page: the MAIN-world script passes them here, and they go
  // on to the worker.
  function watch(on) {
    window.postMessage({ type: 'wxdrop:watch', on }, location.origin);
  }
  chrome.storage.local.get(['automation', 'rules']).then((o) => {
    offer(parsed(o.automation).api === true);
    watch(parsed(o.rules).on === true);
  }).catch(() => {});
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (changes.automation) offer(parsed(changes.automation.newValue).api === true);
    if (changes.rules) watch(parsed(changes.rules.newValue).on === true);
  });
  const str = (v) => (typeof v === 'string' ? v.slice(0, 16384) : '');
  window.addEventListener('message', (e) => {
    if (e.source !== window || e.origin !== location.origin) return;
    const d = e.data;
    if (!d || d.type !== 'wxdrop:incoming' || !Array.isArray(d.messages)) return;
    const num = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
    const messages = d.messages.slice(0, 100).filter((m) => m && typeof m === 'object').map((m) => ({
      id: str(m.id), from: str(m.from), type: str(m.type), text: str(m.text), group: str(m.group),
      fromSelf: m.fromSelf === true, isGroup: m.isGroup === true,
      time: num(m.time), groupSender: str(m.groupSender),
      fileName: str(m.fileName), fileSize: num(m.fileSize), mediaId: str(m.mediaId),
      encryFileName: str(m.encryFileName), md5: str(m.md5),
    }));
    if (messages.length) {
      askPage().then((session) => chrome.runtime.sendMessage({ name: 'page.messages', body: { messages, session } })).catch(() => {});
    }
  });
  window.addEventListener('message', (e) => {
    if (e.source !== window || e.origin !== location.origin) return;
    const d = e.data;
    if (!d || d.type !== 'wxdrop:call' || typeof d.id !== 'string' || d.id.length > 64) return;
    const answer = (r) => window.postMessage(Object.assign({ type: 'wxdrop:result', id: d.id }, r), location.origin);
    const args = d.args;
    if (!METHODS.has(d.method) || !args || typeof args !== 'object' || Array.isArray(args)) {
      answer({ error: { code: 'BAD_REQUEST', message: 'wxdrop: no such call' } });
      return;
    }
    if (d.method === 'downloadFile') {
      downloadFile(args)
        .then((blob) => answer({ ok: blob }), (err) => answer({ error: { code: err.code || 'DOWNLOAD_FAILED', message: 'wxdrop: ' + err.message } }));
      return;
    }
    let ask;
    if (d.method === 'sendFile') {
      const file = args.file;
      if (!(file instanceof Blob)) {
        answer({ error: { code: 'BAD_REQUEST', message: 'wxdrop: sendFile takes a Blob or a File' } });
        return;
      }
      if (file.size === 0) {
        answer({ error: { code: 'EMPTY_FILE', message: 'wxdrop: the file is empty' } });
        return;
      }
      const name = String(args.name || file.name || 'file');
      ask = storeFile(file).then((id) => ({ method: 'sendFile', args: { to: String(args.to), fileId: id, name, size: file.size, type: file.type || '', kind: String(args.kind || '') } }));
    } else {
      let body;
      try { body = JSON.parse(JSON.stringify({ method: d.method, args })); } catch (err) {
        answer({ error: { code: 'BAD_REQUEST', message: 'wxdrop: arguments must be plain data' } });
        return;
      }
      ask = Promise.resolve(body);
    }
    // Each call carries the page's session as it is now: the worker acts
    // in it, never in a previous one or another tab's.
    ask.then(async (body) => chrome.runtime.sendMessage({ name: 'api.call', body: Object.assign(body, { session: await sessionNow() }) }))
      .then((r) => {
        if (r && r.error) answer({ error: { code: r.error.code, detail: r.error.detail || '', message: 'wxdrop: ' + r.error.code + (r.error.detail ? ': ' + r.error.detail : '') } });
        else answer({ ok: r ? r.ok : undefined });
      })
      .catch((err) => answer({ error: { code: 'INTERNAL', message: 'wxdrop: ' + String(err && err.message || err) } }));
  });

  chrome.runtime.onMessage.addListener((m, sender, sendResponse) => {
    if (!m || m.name !== 'session.ask' || sender.id !== chrome.runtime.id) return false;
    askPage().then((s) => sendResponse(s || {}));
    return true;
  });
})();
