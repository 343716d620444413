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
  const METHODS = new Set(['me', 'contacts', 'sendText', 'sendFile', 'sendEmoticon', 'downloadFile', 'schedule', 'scheduled', 'cancel', 'revoke', 'acceptFriend', 'exportContacts']);

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
    const r = await chrome.runtime.sendMessage({ name: 'api.call', body: { method: 'downloadFile', args: { sender: field('sender'), mediaId: field('mediaId'), encryFileName: field('encryFileName') } } });
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
  // Friend requests (storage.local "friends", listed unless off) are
  // passed on too, for the popup's list and the friend-request rule.
  let rulesOn = false, requestsOn = true;
  function watch() {
    window.postMessage({ type: 'wxdrop:watch', on: rulesOn, requests: requestsOn }, location.origin);
  }
  chrome.storage.local.get(['automation', 'rules', 'friends']).then((o) => {
    offer(parsed(o.automation).api === true);
    rulesOn = parsed(o.rules).on === true;
    requestsOn = parsed(o.friends).off !== true;
    watch();
  }).catch(() => {});
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (changes.automation) offer(parsed(changes.automation.newValue).api === true);
    if (changes.rules) rulesOn = parsed(changes.rules.newValue).on === true;
    if (changes.friends) requestsOn = parsed(changes.friends.newValue).off !== true;
    if (changes.rules || changes.friends) watch();
  });
  const str = (v) => (typeof v === 'string' ? v.slice(0, 16384) : '');
  // friendRequest keeps a friend request's fields as strings and numbers
  // (the worker checks them again); anything else is no request.
  function friendRequest(r) {
    if (!r || typeof r !== 'object') return undefined;
    const n = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
    return { userName: str(r.userName), nickName: str(r.nickName), content: str(r.content), sex: n(r.sex), province: str(r.province),
      city: str(r.city), signature: str(r.signature), alias: str(r.alias), scene: n(r.scene), ticket: str(r.ticket) };
  }
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
      msgType: num(m.msgType), request: friendRequest(m.request),
    }));
    if (messages.length) chrome.runtime.sendMessage({ name: 'page.messages', body: { messages } }).catch(() => {});
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
    ask.then((body) => chrome.runtime.sendMessage({ name: 'api.call', body }))
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
