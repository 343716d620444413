//go:build js && wasm

// Command options is extension/options.wasm: the options page, rendered in
// Go. extension/pages/boot.js starts it; the popup is wasm/cmd/popup.
package main

import "github.com/wxdrop/wxdrop/wasm/ui"

func main() {
	ui.RunOptions()
	// The page's event handlers are Go functions: the program must live
	// as long as the page.
	select {}
}
