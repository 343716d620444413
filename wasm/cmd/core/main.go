//go:build js && wasm

// Command core is the service worker's Go program (extension/core.wasm):
// the browser's side of it is wasm/worker.
package main

import "github.com/wxdrop/wxdrop/wasm/worker"

func main() { worker.Run() }
