//go:build js && wasm

// Command ui is extension/ui.wasm: the popup and the options page,
// rendered in Go. extension/pages/boot.js starts it.
package main

import "github.com/wxdrop/wxdrop/wasm/ui"

func main() {
	ui.Run()
	// The page's event handlers are Go functions: the program must live
	// as long as the page.
	select {}
}
