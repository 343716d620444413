// instant.js is the popup's first script: plain JavaScript that puts the
// chat list on screen before any WebAssembly runs. It reads the session
// state and the list the popup showed last (a snapshot popup.wasm keeps in
// chrome.storage.session) and lists those chats, with names and avatars,
// under the focused search box. Until popup.wasm takes the page over it
// answers what a person types: at once by prefix among the chats listed,
// then over every contact with search.js (wasm/search's search, the same
// hits in the same order) once the worker's searchable text of the list
// (msg.SearchList) is read; it keeps the arrow keys, Enter and a click.
// popup.wasm then calls wxdropInstant.takeOver(), adopts the rows and
// searches with its own index. The worker is not asked anything: the popup must not wait for it
// to wake.
//
// The snapshot holds avatar URLs, which carry the skey: it lives in
// storage.session (memory only), never in storage.local or localStorage.
"use strict";

(() => {
  performance.mark("wxdrop-instant");
  const $ = (id) => document.getElementById(id);
  // Each chrome.i18n.getMessage checks its arguments in the extension
  // bindings: tens of microseconds, on a page that asks ~80 times before
  // the list shows (several keys twice): a key is asked once.
  const said = new Map();
  // hidden are the characters safename.Hidden names: a name loses what
  // reorders text around it, as jsx.Message does (wasm/safename
  // TestInstantJSHidesWhatVisibleDoes holds the two lists equal).
  const hidden = /[\0-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
  const tr = (key, subs) => {
    if (subs) return chrome.i18n.getMessage(key, subs.map((x) => String(x).replace(hidden, ""))) || key;
    let s = said.get(key);
    if (s === undefined) said.set(key, (s = chrome.i18n.getMessage(key) || key));
    return s;
  };
  const search = $("search");
  const list = $("chats");

  // I is what popup.wasm reads when it takes over: the rows shown (li.chat in
  // list order, those the filter hid are hidden), the snapshot's text (so
  // that popup.wasm writes it again only when the list changed), the promise
  // of the contact list's JSON text (null: none), and takeOver, which
  // says what was picked or pointed at with the keys meanwhile.
  const I = (globalThis.wxdropInstant = { rows: [], snapshot: "", contacts: null, takeOver, attach, initial });
  let cursor = -1; // index in the visible rows, -1 for none
  let active = null; // the row under the cursor
  let picked = null; // the row picked
  let over = false;
  let answered = false; // by the prefix filter (wxdrop-instant-answer)
  // login is the state's UserName: a list of another login or account
  // (the worker writes the state and the lists one after the other; a new
  // login renews every UserName) is none.
  let login = "";
  // byUser finds a chat's row; byPos the rows searchAll made of chats
  // of the search list (pending: their UserName and avatar come from the
  // contact list of the same stamp, by position).
  const byUser = new Map();
  let byPos = new Map();
  // snapAt finds a row of the list shown first by its chat's position in
  // the contact and search lists of stamp snapStamp (model.Snapshot's
  // Stamp and Pos): a hit among them needs no contact list.
  let snapStamp = "";
  const snapAt = new Map();
  let moved = false; // searchAll changed the rows' order
  // painted settles once the list's first frame is painted: a task
  // queued from requestAnimationFrame runs once the frame's style,
  // layout and paint are done. Its mark is the list on screen with its
  // rows laid out: at wxdrop-list-shown the rows are not
  // (content-visibility: auto lays them out in the frame), and the
  // header's name has been shaped while theirs have not (figures -only
  // popup prints both; list.html marks the same two moments). The other
  // avatars come then.
  let painted = null;

  // The reads first: the page is localized while they are under way.
  // shown settles once the list is on screen (or there is none): boot.js
  // starts popup.wasm after it.
  //
  // Tried and not kept: this script parser-blocking ahead of the
  // stylesheet, to ask storage.session before the page is parsed (in a new
  // renderer the stylesheet waits for the extension's messages: Chromium
  // localizes an extension's CSS), with boot.js async so that the end of
  // parsing did not wait for it. With the worker running the list came
  // sooner; with it stopped, later (make bench's figure 1.78 and 1.87
  // times the static page, against 1.31–1.62 deferred, two runs each;
  // likely the new renderer's fetch of this script, which parsing waited
  // for).
  I.shown = readSession()
    .then(show)
    .catch((e) => console.warn("wxdrop: instant list:", e))
    .finally(() => document.activeElement !== search && search.focus());
  localize();

  // readSession reads what the popup shows first from storage.session: the
  // state, and the snapshot of the list if it is this login's, else the
  // first chats of the cached contacts. It is the one place that knows
  // the keys (msg.StateKey, msg.SnapshotKey, msg.SearchKey,
  // msg.ContactsKey). It also starts reading the search list for the
  // first keystroke and the contacts for popup.wasm, and keeps I.search
  // and I.contacts the newest until popup.wasm listens to the changes
  // itself.
  function readSession() {
    const session = chrome.storage.session;
    const head = session.get(["state", "popupSnapshot"]);
    const text = (v) => (typeof v === "string" ? v : null);
    // After the small read: its answer must not wait behind the lists.
    // The search list (a third of the contacts' bytes, without their
    // UserNames and avatar URLs) is asked first, so that it comes first.
    // Tried and not kept for the first keystroke's search of every
    // contact, when it read the whole contact list (figures -ab, the
    // variant against this page in the same runs, worker running /
    // stopped, a machine at a load of 3-17): the reads at once with the
    // small one, first answer 1.33 / 1.74 times this page's and the list
    // 1.25 / 1.49 times; boot.js holding popup.wasm's compilation until
    // the read is done (up to 300 ms, so that it did not compete with the
    // search for the cores), 1.18 / 1.26 times.
    const lists = head.then(() => [session.get("popupSearch"), session.get("contacts")]);
    I.search = lists.then((r) => r[0]).then((o) => (performance.mark("wxdrop-instant-search"), text(o.popupSearch)));
    I.contacts = lists.then((r) => r[1]).then((o) => (performance.mark("wxdrop-instant-contacts"), text(o.contacts)));
    I.contacts.then(fill);
    I.contactsChanged = (changes, area) => {
      if (area !== "session") return;
      if (changes.popupSearch) I.search = Promise.resolve(text(changes.popupSearch.newValue));
      if (!changes.contacts) return;
      // Filled now, not from a promise's callback: popup.wasm's listener,
      // after this one in the same event (no callback runs between the
      // two), takes the rows over at this change.
      const t = text(changes.contacts.newValue);
      I.contacts = Promise.resolve(t);
      fill(t);
    };
    chrome.storage.onChanged.addListener(I.contactsChanged);
    return head.then(async (o) => {
      performance.mark("wxdrop-instant-read");
      const state = parse(o.state);
      const snap = parse(o.popupSnapshot);
      if (!state || state.status !== "ready") {
        // A new login reaches the worker at the tab's next report (3 s):
        // asked, it asks the tabs (and stores what it finds) before
        // popup.wasm runs. Only a login is shown from here (trial19).
        chrome.runtime.sendMessage({ name: "state.get" }).then((r) => r && r.ok && r.ok.status === "ready" && !over && showState(r.ok), () => {});
        return { state, chats: [] };
      }
      login = String(state.userName || "");
      if (snap && snap.user === state.userName && Array.isArray(snap.chats)) {
        return { state, nick: snap.nick, chats: snap.chats, text: o.popupSnapshot, stamp: String(snap.stamp || "") };
      }
      const ls = listOf(await I.search), f = fullOf(await I.contacts);
      if (!ls || !f || f.stamp !== ls.stamp) return { state, chats: [] };
      const chats = [];
      for (const k of ls.search("", 50).hits) chats.push(chatAt(ls, k, f.chat(k)));
      return { state, chats, stamp: ls.stamp };
    });
  }

  function show(s) {
    if (over) return;
    if (s.state) showState(s.state, s.nick);
    if (s.text) I.snapshot = s.text;
    if (!s.chats.length) return;
    snapStamp = s.stamp || "";
    const frag = document.createDocumentFragment();
    for (const c of s.chats) {
      const li = row(c);
      if (byUser.has(li.dataset.user)) continue; // a chat listed twice
      byUser.set(li.dataset.user, li);
      if (snapStamp && Number.isInteger(c.p)) snapAt.set(c.p, li);
      li.wxdropAt = I.rows.length;
      I.rows.push(li);
      frag.append(li);
    }
    list.prepend(frag);
    // The search of every contact waits for the list's first frame
    // (painted): a key typed as the list shows is answered by prefix in
    // that frame, and the search list's parse does not hold the list
    // back. It no longer waits for popup.wasm's compilation to start, as
    // it did while it read and indexed the whole contact list (figures
    // -ab, this page against that one in the same runs, a quiet machine:
    // the first answer 0.91 / 0.81 times its time, worker running /
    // stopped; the compilation starts some 20 ms later, as boot.js's
    // wasm_exec.js runs after the search).
    painted = new Promise((done) =>
      requestAnimationFrame(() =>
        setTimeout(() => {
          performance.mark("wxdrop-list-painted");
          attach();
          avatars();
          done();
        }),
      ),
    );
    filter();
    // Focused with the rows in, as the static page does: focusing before
    // laid the page out once more for nothing (the autofocus attribute
    // focuses it if the list is late).
    search.focus();
    void list.offsetHeight; // laid out: the figure is the list on screen
    performance.mark("wxdrop-list-shown");
    search.addEventListener("input", filter);
    search.addEventListener("compositionend", filter);
    search.addEventListener("keydown", key);
    list.addEventListener("click", click);
    // An avatar that does not load (an expired skey) shows the grey
    // square, as the picker's does; error does not bubble.
    list.addEventListener("error", (e) => e.target.tagName === "IMG" && e.target.classList.add("broken"), true);
  }

  // avatars gives the first n rows shown (every row without n) their
  // avatar's URL, kept in the row's img until then. #chats shows six rows
  // (210 px inside, 36 px a row; fewer while scheduling): the rows below
  // come into view by scrolling only. An avatar the
  // renderer has in memory (the worker running keeps the renderer, and
  // with it the last popup's avatars) is loaded at once, lazy or not:
  // fifty of them took 3 ms of the main thread before the list was laid
  // out (figures -cpu -tracedir, worker running: 57 resource requests
  // before the mark, 6 with the worker stopped and the static page's 4).
  const firstAvatars = 7;
  function avatars(n) {
    for (const li of I.rows) {
      if (n !== undefined) {
        if (n <= 0) break;
        if (li.hidden) continue;
        n--;
      }
      const img = li.children[1]; // after the checkbox (popup.html's row)
      if (img.wxdropSrc) {
        img.src = img.wxdropSrc;
        img.wxdropSrc = "";
      }
    }
  }

  // initial is what a row without its avatar shows in its place (ui.css
  // .chat::before, over an img.broken): the first letter, digit or emoji
  // of the chat's name, a Latin letter upper-cased. Logged out, every
  // avatar's URL (its skey expired) fails, and the list was a column of
  // blank squares. rows.js names popup.wasm's rows with it too.
  function initial(name) {
    const m = /[\p{L}\p{N}\p{Extended_Pictographic}]/u.exec(String(name || ""));
    return m ? m[0].toUpperCase() : "";
  }

  // row is a li.chat as rows.js makes them for popup.wasm's picker, with
  // the searchable text of the chat for the filter. Rows are copies of one
  // (cloneNode) rather than fifty times six elements, their attributes and
  // the group tag's text made one call at a time.
  let proto = null;
  function row(c) {
    if (!proto) {
      // popup.html's one row (rows.js clones it too). No decoding="async"
      // (the picker's rows have it): with the worker running, the
      // renderer's memory cache has the avatars, and making the rows took
      // 8 ms (median) with it, 3 ms without, as the static page does
      // (figures -v, one run of 7 each).
      proto = $("chat-row").content.firstElementChild.cloneNode(true);
      proto.lastElementChild.textContent = tr("group_tag");
    }
    const li = proto.cloneNode(true);
    const [, img, names, tag] = li.children;
    li.className = c.g ? "chat group" : "chat";
    li.setAttribute("data-user", String(c.u || ""));
    if (c.h) img.wxdropSrc = String(c.h); // set by avatars
    else if (c.u) img.className = "avatar broken"; // else filled by fill
    names.firstChild.textContent = String(c.n || "");
    li.setAttribute("data-initial", initial(c.n));
    if (c.k) names.lastChild.textContent = String(c.k);
    else names.lastChild.hidden = true;
    tag.hidden = !c.g;
    li.wxdropKeys = String(c.s || "").split("\u0000");
    li.wxdropSnapshot = true; // searchAll's rows are not the snapshot's
    return li;
  }

  // filter answers the box's text: at once, the rows listed of which a
  // name or pinyin starts with it; then, once the contact list is read,
  // the best of every contact (searchAll). An empty box lists the
  // snapshot's chats again.
  function filter(e) {
    // Not while an input method composes the text (picker_keys.go
    // onTyped): its keys are not the text meant; compositionend answers
    // what it committed.
    if (e && e.isComposing) return;
    // As the Go index normalizes a query (search.js's normalize: cleaned,
    // full-width folded, lower-cased, trimmed): the rows' keys are its.
    const q = globalThis.wxdropSearch ? wxdropSearch.normalize(search.value)[0] : search.value.trim().toLowerCase();
    if (q === "" && moved) {
      // The snapshot's rows again in their order, searchAll's after them.
      const snap = I.rows.filter((li) => li.wxdropSnapshot);
      snap.sort((a, b) => a.wxdropAt - b.wxdropAt);
      list.prepend(...snap);
      I.rows = snap.concat(I.rows.filter((li) => !li.wxdropSnapshot));
      moved = false;
    }
    for (const li of I.rows) {
      const on = li.wxdropSnapshot && (q === "" || li.wxdropKeys.some((k) => k.startsWith(q)));
      if (li.hidden === on) li.hidden = !on;
    }
    // The first row is under the cursor, as in the picker (model.Move).
    moveCursor(0, false);
    avatars(firstAvatars);
    if (q !== "" && !answered) {
      answered = true;
      void list.offsetHeight;
      performance.mark("wxdrop-instant-answer");
    }
    if (q !== "") painted.then(() => I.search).then(searchAll);
  }

  // shownRows is how many of a query's hits are listed: the rows
  // popup.wasm draws for a new query (model.ViewRows), which fill #chats
  // twice; it lists the rest once it takes over.
  const shownRows = 12;

  // searchAll lists the best hits of every contact for what the box
  // holds now, in search.js's order (wasm/search's), and moves the cursor
  // to the first. The rows it makes join I.rows, in list order, for
  // popup.wasm to adopt; a chat's UserName and avatar come from the
  // contact list of the search list's stamp (fill), after the answer.
  //
  // The contact list is not parsed on the way to the answer: its
  // JSON.parse (0.8-1.1 MB for 5,000 contacts) took 10-22 ms between the
  // search list's parse and the first answer whenever the contact list
  // had come first (figures -v, worker running). A hit listed first is
  // known by its position (snapAt); the other hits' rows get their chat
  // in the next task (fill), or when the contact list comes.
  function searchAll(text) {
    const query = search.value;
    if (over || query.trim() === "") return; // popup.wasm answers now
    const ls = listOf(text);
    if (!ls) return;
    if (!performance.getEntriesByName("wxdrop-indexed").length) performance.mark("wxdrop-indexed");
    const f = fullOf.made(fullText);
    const full = f && f.stamp === ls.stamp ? f : null;
    const snap = ls.stamp === snapStamp ? snapAt : null;
    if (byPos.stamp !== ls.stamp) (byPos = new Map()).stamp = ls.stamp;
    const shown = [];
    for (const k of ls.search(query, shownRows).hits) {
      const c = full && full.chat(k);
      let li = byPos.get(k) || (snap && snap.get(k)) || (c && byUser.get(String(c.u || "")));
      if (!li) {
        li = row(chatAt(ls, k, c));
        li.wxdropSnapshot = false;
        li.wxdropPos = k;
        li.wxdropStamp = ls.stamp;
        if (li.dataset.user) byUser.set(li.dataset.user, li);
        byPos.set(k, li);
      }
      if (!shown.includes(li)) shown.push(li);
    }
    const rest = I.rows.filter((li) => !shown.includes(li));
    for (const li of shown) li.hidden = false;
    for (const li of rest) li.hidden = true;
    // The rows in the hits' order at the top of the list, before its
    // status line and spacer (popup.wasm's).
    list.prepend(...shown);
    I.rows = shown.concat(rest);
    moved = true;
    moveCursor(0, false);
    avatars(firstAvatars);
    if (!performance.getEntriesByName("wxdrop-first-answer").length) {
      // The first query answered over every contact, laid out: the
      // figures time a keystroke typed at once by this mark (popup.wasm
      // sets it if it answers first).
      void list.offsetHeight;
      performance.mark("wxdrop-first-answer");
    }
    if (fullText !== null && I.rows.some((li) => !li.dataset.user)) setTimeout(() => fill(fullText));
  }

  // fill gives the rows searchAll made their chat's UserName and avatar
  // from the contact list's text, when it is of their search list's stamp
  // (the worker writes the two one after the other). With no such row the
  // text is not parsed here: popup.wasm reads it.
  let fullText = null;
  function fill(text) {
    fullText = text;
    const pending = I.rows.filter((li) => !li.dataset.user);
    const f = pending.length ? fullOf(text) : null;
    if (!f) return;
    for (const li of pending) {
      const c = li.wxdropStamp === f.stamp && f.chat(li.wxdropPos);
      const user = c ? String(c.u || "") : "";
      if (!user) continue;
      const other = byUser.get(user);
      if (other && other !== li && I.rows.includes(other)) {
        adopt(li, other);
        continue;
      }
      li.setAttribute("data-user", user);
      const img = li.children[1];
      if (!c.h) img.classList.add("broken");
      else if (li.hidden) img.wxdropSrc = String(c.h);
      else img.src = String(c.h);
      if (!byUser.has(user)) byUser.set(user, li);
    }
  }

  // adopt puts other, the row listed first of the chat that searchAll's
  // pending row li turned out to be, in li's place: a chat has one row.
  function adopt(li, other) {
    other.hidden = li.hidden;
    li.replaceWith(other);
    const rows = I.rows.filter((r) => r !== other);
    rows[rows.indexOf(li)] = other;
    I.rows = rows;
    byPos.set(li.wxdropPos, other);
    if (active === li) {
      active = other;
      other.classList.add("active");
      other.setAttribute("aria-selected", "true");
    }
    if (picked === li) mark(other);
    if (!other.hidden) avatars(firstAvatars);
  }

  // listOf is search.js's list of the search list's JSON text (null for
  // none, or another login's), parsed once a text; fullOf the contact
  // list's, its chats and stamp.
  const listOf = once((text) => {
    const o = parse(text);
    const ls = o && login !== "" && o.login === login && globalThis.wxdropSearch ? wxdropSearch.list(o) : null;
    if (ls) ls.stamp = String(o.stamp || "");
    return ls;
  });
  const fullOf = once((text) => {
    const o = parse(text);
    if (!o || login === "" || o.login !== login || !Array.isArray(o.contacts)) return null;
    const chat = (k) => (o.contacts[k] && typeof o.contacts[k] === "object" ? o.contacts[k] : null);
    return { stamp: String(o.stamp || ""), chat };
  });
  // once(f)(text) is f(text), computed once a text; its made(text) is
  // what f made of text if it has been computed, else null.
  function once(f) {
    let last = {}, made = null;
    const g = (text) => (text === last ? made : ((last = text), (made = f(text))));
    g.made = (text) => (text === last ? made : null);
    return g;
  }

  function visible() {
    return I.rows.filter((li) => !li.hidden);
  }

  function moveCursor(to, scroll) {
    const rows = visible();
    cursor = rows.length === 0 ? -1 : Math.min(Math.max(to, 0), rows.length - 1);
    const next = rows[cursor] || null;
    if (next !== active) {
      for (const [li, on] of [[active, false], [next, true]]) {
        if (!li) continue;
        li.classList.toggle("active", on);
        li.setAttribute("aria-selected", String(on));
      }
      active = next;
    }
    if (rows[cursor] && scroll) rows[cursor].scrollIntoView({ block: "nearest" });
  }

  function key(e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      moveCursor(cursor + (e.key === "ArrowUp" ? -1 : 1), true);
    } else if (e.key === "Enter" && !e.isComposing) {
      e.preventDefault();
      const li = visible()[cursor];
      if (li) pick(li);
    }
  }

  function click(e) {
    const li = e.target.closest("li.chat");
    if (li && I.rows.includes(li)) {
      moveCursor(visible().indexOf(li), false);
      pick(li);
    }
  }

  // pick marks the row; popup.wasm makes it the chat to send to. It moves
  // on to the message, as popup.wasm's pick does (composer.setTo): what is
  // typed next is the message, not more of the search (which hid the
  // picked row, and popup.wasm then picked nothing).
  function pick(li) {
    mark(li);
    attach();
    $("text").focus();
  }

  // mark makes li the row picked, without moving the focus (adopt, which
  // comes later, must not take it from where the person went since).
  function mark(li) {
    picked = li;
    for (const r of I.rows) r.classList.toggle("selected", r === li);
  }

  // takeOver stops this script's handlers and says what happened in the
  // meantime: the chat picked and the one under the cursor ("" for none).
  // popup.wasm takes over once it has read the contact list (I.contacts),
  // which fill has read before it: a row still without its UserName (of
  // a search list no contact list of its stamp came with) leaves.
  function takeOver() {
    // A row searchAll made meanwhile gets its chat first if the contact
    // list has come (fill runs in the task after the search).
    if (fullText !== null) fill(fullText);
    over = true;
    chrome.storage.onChanged.removeListener(I.contactsChanged);
    search.removeEventListener("input", filter);
    search.removeEventListener("compositionend", filter);
    search.removeEventListener("keydown", key);
    list.removeEventListener("click", click);
    const at = visible()[cursor];
    const user = (li) => (li && li.isConnected ? li.dataset.user : "");
    const handed = { picked: user(picked), cursor: user(at) };
    for (const li of I.rows) if (!li.dataset.user) li.remove();
    I.rows = I.rows.filter((li) => li.dataset.user);
    avatars(); // popup.wasm adopts the rows with their avatars
    return handed;
  }

  function showState(st, nick) {
    const root = $("state");
    const ready = st.status === "ready";
    const status = ready || st.status === "logged_out" ? st.status : "none";
    root.setAttribute("data-status", status);
    const img = root.querySelector("img");
    if (ready && st.headImgUrl) img.src = st.headImgUrl;
    img.hidden = !(ready && st.headImgUrl);
    const two = (st.accounts || []).filter((a) => a && a.status === "ready").length > 1; // then the host too (state.go)
    const text = ready
      ? tr(two ? "state_ready_host" : "state_ready", [nick !== undefined ? String(nick) : wxdropSearch.clean(String(st.nickName || "")), String(st.host || "")])
      : tr(status === "logged_out" ? "state_logged_out" : "state_none");
    root.querySelector(".state-text").textContent = text;
    $("open-wechat").hidden = ready;
  }

  // attach puts the rest of the page (popup.html's #later: the many-chats
  // panel, the composer, the lists) in its place, once.
  function attach() {
    const later = $("later");
    if (later) later.replaceWith(later.content);
  }

  // localize fills the static text from _locales, as popup.wasm did
  // (i18n.go): data-i18n* attributes hold the keys.
  //
  // Tried and not kept (figures -ab, main thread's CPU time before the
  // list, the variant against this, worker running / stopped): the text
  // of hidden elements (about 60 of the 80 keys) filled after the list,
  // 21.5 against 20.5 ms / 45.2 against 44.4 ms; no chrome.i18n call at
  // all (the keys left as text: what a cache of the texts in
  // storage.session could save at most), 21.1 against 22.1 ms / 41.1
  // against 45.0 ms, and such a cache would fill the text only after the
  // read, so that the first frame would show the page without its text.
  function localize() {
    // The texts' own language (ui_lang, as popup.wasm's i18n.go): Chromium
    // can answer @@ui_locale en_US beside the Chinese texts, and lang
    // picks the fonts of the Han characters.
    const loc = chrome.i18n.getMessage("ui_lang");
    if (loc) document.documentElement.lang = loc.replaceAll("_", "-");
    const each = (attr, apply) => {
      for (const e of document.querySelectorAll("[" + attr + "]")) apply(e, tr(e.getAttribute(attr)));
      // The rest of the page, before it is attached: it comes localized.
      const later = $("later");
      if (later) for (const e of later.content.querySelectorAll("[" + attr + "]")) apply(e, tr(e.getAttribute(attr)));
    };
    each("data-i18n", (e, s) => (e.textContent = s));
    each("data-i18n-placeholder", (e, s) => (e.placeholder = s));
    each("data-i18n-title", (e, s) => (e.title = s));
    each("data-i18n-aria-label", (e, s) => e.setAttribute("aria-label", s));
    document.documentElement.dataset.localized = "1";
  }
})();

function parse(text) {
  if (typeof text !== "string") return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

// chatAt is chat k of search list ls in the snapshot's shape
// (model.Snapshot): its names and searchable text as popup.wasm has them
// (search.Index's Display, Nick and Keys), its UserName and avatar from
// c, the contact list's chat k of the same stamp (null: not read yet).
function chatAt(ls, k, c) {
  return { u: c ? c.u : "", n: ls.display(k), k: ls.nick(k), h: c ? c.h : "", g: ls.group(k), s: ls.keys(k), p: k };
}
