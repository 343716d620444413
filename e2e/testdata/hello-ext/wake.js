// Wakes the service worker with a runtime message; the answer lands in
// document.documentElement.dataset.answer for the harness.
'use strict';
chrome.runtime.sendMessage({ name: 'hello' }).then(
  (a) => { document.documentElement.dataset.answer = JSON.stringify(a); },
  (e) => { document.documentElement.dataset.answer = 'error: ' + e.message; });
