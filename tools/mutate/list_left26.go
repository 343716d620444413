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
	{Name: "a stranger asking again makes a new row each time (row 116)", File: "wasm/friends/friends.go",
		Old: `old.UserName == r.UserName && old.State != StateAccepted`, New: `old.UserName == r.UserName && old.State == "asked again"`, Pkgs: []string{"./wasm/friends/"}},
	{Name: "a made-up session's not-taken batch adds a line to the rules log each time (row 115)", File: "wasm/rules/log.go",
		Old: `if l.Result != ResultNotTaken || l.Detail != code {`, New: `if true {`, Pkgs: []string{rulesPkg}},
	{Name: "wxdrop.revoke says its fixed sentence whatever WeChat said", File: "wasm/core/revoked.go",
		Old: `if strings.HasPrefix(intro, revokedIntro) {`, New: `if true {`, Pkgs: []string{corePkg}},
	{Name: "a save rule's file not kept says download it again", File: "wasm/msg/codes.go",
		Old: `t("rule_err_"+string(e.Code), e.Detail); s != "" {`, New: `t("rule_err_"+string(e.Code), e.Detail); s == "x" {`, Pkgs: []string{"./wasm/msg/"}},
	{Name: "the worker's BAD_REQUEST details not said to the page (its words key alone)", File: "wasm/core/core.go",
		Old: `a.Error = c.worded(toMsgError(err))`, New: `a.Error = toMsgError(err)`, Pkgs: []string{corePkg}},
	{Name: "a BAD_REQUEST's detail said as its filling alone, in no language", File: "wasm/msg/codes.go",
		Old: `	if s := t(e.Words.Key(), e.Detail); s != "" {
		return s
	}`, New: ``, Pkgs: []string{"./wasm/msg/"}},
}
