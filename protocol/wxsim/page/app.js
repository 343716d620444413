/*
 * The page's own behaviour: the login screen, pageInit, the synccheck /
 * webwxsync loop, a plain chat view and the simulator panel.
 * docs/protocol.md § numbers say which real behaviour each part copies.
 */
(function () {
  'use strict';
  var inj = angular.element(document).injector();
  var util = inj.get('utilFactory'), conf = inj.get('confFactory'), account = inj.get('accountFactory');
  var mmHttp = inj.get('mmHttp'), contacts = inj.get('contactFactory'), chats = inj.get('chatFactory');
  var $ = function (id) { return document.getElementById(id); };
  var loopGen = 0; // a logout or a new login ends the running loop
  var stats = window.wxsimStats = {synccheck: 0, sync: 0, messages: 0, lastRetcode: '', lastSelector: '', state: 'start'};

  // ---- login (§1.2) ----

  function showLogin(note) {
    loopGen++;
    stats.state = 'login';
    $('app').hidden = true;
    $('login').hidden = false;
    $('login-note').textContent = note || sessionStorage.getItem('wxsim-note') || '';
    sessionStorage.removeItem('wxsim-note');
  }

  // sessionLost starts the tab afresh, as the real page does when its
  // loginout form navigates away: nothing of the old session (skey, sync
  // keys, contacts) survives into the next login.
  function sessionLost(note) {
    loopGen++;
    stats.state = 'login';
    sessionStorage.setItem('wxsim-note', note);
    location.replace('/');
  }

  // The scan button stands for the phone: the simulator logs in and hands
  // out the login poll's redirect_uri, which the page then fetches.
  $('scan').addEventListener('click', function () {
    $('login-note').textContent = '登录中… / logging in…';
    fetch('/wxsim/scan?host=' + encodeURIComponent(location.hostname), {method: 'POST', credentials: 'same-origin'})
      .then(function (res) { if (!res.ok) { throw new Error('scan: HTTP ' + res.status); } return res.json(); })
      .then(function (data) { return newLoginPage(data.redirect_uri); })
      .catch(function (e) { $('login-note').textContent = '登录失败 / login failed: ' + e.message; });
  });

  function newLoginPage(redirectURI) {
    return mmHttp({method: 'GET', url: redirectURI + '&fun=new&version=v2', responseType: 'text'}).then(function (msg) {
      var get = function (tag) { var m = msg.match(new RegExp('<' + tag + '>(.*)</' + tag + '>')); return m && m[1]; };
      if (get('ret') !== '0') {
        // The real page alerts and reloads; a note is kinder to headless runs.
        showLogin((get('message') || '登陆失败') + ' (ret ' + get('ret') + ')');
        return;
      }
      account.setSkey(get('skey'));
      account.setSid(get('wxsid'));
      account.setUin(get('wxuin'));
      account.setPassticket(get('pass_ticket')); // stored as the XML has it, already encoded (§1.2)
      pageInit();
    });
  }

  // ---- pageInit (§3.1) ----

  function pageInit() {
    var gen = ++loopGen;
    stats.state = 'init';
    $('login').hidden = true;
    $('app').hidden = false;
    setStatus('初始化 / init…');
    mmHttp({method: 'POST', url: conf.API_webwxinit,
      data: {BaseRequest: {Uin: account.getUin(), Sid: account.getSid(), Skey: account.getSkey(), DeviceID: account.getDeviceID()}}})
      .then(function (data) {
        if (gen !== loopGen) { return; }
        if (data.BaseResponse.Ret != 0) { return timeoutDetect(data.BaseResponse.Ret, 'webwxinit'); }
        account.setUserInfo(data.User);
        account.setSkey(data.SKey);
        account.setSyncKey(data.SyncKey);
        contacts.addContact(data.User);
        contacts.addContacts(data.ContactList);
        chats.initChatList(data.ChatSet);
        stats.state = 'running';
        renderAll();
        return notifyMobile(account.getUserName(), conf.StatusNotifyCode_INITED).then(function () {
          loadContacts(0, 0);
          syncCheck(gen);
        });
      })
      .catch(function (e) { setStatus('初始化失败 / init failed: ' + e.message); });
  }

  function notifyMobile(toUserName, code) {
    return mmHttp({method: 'POST', url: conf.API_webwxstatusnotify,
      data: angular.extend(account.getBaseRequest(), {Code: code, FromUserName: account.getUserName(), ToUserName: toUserName, ClientMsgId: util.now()})});
  }

  // webwxgetcontact pages until Seq is 0, at most 17 pages (§3.2).
  function loadContacts(seq, count) {
    contacts.initContact(seq).then(function (data) {
      if (data.BaseResponse.Ret != 0) { return timeoutDetect(data.BaseResponse.Ret, 'webwxgetcontact'); }
      contacts.addContacts(data.MemberList);
      renderAll();
      if (data.Seq && count < 16) { loadContacts(data.Seq, count + 1); }
    }).catch(function (e) { setStatus('联系人加载失败 / contacts failed: ' + e.message); });
  }

  // 1100, 1101 and 1102 mean the session is gone (§9).
  function timeoutDetect(ret, what) {
    ret = +ret;
    if (ret === 1100 || ret === 1101 || ret === 1102) {
      sessionLost('已退出登录 / logged out (' + what + ' ' + ret + ')');
      return true;
    }
    setStatus(what + ' Ret ' + ret);
    return false;
  }

  // ---- synccheck / webwxsync (§4) ----

  // synccheck is a <script> from the push host, as jQuery's dataType
  // "script" loads it, with a 35 s timeout and jQuery's _ cache-buster.
  function loadScript(url, timeout) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      var done = function (ok) {
        clearTimeout(timer);
        s.onload = s.onerror = null;
        if (s.parentNode) { s.parentNode.removeChild(s); }
        (ok ? resolve : reject)(new Error('synccheck did not load'));
      };
      var timer = setTimeout(function () { done(false); }, timeout);
      s.async = true;
      s.src = url;
      s.onload = function () { done(true); };
      s.onerror = function () { done(false); };
      document.head.appendChild(s);
    });
  }

  function syncCheck(gen) {
    if (gen !== loopGen) { return; }
    var url = conf.API_synccheck + '?' + [
      'r=' + util.now(),
      'skey=' + encodeURIComponent(account.getSkey()),
      'sid=' + encodeURIComponent(account.getSid()),
      'uin=' + account.getUin(),
      'deviceid=' + account.getDeviceID(),
      'synckey=' + encodeURIComponent(account.getFormateSyncCheckKey())
    ].join('&') + '&_=' + util.now();
    window.synccheck && (window.synccheck.selector = 0);
    stats.synccheck++;
    loadScript(url, 35000).then(function () {
      if (gen !== loopGen) { return; }
      var sc = window.synccheck || {};
      stats.lastRetcode = String(sc.retcode);
      stats.lastSelector = String(sc.selector);
      if (sc.retcode == '0') {
        setStatus('在线 / online');
        if (sc.selector != '0') {
          return sync(gen).then(function () { syncCheck(gen); }, function () { retry(gen); });
        }
        return syncCheck(gen);
      }
      if (sc.retcode == '1100' || sc.retcode == '1101' || sc.retcode == '1102') {
        // The real page posts webwxlogout here; the session is already gone,
        // so the simulated page only starts afresh.
        sessionLost('已退出登录 / logged out (synccheck ' + sc.retcode + ')');
        return;
      }
      retry(gen);
    }, function () { retry(gen); });
  }

  function retry(gen) {
    setStatus('网络错误，重试中 / network error, retrying');
    setTimeout(function () { syncCheck(gen); }, 2000);
  }

  // webwxsync: sid and skey raw in the URL, BaseRequest, SyncKey and rr in
  // the body; SyncKey is replaced only when Count > 0, SyncCheckKey kept
  // for synccheck (§4.2).
  function sync(gen) {
    return mmHttp({method: 'POST', url: conf.API_webwxsync + '?' + ['sid=' + account.getSid(), 'skey=' + account.getSkey()].join('&'),
      data: angular.extend(account.getBaseRequest(), {SyncKey: account.getSyncKey(), rr: ~new Date()})})
      .then(function (data) {
        if (gen !== loopGen) { return; }
        stats.sync++;
        if (data.BaseResponse.Ret != 0) {
          if (timeoutDetect(data.BaseResponse.Ret, 'webwxsync')) { throw new Error('logged out'); }
          return;
        }
        account.setSkey(data.SKey);
        account.setSyncKey(data.SyncKey);
        account.setSyncCheckKey(data.SyncCheckKey);
        contacts.addContacts(data.ModContactList);
        (data.AddMsgList || []).forEach(function (m) { if (chats.messageProcess(m)) { stats.messages++; } });
        renderAll();
      });
  }

  // ---- logout (§9): a form POST, as the page's loginout does ----

  $('logout').addEventListener('click', function () {
    loopGen++;
    var f = document.createElement('form');
    f.method = 'POST';
    f.action = conf.API_webwxlogout + '?redirect=1&type=0&skey=' + encodeURIComponent(account.getSkey());
    [['sid', account.getSid()], ['uin', account.getUin()]].forEach(function (kv) {
      var i = document.createElement('input');
      i.type = 'hidden'; i.name = kv[0]; i.value = kv[1];
      f.appendChild(i);
    });
    document.body.appendChild(f);
    f.submit();
  });

  // ---- the chat view ----

  var ALL = '*';
  var current = ALL;

  function setStatus(t) { $('status').textContent = t; }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  // Avatars carry the current skey, which can change (§4.2 SKey).
  function avatarURL(c) {
    if (!c || !c.HeadImgUrl) { return ''; }
    return c.HeadImgUrl.replace(/([?&]skey=)[^&]*/, '$1' + account.getSkey());
  }

  function nameOf(userName) {
    var c = contacts.getContact(userName);
    return c ? c.MMDisplayName : userName;
  }

  function renderAll() {
    var me = contacts.getContact(account.getUserName());
    if (me) {
      $('me-name').textContent = me.NickName;
      $('me-avatar').src = avatarURL(me);
    }
    renderChats();
    renderMessages();
    renderSimFrom();
  }

  function renderChats() {
    var ul = $('chats');
    ul.textContent = '';
    var seen = {};
    var items = [ALL];
    chats.getChatList().concat(Object.keys(contacts.getAllContacts())).forEach(function (u) {
      if (!seen[u] && u !== account.getUserName()) { seen[u] = true; items.push(u); }
    });
    items.forEach(function (u) {
      var li = el('li', u === current ? 'chat current' : 'chat');
      if (u === ALL) {
        li.appendChild(el('span', 'name', '全部消息 / All messages (' + chats.getAllMessages().length + ')'));
      } else {
        var c = contacts.getContact(u);
        var img = el('img', 'avatar');
        img.loading = 'lazy';
        img.alt = '';
        if (c) { img.src = avatarURL(c); }
        li.appendChild(img);
        li.appendChild(el('span', 'name', nameOf(u)));
        var n = chats.getChatMessage(u).length;
        if (n) { li.appendChild(el('span', 'count', String(n))); }
      }
      li.addEventListener('click', function () { current = u; chats.setCurrentUserName(u === ALL ? '' : u); renderChats(); renderMessages(); });
      ul.appendChild(li);
    });
  }

  var TYPES = {1: '文字 / text', 3: '图片 / image', 34: '语音 / voice', 43: '视频 / video', 47: '表情 / emoticon', 49: '文件 / file', 62: '小视频 / video'};

  function renderMessages() {
    $('chat-title').textContent = current === ALL ? '全部消息 / All messages' : nameOf(current);
    var ol = $('messages');
    ol.textContent = '';
    var list = current === ALL ? chats.getAllMessages() : chats.getChatMessage(current);
    list.forEach(function (m) { ol.appendChild(renderMessage(m)); });
    ol.scrollTop = ol.scrollHeight;
  }

  function renderMessage(m) {
    var li = el('li', m.MMIsSend ? 'msg sent' : 'msg');
    var who = m.MMIsSend ? '我 / me → ' + nameOf(m.ToUserName) : nameOf(m.MMActualSender);
    if (!m.MMIsSend && m.MMActualSender !== m.FromUserName) { who += ' @ ' + nameOf(m.FromUserName); }
    var head = el('div', 'meta', who + ' · ' + (TYPES[m.MsgType] || 'MsgType ' + m.MsgType) + ' · ' + new Date(m.CreateTime * 1000).toLocaleTimeString());
    li.appendChild(head);
    var body = el('div', 'body');
    var skey = account.getSkey();
    switch (m.MsgType) {
      case 3:
      case 47:
        var img = el('img', 'thumb');
        img.alt = m.FileName || '';
        img.src = conf.API_webwxgetmsgimg + '?&MsgID=' + m.MsgId + '&skey=' + encodeURIComponent(skey) + '&type=slave'; // §7
        body.appendChild(img);
        break;
      case 34:
        body.appendChild(el('span', '', (m.VoiceLength / 1000).toFixed(1) + ' s '));
        var a = el('audio');
        a.controls = true; a.preload = 'none';
        a.src = conf.API_webwxgetvoice + '?msgid=' + m.MsgId + '&skey=' + skey;
        body.appendChild(a);
        break;
      case 43:
      case 62:
        var v = el('video');
        v.controls = true; v.preload = 'none'; v.width = 160;
        v.src = conf.API_webwxgetvideo + '?msgid=' + m.MsgId + '&skey=' + encodeURIComponent(skey);
        body.appendChild(el('span', '', (m.FileName || 'video') + ' · ' + m.PlayLength + ' s · ' + m.FileSize + ' B '));
        body.appendChild(v);
        break;
      case 49:
        var pt = account.getPassticket();
        var link = el('a', '', (m.FileName || '?') + ' (' + m.FileSize + ' B)');
        link.href = conf.API_webwxdownloadmedia + '?sender=' + encodeURIComponent(m.FromUserName) + '&mediaid=' + encodeURIComponent(m.MediaId) +
          '&encryfilename=' + encodeURIComponent(m.EncryFileName) + '&fromuser=' + account.getUin() +
          '&pass_ticket=' + (pt === undefined ? 'undefined' : encodeURIComponent(pt)) +
          '&webwx_data_ticket=' + encodeURIComponent(util.getCookie('webwx_data_ticket')); // §7
        body.appendChild(link);
        break;
      default:
        body.textContent = (m.MMActualContent || '').replace(/<br\/>/g, '\n');
    }
    li.appendChild(body);
    return li;
  }

  // ---- the simulator panel: what the phone does ----

  function renderSimFrom() {
    var sel = $('sim-from');
    var keep = sel.value;
    sel.textContent = '';
    contacts.getAllFriendContact().concat(contacts.getAllChatroomContact()).forEach(function (c) {
      var o = el('option', '', c.MMDisplayName);
      o.value = c.UserName;
      sel.appendChild(o);
    });
    if (keep) { sel.value = keep; }
    if (!sel.value && current !== ALL) { sel.value = current; }
  }

  function control(path, body) {
    $('sim-note').textContent = '';
    return fetch('/wxsim/' + path, {method: 'POST', credentials: 'same-origin', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body || {})})
      .then(function (res) { return res.ok ? res.json() : res.text().then(function (t) { throw new Error(t); }); })
      .catch(function (e) { $('sim-note').textContent = e.message; });
  }

  Array.prototype.forEach.call(document.querySelectorAll('#sim [data-kind]'), function (b) {
    b.addEventListener('click', function () {
      control('deliver', {from: $('sim-from').value, kind: b.getAttribute('data-kind'), text: $('sim-text').value});
    });
  });
  $('sim-logout').addEventListener('click', function () { control('logout'); });
  $('sim-rotate').addEventListener('click', function () { control('rotate-skey'); });

  // A reloaded tab with a living session goes straight to pageInit (§1.3).
  if (window.MMCgi.isLogin) {
    pageInit();
  } else {
    showLogin();
  }
})();
