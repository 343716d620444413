// wxdrop, in the web WeChat page's own world (MAIN): reads what the page
// keeps only in memory — skey, pass_ticket, its own UserName, its chat list —
// from the page's AngularJS services, when the isolated content script asks.
// It answers nothing else and adds nothing to the page.
(() => {
  'use strict';
  const ASK = 'wxdrop:ask';
  const ANSWER = 'wxdrop:session';

  // The page's primitives this script relies on, taken at document_start,
  // before any page script runs: a page script that replaces them later
  // (MessagePort's postMessage, a getter of MessageEvent, Response or
  // XMLHttpRequest, Response's text, Promise.prototype.then) changes
  // nothing this script sees or sends.
  const apply = Reflect.apply;
  const getter = (proto, k) => Object.getOwnPropertyDescriptor(proto, k).get;
  const P = {
    post: MessagePort.prototype.postMessage,
    data: getter(MessageEvent.prototype, 'data'),
    ports: getter(MessageEvent.prototype, 'ports'),
    listen: EventTarget.prototype.addEventListener,
    unlisten: EventTarget.prototype.removeEventListener,
    stop: Event.prototype.stopImmediatePropagation,
    MessageChannel, MessageEvent, Blob,
    xhrText: getter(XMLHttpRequest.prototype, 'responseText'),
    xhrType: getter(XMLHttpRequest.prototype, 'responseType'),
    xhrURL: getter(XMLHttpRequest.prototype, 'responseURL'),
    resClone: Response.prototype.clone,
    resText: Response.prototype.text,
    resURL: getter(Response.prototype, 'url'),
    then: Promise.prototype.then,
    defineProperty: Object.defineProperty,
    freeze: Object.freeze,
    random: crypto.randomUUID.bind(crypto),
    Proxy,
  };

  // The private channel to the isolated content script (isolated.js), made
  // at document_start, before any page script runs, in the one task in
  // which the browser runs both scripts. The script that runs first makes
  // an element of its own, listens on it and puts it in the document; the
  // one that runs second takes it out again and, on it, now detached,
  // dispatches a synthetic MessageEvent carrying a fresh MessagePort,
  // which the first takes (and stops: nothing else hears it). A detached
  // element has no ancestor: no listener of window or document hears the
  // event. Then the ports are this script's and isolated.js's alone:
  // window.postMessage, which every page script reads and forges, carries
  // nothing of wxdrop's. A same-origin opener could otherwise get in
  // first: the browser keeps the window it gave the opener for a
  // same-origin page loaded into it, with whatever the opener replaced on
  // it (MessageChannel, MessagePort, EventTarget: this script would take
  // the opener's), and the opener can watch the new document. So every web
  // WeChat page gets Cross-Origin-Opener-Policy: noopener-allow-popups
  // (the ruleset extension/rules/opener.json): it loads into a window of
  // its own, which no opener holds (docs/security.md row 24).
  const HELLO = 'wxdrop:link';
  const NODE = 'wxdrop-link';
  let port = null;
  const queue = [];
  function send(d) {
    if (port) apply(P.post, port, [d]);
    else queue.push(d);
  }
  function linked(p) {
    port = p;
    p.onmessage = (e) => receive(apply(P.data, e, []));
    for (const d of queue.splice(0)) apply(P.post, p, [d]);
  }
  (() => {
    const root = document.documentElement;
    if (!root) return; // no document yet: no channel, wxdrop stays out of this page
    const el = Array.from(root.children).find((c) => c.localName === NODE);
    if (el) {
      el.remove();
      const ch = new P.MessageChannel();
      el.dispatchEvent(new P.MessageEvent('message', { data: HELLO, ports: [ch.port2] }));
      linked(ch.port1);
      return;
    }
    const mine = document.createElement(NODE);
    const first = (e) => {
      const ps = apply(P.ports, e, []);
      if (apply(P.data, e, []) !== HELLO || !ps || ps.length !== 1 || port) return;
      apply(P.stop, e, []);
      apply(P.unlisten, mine, ['message', first]);
      linked(ps[0]);
    };
    mine.addEventListener('message', first);
    root.appendChild(mine);
  })();

  // read returns the page's session; failing that, {loggedOut: true} on the
  // login screen (the server rendered MMCgi.isLogin false: after a logout the
  // page reloads into it; a login made in place keeps that flag, which is
  // why the session is looked at first); else null: a logged-in page that is
  // still starting, which says nothing yet.
  function read() {
    const s = session();
    if (s) return s;
    if (window.MMCgi && window.MMCgi.isLogin === false) return { loggedOut: true };
    return null;
  }

  function session() {
    const ng = window.angular;
    if (!ng || !ng.element) return null;
    let inj;
    try { inj = ng.element(document).injector(); } catch (e) { return null; }
    if (!inj) return null;
    let acc;
    try { acc = inj.get('accountFactory'); } catch (e) { return null; }
    const call = (o, f) => { try { return o && typeof o[f] === 'function' ? o[f]() : undefined; } catch (e) { return undefined; } };
    const skey = call(acc, 'getSkey');
    const user = call(acc, 'getUserInfo') || {};
    const userName = call(acc, 'getUserName') || user.UserName;
    if (!skey || !userName) return null;
    const pt = call(acc, 'getPassticket');
    const chats = [];
    try {
      const list = call(inj.get('chatFactory'), 'getChatList') || [];
      for (const c of list) {
        const u = typeof c === 'string' ? c : c && c.UserName;
        if (u && chats.length < 50) chats.push(u);
      }
    } catch (e) { /* no chat list: recent chats come from wxdrop's own sends */ }
    // The login's own Uin, from the page's memory (init's User), not
    // getUin(), which falls back to the wxuin cookie: once another
    // account logs in in another tab of this host, the cookies are that
    // account's, and the worker takes this page as none (security.md
    // row 76).
    const uin = Number(user.Uin);
    const s = {
      skey: String(skey),
      passTicket: pt ? String(pt) : '',
      userName: String(userName),
      nickName: user.NickName ? String(user.NickName) : '',
      chats,
    };
    if (Number.isSafeInteger(uin) && uin > 0) s.uin = uin;
    return s;
  }

  // receive takes what isolated.js says over the private channel.
  function receive(d) {
    if (!d || typeof d !== 'object') return;
    if (d.type === ASK && typeof d.nonce === 'string') {
      send({ type: ANSWER, nonce: d.nonce, session: read() });
    } else if (d.type === INSTALL) {
      if (d.words && typeof d.words === 'object') words = d.words;
      install();
    } else if (d.type === UNINSTALL) {
      uninstall();
    } else if (d.type === LOGIN) {
      const waiting = logins;
      logins = [];
      waiting.forEach((f) => f());
    } else if (d.type === WATCH) {
      forwarding = d.on === true;
      requests = d.requests === true;
      if (forwarding || requests) watchSync();
    } else if (d.type === MESSAGES && Array.isArray(d.messages)) {
      hear(d.messages);
    } else if (d.type === REVOKES && Array.isArray(d.revokes)) {
      heard(d.revokes);
    } else if (d.type === RESULT && typeof d.id === 'string' && calls.has(d.id)) {
      // (A downloaded file arrives as d.ok, a Blob.)
      const c = calls.get(d.id);
      calls.delete(d.id);
      if (d.error) {
        const err = new Error(d.error.message || d.error.code);
        err.code = d.error.code;
        if (d.error.detail) err.detail = d.error.detail;
        if (d.error.entry) err.entry = d.error.entry;
        c.reject(err);
      } else {
        c.resolve(d.ok);
      }
    }
  }

  // window.wxdrop, the page API (README "Page API"). The isolated content
  // script installs it when the person has turned it on in the options,
  // relays each call to the extension's worker and sends back its answer.
  // It can do nothing the logged-in page could not do itself. Its members
  // and the calls they make are named in wasm/msg/apimethods.go, once:
  // TestPageAPIMethods (wasm/core) checks this file against the table.
  const WATCH = 'wxdrop:watch';
  const LOGIN = 'wxdrop:login';
  const SYNCED = 'wxdrop:sync';
  const MESSAGES = 'wxdrop:messages';
  const REVOKES = 'wxdrop:revokes';
  // forwarding: the rules run, and every message is passed on to them.
  let forwarding = false;
  // requests: friend requests are passed on (to the popup's list) even
  // when the rules are off.
  let requests = false;
  const INSTALL = 'wxdrop:install';
  const UNINSTALL = 'wxdrop:uninstall';
  const CALL = 'wxdrop:call';
  const RESULT = 'wxdrop:result';
  const calls = new Map();
  let api = null;
  // words are the sentences of the codes this script gives itself, from
  // isolated.js at install, WORD where the detail goes (fail).
  const WORD = '\uE000';
  let words = {};
  // loggedIn resolves at the page's next login (the isolated script says
  // so when it reports one).
  let logins = [];
  function loggedIn() {
    return new Promise((resolve) => logins.push(resolve));
  }

  function call(method, args) {
    return new Promise((resolve, reject) => {
      const id = P.random();
      calls.set(id, { resolve, reject });
      try {
        // The session the call is made in goes with it. Asked for after,
        // it took isolated.js two more tasks before the call left, in
        // which a reload made right after the call can tear the page down
        // (TestSendThenReloadAtOnce lost its first send once in CI).
        send({ type: CALL, id, method, args: args || {}, session: read() });
      } catch (e) {
        // Not plain data (a function, a Proxy, nested too deep): the
        // channel cannot carry it, and no answer will come for id.
        calls.delete(id);
        reject(badRequest(e));
      }
    });
  }

  // rejecting makes a member that meets arguments of the wrong shape (a
  // getter or a toString that throws, null for an object) reject with
  // BAD_REQUEST, as the README says, instead of throwing where it is
  // called.
  function rejecting(f) {
    return function () {
      try { return apply(f, this, arguments); } catch (e) { return Promise.reject(badRequest(e)); }
    };
  }
  // badRequest is e as the page API's error: BAD_REQUEST unless it is one
  // already (BAD_TIME from when).
  function badRequest(e) {
    if (e && typeof e.code === 'string') return e;
    return fail('BAD_REQUEST', said('wrong_shape', String((e && e.message) || e)));
  }

  // wrong is the BAD_REQUEST of arguments a method does not take, its
  // detail saying what it takes. String() of them was sent on as they
  // were: a text left out went to the chat as "undefined", a contact
  // object for the chat was NOT_FOUND "[object Object]", one name for
  // sendMany's list was read letter by letter.
  function wrong(detail) {
    return fail('BAD_REQUEST', detail);
  }
  // said is the words of a detail (_locales "detail_" + key) in the
  // browser's language, from isolated.js at install (words, WORD where
  // arg goes): they were English signatures, inside a Chinese person's
  // Chinese sentence. takes below is such words already.
  function said(key, arg) {
    const w = words['detail_' + key];
    const a = arg === undefined ? '' : String(arg);
    if (typeof w === 'string' && w !== '') return w.split(WORD).join(a);
    return key + (a ? ' ' + a : '');
  }
  // chat is a call's chat (to): a string, a UserName or a name.
  function chat(to, takes) {
    if (typeof to === 'string') return to;
    throw wrong(said('then', takes) + said('to_chat') + (to && typeof to === 'object' ? said('to_contact') : ''));
  }
  // idOf is an entry's or a run's id, as schedule and sendMany gave it.
  function idOf(id, takes) {
    if (typeof id === 'string' && id !== '') return id;
    throw wrong(takes);
  }
  function textOf(text, takes) {
    if (typeof text === 'string') return text;
    throw wrong(said('then', takes) + said('text_string'));
  }

  // timeoutOf is a send's {timeout}; one that is not a number of ms was
  // dropped without a word, and the send waited its 90 s.
  function timeoutOf(opts) {
    if (!opts || opts.timeout === undefined) return 0;
    const t = Number(opts.timeout);
    if (!(t > 0)) throw wrong(said('timeout'));
    return t;
  }

  function when(at) {
    if (at instanceof Date) return at.getTime();
    if (typeof at === 'string') {
      const t = Date.parse(at);
      if (Number.isNaN(t)) throw fail('BAD_TIME', said('not_time', at));
      return t;
    }
    return at;
  }

  // What each method takes, as its BAD_REQUEST's detail says.
  const SEND_TEXT = () => said('usage_sendText');
  const SEND_EMOTICON = () => said('usage_sendEmoticon');
  const SCHEDULE = () => said('usage_schedule');
  const SEND_MANY = () => said('many_list');
  const CONTACTS = () => said('usage_contacts');
  const ON = (event) => (event === undefined ? said('on') : said('on_not', event));
  const EXPORT_CONTACTS = () => said('usage_exportContacts');
  const EXPORT_MESSAGES = () => said('usage_exportMessages');

  function install() {
    if (api) return;
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    api = Object.freeze({
      // ready resolves with the account once the extension can send in
      // this tab's session (its chats loaded). While the page is logged
      // out it asks nothing: it waits for the page's login.
      ready: (async () => {
        for (let pause = 500; ; pause = Math.min(pause * 2, 10000)) {
          try {
            return await call('me');
          } catch (e) {
            if (e.code === 'API_OFF') throw e;
            if (e.code === 'LOGGED_OUT' && !session()) {
              // The page is logged out: wait for its login.
              await loggedIn();
              pause = 250;
            } else {
              await sleep(pause); // the worker is starting, or a login is being taken in
            }
          }
        }
      })(),
      me: () => call('me'),
      // contacts('ls') meant a query: it listed every contact, then was
      // BAD_REQUEST; a text is the query, as a person typing it expects.
      contacts: rejecting((opts) => {
        if (typeof opts === 'string') return call('contacts', { query: opts });
        if (opts !== undefined && (opts === null || typeof opts !== 'object')) throw wrong(CONTACTS());
        return call('contacts', { query: String((opts && opts.query) || '') });
      }),
      // A send's opts.timeout (ms, at most 90 s) bounds its wait for the
      // outcome (README "Page API": NOT_SENT, UNCERTAIN).
      sendText: rejecting((to, text, opts) => call('sendText', { to: chat(to, SEND_TEXT()), text: textOf(text, SEND_TEXT()), timeout: timeoutOf(opts) })),
      // sendFile sends a Blob or File as WeChat would: an image, a video
      // (mp4 under 20 MB), a sticker (GIF) or a file, chosen from its bytes.
      sendFile: rejecting((to, file, opts) => call('sendFile', { to: chat(to, said('usage_sendFile')), file, name: (opts && opts.name) || (file && file.name) || '', timeout: timeoutOf(opts) })),
      // sendEmoticon sends a sticker: a GIF (a Blob), or the MD5 of one
      // WeChat knows (a received sticker's message.md5).
      sendEmoticon: rejecting((to, gif, opts) => (typeof gif === 'string'
        ? call('sendEmoticon', { to: chat(to, SEND_EMOTICON()), md5: gif, timeout: timeoutOf(opts) })
        : call('sendFile', { to: chat(to, SEND_EMOTICON()), file: gif, name: (gif && gif.name) || 'sticker.gif', kind: 'emoticon', timeout: timeoutOf(opts) }))),
      schedule: rejecting((o) => {
        if (!o || typeof o !== 'object') throw wrong(SCHEDULE());
        return call('schedule', { to: chat(o.to, SCHEDULE()), text: o.text === undefined ? '' : textOf(o.text, SCHEDULE()), at: when(o.at), repeat: o.repeat || '' });
      }),
      scheduled: () => call('scheduled'),
      cancel: rejecting((id) => call('cancel', { id: idOf(id, said('usage_cancel')) })),
      // sendMany sends one text, a file (a Blob), or {text, file, name}
      // to many chats as one run of the outbox ({name} and {nick} filled
      // per chat; the file uploaded once), spaced; run(id) tells its
      // progress, cancel(id) stops it.
      sendMany: rejecting((to, what, opts) => {
        const o = opts || {};
        const c = typeof what === 'string' ? { text: what } : what instanceof Blob ? { file: what } : what || {};
        if (!to || typeof to !== 'object') throw wrong(SEND_MANY() + said('not_one_name'));
        const args = { to: Array.from(to, (x) => chat(x, SEND_MANY())), text: String(c.text || ''), repeat: o.repeat || '' };
        if (c.file !== undefined) {
          args.file = c.file;
          args.name = String(c.name || c.file.name || '');
        }
        if (o.spacingMs !== undefined) args.spacingMs = Number(o.spacingMs);
        if (o.perHour !== undefined) args.perHour = Number(o.perHour);
        if (o.at !== undefined) args.at = when(o.at);
        return call('sendMany', args);
      }),
      run: rejecting((id) => call('run', { id: idOf(id, said('usage_run')) })),
      // revoke({}) or revoke(msgId) said NO_ENTRY, as if the message were
      // gone: it takes the object a send resolved with.
      revoke: rejecting((sent) => {
        if (!sent || typeof sent.entry !== 'string' || !sent.entry) throw wrong(said('usage_revoke'));
        return call('revoke', { entry: sent.entry });
      }),
      download: (m, opts) => download(m, opts),
      avatar: (c) => avatar(c),
      // on and off answer at once (no Promise): an event they do not
      // know throws BAD_REQUEST, worded as every other error. on('mesage')
      // threw a bare TypeError, and off('mesage') did nothing, the
      // listener left in place without a word.
      on: (event, fn) => {
        const set = listenersOf(event);
        if (!set || typeof fn !== 'function') throw wrong(set ? ON() : ON(nameOf(event)));
        set.add(fn);
      },
      off: (event, fn) => {
        const set = listenersOf(event);
        if (!set) throw wrong(ON(nameOf(event)));
        set.delete(fn);
      },
      // acceptFriend accepts a request on('friendRequest') gave;
      // exportContacts resolves with the contacts as a Blob (csv or json).
      acceptFriend: rejecting((request, opts) => call('acceptFriend', { request: Object.assign({}, request), greeting: String((opts && opts.greeting) || '') })),
      // exportContacts('json') is the format, as contacts('zs') is the
      // query: it gave a CSV without a word (only {format} was read).
      exportContacts: rejecting((opts) => {
        if (typeof opts === 'string') opts = { format: opts };
        if (opts !== undefined && (opts === null || typeof opts !== 'object')) throw wrong(EXPORT_CONTACTS());
        return call('exportContacts', { format: String((opts && opts.format) || 'csv') }).then((r) => new Blob([r.text], { type: r.type }));
      }),
      // exportMessages: a chat's kept messages as a Blob, JSON or a zip
      // (format 'html'; its bytes come as base64); from and to are Dates,
      // times (ms) or 'YYYY-MM-DD'. exportMessages('老张') is the chat; a
      // call without one was EXPORT_NONE of a blank name, as if the
      // chat's messages were not kept.
      exportMessages: rejecting((opts) => {
        if (typeof opts === 'string') opts = { chat: opts };
        if (!opts || typeof opts !== 'object' || typeof opts.chat !== 'string' || opts.chat.trim() === '') throw wrong(EXPORT_MESSAGES());
        const o = opts, at = (d) => (d instanceof Date ? d.getTime() : d === undefined ? null : d);
        return call('exportMessages', { chat: String(o.chat || ''), from: at(o.from), to: at(o.to), format: String(o.format || 'json') })
          .then((r) => new Blob([r.data ? Uint8Array.from(atob(r.data), (c) => c.charCodeAt(0)) : r.text], { type: r.type }));
      }),
    });
    watchSync();
    api.ready.catch(() => {});
    P.defineProperty(window, 'wxdrop', { value: api, configurable: true, enumerable: false, writable: false });
    window.dispatchEvent(new Event('wxdrop:ready'));
  }

  // Incoming messages are read from the page's own webwxsync answers, as
  // they reach the page (its fetch or XMLHttpRequest): wxdrop never calls
  // webwxsync, which would take the messages away from the page (§4.3).
  // This script only passes the answer's text and the URL it came from
  // (both read with the primitives taken at document_start) to isolated.js,
  // which checks the URL, parses the text in its own world, and sends the
  // messages back for wxdrop.on('message') and on to the rules.
  const listeners = new Set();
  const friendListeners = new Set();
  // revokeListeners hear the recalls: {id, from, to, group, groupSender,
  // time, original}, original the message as on('message') gave it, or
  // null when the extension did not keep it (README "Recalled messages").
  const revokeListeners = new Set();
  const eventListeners = { message: listeners, friendRequest: friendListeners, revoke: revokeListeners };
  // listenersOf is the listeners of an event on() takes, else null: only
  // a string, never an object's own key such as '__proto__' or one
  // whose toString runs the page's code.
  function listenersOf(event) {
    return event === 'message' || event === 'friendRequest' || event === 'revoke' ? eventListeners[event] : null;
  }
  // nameOf is what an event that is not one is called in an error.
  function nameOf(event) {
    return typeof event === 'string' ? JSON.stringify(event.slice(0, 40)) : typeof event;
  }
  const SYNC = /\/webwxsync(\?|$)/;

  function observe(url, text) {
    if ((!listeners.size && !friendListeners.size && !revokeListeners.size && !forwarding && !requests) || typeof url !== 'string' || typeof text !== 'string') return;
    const s = session();
    send({ type: SYNCED, url, text, me: (s && s.userName) || '' });
  }

  function hear(messages) {
    for (const p of messages) {
      for (const f of listeners) {
        try { f(P.freeze(Object.assign({}, p))); } catch (e) { console.error('wxdrop: a message listener threw', e); }
      }
      for (const f of p.request ? friendListeners : []) {
        try { f(P.freeze(Object.assign({}, p.request))); } catch (e) { console.error('wxdrop: a friendRequest listener threw', e); }
      }
    }
  }

  function heard(revokes) {
    for (const r of revokes) {
      if (!r || typeof r !== 'object') continue;
      const ev = P.freeze(Object.assign({}, r, { original: r.original ? P.freeze(Object.assign({}, r.original)) : null }));
      for (const f of revokeListeners) {
        try { f(ev); } catch (e) { console.error('wxdrop: a revoke listener threw', e); }
      }
    }
  }

  // The hooks wrap the page's fetch and XMLHttpRequest once the rules or
  // the API need them (until then the page's requests go as they are).
  // What they read, they read with the primitives taken at document_start,
  // from the browser's own Response or XMLHttpRequest, and isolated.js
  // takes only an answer from this page's own webwxsync URL: a page
  // script that replaced fetch or open can hide answers from wxdrop, not
  // make one up.
  let watching = false;
  function watchSync() {
    if (watching) return;
    watching = true;
    const fetch0 = window.fetch, open0 = XMLHttpRequest.prototype.open;
    // Proxies of the page's functions, not functions of this script: their
    // source reads as the browser's ([native code]) and not as this
    // script's text, which told every script of the page that wxdrop was
    // there (security.md row 88).
    window.fetch = new P.Proxy(fetch0, { apply(target, that, args) {
      const p = apply(target, that, args);
      const input = args[0];
      let url = '';
      try { url = String(typeof input === 'string' ? input : (input && input.url) || ''); } catch (e) { return p; }
      if (SYNC.test(url)) {
        const fail = () => {};
        try {
          apply(P.then, p, [(r) => {
            const url = apply(P.resURL, r, []);
            apply(P.then, apply(P.resText, apply(P.resClone, r, []), []), [(t) => observe(url, t), fail]);
          }, fail]);
        } catch (e) { /* not the browser's promise: nothing to read */ }
      }
      return p;
    } });
    XMLHttpRequest.prototype.open = new P.Proxy(open0, { apply(target, xhr, args) {
      if (SYNC.test(String(args[1] || ''))) {
        try {
          apply(P.listen, xhr, ['load', () => {
            const type = apply(P.xhrType, xhr, []);
            if (type === '' || type === 'text') observe(apply(P.xhrURL, xhr, []), apply(P.xhrText, xhr, []));
          }]);
        } catch (e) { /* not the browser's XMLHttpRequest */ }
      }
      return apply(target, xhr, args);
    } });
  }

  // Media of a message and avatars, fetched by the page itself from its
  // own host with its own cookies, as its <img>, <audio> and <video> do
  // (§7): nothing the page could not fetch.
  const CGI = '/cgi-bin/mmwebwx-bin/';
  // fail is an error of this script, worded as the worker's are (isolated.js
  // sentence): what happened, in the browser's language when isolated.js
  // gave the words (words[code], WORD standing for the detail), then its
  // code. They were English whatever the language.
  // A detail is what the sentence does not say, in words that read in
  // both languages (a status, a type as the API names it), or none: "a
  // undefined message has no media to download" followed the Chinese
  // sentence, and "no session on this page" LOGGED_OUT's, which says it.
  function fail(code, detail) {
    const w = words[code];
    let message = 'wxdrop: ' + code + (detail ? ': ' + detail : '');
    if (typeof w === 'string' && w.includes(WORD)) message = detail ? w.replace(WORD, () => detail) : w.replace(': ' + WORD, '').replace(WORD, '');
    return Object.assign(new Error(message), { code, detail });
  }
  // cache: 'no-store': the URLs carry the skey, and the browser's HTTP
  // cache, on disk, keys an answer by its URL (security.md row 87).
  async function get(url, headers) {
    const r = await fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: headers || {} });
    if (!r.ok) throw fail('DOWNLOAD_FAILED', 'HTTP ' + r.status);
    return r.blob();
  }
  async function download(m, opts) {
    const s = session();
    if (!s) throw fail('LOGGED_OUT', '');
    if (!m || typeof m.id !== 'string' || !/^[0-9]+$/.test(m.id)) throw wrong(said('download'));
    const id = m.id, skey = s.skey;
    switch (m.msgType) {
      case 3: case 47:
        return get(CGI + 'webwxgetmsgimg?&MsgID=' + id + '&skey=' + encodeURIComponent(skey) + (opts && opts.thumbnail ? '&type=slave' : ''));
      case 34:
        return get(CGI + 'webwxgetvoice?msgid=' + id + '&skey=' + skey);
      case 43: case 62:
        return get(CGI + 'webwxgetvideo?msgid=' + id + '&skey=' + encodeURIComponent(skey), { Range: 'bytes=0-' });
    }
    if (m.type === 'file' && typeof m.mediaId === 'string' && m.mediaId) {
      // On the file host, which the page reaches by a link, not a fetch:
      // the extension's file bridge fetches it with the session's cookies.
      return call('downloadFile', { sender: m.from, mediaId: m.mediaId, encryFileName: m.encryFileName || '', passTicket: s.passTicket || '' });
    }
    // Not a message from on('message'): none has no type, and every one
    // has its msgType (a number). "A message of type “image” has no
    // picture" would say what is not so; a real file without a MediaId
    // (sync.js sets one only when WeChat sent it) has nothing to fetch.
    if (typeof m.type !== 'string' || m.type === '' || (/^(image|emoticon|voice|video|file)$/.test(m.type) && typeof m.msgType !== 'number')) throw wrong(said('download'));
    throw fail('NOT_DOWNLOADABLE', m.type.slice(0, 64));
  }
  async function avatar(c) {
    const s = session();
    if (!s) throw fail('LOGGED_OUT', '');
    const u = c && (c.userName || c.UserName);
    // A contact's UserName is @…, or a special account's plain name
    // (文件传输助手 is filehelper: PROTOCOL.md "Special accounts"):
    // filehelper's was refused as not a contact, though contacts() lists
    // it and the page shows its avatar.
    if (typeof u !== 'string' || !(u.startsWith('@') || /^[a-z0-9_]+$/.test(u))) throw wrong(said('avatar'));
    const path = u.startsWith('@@') ? 'webwxgetheadimg' : 'webwxgeticon';
    return get(CGI + path + '?seq=0&username=' + encodeURIComponent(u) + '&skey=' + encodeURIComponent(s.skey));
  }

  function uninstall() {
    if (!api) return;
    api = null;
    listeners.clear();
    revokeListeners.clear();
    delete window.wxdrop;
  }
})();
// The name the browser gives this script in a stack trace: an error
// thrown through the hooks (XMLHttpRequest's open called on a wrong
// object) put chrome-extension://<wxdrop's id>/… in the page's hands
// (security.md row 88).
//# sourceURL=<anonymous>
