// The baseline list page (list.html): storage.session → 50 rows, then the
// mark baseline-list-shown once they are laid out. The harness stores
// wxdrop's snapshot (the same JSON) under the same key first.
'use strict';
performance.mark('baseline-script');
chrome.storage.session.get('popupSnapshot').then((o) => {
  performance.mark('baseline-read');
  const snap = JSON.parse(o.popupSnapshot);
  const frag = document.createDocumentFragment();
  for (const c of snap.chats) {
    const li = document.createElement('li');
    li.className = 'chat';
    const img = document.createElement('img');
    img.className = 'avatar';
    img.loading = 'lazy';
    img.alt = '';
    if (c.h) img.src = c.h;
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = c.n;
    li.append(img, name);
    frag.append(li);
  }
  document.getElementById('chats').append(frag);
  document.getElementById('search').focus();
  void document.body.offsetHeight;
  performance.mark('baseline-list-shown');
  // Once the frame that shows the rows is painted (instant.js marks the
  // same moment): a task queued from requestAnimationFrame runs after
  // the frame's style, layout and paint.
  requestAnimationFrame(() => setTimeout(() => performance.mark('baseline-list-painted')));
});
