/*
 * The page's services, registered under the names and with the methods of
 * the real web WeChat app (wechaty/webwx-app-tracker webwxApp.js), so that
 * an extension reading angular.element(document).injector().get(...) finds
 * what it would find on wx.qq.com. docs/protocol.md § numbers say why.
 */
(function () {
  'use strict';
  var services = angular.module('Services', []);

  services.factory('utilFactory', [function () {
    return {
      now: function () { return Date.now(); },
      // The page reads wxuin, wxsid and webwx_data_ticket itself (§1.1).
      getCookie: function (name) {
        var parts = document.cookie ? document.cookie.split('; ') : [];
        for (var i = 0; i < parts.length; i++) {
          var eq = parts[i].indexOf('=');
          if (parts[i].slice(0, eq) === name) {
            return decodeURIComponent(parts[i].slice(eq + 1));
          }
        }
        return '';
      },
      isRoomContact: function (userName) {
        return !!userName && (userName.indexOf('@@') === 0 || /@chatroom$/.test(userName));
      }
    };
  }]);

  // confFactory: the host table and the endpoints (§0). The main host's
  // endpoints are relative; push is absolute.
  services.factory('confFactory', [function () {
    var host = location.host;
    var login = 'login.weixin.qq.com', file = 'file.wx.qq.com', push = 'webpush.weixin.qq.com';
    if (host.indexOf('wx2.qq.com') > -1) {
      login = 'login.wx2.qq.com'; file = 'file.wx2.qq.com'; push = 'webpush.wx2.qq.com';
    } else if (host.indexOf('wx8.qq.com') > -1) {
      login = 'login.wx8.qq.com'; file = 'file.wx8.qq.com'; push = 'webpush.wx8.qq.com';
    } else if (host.indexOf('qq.com') > -1) {
      login = 'login.wx.qq.com'; file = 'file.wx.qq.com'; push = 'webpush.wx.qq.com';
    } else if (host.indexOf('web2.wechat.com') > -1) {
      login = 'login.web2.wechat.com'; file = 'file.web2.wechat.com'; push = 'webpush.web2.wechat.com';
    } else if (host.indexOf('wechat.com') > -1) {
      login = 'login.web.wechat.com'; file = 'file.web.wechat.com'; push = 'webpush.web.wechat.com';
    }
    var cgi = '/cgi-bin/mmwebwx-bin/';
    return {
      LANG: 'zh_CN',
      StatusNotifyCode_INITED: 3,
      loginHost: login, fileHost: file, pushHost: push,
      API_synccheck: 'https://' + push + cgi + 'synccheck',
      API_webwxdownloadmedia: 'https://' + file + cgi + 'webwxgetmedia',
      API_webwxuploadmedia: 'https://' + file + cgi + 'webwxuploadmedia',
      API_webwxinit: cgi + 'webwxinit?r=' + ~new Date(), // r fixed at load (§3.1)
      API_webwxgetcontact: cgi + 'webwxgetcontact',
      API_webwxsync: cgi + 'webwxsync',
      API_webwxstatusnotify: cgi + 'webwxstatusnotify',
      API_webwxlogout: cgi + 'webwxlogout',
      API_webwxgetmsgimg: cgi + 'webwxgetmsgimg',
      API_webwxgetvoice: cgi + 'webwxgetvoice',
      API_webwxgetvideo: cgi + 'webwxgetvideo'
    };
  }]);

  // accountFactory keeps skey, pass_ticket and the sync keys in memory only
  // (§1.1). After a reload skey is '' until webwxinit answers and
  // pass_ticket stays undefined (§1.3). Every getDeviceID call is fresh
  // (§1.5); getBaseRequest returns {BaseRequest: {...}} as the real one.
  services.factory('accountFactory', ['utilFactory', function (utilFactory) {
    var _userInfo = {}, _synckey = null, _synccheckkey = null, _sid, _skey, _passticket;
    return {
      setUserInfo: function (user) { angular.extend(_userInfo, user); },
      getUserInfo: function () { return _userInfo; },
      getUserName: function () { return _userInfo && _userInfo.UserName; },
      getSyncKey: function () { return _synckey || {List: []}; },
      setSyncKey: function (k) { if (k && k.Count > 0) { _synckey = k; } },
      setSyncCheckKey: function (k) { if (k && k.Count > 0) { _synccheckkey = k; } },
      getFormateSyncCheckKey: function () {
        var k = _synccheckkey || this.getSyncKey();
        return k.List.map(function (it) { return it.Key + '_' + it.Val; }).join('|');
      },
      setPassticket: function (p) { _passticket = p; },
      getPassticket: function () { return _passticket; },
      getSid: function () { return _sid || (_sid = utilFactory.getCookie('wxsid')); },
      setSid: function (sid) { if (sid) { _sid = sid; } },
      getSkey: function () { return _skey || ''; },
      setSkey: function (skey) { if (skey) { _skey = skey; } },
      setUin: function (uin) { _userInfo.Uin = uin; },
      getUin: function () { return (_userInfo && _userInfo.Uin) || utilFactory.getCookie('wxuin'); },
      getBaseRequest: function () {
        return {BaseRequest: {Uin: this.getUin(), Sid: this.getSid(), Skey: this.getSkey(), DeviceID: this.getDeviceID()}};
      },
      getDeviceID: function () { return 'e' + ('' + Math.random().toFixed(15)).substring(2, 17); }
    };
  }]);

  // mmHttp is $http with the page's interceptor (§1.4): pass_ticket (when
  // defined) and lang (when the tab URL has lang=) join the params, which
  // are serialised in key order, encoded as AngularJS does, and appended to
  // any query the URL already has. Same-origin fetch: the cookies travel.
  services.factory('mmHttp', ['accountFactory', function (accountFactory) {
    function encodeUriQuery(v) {
      return encodeURIComponent(v).replace(/%40/gi, '@').replace(/%3A/gi, ':').replace(/%24/g, '$')
        .replace(/%2C/gi, ',').replace(/%3B/gi, ';').replace(/%20/g, '+');
    }
    return function (config) {
      var params = angular.extend({}, config.params);
      params.pass_ticket = accountFactory.getPassticket();
      var m = location.href.match(/(\?|&)lang=([^&#]+)/);
      if (m) { params.lang = m[2]; }
      var parts = [];
      Object.keys(params).sort().forEach(function (k) {
        if (params[k] !== undefined && params[k] !== null) {
          parts.push(encodeUriQuery(k) + '=' + encodeUriQuery(params[k]));
        }
      });
      var url = config.url;
      if (parts.length) { url += (url.indexOf('?') === -1 ? '?' : '&') + parts.join('&'); }
      var init = {method: config.method || 'GET', credentials: 'same-origin', headers: {Accept: 'application/json, text/plain, */*'}};
      if (config.data !== undefined) {
        init.headers['Content-Type'] = 'application/json;charset=UTF-8';
        init.body = JSON.stringify(config.data);
      }
      return fetch(url, init).then(function (res) {
        if (!res.ok) { throw new Error('HTTP ' + res.status + ' ' + config.url.split('?')[0]); }
        return config.responseType === 'text' ? res.text() : res.json();
      });
    };
  }]);

  // contactFactory: contacts by UserName (getAllContacts returns that
  // object, also window._contacts, as the real page).
  services.factory('contactFactory', ['accountFactory', 'utilFactory', 'confFactory', 'mmHttp',
    function (accountFactory, utilFactory, confFactory, mmHttp) {
      var _contacts = window._contacts = {};
      var proto = {
        isSelf: function () { return this.UserName === accountFactory.getUserName(); },
        isContact: function () { return !!(this.ContactFlag & 1) || this.isSelf(); },
        isRoomContact: function () { return utilFactory.isRoomContact(this.UserName); },
        isBrandContact: function () { return !!(this.VerifyFlag & 8); },
        isFileHelper: function () { return this.UserName === 'filehelper'; },
        getDisplayName: function () { return this.RemarkName || this.NickName || this.UserName; }
      };
      function addContact(c) {
        if (!c || !c.UserName) { return; }
        var old = _contacts[c.UserName] || Object.create(proto);
        angular.extend(old, c);
        old.MMDisplayName = old.getDisplayName();
        _contacts[c.UserName] = old;
        return old;
      }
      function sorted(filter) {
        return Object.keys(_contacts).map(function (k) { return _contacts[k]; }).filter(filter)
          .sort(function (a, b) { return (a.PYQuanPin || a.MMDisplayName) > (b.PYQuanPin || b.MMDisplayName) ? 1 : -1; });
      }
      return {
        isSelf: function (userName) { return accountFactory.getUserName() === userName; },
        addContact: addContact,
        addContacts: function (list) { (list || []).forEach(addContact); },
        getContact: function (userName) { return _contacts[userName]; },
        getAllContacts: function () { return _contacts; },
        getAllFriendContact: function () {
          return sorted(function (c) { return c.isContact() && !c.isSelf() && !c.isRoomContact() && !c.isBrandContact(); });
        },
        getAllChatroomContact: function () { return sorted(function (c) { return c.isRoomContact(); }); },
        // initContact pages webwxgetcontact (§3.2): skey, pass_ticket, seq, r.
        initContact: function (seq) {
          return mmHttp({method: 'GET', url: confFactory.API_webwxgetcontact,
            params: {skey: accountFactory.getSkey(), pass_ticket: accountFactory.getPassticket(), seq: seq, r: utilFactory.now()}});
        }
      };
    }]);

  // chatFactory: messages by chat (window._chatContent) and the chat list.
  services.factory('chatFactory', ['accountFactory', 'contactFactory', function (accountFactory, contactFactory) {
    var _chatList = [], _chatMessages = window._chatContent = {}, _msgMap = {}, _all = [], _current = '';
    function addChat(userName) {
      if (userName && _chatList.indexOf(userName) < 0) { _chatList.unshift(userName); }
    }
    return {
      setCurrentUserName: function (u) { _current = u; },
      getCurrentUserName: function () { return _current; },
      initChatList: function (chatSet) { (chatSet || '').split(',').reverse().forEach(function (u) { if (u) { addChat(u); } }); },
      getChatList: function () { return _chatList.slice(); },
      getChatMessage: function (userName) { return _chatMessages[userName] || []; },
      getAllMessages: function () { return _all.slice(); },
      getMsg: function (msgId) { return _msgMap[msgId]; },
      // messageProcess files a webwxsync message under its chat; in groups
      // the sender is the "@member:<br/>" prefix of Content (§4.2).
      messageProcess: function (msg) {
        if (_msgMap[msg.MsgId]) { return; }
        var self = accountFactory.getUserName();
        msg.MMIsSend = msg.FromUserName === self;
        msg.MMPeerUserName = msg.MMIsSend ? msg.ToUserName : msg.FromUserName;
        msg.MMActualSender = msg.FromUserName;
        msg.MMActualContent = msg.Content;
        var m = /^(@[0-9a-f]+):<br\/>([\s\S]*)$/.exec(msg.Content || '');
        if (!msg.MMIsSend && msg.FromUserName.indexOf('@@') === 0 && m) {
          msg.MMActualSender = m[1];
          msg.MMActualContent = m[2];
        }
        (_chatMessages[msg.MMPeerUserName] = _chatMessages[msg.MMPeerUserName] || []).push(msg);
        _msgMap[msg.MsgId] = msg;
        _all.push(msg);
        var i = _chatList.indexOf(msg.MMPeerUserName);
        if (i >= 0) { _chatList.splice(i, 1); }
        _chatList.unshift(msg.MMPeerUserName);
        return msg;
      }
    };
  }]);
})();
