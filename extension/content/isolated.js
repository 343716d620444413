// wxdrop, in the web WeChat page's isolated world: asks the MAIN-world
// script what the page knows (page.js), and tells the service worker when
// it changes (a login, a new skey, a reload) or when the worker asks.
(() => {
  'use strict';
  const ASK = 'wxdrop:ask';
  const ANSWER = 'wxdrop:session';
  const waiting = new Map();

  // The private channel to page.js (see its comment there): made at
  // document_start, before any page script runs, over an element the
  // first of the two scripts puts in the document and the second takes
  // out; page scripts can neither read nor forge what goes over it, and
  // no opener holds the window (Cross-Origin-Opener-Policy, set by the
  // ruleset extension/rules/opener.json).
  const HELLO = 'wxdrop:link';
  const NODE = 'wxdrop-link';
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
    const root = document.documentElement;
    if (!root) return;
    const el = Array.from(root.children).find((c) => c.localName === NODE);
    if (el) {
      el.remove();
      const ch = new MessageChannel();
      el.dispatchEvent(new MessageEvent('message', { data: HELLO, ports: [ch.port2] }));
      linked(ch.port1);
      return;
    }
    const mine = document.createElement(NODE);
    const first = (e) => {
      if (e.data !== HELLO || !e.ports || e.ports.length !== 1 || port) return;
      e.stopImmediatePropagation();
      mine.removeEventListener('message', first);
      linked(e.ports[0]);
    };
    mine.addEventListener('message', first);
    root.appendChild(mine);
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
      await wxdropSend({ name: 'session.page', body: s });
      last = key;
      // wxdrop.ready waits for a login without asking the worker: it
      // learns of one here.
      if (s.skey) send({ type: 'wxdrop:login' });
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
  // call relayed to the worker after its shape is checked. METHODS are
  // the calls page.js makes: the worker's table of methods (msg.Method…,
  // wasm/msg/apimethods.go) has them, which TestPageAPIMethods checks.
  const METHODS = new Set(['me', 'contacts', 'sendText', 'sendFile', 'sendEmoticon', 'downloadFile', 'schedule', 'scheduled', 'cancel', 'revoke', 'acceptFriend', 'exportContacts', 'exportMessages', 'sendMany', 'run']);

  // A file goes to the extension's IndexedDB through a hidden frame of
  // the extension (pages/bridge.html), by postMessage: the Blob is never
  // copied into a runtime message (which carries only JSON). The frame
  // stores only with a one-time token the worker gives this script
  // (core's bridge.go). Where the frame cannot keep it (third-party
  // storage blocked, or not partitioned: its IndexedDB refuses a frame
  // of an extension in a web page), the file goes to the worker itself,
  // in chunks over a runtime port. Every channel gives up after
  // BRIDGE_WAIT without progress; a frame the page removed is made again.
  const BRIDGE_WAIT = 30000;
  const CHUNK = 1 << 20;
  const bridgeURL = chrome.runtime.getURL('extension/pages/bridge.html');
  // Chromium hands content scripts a dynamic URL for a resource with
  // use_dynamic_url; the frame still runs at the extension's own origin.
  const bridgeOrigin = bridgeURL.startsWith('chrome-extension:') ? 'chrome-extension://' + chrome.runtime.id : new URL(bridgeURL).origin;
  // fail is an error of a code; its detail is message alone (none is
  // none: the code's sentence, without words of wxdrop's own in English).
  const fail = (code, message) => Object.assign(new Error(message || code), { code, detail: message || '' });
  // said: a detail's words in the browser's language (send.js).
  const said = globalThis.wxdropSaid;
  let bridge = null;

  // bridgeFrame is the frame, loaded, and whether its storage works.
  function bridgeFrame() {
    if (bridge && bridge.frame.isConnected && bridge.frame.contentWindow) return bridge.ready;
    dropBridge();
    const f = document.createElement('iframe');
    f.src = bridgeURL;
    f.style.display = 'none';
    const ready = new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(fail('STORAGE_BLOCKED', said('blocked_not_loaded'))), BRIDGE_WAIT);
      f.addEventListener('load', () => {
        clearTimeout(t);
        frameAsk(f, { type: 'wxdrop:probe' }).then((a) => resolve({ frame: f, storage: a.storage === true }), reject);
      }, { once: true });
    });
    bridge = { frame: f, ready };
    ready.catch(() => { if (bridge && bridge.frame === f) dropBridge(); });
    (document.body || document.documentElement).appendChild(f);
    return ready;
  }
  function dropBridge() {
    if (bridge) bridge.frame.remove();
    bridge = null;
  }
  // frameAsk posts one request to the frame, and answers its reply; the
  // frame says it is still at work (a large file) every few seconds.
  function frameAsk(f, d, transfer) {
    return new Promise((resolve, reject) => {
      const ch = new MessageChannel();
      let t = 0;
      const arm = () => {
        clearTimeout(t);
        t = setTimeout(() => { ch.port1.close(); reject(fail('STORAGE_BLOCKED', said('blocked_no_answer'))); }, BRIDGE_WAIT);
      };
      arm();
      ch.port1.onmessage = (e) => {
        if (e.data && e.data.progress) { arm(); return; }
        clearTimeout(t);
        ch.port1.close();
        resolve(e.data || {});
      };
      const w = f.contentWindow;
      if (!w) { clearTimeout(t); reject(fail('STORAGE_BLOCKED', said('blocked_gone'))); return; }
      w.postMessage(d, bridgeOrigin, [ch.port2].concat(transfer || []));
    });
  }

  // worker sends the worker a message and returns its ok; an error
  // answer throws with its code.
  async function worker(name, body) {
    const r = await wxdropSend({ name, body });
    if (!r || r.error) {
      const e = (r && r.error) || { code: 'INTERNAL', detail: 'no answer' };
      throw Object.assign(fail(e.code, e.code + (e.detail ? ': ' + e.detail : '')), { detail: e.detail || '' });
    }
    return r.ok;
  }

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

  // portRun runs a chunked exchange with the worker over a runtime port:
  // step(answer, port) handles each answer, and returns a value to end
  // with (undefined: go on). BRIDGE_WAIT without an answer ends it.
  function portRun(name, first, step) {
    return new Promise((resolve, reject) => {
      const port = chrome.runtime.connect({ name });
      let timer = 0, over = false;
      const end = (f, v) => { if (over) return; over = true; clearTimeout(timer); try { port.disconnect(); } catch (e) { /* gone */ } f(v); };
      const arm = () => { clearTimeout(timer); timer = setTimeout(() => end(reject, fail('STORAGE_BLOCKED', said('blocked_worker_silent'))), BRIDGE_WAIT); };
      port.onMessage.addListener((a) => {
        arm();
        if (a && a.progress) return;
        if (!a || a.error || a.code) { end(reject, fail((a && a.code) || 'STORAGE_BLOCKED', (a && a.error) || '')); return; }
        Promise.resolve(step(a, port)).then((v) => { if (v !== undefined) end(resolve, v); }, (e) => end(reject, e));
      });
      port.onDisconnect.addListener(() => end(reject, fail('STORAGE_BLOCKED', said('blocked_worker_stopped'))));
      arm();
      port.postMessage(first);
    });
  }

  // storeVia sends blob to the worker, which stores it itself.
  function storeVia(blob, token) {
    let off = 0;
    return portRun('wxdrop.store', { token, size: blob.size, type: blob.type || '' }, async (a, port) => {
      if (a.id) return a.id;
      if (!a.more) throw fail('STORAGE_BLOCKED', '');
      if (off >= blob.size) { port.postMessage({ end: true }); return undefined; }
      const part = blob.slice(off, off + CHUNK);
      off += part.size;
      port.postMessage({ chunk: b64(await part.arrayBuffer()) });
      return undefined;
    });
  }

  // takeVia has the worker hand over a download itself.
  function takeVia(id) {
    const parts = [];
    let type = '';
    return portRun('wxdrop.take', { id }, (a, port) => {
      if (typeof a.chunk === 'string') parts.push(unb64(a.chunk));
      if (typeof a.type === 'string') type = a.type;
      if (a.end) return new Blob(parts, { type });
      port.postMessage({ more: true });
      return undefined;
    });
  }

  // storeFile stores a Blob of the page and returns its file id.
  async function storeFile(blob) {
    let tok = await worker('bridge.token', { size: blob.size });
    const b = await bridgeFrame().catch(() => null);
    if (b && b.storage) {
      try {
        const a = await frameAsk(b.frame, { type: 'wxdrop:store', blob, token: tok.token });
        if (a.id) return a.id;
        if (a.code !== 'STORAGE_BLOCKED') throw fail(a.code || 'BAD_REQUEST', a.error);
      } catch (e) {
        if (e.code !== 'STORAGE_BLOCKED') throw e;
        dropBridge();
      }
      tok = await worker('bridge.token', { size: blob.size });
    }
    return storeVia(blob, tok.token);
  }

  // downloadFile asks the bridge for an attachment of this page's session
  // (webwxgetmedia on the file host): the worker builds the URL itself,
  // on the WeChat file host only, from these fields, and downloads it
  // into IndexedDB (its fetch carries the session's cookies); the bridge
  // (or the worker, when the frame's storage is blocked) hands it over.
  async function downloadFile(args) {
    const field = (k) => (typeof args[k] === 'string' ? args[k].slice(0, 4096) : '');
    const r = await worker('api.call', { method: 'downloadFile', args: { sender: field('sender'), mediaId: field('mediaId'), encryFileName: field('encryFileName') }, session: await sessionNow() });
    const b = await bridgeFrame().catch(() => null);
    if (b && b.storage) {
      try {
        const a = await frameAsk(b.frame, { type: 'wxdrop:take', id: r.fileId });
        if (a.blob) return a.blob;
        // The bridge's words are its own codes (bridge.js take); an
        // IndexedDB error's text goes as the detail, else none: a detail
        // of wxdrop's own in English read inside the Chinese sentence.
        if (a.code === 'DOWNLOAD_NOT_KEPT') throw fail('DOWNLOAD_NOT_KEPT', '');
        if (a.code !== 'STORAGE_BLOCKED') throw fail('DOWNLOAD_FAILED', a.error || '');
      } catch (e) {
        if (e.code !== 'STORAGE_BLOCKED') throw e;
        dropBridge();
      }
    }
    return takeVia(r.fileId);
  }

  // PAGE_DETAILS are the details page.js says (said('…') there;
  // TestDetailsInBothLanguages holds the two lists to each other).
  const PAGE_DETAILS = ['then', 'to_chat', 'to_contact', 'text_string', 'timeout', 'not_time', 'wrong_shape', 'many_list', 'not_one_name', 'on', 'on_not', 'download', 'avatar',
    'usage_sendText', 'usage_sendFile', 'usage_sendEmoticon', 'usage_schedule', 'usage_cancel', 'usage_run', 'usage_revoke', 'usage_contacts', 'usage_exportContacts', 'usage_exportMessages'];
  // parsed is a storage.local value (JSON text, as the worker stores it).
  function parsed(text) {
    try { return JSON.parse(text || '{}') || {}; } catch (e) { return {}; }
  }
  let offered = false;
  function offer(on) {
    offered = on;
    send(on ? { type: 'wxdrop:install', words: pageWords() } : { type: 'wxdrop:uninstall' });
  }
  // pageWords are the sentences of the codes page.js gives itself (wrong
  // arguments, a time that is not one, its own downloads), worded by
  // sentence as the worker's are, U+E000 where the detail goes: page.js has
  // no chrome.i18n, and said them in English whatever the language.
  function pageWords() {
    const words = {};
    for (const code of ['BAD_REQUEST', 'BAD_TIME', 'LOGGED_OUT', 'NOT_DOWNLOADABLE', 'DOWNLOAD_FAILED']) words[code] = sentence(code, '\uE000');
    for (const key of PAGE_DETAILS) words['detail_' + key] = said(key, '\uE000');
    return words;
  }
  // The rules (storage.local "rules", on or off) hear every message that
  // reaches the page: the MAIN-world script passes them here, and they go
  // on to the worker.
  // Friend requests (storage.local "friends", listed unless off) are
  // passed on too, for the popup's list and the friend-request rule.
  // Recalled messages kept (storage.local "recall", off unless turned
  // on): every message is passed on to the worker, which keeps it.
  let rulesOn = false, requestsOn = true, keepOn = false;
  function watch() {
    send({ type: 'wxdrop:watch', on: rulesOn || keepOn, requests: requestsOn });
  }
  chrome.storage.local.get(['automation', 'rules', 'friends', 'recall']).then((o) => {
    offer(parsed(o.automation).api === true);
    rulesOn = parsed(o.rules).on === true;
    requestsOn = parsed(o.friends).off !== true;
    keepOn = parsed(o.recall).on === true;
    watch();
  }).catch(() => {});
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (changes.automation) offer(parsed(changes.automation.newValue).api === true);
    if (changes.rules) rulesOn = parsed(changes.rules.newValue).on === true;
    if (changes.friends) requestsOn = parsed(changes.friends.newValue).off !== true;
    if (changes.recall) keepOn = parsed(changes.recall.newValue).on === true;
    if (changes.rules || changes.friends || changes.recall) watch();
  });
  // Incoming messages: page.js passes the text of each webwxsync answer
  // the page received and the URL it came from; they are checked and
  // parsed here (extension/sync.js), in this script's own world, whose
  // JSON.parse and String no page script can replace. Only an answer of
  // this page's own webwxsync is read; the worker checks each message
  // again (core.checkIncoming). In Firefox, what page.js passes goes to
  // the page API only: the worker takes the rules' and the kept
  // messages' input from the network (sw.js), and sends the recalls for
  // the page API here (wxdrop.revokes).
  const SYNC = globalThis.wxdropSync;

  function synced(d) {
    if (typeof d.url !== 'string' || typeof d.text !== 'string') return;
    let u;
    try { u = new URL(d.url); } catch (e) { return; }
    if (u.origin !== location.origin || u.pathname !== SYNC.SYNC_PATH) return;
    const batch = SYNC.parse(d.text, typeof d.me === 'string' ? d.me : '');
    if (!batch.length) return;
    if (offered) send({ type: 'wxdrop:messages', messages: batch });
    if (SYNC.fromNetwork) return;
    keep(batch);
    // The rules hear every message; with the rules off, the friend
    // requests alone go on (the popup's list, the friend-request rule).
    const forWorker = rulesOn ? batch : requestsOn ? batch.filter((m) => m.request) : [];
    for (const messages of SYNC.parts(forWorker.map(SYNC.forWorker), SYNC.MAX_BATCH)) {
      // The page's session goes with them: the worker acts in it. A
      // batch the rules could not take yet is asked again (deliver), each
      // time with the page's session of that moment, in one login
      // (inOneLogin).
      SYNC.deliver(SYNC.inOneLogin(askPage, (session, last) => wxdropSend({ name: 'page.messages', body: { messages, session, last } })), 1000);
    }
  }

  // revokes passes the recalls, with their originals when kept, to the
  // page API's on('revoke').
  function revokes(ms) {
    if (offered && ms.length) send({ type: 'wxdrop:revokes', revokes: ms });
  }

  // keep passes the messages on to be kept (recall.messages, in batches
  // well under the worker's bound) while keeping is on; the worker
  // answers the recalls among them with their kept originals, which go
  // to the page API's on('revoke'). With keeping off, a recall goes
  // there with original null.
  function keep(batch) {
    if (!keepOn) {
      revokes(SYNC.unkept(batch, new Set()));
      return;
    }
    askPage().then(async (session) => {
      for (const part of SYNC.parts(batch, SYNC.KEEP_BATCH)) {
        let got = [];
        try {
          const r = await wxdropSend({ name: 'recall.messages', body: { messages: part, session } });
          if (r && r.ok && Array.isArray(r.ok.revokes)) got = r.ok.revokes;
        } catch (e) { /* the worker stopped: the recalls go on without originals */ }
        revokes(got.concat(SYNC.unkept(part, new Set(got.map((r) => r.id)))));
      }
    }).catch(() => {});
  }

  // Sends (and schedules) name their outbox entry here, so that when
  // the worker stops during the call (it may, at any time) the call is
  // asked again after the wake: a send by its entry's outcome, which
  // says whether it went; a read again as it was.
  const SENDS = new Set(['sendText', 'sendFile', 'sendEmoticon']);
  const ASKS = 4;
  function entryID() {
    const b = crypto.getRandomValues(new Uint8Array(8));
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  }
  // A send waits for its outcome in the worker its {timeout}, within
  // these (msg.MinAPIWaitMs, msg.APIWaitMs; core.apiWait): callWait says
  // it, and relay waits that and BRIDGE_WAIT more. A timeout past
  // setTimeout's largest (2^31 ms) fired at once: the call was UNCERTAIN
  // before the worker had begun.
  const API_WAIT_MS = 90000;
  const MIN_API_WAIT_MS = 1000;
  function callWait(timeout) {
    const ms = Number(timeout);
    if (!(ms > 0) || !Number.isFinite(ms)) return undefined;
    return Math.min(Math.max(Math.round(ms), MIN_API_WAIT_MS), API_WAIT_MS);
  }
  // relay asks the worker for a call's answer, again after a stopped
  // worker; a send never asked twice reaches WeChat at most once.
  async function relay(body) {
    const wait = (body.timeoutMs || API_WAIT_MS) + BRIDGE_WAIT;
    let ask = body;
    for (let i = 0; i < ASKS; i++) {
      try {
        const r = await Promise.race([
          wxdropSend({ name: 'api.call', body: ask }),
          new Promise((resolve) => setTimeout(resolve, wait)),
        ]);
        if (r) return r;
      } catch (e) {
        // The worker stopped before it answered, or is starting again
        // (wxdropSend tried for 2 s): the next ask waits 1, 2, 4 s first,
        // so that a worker slow to start on a busy machine is not asked
        // four times in its first seconds (a run() of the README's
        // example failed so in CI, INTERNAL 5 s after the worker stopped).
        if (i < ASKS - 1) await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** i));
      }
      if (SENDS.has(body.method)) ask = { method: 'outcome', entry: body.entry, timeoutMs: body.timeoutMs, session: body.session };
    }
    if (SENDS.has(body.method)) {
      return { error: { code: 'UNCERTAIN', detail: 'the extension did not answer; the message may still go', entry: body.entry } };
    }
    return { error: { code: 'INTERNAL', detail: 'the extension did not answer' } };
  }

  // Calls other than sends read the whole outbox or contact list in the
  // worker (37 ms natively with 450 scheduled messages): 2,000 at once
  // held it for minutes, and every send and the popup with it. At most
  // READS_AT_ONCE of them from this page are under way; more reject at
  // once with BUSY, without reaching the worker. Sends wait for their
  // outcome, and the outbox's bound on pending messages bounds them.
  const READS_AT_ONCE = 32;
  let reading = 0;

  // sentence is a page API error's message, what the console shows: the
  // code's sentence in the browser's language (the popup's, or api_err_
  // where the popup's would mislead a script: "pick it again from the
  // list"), then the code and the detail the sentence does not say. It
  // was "wxdrop: NOT_FOUND: 老张" (TestPageAPIErrorSentences).
  function sentence(code, detail) {
    let s = '';
    try {
      s = chrome.i18n.getMessage('api_err_' + code, [detail]) || chrome.i18n.getMessage('err_' + code, [detail]);
    } catch (e) { /* the extension was reloaded or updated: the code alone */ }
    if (!s) return 'wxdrop: ' + code + (detail ? ': ' + detail : '');
    return 'wxdrop: ' + s + ' (' + code + (detail && !s.includes(detail) ? ': ' + detail : '') + ')';
  }

  function called(d) {
    if (typeof d.id !== 'string' || d.id.length > 64) return;
    let held = false;
    const answer = (r) => {
      if (held) {
        held = false;
        reading--;
      }
      send(Object.assign({ type: 'wxdrop:result', id: d.id }, r));
    };
    const failed = (e) => answer({ error: { code: e.code, detail: e.detail || '', entry: e.entry || '', message: sentence(e.code, e.detail || '') } });
    const args = d.args;
    if (!METHODS.has(d.method)) {
      failed({ code: 'NO_METHOD', detail: String(d.method) });
      return;
    }
    if (!args || typeof args !== 'object' || Array.isArray(args)) {
      failed({ code: 'BAD_REQUEST', detail: said('args_object') });
      return;
    }
    if (!SENDS.has(d.method)) {
      if (reading >= READS_AT_ONCE) {
        failed({ code: 'BUSY', detail: READS_AT_ONCE + ' calls of this page are under way' });
        return;
      }
      reading++;
      held = true;
    }
    if (d.method === 'downloadFile') {
      downloadFile(args).then((blob) => answer({ ok: blob }), (err) => failed({ code: err.code || 'DOWNLOAD_FAILED', detail: typeof err.detail === 'string' ? err.detail : err.message }));
      return;
    }
    let ask;
    if (d.method === 'sendFile' || (d.method === 'sendMany' && args.file !== undefined)) {
      const file = args.file;
      if (!(file instanceof Blob)) {
        failed({ code: 'BAD_REQUEST', detail: said('takes_blob', d.method) });
        return;
      }
      if (file.size === 0) {
        // The detail is the file's name, as the worker gives it: an English
        // "the file is empty" repeated the sentence, in Chinese too.
        failed({ code: 'EMPTY_FILE', detail: String(args.name || file.name || '') });
        return;
      }
      const name = String(args.name || file.name || 'file');
      // sendMany's other arguments as plain data: a cycle (a repeat or
      // an at that holds itself) threw here, the call was never answered
      // and its place among READS_AT_ONCE never freed: 32 such calls
      // made every read of the page BUSY until it was loaded again
      // (docs/security.md row 109).
      let rest;
      try {
        rest = d.method === 'sendFile' ? { to: String(args.to), kind: String(args.kind || '') }
          : JSON.parse(JSON.stringify(Object.assign({}, args, { file: undefined, name: undefined })));
      } catch (err) {
        failed({ code: 'BAD_REQUEST', detail: said('plain_data') });
        return;
      }
      ask = storeFile(file).then((id) => ({ method: d.method, args: Object.assign(rest, { fileId: id, name, size: file.size, type: file.type || '' }) }));
    } else {
      let body;
      try { body = JSON.parse(JSON.stringify({ method: d.method, args })); } catch (err) {
        failed({ code: 'BAD_REQUEST', detail: said('plain_data') });
        return;
      }
      ask = Promise.resolve(body);
    }
    const timeout = args.timeout;
    // Each call carries the page's session as it is now: the worker acts
    // in it, never in a previous one or another tab's.
    // page.js sends the session with the call (null while the page
    // starts, which is waited for): the same word askPage would get.
    const given = d.session && typeof d.session === 'object' ? d.session : null;
    ask.then(async (body) => {
      delete body.args.timeout;
      body.session = given || await sessionNow();
      if (SENDS.has(body.method) || body.method === 'schedule' || body.method === 'sendMany') body.entry = entryID();
      const ms = callWait(timeout);
      if (ms !== undefined) body.timeoutMs = ms;
      return relay(body);
    }).then((r) => {
      if (r.error) failed(r.error);
      else answer({ ok: r.ok });
    }, (err) => failed({ code: (err && err.code) || 'INTERNAL', detail: err && typeof err.detail === 'string' ? err.detail : String((err && err.message) || err) }));
  }

  chrome.runtime.onMessage.addListener((m, sender, sendResponse) => {
    if (!m || sender.id !== chrome.runtime.id) return false;
    // In Firefox, the recalls the worker read from the network (sw.js).
    if (m.name === 'wxdrop.revokes' && SYNC.fromNetwork && !sender.tab && Array.isArray(m.revokes)) {
      revokes(m.revokes);
      return false;
    }
    if (m.name !== 'session.ask') return false;
    askPage().then((s) => sendResponse(s || {}));
    return true;
  });
})();
