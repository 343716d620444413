// boot.js starts ui.wasm, the Go program that renders this page (popup or
// options: it reads document.body.dataset.page). It is the only script of
// the pages besides ../wasm_exec.js; the CSP allows no inline script.
"use strict";

(async () => {
  // Fetch and compile right after parsing (boot.js is deferred, after the
  // popup's instant.js has asked for its list); streaming compiles as the
  // bytes come. No <link rel=preload>: fetching 5 MB while the page was
  // parsed delayed the popup's first script (make bench's marks).
  performance.mark("wxdrop-boot");
  const go = new Go();
  try {
    const { instance } = await WebAssembly.instantiateStreaming(fetch("../ui.wasm"), go.importObject);
    performance.mark("wxdrop-wasm-ready");
    await go.run(instance);
    // main never returns while the page lives: reaching here means the
    // program died (a panic is in the console).
    fail("ui.wasm stopped");
  } catch (e) {
    console.error(e);
    fail(String((e && e.message) || e));
  }
})();

// fail shows what went wrong in #error, in the page's language.
function fail(detail) {
  const el = document.getElementById("error");
  if (!el) return;
  const text = globalThis.chrome && chrome.i18n ? chrome.i18n.getMessage("err_INTERNAL", [detail]) : "";
  el.textContent = text || "wxdrop: " + detail;
  el.hidden = false;
}
