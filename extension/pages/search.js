// search.js is the contact search of wasm/search for the popup's first
// keystroke: instant.js answers it over every contact from
// storage.session before popup.wasm has compiled, and popup.wasm's own
// index takes over with the same answer. The worker writes what it
// searches (msg.SearchList, made by search.Sorted): each chat's names as
// the Go index shows them and its fields cleaned and lower-cased, in the
// list's empty-query order. What is left here is the query (index.go's
// normalize: clean.go's Clean and Go's lower-casing and trimming) and the
// match (exact > prefix > substring).
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

  // fold is fold.go's: full-width ASCII (全角 "ｚｓ") as ASCII, U+3000 a space.
  const fold = (s) => s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replaceAll("\u3000", " ");

  // normalize is index.go's: the query cleaned, lower-cased and trimmed,
  // and for the pinyin fields, which have no spaces, without its spaces
  // ("zhang san" finds zhangsan). A lone surrogate (a paste, an IME) is
  // U+FFFD, as popup.wasm gets the box's text through syscall/js: it must
  // not match half an emoji.
  function normalize(query) {
    const q = lower(trim(fold(clean(String(query).toWellFormed()))));
    return [q, q.includes(" ") ? q.replaceAll(" ", "") : q];
  }

  function quality(s, t) {
    if (t.length > s.length) return NO;
    if (s === t) return EXACT;
    if (s.startsWith(t)) return PREFIX;
    return s.includes(t) ? SUBSTRING : NO;
  }

  // list is the search of a msg.SearchList (null if it is not one): the
  // worker's text of every chat, in the list's empty-query order
  // (search.Sorted), its names as the Go index shows them and its fields
  // cleaned and lower-cased. Nothing is made here before a query: the
  // popup's first keystroke waits for this.
  function list(sl) {
    const ok = (a) => Array.isArray(a) && a.length === sl.s.length;
    if (!sl || typeof sl !== "object" || !Array.isArray(sl.s) || !ok(sl.d) || !ok(sl.k)) return null;
    const keys = sl.s, split = sl.x && typeof sl.x === "object" ? sl.x : {};
    const groups = new Set(Array.isArray(sl.g) ? sl.g : []);
    const fields = new Array(keys.length);
    const str = (v) => (typeof v === "string" ? v : "");
    // match is index.go's entry.match: the best quality of any field of
    // chat k; the pinyin fields (from the third) are matched by the
    // query without its spaces.
    function match(k, q, qpy) {
      const all = str(keys[k]);
      if (q === qpy && !all.includes(q)) return NO;
      const f = fields[k] || (fields[k] = Array.isArray(split[k]) ? split[k].map(str) : all.split("\u0000"));
      let best = NO;
      for (let i = 0; i < f.length; i++) {
        const s = f[i];
        if (s === "") continue;
        const m = quality(s, i >= 2 ? qpy : q);
        if (m > best && (best = m) === EXACT) break;
      }
      return best;
    }
    // search is Index.Search: positions in the list, best first (exact,
    // prefix, substring; in the list's order within each), at most limit
    // (<= 0: all), and the count of every match.
    function search(query, limit) {
      const [q, qpy] = normalize(query);
      const n = keys.length;
      if (!(limit > 0) || limit > n) limit = n;
      const hits = [];
      if (q === "") {
        for (let k = 0; k < limit; k++) hits.push(k);
        return { hits, total: n };
      }
      const best = [null, [], [], []];
      let total = 0;
      for (let k = 0; k < n; k++) {
        const m = match(k, q, qpy);
        if (m === NO) continue;
        total++;
        if (best[m].length < limit) best[m].push(k);
      }
      for (let m = EXACT; m > NO && hits.length < limit; m--) {
        for (const k of best[m]) {
          if (hits.length === limit) break;
          hits.push(k);
        }
      }
      return { hits, total };
    }
    return {
      length: keys.length,
      search,
      display: (k) => str(sl.d[k]),
      nick: (k) => str(sl.k[k]),
      keys: (k) => str(keys[k]),
      group: (k) => groups.has(k),
    };
  }

  return { list, clean, normalize };
})();
