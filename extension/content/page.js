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
    if (!d || d.type !== ASK || typeof d.nonce !== 'string') return;
    window.postMessage({ type: ANSWER, nonce: d.nonce, session: read() }, location.origin);
  });
})();
