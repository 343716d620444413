//go:build !js

package e2e

// OverflowJS lists, after a frame at the page's width, what a person
// would see cut: an element past the window's right edge, a label whose
// words run over what is beside it (a label of a box of its own: an
// inline one has no width of its own, which Firefox measures as 0). The last line names the label of
// #friends-auto, so that a caller knows which page and language it read.
const OverflowJS = `new Promise((ok) => requestAnimationFrame(() => setTimeout(() => {
  const out = [], right = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll('main *')) {
    if (!el.getClientRects().length) continue; // not shown
    const r = el.getBoundingClientRect();
    if (r.right > right + 1) out.push('past the edge: ' + el.tagName + ' ' + el.textContent.trim().slice(0, 40));
    if (el.tagName === 'LABEL' && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) out.push('over its label: ' + el.textContent.trim());
  }
  out.push('labels: ' + [...document.querySelectorAll('label[for=friends-auto]')].map((l) => l.textContent).join());
  ok(out);
})))`
