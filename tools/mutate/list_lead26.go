package main

// lead26: sending a page's file (issue 15, goal 6): the chunks as the
// browser's FormData.
var lead26 = []mutation{
	{Name: "e2e: an upload chunk's FormData sent with the hand-made form's boundary", File: "wasm/jsfetch/fetch.go",
		Old: `if formType && k == "Content-Type" {`, New: `if false {`, Pkgs: []string{e2ePkg}, Run: "TestShareFromPages$", E2E: true},
}
