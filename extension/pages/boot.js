// boot.js starts the Go program that renders this page, named by
// document.body.dataset.page: popup.wasm or options.wasm, with
// ../wasm_exec.js (the options page lists it; the popup's is loaded here).
// The CSP allows no inline script.
"use strict";

(async () => {
  try {
    // The popup's first frame (instant.js) goes first, for at most 200 ms:
    // running wasm_exec.js and starting the compilation competed with it
    // for the main thread and the cores (make bench: the list on screen at
    // 1.07–1.09 times the static page with this, 1.39–1.51 without, the
    // first keystroke's answer no later). Nor is popup.wasm preloaded while
    // the page is parsed: fetching megabytes delayed the first script. Then the
    // bytes are compiled as they come (streaming).
    const first = globalThis.wxdropInstant && globalThis.wxdropInstant.shown;
    if (first) await Promise.race([first, new Promise((r) => setTimeout(r, 200))]);
    // The rest of the popup (popup.html's #later), if the list's frame
    // has not attached it: popup.wasm finds the page whole, even when
    // instant.js failed.
    const later = document.getElementById("later");
    if (later && globalThis.wxdropInstant) globalThis.wxdropInstant.attach();
    else if (later) later.replaceWith(later.content);
    if (typeof Go === "undefined") await load("../wasm_exec.js");
    performance.mark("wxdrop-boot");
    const go = new Go();
    const program = document.body.dataset.page === "options" ? "options" : "popup";
    // The popup's start allocates some 6 MB (the contact list's text,
    // its decoding, the index): with Go's default GOGC=100 a collection
    // ran in the middle of it, with its write barriers and assists, on
    // the path to the first answer (GODEBUG=gctrace=1: one in every
    // open). At 400 the first comes at 16 MB (none in 10 opens), and a
    // popup lives minutes with some tens of MB.
    if (program === "popup") go.env = { GOGC: "400" };
    const compiling = WebAssembly.instantiateStreaming(fetch("../" + program + ".wasm"), go.importObject);
    const { instance } = await compiling;
    performance.mark("wxdrop-wasm-ready");
    await go.run(instance);
    // main never returns while the page lives: reaching here means the
    // program died (a panic is in the console).
    fail(program + ".wasm stopped");
  } catch (e) {
    console.error(e);
    fail(String((e && e.message) || e));
  }
})();

// load runs a script of the extension.
function load(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error("loading " + src));
    document.head.append(s);
  });
}

// fail shows what went wrong in #error, in the page's language.
function fail(detail) {
  const el = document.getElementById("error");
  if (!el) return;
  const text = globalThis.chrome && chrome.i18n ? chrome.i18n.getMessage("err_INTERNAL", [detail]) : "";
  el.textContent = text || "wxdrop: " + detail;
  el.hidden = false;
}
