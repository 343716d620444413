package main

// left26: the breakages of the items the last stop saw and left alone
// (a torn download's words, the page API's details in both languages,
// a stranger's repeated friend requests, the rules log's not-taken
// lines, the wording of api_revoked and DOWNLOAD_NOT_KEPT). A fix whose
// test runs only as WebAssembly (wasm/jsx, wasm/worker) has none here:
// make mutate runs native tests.
var left26 = []mutation{
	{Name: "a save rule's torn download gives up instead of waiting", File: "wasm/core/saves.go",
		Old: `msg.ErrUnreachable, msg.ErrSourceTorn:`, New: `msg.ErrUnreachable:`, Pkgs: []string{corePkg}},
}
