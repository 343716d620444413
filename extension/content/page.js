// wxdrop, in the web WeChat page's own world (MAIN): reads what the page
// keeps only in memory — skey, pass_ticket, its own UserName, its chat list —
// from the page's AngularJS services, when the isolated content script asks.
// It answers nothing else and adds nothing to the page.
(() => {
  'use strict';
  const ASK = 'wxdrop:ask';
  const ANSWER = 'wxdrop:session';

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
    return {
      skey: String(skey),
      passTicket: pt ? String(pt) : '',
      userName: String(userName),
      nickName: user.NickName ? String(user.NickName) : '',
      chats,
    };
  }

  window.addEventListener('message', (e) => {
    if (e.source !== window || e.origin !== location.origin) return;
    const d = e.data;
    if (!d) return;
    if (d.type === ASK && typeof d.nonce === 'string') {
      window.postMessage({ type: ANSWER, nonce: d.nonce, session: read() }, location.origin);
    } else if (d.type === INSTALL) {
      install();
    } else if (d.type === UNINSTALL) {
      uninstall();
    } else if (d.type === WATCH) {
      forwarding = d.on === true;
      requests = d.requests === true;
      if (forwarding || requests) watchSync();
    } else if (d.type === RESULT && typeof d.id === 'string' && calls.has(d.id)) {
      // (A downloaded file arrives as d.ok, a Blob.)
      const c = calls.get(d.id);
      calls.delete(d.id);
      if (d.error) {
        const err = new Error(d.error.message || d.error.code);
        err.code = d.error.code;
        if (d.error.detail) err.detail = d.error.detail;
        c.reject(err);
      } else {
        c.resolve(d.ok);
      }
    }
  });

  // window.wxdrop, the page API (README "Page API"). The isolated content
  // script installs it when the person has turned it on in the options,
  // relays each call to the extension's worker and sends back its answer.
  // It can do nothing the logged-in page could not do itself.
  const WATCH = 'wxdrop:watch';
  const INCOMING = 'wxdrop:incoming';
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

  function call(method, args) {
    return new Promise((resolve, reject) => {
      const id = Math.random().toString(36).slice(2) + Date.now().toString(36);
      calls.set(id, { resolve, reject });
      window.postMessage({ type: CALL, id, method, args: args || {} }, location.origin);
    });
  }

  function when(at) {
    if (at instanceof Date) return at.getTime();
    if (typeof at === 'string') {
      const t = Date.parse(at);
      if (Number.isNaN(t)) throw Object.assign(new Error('wxdrop: not a time: ' + at), { code: 'BAD_TIME' });
      return t;
    }
    return at;
  }

  function install() {
    if (api) return;
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    api = Object.freeze({
      // ready resolves with the account when the extension knows the session.
      ready: (async () => {
        for (;;) {
          try {
            return await call('me');
          } catch (e) {
            if (e.code === 'API_OFF') throw e;
            await sleep(1000);
          }
        }
      })(),
      me: () => call('me'),
      contacts: (opts) => call('contacts', { query: (opts && opts.query) || '' }),
      sendText: (to, text) => call('sendText', { to: String(to), text: String(text) }),
      // sendFile sends a Blob or File as WeChat would: an image, a video
      // (mp4 under 20 MB), a sticker (GIF) or a file, chosen from its bytes.
      sendFile: (to, file, opts) => call('sendFile', { to: String(to), file, name: (opts && opts.name) || (file && file.name) || '' }),
      // sendEmoticon sends a sticker: a GIF (a Blob), or the MD5 of one
      // WeChat knows (a received sticker's message.md5).
      sendEmoticon: (to, gif) => (typeof gif === 'string'
        ? call('sendEmoticon', { to: String(to), md5: gif })
        : call('sendFile', { to: String(to), file: gif, name: (gif && gif.name) || 'sticker.gif', kind: 'emoticon' })),
      schedule: (o) => {
        try {
          return call('schedule', { to: String(o.to), text: String(o.text || ''), at: when(o.at), repeat: o.repeat || '' });
        } catch (e) {
          return Promise.reject(e);
        }
      },
      scheduled: () => call('scheduled'),
      cancel: (id) => call('cancel', { id: String(id) }),
      revoke: (sent) => call('revoke', { entry: String((sent && sent.entry) || '') }),
      download: (m, opts) => download(m, opts),
      avatar: (c) => avatar(c),
      on: (event, fn) => {
        if ((event !== 'message' && event !== 'friendRequest') || typeof fn !== 'function') throw new TypeError("wxdrop.on: 'message' or 'friendRequest' and a function");
        (event === 'message' ? listeners : friendListeners).add(fn);
      },
      off: (event, fn) => { if (event === 'message') listeners.delete(fn); else if (event === 'friendRequest') friendListeners.delete(fn); },
      // acceptFriend accepts a request on('friendRequest') gave;
      // exportContacts resolves with the contacts as a Blob (csv or json).
      acceptFriend: (request, opts) => call('acceptFriend', { request: Object.assign({}, request), greeting: String((opts && opts.greeting) || '') }),
      exportContacts: (opts) => call('exportContacts', { format: String((opts && opts.format) || 'csv') }).then((r) => new Blob([r.text], { type: r.type })),
    });
    watchSync();
    api.ready.catch(() => {});
    Object.defineProperty(window, 'wxdrop', { value: api, configurable: true, enumerable: false, writable: false });
    window.dispatchEvent(new Event('wxdrop:ready'));
  }

  // Incoming messages are read from the page's own webwxsync answers, as
  // they reach the page (its fetch or XMLHttpRequest): wxdrop never calls
  // webwxsync, which would take the messages away from the page (§4.3).
  const listeners = new Set();
  const friendListeners = new Set();
  let watching = false;
  const SYNC = /\/webwxsync(\?|$)/;
  const TYPES = { 1: 'text', 3: 'image', 34: 'voice', 43: 'video', 62: 'video', 47: 'emoticon', 42: 'card', 48: 'location', 10000: 'system', 10002: 'recalled' };
  const APP_TYPES = { 5: 'link', 6: 'file' };

  function unescapeHTML(s) {
    return s.replace(/<br\s*\/?>/g, '\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  }

  function plain(m, me) {
    if (!m || m.MsgType === 51) return null; // the page's own status notices
    const from = String(m.FromUserName || ''), to = String(m.ToUserName || '');
    let content = String(m.Content || ''), sender;
    const group = from.startsWith('@@') ? from : to.startsWith('@@') ? to : '';
    const prefix = from.startsWith('@@') && /^(@[0-9a-zA-Z]+):<br\/>/.exec(content);
    if (prefix) { sender = prefix[1]; content = content.slice(prefix[0].length); }
    const type = m.MsgType === 49 ? (APP_TYPES[m.AppMsgType] || 'app') : (TYPES[m.MsgType] || 'other');
    const out = {
      id: String(m.MsgId), from, to, type, msgType: m.MsgType,
      time: (Number(m.CreateTime) || 0) * 1000, fromSelf: !!me && from === me, isGroup: !!group,
    };
    if (group) out.group = group;
    if (sender) out.groupSender = sender;
    if (type === 'text' || type === 'system' || type === 'other') out.text = unescapeHTML(content);
    if (m.FileName && (m.MsgType === 49 || m.MsgType === 43)) out.fileName = String(m.FileName);
    if (m.FileSize) out.fileSize = Number(m.FileSize);
    if (m.MsgType === 49 && m.AppMsgType === 5 && m.Url) out.url = String(m.Url);
    if (m.MsgType === 47 && /^[0-9a-fA-F]{32}$/.test(String(m.MD5 || ''))) out.md5 = String(m.MD5).toLowerCase();
    const ri = m.MsgType === 37 && m.RecommendInfo;
    if (ri && ri.UserName && ri.Ticket) {
      // A friend request (docs/protocol.md §3.6): who asks, and the ticket accepting needs.
      out.request = { id: out.id, userName: String(ri.UserName), nickName: String(ri.NickName || ''), content: String(ri.Content || ''), sex: Number(ri.Sex) || 0,
        province: String(ri.Province || ''), city: String(ri.City || ''), signature: String(ri.Signature || ''), alias: String(ri.Alias || ''), scene: Number(ri.Scene) || 0, ticket: String(ri.Ticket), time: out.time };
    }
    if (m.MsgType === 49 && m.AppMsgType === 6 && m.MediaId) {
      out.mediaId = String(m.MediaId);
      out.encryFileName = String(m.EncryFileName || '');
    }
    return out;
  }

  function observe(url, text) {
    if ((!listeners.size && !friendListeners.size && !forwarding && !requests) || !SYNC.test(url)) return;
    let d;
    try { d = typeof text === 'string' ? JSON.parse(text) : text; } catch (e) { return; }
    if (!d || !d.BaseResponse || d.BaseResponse.Ret !== 0 || !Array.isArray(d.AddMsgList)) return;
    const s = session();
    const batch = [];
    for (const m of d.AddMsgList) {
      const p = plain(m, s && s.userName);
      if (!p) continue;
      if (forwarding || (requests && p.request)) batch.push(p);
      for (const f of listeners) {
        try { f(Object.freeze(Object.assign({}, p))); } catch (e) { console.error('wxdrop: a message listener threw', e); }
      }
      for (const f of p.request ? friendListeners : []) {
        try { f(Object.freeze(Object.assign({}, p.request))); } catch (e) { console.error('wxdrop: a friendRequest listener threw', e); }
      }
    }
    if ((forwarding || requests) && batch.length) window.postMessage({ type: INCOMING, messages: batch }, location.origin);
  }

  function watchSync() {
    if (watching) return;
    watching = true;
    const fetch0 = window.fetch;
    window.fetch = function (input, init) {
      const p = fetch0.apply(this, arguments);
      const url = typeof input === 'string' ? input : (input && input.url) || '';
      if (SYNC.test(url)) {
        p.then((r) => r.clone().text()).then((t) => observe(url, t)).catch(() => {});
      }
      return p;
    };
    const open0 = XMLHttpRequest.prototype.open;
    XMLHttpRequest.prototype.open = function (method, url) {
      const u = String(url || '');
      if (SYNC.test(u)) {
        this.addEventListener('load', () => {
          const body = this.responseType === '' || this.responseType === 'text' ? this.responseText : this.response;
          observe(u, body);
        });
      }
      return open0.apply(this, arguments);
    };
  }

  // Media of a message and avatars, fetched by the page itself from its
  // own host with its own cookies, as its <img>, <audio> and <video> do
  // (§7): nothing the page could not fetch.
  const CGI = '/cgi-bin/mmwebwx-bin/';
  function fail(code, message) {
    return Object.assign(new Error('wxdrop: ' + message), { code });
  }
  async function get(url, headers) {
    const r = await fetch(url, { credentials: 'same-origin', headers: headers || {} });
    if (!r.ok) throw fail('DOWNLOAD_FAILED', 'HTTP ' + r.status + ' for ' + url.split('?')[0]);
    return r.blob();
  }
  async function download(m, opts) {
    const s = session();
    if (!s) throw fail('LOGGED_OUT', 'no session on this page');
    if (!m || typeof m.id !== 'string' || !/^[0-9]+$/.test(m.id)) throw fail('BAD_REQUEST', 'download takes a message from on(\'message\')');
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
    throw fail('NOT_DOWNLOADABLE', 'a ' + m.type + ' message has no media to download');
  }
  async function avatar(c) {
    const s = session();
    if (!s) throw fail('LOGGED_OUT', 'no session on this page');
    const u = c && (c.userName || c.UserName);
    if (typeof u !== 'string' || !u.startsWith('@')) throw fail('BAD_REQUEST', 'avatar takes a contact from contacts()');
    const path = u.startsWith('@@') ? 'webwxgetheadimg' : 'webwxgeticon';
    return get(CGI + path + '?seq=0&username=' + encodeURIComponent(u) + '&skey=' + encodeURIComponent(s.skey));
  }

  function uninstall() {
    if (!api) return;
    api = null;
    listeners.clear();
    delete window.wxdrop;
  }
})();
