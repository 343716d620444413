#!/usr/bin/env bash
# Builds the extension in place (the repository root is the unpacked
# extension): extension/core.wasm (service worker), extension/ui.wasm (popup
# and options) and extension/wasm_exec.js from the same Go toolchain.
set -euo pipefail
cd "$(dirname "$0")"
export GOOS=js GOARCH=wasm
flags=(-trimpath -ldflags="-s -w")
go build "${flags[@]}" -o extension/core.wasm ./wasm/cmd/core
go build "${flags[@]}" -o extension/ui.wasm ./wasm/cmd/ui
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" extension/wasm_exec.js
ls -l extension/core.wasm extension/ui.wasm | awk '{print $5, $9}'
