// search.js is the contact search of wasm/search (index.go, clean.go,
// blank.go) in plain JavaScript, for the popup's first keystroke:
// instant.js answers it over every contact from storage.session before
// popup.wasm has compiled (some 150-250 ms sooner), and popup.wasm's own
// index takes over with the same answer.
// The two must agree hit for hit: wasm/search/jsport_test.go runs
// this file under Node beside index.go over the same contacts and
// queries, names with markup, entities, emoji and the case mappings where
// JavaScript and Go differ included. Nothing here touches the page.
"use strict";

globalThis.wxdropSearch = (() => {
  // Quality of a match, as index.go's Quality: higher is better.
  const NO = 0, SUBSTRING = 1, PREFIX = 2, EXACT = 3;

  // clean is search.Clean: a web WeChat name as plain text, emoji spans
  // (<span class="emoji emoji1f604"></span>) as their character, other
  // tags dropped, the server's few entities decoded.
  const entities = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&apos;": "'", "&nbsp;": " " };
  function clean(s) {
    if (!/[<&]/.test(s)) return s;
    let out = "";
    // noGt: no '>' is left, and every '<' from here is text (a search for
    // '>' at every '<' made a name of many '<' quadratic, as clean.go's).
    let noGt = false;
    while (s.length > 0) {
      const c = s[0];
      if (c === "<") {
        let end = -1;
        if (!noGt && tagStart(s.charCodeAt(1))) noGt = (end = s.indexOf(">")) < 0;
        if (end < 0) {
          out += "<";
          s = s.slice(1);
          continue;
        }
        out += emojiOf(s.slice(0, end));
        s = s.slice(end + 1);
      } else if (c === "&") {
        // An entity of the table is ASCII: its length is its bytes' too.
        // Its ';' is among the first 8 characters or it is none.
        const end = s.slice(0, 8).indexOf(";");
        const e = end > 0 && end <= 7 ? entities[s.slice(0, end + 1)] : undefined;
        out += e === undefined ? "&" : e;
        s = s.slice(e === undefined ? 1 : end + 1);
      } else {
        let i = s.search(/[<&]/);
        if (i < 0) i = s.length;
        out += s.slice(0, i);
        s = s.slice(i);
      }
    }
    return out;
  }

  // tagStart is isTagStart for the code unit after a '<': a letter or '/'.
  function tagStart(c) {
    const l = c | 0x20;
    return c === 0x2f || (l >= 0x61 && l <= 0x7a);
  }

  // emojiOf is the character of an opening emoji span, "" for any other
  // tag: a code of 4 or 5 hex digits, a valid code point from 0x20.
  function emojiOf(tag) {
    const i = tag.indexOf("emoji emoji");
    if (i < 0) return "";
    let code = tag.slice(i + "emoji emoji".length);
    const j = code.search(/["' ]/);
    if (j >= 0) code = code.slice(0, j);
    if (!/^[0-9a-fA-F]{4,5}$/.test(code)) return "";
    const v = parseInt(code, 16);
    if (v < 0x20 || (v >= 0xd800 && v <= 0xdfff)) return "";
    return String.fromCodePoint(v);
  }

  // lower is Go's strings.ToLower. JavaScript's toLowerCase differs: İ
  // (U+0130) becomes "i̇" (two code points; Go: "i"); a final Σ becomes ς
  // (Go: σ, no context); and the letters Unicode gave a lower case after
  // Go's tables (Unicode 15.0; Node's and Chromium's ICU are newer) are
  // lowered (Go keeps them). Strings with none of them are lowered whole,
  // the others in pieces around them (final sigma is the only rule that
  // looks at its context). TestSearchJSLowersEveryCodePoint holds this to
  // Go's for every code point, under Node's ICU.
  const oddSet = "\u0130\u03a3\u1c89\ua7cb\ua7cc\ua7ce\ua7d2\ua7d4\ua7da\ua7dc\u{10d50}-\u{10d65}\u{16ea0}-\u{16eb8}";
  const odd = new RegExp("[" + oddSet + "]", "u");
  const oddPieces = new RegExp("[" + oddSet + "]|[^" + oddSet + "]+", "gu");
  function lower(s) {
    if (!odd.test(s)) return s.toLowerCase();
    return s.replace(oddPieces, (m) => (m === "\u0130" ? "i" : m === "\u03a3" ? "\u03c3" : odd.test(m) ? m : m.toLowerCase()));
  }

  // trim is Go's strings.TrimSpace: unicode.IsSpace, which differs from
  // JavaScript's trim at U+0085 (space to Go) and U+FEFF (not).
  const space = "[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+";
  const spaces = new RegExp("^" + space + "|" + space + "$", "g");
  const trim = (s) => s.replace(spaces, "");

  // compareText orders strings as Go's strings.Compare does, by their
  // UTF-8 bytes, which is code point order: UTF-16's order (JavaScript's
  // <) differs between a surrogate pair (a code point from U+10000) and a
  // unit from U+E000, so that strings with a pair (wide: either has one)
  // are compared a unit at a time, and the others natively: a unit at a
  // time, every comparison was most of a first keystroke's search (node
  // --cpu-prof: 6 of 7 ms).
  function compareText(a, b, wide) {
    if (a === b) return 0;
    if (!wide) return a < b ? -1 : 1;
    const n = Math.min(a.length, b.length);
    let i = 0;
    while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    if (i === n) return a.length - b.length;
    let x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x >= 0xd800 && x <= 0xdfff && y >= 0xe000) return 1;
    if (y >= 0xd800 && y <= 0xdfff && x >= 0xe000) return -1;
    return x - y;
  }

  const str = (v) => (typeof v === "string" ? v : "");

  // blank is search.Blank: a name that shows nothing (only spaces, as Go's
  // unicode.IsSpace has them, the Hangul fillers, the blank Braille
  // pattern, the zero-width and other format characters seen in names).
  const blankRE = new RegExp("^(?:" + space.slice(0, -2) + "\\u3164\\u115f\\u1160\\uffa0\\u2800\\u200b-\\u200f\\u2060-\\u2064\\ufeff\\u00ad\\u180e])*$");
  const blank = (s) => blankRE.test(s);

  // shown is search.Shown: a blank name that is not empty in quotes.
  const shown = (s) => (s !== "" && blank(s) ? "\u201c" + s + "\u201d" : s);

  // displayName is index.go's: the remark, else the nick name, else a
  // blank one of them in quotes, else the UserName.
  function displayName(user, nick, remark) {
    if (!blank(remark)) return remark;
    if (!blank(nick)) return nick;
    return remark || nick ? shown(remark || nick) : user;
  }

  // index is search.New over contacts as msg.Contact's JSON (u, n, r, pi,
  // pq, rpi, rpq, rc). An entry holds its six searchable fields, cleaned
  // and lower-cased, joined by NUL (all: lowered in one call, which
  // lowers each field as it would alone, NUL being no letter); the
  // fields apart and the sort keys are made for the entries a query
  // matches only (keys): the popup's first keystroke waits for this.
  function index(contacts) {
    const entries = new Array(contacts.length);
    for (let i = 0; i < contacts.length; i++) {
      const c = contacts[i];
      const all = lower(clean(str(c.n)) + "\u0000" + clean(str(c.r)) + "\u0000" + str(c.pi) + "\u0000" + str(c.pq) + "\u0000" + str(c.rpi) + "\u0000" + str(c.rpq));
      entries[i] = { i, c, all, fields: null, name: "", display: "", user: "", recent: 0, wide: false };
    }
    return {
      search: (query, limit) => search(entries, query, limit),
      // Display and Nick of index.go: the name a row shows, and its
      // second line beside a remark.
      display(i) {
        const e = entries[i];
        if (e.fields === null) keys(e);
        return e.display;
      },
      nick: (i) => (blank(str(entries[i].c.r)) ? "" : clean(str(entries[i].c.n))),
      // Keys: the searchable text, as the snapshot's rows hold it.
      keys: (i) => entries[i].all,
    };
  }

  // keys makes e's fields and sort keys (index.go's entryOf and New).
  function keys(e) {
    const c = e.c, nick = clean(str(c.n)), remark = clean(str(c.r));
    e.fields = e.all.split("\u0000");
    if (e.fields.length !== 6) {
      // A name holding a NUL: its fields one by one.
      e.fields = [clean(str(c.n)), clean(str(c.r)), str(c.pi), str(c.pq), str(c.rpi), str(c.rpq)].map(lower);
    }
    e.user = str(c.u);
    e.recent = Number.isInteger(c.rc) ? c.rc : 0;
    e.display = displayName(e.user, nick, remark);
    // sortKey: the pinyin of the name shown.
    e.name = lower(str(c.r) !== "" ? str(c.rpq) || remark : str(c.pq) || nick || e.user);
    e.wide = /[\ud800-\udfff]/.test(e.name + e.display + e.user);
  }

  // compare is index.go's empty-query order: recent chats by rank, then
  // everyone by name, display name, UserName and position.
  function compare(a, b) {
    if (a.recent > 0 !== b.recent > 0) return a.recent > 0 ? -1 : 1;
    const wide = a.wide || b.wide;
    return (
      a.recent - b.recent ||
      compareText(a.name, b.name, wide) ||
      compareText(a.display, b.display, wide) ||
      compareText(a.user, b.user, wide) ||
      a.i - b.i
    );
  }

  // keep puts e among best, at most limit entries in compare's order.
  function keep(best, e, limit) {
    if (best.length === limit && compare(e, best[limit - 1]) >= 0) return;
    let lo = 0, hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(best[mid], e) < 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, e);
    if (best.length > limit) best.length = limit;
  }

  function quality(s, t) {
    if (t.length > s.length) return NO;
    if (s === t) return EXACT;
    if (s.startsWith(t)) return PREFIX;
    return s.includes(t) ? SUBSTRING : NO;
  }

  // match is the best quality of any field of e; the pinyin fields
  // (from the third) are matched by the query without its spaces.
  function match(e, q, qpy) {
    if (q === qpy && !e.all.includes(q)) return NO;
    if (e.fields === null) keys(e);
    let best = NO;
    for (let f = 0; f < e.fields.length; f++) {
      const s = e.fields[f];
      if (s === "") continue;
      const m = quality(s, f >= 2 ? qpy : q);
      if (m > best && (best = m) === EXACT) break;
    }
    return best;
  }

  // search is Index.Search: positions in the list given to index, best
  // first (exact, prefix, substring; in the empty-query order within
  // each), at most limit (<= 0: all), and the count of every match.
  function search(entries, query, limit) {
    // A lone surrogate (a paste, an IME) is U+FFFD, as popup.wasm gets
    // the box's text through syscall/js: it must not match half an emoji.
    const q = lower(trim(clean(String(query).toWellFormed())));
    const qpy = q.includes(" ") ? q.replaceAll(" ", "") : q;
    if (!(limit > 0) || limit > entries.length) limit = entries.length;
    const best = [[], [], [], []];
    let total = 0;
    for (const e of entries) {
      const m = q === "" ? EXACT : match(e, q, qpy);
      if (m === NO) continue;
      if (e.fields === null) keys(e);
      total++;
      keep(best[m], e, limit);
    }
    const hits = [];
    for (let m = EXACT; m > NO && hits.length < limit; m--) {
      for (const e of best[m].slice(0, limit - hits.length)) hits.push(e.i);
    }
    return { hits, total };
  }

  return { index, clean };
})();
