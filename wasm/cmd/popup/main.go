//go:build js && wasm

// Command popup is extension/popup.wasm: the toolbar popup, rendered in
// Go. extension/pages/boot.js starts it. The options page is a program of
// its own (wasm/cmd/options): the linker keeps only what each calls, so
// the popup carries no rules view, no regexp and no settings forms.
package main

import "github.com/wxdrop/wxdrop/wasm/ui"

func main() {
	ui.RunPopup()
	// The page's event handlers are Go functions: the program must live
	// as long as the page.
	select {}
}
