// wxdropSend is chrome.runtime.sendMessage for the content scripts and
// the file bridge (the Go pages' own is jsx.SendMessage, held to the same
// table by wasm/jsx TestSendMessageAgainWhenNotReceived). A message sent
// while the worker (Chromium) or the background page (Firefox) is being
// started or suspended can be refused with "Could not establish
// connection. Receiving end does not exist." No listener received it, so
// sending it again cannot do anything twice: it is sent again, every
// 100 ms for up to 2 s. Any other refusal is the answer at once.
'use strict';
globalThis.wxdropSend = async (message) => {
  for (let tries = 1; ; tries++) {
    try {
      return await chrome.runtime.sendMessage(message);
    } catch (e) {
      if (tries >= 20 || !String(e && e.message).includes('Receiving end does not exist')) throw e;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
};

// wxdropSaid is the words of a detail wxdrop says itself (_locales
// "detail_" + key, TestDetailsInBothLanguages), in the browser's
// language, arg in its place: they were English, inside a Chinese
// person's Chinese sentence. (sw.js has its own: the worker does not
// load this file on its start.)
globalThis.wxdropSaid = (key, arg) => {
  try {
    return chrome.i18n.getMessage('detail_' + key, arg === undefined ? [] : [String(arg)]) || key;
  } catch (e) {
    return key; // the extension was reloaded
  }
};
