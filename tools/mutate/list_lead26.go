package main

// lead26: sending a page's file (issue 15, goal 6): the chunks as the
// browser's FormData; a page API call's {timeout} within the worker's.
var lead26 = []mutation{
	{Name: "e2e: an upload chunk's FormData sent with the hand-made form's boundary", File: "wasm/jsfetch/fetch.go",
		Old: `if formType && k == "Content-Type" {`, New: `if false {`, Pkgs: []string{e2ePkg}, Run: "TestShareFromPages$", E2E: true},
	{Name: "isolated.js: a page's {timeout} past setTimeout's largest passed on (UNCERTAIN at once)", File: "extension/content/isolated.js",
		Old: `return Math.min(Math.max(Math.round(ms), MIN_API_WAIT_MS), API_WAIT_MS);`, New: `return Math.round(ms);`, Pkgs: []string{corePkg}},
}
