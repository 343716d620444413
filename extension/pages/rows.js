// rows.js draws the popup picker's chat rows for popup.wasm
// (wasm/ui/picker*.go), which decides what each row shows and says at
// once, in one call a keystroke, what changed. Each call from Go into
// JavaScript costs some 5–13 µs (syscall/js converts every argument and
// sets a finalizer on every object it returns), and a keystroke that
// listed twelve new chats made some 200 of them: most of its time
// (e2e/cmd/figures -cpu). Here the same changes cost a few microseconds.
//
// Rows are numbered by popup.wasm; a row's element id, once it has been
// under the cursor, is "chat-" and its number. Every text goes to
// textContent, never to innerHTML.
"use strict";

(() => {
  const rows = new Map(); // by number: {li, cls, img, name, nick, tag, check}
  let search = null, spacer = null, status = null, proto = null;

  // init takes the search box, the list's spacer (standing for the rows
  // not in the page) and its status line.
  function init(s, sp, st) {
    search = s;
    spacer = sp;
    status = st;
  }

  // onKeys calls fn with the search box's keydown events of the keys
  // named (the picker's, wasm/ui/picker.go keys): calling into Go
  // for every letter typed cost some 0.3 ms a keystroke.
  function onKeys(names, fn) {
    const handled = new Set(names);
    search.addEventListener("keydown", (e) => {
      if (handled.has(e.key)) fn(e);
    });
  }

  // make is an empty row (the copies' original), from popup.html's one
  // (instant.js clones it too): checkbox, avatar, name, nick name, group
  // tag.
  function make() {
    const li = document.getElementById("chat-row").content.firstElementChild.cloneNode(true);
    const [, img, names, tag] = li.children;
    img.decoding = "async";
    names.lastElementChild.hidden = true;
    tag.textContent = chrome.i18n.getMessage("group_tag") || "group_tag";
    return li;
  }

  // keep numbers row n's element and its parts (in the order of
  // popup.html's row, which instant.js's rows have too).
  function keep(n, li) {
    const [check, img, names, tag] = li.children;
    li.wxdropRow = n;
    rows.set(n, { li, cls: li.classList, img, name: names.firstElementChild, nick: names.lastElementChild, tag, check });
  }

  // adopt numbers instant.js's rows from first on and says what each
  // shows, as JSON. The rows its filter hid leave the list, shown again
  // for a later search.
  function adopt(lis, first) {
    const out = [];
    lis.forEach((li, i) => {
      keep(first + i, li);
      const r = rows.get(first + i), src = r.img.getAttribute("src");
      out.push({
        n: first + i, u: li.dataset.user || "", s: src === null ? "" : src,
        t: r.name.textContent, k: r.nick.textContent, h: li.hidden,
        g: r.cls.contains("group"), sel: r.cls.contains("selected"), act: r.cls.contains("active"),
      });
      if (li.hidden) {
        li.remove();
        li.hidden = false;
      }
    });
    return JSON.stringify(out);
  }

  // apply makes the changes of ops, a JSON array of [op, row, …]:
  //   new n          a row numbered n, from the empty one
  //   user n u       its data-user
  //   name n text    its name
  //   nick n text    its nick name ("" hides it)
  //   group n on     the group tag and class
  //   src n url      its avatar ("" for the placeholder)
  //   class n c on   toggles class c
  //   on n on        under the cursor or not: class active, aria-selected
  //   cursor n       #search's aria-activedescendant names row n (-1: none),
  //                  which gets its element id
  //   place n p s    aria-posinset p of aria-setsize s
  //   tick n on      its checkbox
  //   remove n       out of the list (kept)
  //   before n m     moved before row m (-1: the end of the rows)
  //   forget n       dropped
  //   spacer px      the spacer's height (0 hides it)
  //   status 0 text  the status line ("" hides it)
  //   view n         scrolled into view
  function apply(text) {
    for (const o of JSON.parse(text)) {
      const r = rows.get(o[1]);
      switch (o[0]) {
        case "new":
          if (!proto) proto = make();
          keep(o[1], proto.cloneNode(true));
          break;
        case "user":
          r.li.setAttribute("data-user", o[2]);
          break;
        case "name":
          r.name.textContent = o[2];
          r.li.setAttribute("data-initial", wxdropInstant.initial(o[2]));
          break;
        case "nick":
          r.nick.textContent = o[2];
          r.nick.hidden = o[2] === "";
          break;
        case "group":
          r.tag.hidden = !o[2];
          r.cls.toggle("group", o[2]);
          break;
        case "src":
          if (o[2] === "") {
            r.img.removeAttribute("src");
            r.img.classList.add("broken");
          } else {
            r.img.classList.remove("broken");
            r.img.src = o[2];
          }
          break;
        case "class":
          r.cls.toggle(o[2], o[3]);
          break;
        case "on":
          r.cls.toggle("active", o[2]);
          r.li.setAttribute("aria-selected", String(o[2]));
          break;
        case "cursor":
          if (o[1] < 0) {
            search.removeAttribute("aria-activedescendant");
            break;
          }
          // The element id aria-activedescendant names, given to a row
          // the first time it is named (each id set cost more than the
          // row's other attributes). Here and not with "on": a row
          // instant.js put under the cursor is adopted active, and gets
          // no "on".
          if (!r.li.id) r.li.id = "chat-" + o[1];
          search.setAttribute("aria-activedescendant", "chat-" + o[1]);
          break;
        case "place":
          r.li.setAttribute("aria-posinset", o[2]);
          r.li.setAttribute("aria-setsize", o[3]);
          break;
        case "tick":
          r.check.checked = o[2];
          break;
        case "remove":
          r.li.remove();
          break;
        case "before":
          (o[2] < 0 ? spacer : rows.get(o[2]).li).before(r.li);
          break;
        case "forget":
          rows.delete(o[1]);
          break;
        case "spacer":
          spacer.hidden = o[1] === 0;
          spacer.style.height = o[1] + "px";
          break;
        case "status":
          status.textContent = o[2];
          status.hidden = o[2] === "";
          break;
        case "view":
          r.li.scrollIntoView({ block: "nearest" });
          break;
        default:
          throw new Error("rows.js: no op " + o[0]);
      }
    }
  }

  // number is the number of the row e (or an element in it) is part of,
  // -1 for none.
  function number(e) {
    const li = e && e.closest && e.closest("li.chat");
    const r = li && rows.get(li.wxdropRow);
    return r && r.li === li ? li.wxdropRow : -1;
  }

  globalThis.wxdropRows = { init, onKeys, adopt, apply, number };
})();
