// wxdrop, in the web WeChat page's isolated world: asks the MAIN-world
// script what the page knows (page.js), and tells the service worker when
// it changes (a login, a new skey, a reload) or when the worker asks.
(() => {
  'use strict';
  const ASK = 'wxdrop:ask';
  const ANSWER = 'wxdrop:session';
  const waiting = new Map();

  // The private channel to page.js (see its comment): made at
  // document_start, before any page script runs; page scripts can neither
  // read nor forge what goes over it.
  const HELLO = 'wxdrop:link';
  let port = null;
  const queue = [];
  function send(d) {
    if (port) port.postMessage(d);
    else queue.push(d);
  }
  function linked(p) {
    port = p;
    p.onmessage = (e) => receive(e.data);
    for (const d of queue.splice(0)) p.postMessage(d);
  }
  (() => {
    const ch = new MessageChannel();
    const hello = new MessageEvent('message', { data: HELLO, ports: [ch.port2], cancelable: true });
    if (!window.dispatchEvent(hello)) {
      linked(ch.port1);
      return;
    }
    const first = (e) => {
      if (e.data !== HELLO || !e.ports || e.ports.length !== 1) return;
      window.removeEventListener('message', first, true);
      e.preventDefault();
      e.stopImmediatePropagation();
      linked(e.ports[0]);
    };
    window.addEventListener('message', first, true);
  })();

  function askPage() {
    const nonce = crypto.randomUUID();
    return new Promise((resolve) => {
      const t = setTimeout(() => { waiting.delete(nonce); resolve(null); }, 1000);
      waiting.set(nonce, (s) => { clearTimeout(t); resolve(s); });
      send({ type: ASK, nonce });
    });
  }

  // receive takes what page.js says over the private channel.
  function receive(d) {
    if (!d || typeof d !== 'object') return;
    if (d.type === ANSWER && typeof d.nonce === 'string') {
      const f = waiting.get(d.nonce);
      if (f) { waiting.delete(d.nonce); f(d.session || null); }
    } else if (d.type === 'wxdrop:sync') {
      synced(d);
    } else if (d.type === 'wxdrop:call') {
      called(d);
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
  let offered = false;
  function offer(on) {
    offered = on;
    send({ type: on ? 'wxdrop:install' : 'wxdrop:uninstall' });
  }
  // The rules (storage.local "rules", on or off) hear every message that
  // reaches the page: the MAIN-world script passes them here, and they go
  // on to the worker.
  let watching = false;
  function watch(on) {
    watching = on;
    send({ type: 'wxdrop:watch', on });
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
  // Incoming messages: page.js passes the text of each webwxsync answer
  // the page received and the URL it came from; they are checked and
  // parsed here, in this script's own world, whose JSON.parse and String
  // no page script can replace. Only an answer of this page's own
  // webwxsync is read; the worker checks each message again (core.checkMessages).
  const SYNC_PATH = '/cgi-bin/mmwebwx-bin/webwxsync';
  const MAX_BATCH = 100;
  const TYPES = { 1: 'text', 3: 'image', 34: 'voice', 43: 'video', 62: 'video', 47: 'emoticon', 42: 'card', 48: 'location', 10000: 'system', 10002: 'recalled' };
  const APP_TYPES = { 5: 'link', 6: 'file' };
  const str = (v) => (typeof v === 'string' ? v.slice(0, 16384) : typeof v === 'number' ? String(v) : '');

  function unescapeHTML(s) {
    return s.replace(/<br\s*\/?>/g, '\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  }

  function plain(m, me) {
    if (!m || typeof m !== 'object' || m.MsgType === 51) return null; // the page's own status notices
    const id = str(m.MsgId);
    if (!/^[0-9]{1,32}$/.test(id)) return null;
    const from = str(m.FromUserName), to = str(m.ToUserName);
    let content = str(m.Content), sender;
    const group = from.startsWith('@@') ? from : to.startsWith('@@') ? to : '';
    const prefix = from.startsWith('@@') && /^(@[0-9a-zA-Z]+):<br\/>/.exec(content);
    if (prefix) { sender = prefix[1]; content = content.slice(prefix[0].length); }
    const type = m.MsgType === 49 ? (APP_TYPES[m.AppMsgType] || 'app') : (TYPES[m.MsgType] || 'other');
    const out = {
      id, from, to, type, msgType: Number(m.MsgType) || 0,
      time: (Number(m.CreateTime) || 0) * 1000, fromSelf: !!me && from === me, isGroup: !!group,
    };
    if (group) out.group = group;
    if (sender) out.groupSender = sender;
    if (type === 'text' || type === 'system' || type === 'other') out.text = unescapeHTML(content);
    if (m.FileName && (m.MsgType === 49 || m.MsgType === 43)) out.fileName = str(m.FileName);
    if (m.FileSize) out.fileSize = Number(m.FileSize) || 0;
    if (m.MsgType === 49 && m.AppMsgType === 5 && m.Url) out.url = str(m.Url);
    if (m.MsgType === 47 && /^[0-9a-fA-F]{32}$/.test(str(m.MD5))) out.md5 = str(m.MD5).toLowerCase();
    if (m.MsgType === 49 && m.AppMsgType === 6 && m.MediaId) {
      out.mediaId = str(m.MediaId);
      out.encryFileName = str(m.EncryFileName);
    }
    return out;
  }

  function synced(d) {
    if (typeof d.url !== 'string' || typeof d.text !== 'string') return;
    let u;
    try { u = new URL(d.url); } catch (e) { return; }
    if (u.origin !== location.origin || u.pathname !== SYNC_PATH) return;
    let a;
    try { a = JSON.parse(d.text); } catch (e) { return; }
    if (!a || !a.BaseResponse || a.BaseResponse.Ret !== 0 || !Array.isArray(a.AddMsgList)) return;
    const me = typeof d.me === 'string' ? d.me : '';
    const batch = [];
    for (const m of a.AddMsgList) {
      const p = plain(m, me);
      if (p) batch.push(p);
    }
    if (!batch.length) return;
    if (offered) send({ type: 'wxdrop:messages', messages: batch });
    if (!watching) return;
    const num = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
    for (let i = 0; i < batch.length; i += MAX_BATCH) {
      const messages = batch.slice(i, i + MAX_BATCH).map((m) => ({
        id: m.id, from: m.from, type: m.type, text: str(m.text), group: str(m.group),
        fromSelf: m.fromSelf, isGroup: m.isGroup,
        time: num(m.time), groupSender: str(m.groupSender),
        fileName: str(m.fileName), fileSize: num(m.fileSize), mediaId: str(m.mediaId),
        encryFileName: str(m.encryFileName), md5: str(m.md5),
      }));
      chrome.runtime.sendMessage({ name: 'page.messages', body: { messages } }).catch(() => {});
    }
  }

  function called(d) {
    if (typeof d.id !== 'string' || d.id.length > 64) return;
    const answer = (r) => send(Object.assign({ type: 'wxdrop:result', id: d.id }, r));
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
  }

  chrome.runtime.onMessage.addListener((m, sender, sendResponse) => {
    if (!m || m.name !== 'session.ask' || sender.id !== chrome.runtime.id) return false;
    askPage().then((s) => sendResponse(s || {}));
    return true;
  });
})();
