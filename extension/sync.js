// wxdrop: the messages of a webwxsync answer, as the worker takes them.
// Loaded in two places: the web WeChat page's isolated world, before
// isolated.js (the answer page.js passes on: for the page API, and in
// Chromium for the worker), and Firefox's background page, before sw.js
// (the answer read from the network: docs/security.md row 24). Neither
// world is the page's, so no page script replaced what it uses.
'use strict';

globalThis.wxdropSync = (() => {
  const SYNC_PATH = '/cgi-bin/mmwebwx-bin/webwxsync';
  const TYPES = { 1: 'text', 3: 'image', 34: 'voice', 43: 'video', 62: 'video', 47: 'emoticon', 42: 'card', 48: 'location', 10000: 'system', 10002: 'recalled' };
  const APP_TYPES = { 5: 'link', 6: 'file' };
  const str = (v) => (typeof v === 'string' ? v.slice(0, 16384) : typeof v === 'number' ? String(v) : '');
  const int = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const num = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
  const MAX_BATCH_BYTES = 768 * 1024;
  const utf8 = new TextEncoder();

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
    const ri = m.MsgType === 37 && m.RecommendInfo;
    if (ri && typeof ri === 'object' && ri.UserName && ri.Ticket) {
      // A friend request (docs/protocol.md §3.6): who asks, and the ticket accepting needs.
      out.request = { id, userName: str(ri.UserName), nickName: str(ri.NickName), content: str(ri.Content), sex: int(ri.Sex),
        province: str(ri.Province), city: str(ri.City), signature: str(ri.Signature), alias: str(ri.Alias), scene: int(ri.Scene), ticket: str(ri.Ticket), time: out.time };
    }
    if (m.MsgType === 10002) {
      // A recall: the recalled message's id is in the revokemsg (§4.2).
      const r = /<msgid>([0-9]{1,32})<\/msgid>/.exec(unescapeHTML(content));
      if (r) out.revoked = r[1];
    }
    if (m.MsgType === 49 && m.AppMsgType === 6 && m.MediaId) {
      out.mediaId = str(m.MediaId);
      out.encryFileName = str(m.EncryFileName);
    }
    return out;
  }

  return {
    SYNC_PATH,
    // MAX_BATCH messages at most go in one page.messages (the worker's
    // core.MaxIncomingBatch); KEEP_BATCH in one recall.messages.
    MAX_BATCH: 100,
    KEEP_BATCH: 20,
    // parts splits messages into batches of at most count messages and
    // MAX_BATCH_BYTES of JSON (UTF-8) each: the worker refuses a body over
    // core.MaxIncomingBytes (1 MiB) whole, so a contact's long texts
    // (16,384 Chinese characters are 48 KB) go in batches of their own and
    // do not take everyone else's messages in the same answer with them
    // (docs/security.md row 52).
    parts(messages, count) {
      const out = [];
      let part = [], size = 0;
      for (const m of messages) {
        const n = utf8.encode(JSON.stringify(m)).length + 1;
        if (part.length && (part.length >= count || size + n > MAX_BATCH_BYTES)) {
          out.push(part);
          part = [];
          size = 0;
        }
        part.push(m);
        size += n;
      }
      if (part.length) out.push(part);
      return out;
    },
    // PAGE_TRIES is how many times deliver asks page.messages for one
    // batch at most.
    PAGE_TRIES: 4,
    // deliver passes one batch to the worker's page.messages: ask(last)
    // sends it and gives the worker's answer, last on the final try. The
    // worker answers again (msg.PageMessagesAnswer) only when the rules
    // did nothing for the batch (the page's session not known yet, the
    // contacts not read): that is asked again, after wait ms, then twice
    // as long, up to PAGE_TRIES tries; the last one's failure the worker
    // writes in the rules' log. Any other answer ends it: asking again
    // after the rules took a batch would send their replies twice, and a
    // call that got no answer (the worker stopped) may have sent. What
    // failed is said in the console, not dropped without a word.
    async deliver(ask, wait) {
      for (let i = 1; ; i++) {
        let a;
        try {
          a = await ask(i === this.PAGE_TRIES);
        } catch (e) {
          console.warn('wxdrop: page.messages got no answer', String(e && e.message));
          return;
        }
        const again = !!(a && a.ok && a.ok.again);
        if (!again || i === this.PAGE_TRIES) {
          const e = a && (a.error || (a.ok && a.ok.error && { code: a.ok.error }));
          if (e) console.warn('wxdrop: page.messages', e.code, e.detail || '');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, wait * 2 ** (i - 1)));
      }
    },
    // inOneLogin makes deliver's ask for a batch of the page's sync: each
    // try asks the page's session of that moment (askSession; the first
    // may find none yet) and sends with it (send(session, last)), but
    // never in another login than the first one known: the batch's
    // messages are of that login's sync, and are not sent in another.
    inOneLogin(askSession, send) {
      let login = '';
      return (last) => askSession().then((session) => {
        const user = (session && typeof session.userName === 'string' && session.userName) || '';
        if (user && login && user !== login) return { error: { code: 'LOGGED_OUT', detail: 'the page is of another login now' } };
        if (user) login = user;
        return send(session, last);
      });
    },
    // fromNetwork: in Firefox the worker takes the incoming messages of
    // the network (the background page's filter of the webwxsync
    // answers), never of the content scripts, whose channel to the page
    // a same-origin opener can take there (Firefox does not know
    // Cross-Origin-Opener-Policy: noopener-allow-popups).
    fromNetwork: chrome.runtime.getURL('').startsWith('moz-extension:'),
    // parse gives the messages of a webwxsync answer's text, [] for an
    // answer that is not a good one. me is the login's UserName, if known.
    parse(text, me) {
      let a;
      try { a = JSON.parse(text); } catch (e) { return []; }
      if (!a || !a.BaseResponse || a.BaseResponse.Ret !== 0 || !Array.isArray(a.AddMsgList)) return [];
      const batch = [];
      for (const m of a.AddMsgList) {
        const p = plain(m, me);
        if (p) batch.push(p);
      }
      return batch;
    },
    // forWorker is a message as page.messages carries it.
    forWorker(m) {
      return {
        id: m.id, from: m.from, type: m.type, text: str(m.text), group: str(m.group),
        fromSelf: m.fromSelf, isGroup: m.isGroup,
        time: num(m.time), groupSender: str(m.groupSender),
        fileName: str(m.fileName), fileSize: num(m.fileSize), mediaId: str(m.mediaId),
        encryFileName: str(m.encryFileName), md5: str(m.md5),
        msgType: m.msgType, request: m.request,
      };
    },
    // unkept are the recalls among ms the worker did not answer (ids in
    // answered): they go to the page API's on('revoke') with original null.
    unkept(ms, answered) {
      return ms.filter((m) => m.revoked && !answered.has(m.revoked))
        .map((m) => ({ id: m.revoked, from: m.from, to: m.to, group: m.group || '', groupSender: m.groupSender || '', time: m.time, original: null }));
    },
  };
})();
