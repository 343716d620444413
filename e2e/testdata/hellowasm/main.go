//go:build js && wasm

// Command hellowasm is the hello-world Go wasm of the start-up baseline:
// no fmt, it only sets a global, tells the worker it is ready and blocks,
// as wasm/worker.Run does (for wasm/cmd/core) once its own set-up is done.
package main

import "syscall/js"

func main() {
	api := js.Global().Get("Object").New()
	api.Set("hello", "world")
	js.Global().Set("helloCore", api)
	if ready := js.Global().Get("helloReady"); ready.Type() == js.TypeFunction {
		ready.Invoke(api)
	}
	select {}
}
