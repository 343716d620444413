#!/usr/bin/env bash
# Builds the extension in place (the repository root is the unpacked
# extension): extension/core.wasm (service worker), extension/popup.wasm,
# extension/options.wasm (the two pages, each a program of its own so that
# each carries only what it uses), extension/wasm_exec.js from the same
# Go toolchain, and extension/wasm-ids.json (core.wasm's hash: the name of
# the worker's copy of it, sw.js loadCore).
set -euo pipefail
cd "$(dirname "$0")"
export GOOS=js GOARCH=wasm
# WXDROP_LDFLAGS="" keeps Go's names, for a profile (sharebench -profile);
# core.wasm is built here and nowhere else, so that wasm-ids.json is its.
flags=(-trimpath -ldflags="${WXDROP_LDFLAGS--s -w}")
# Each output is written beside its place and renamed into it: the
# end-to-end packages (e2e, e2e/firefox) each build at the start of a run,
# and go test runs them at once; a browser never loads a half-written file.
# (A dot-name is never packaged.)
put() { mv -f "extension/.$1.$$" "extension/$1"; }
go build "${flags[@]}" -o "extension/.core.wasm.$$" ./wasm/cmd/core
put core.wasm
for page in popup options; do
	go build "${flags[@]}" -o "extension/.$page.wasm.$$" "./wasm/cmd/$page"
	put "$page.wasm"
done
# ui.wasm served both pages until they were split: an old copy is no
# longer part of the extension.
rm -f extension/ui.wasm
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "extension/.wasm_exec.js.$$"
put wasm_exec.js
# wasm-ids.json names core.wasm by its content for sw.js, which keeps a
# copy of it in CacheStorage under that name: a new build never runs an old
# copy.
sum() { if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -c1-16; }
printf '{"extension/core.wasm": "%s"}\n' "$(sum extension/core.wasm)" >"extension/.wasm-ids.json.$$"
put wasm-ids.json
ls -l extension/core.wasm extension/popup.wasm extension/options.wasm | awk '{print $5, $9}'
