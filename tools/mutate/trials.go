package main

// trials: the breakages of what the trials found, each a person's way
// through the product (trial23 onwards; the earlier ones are in list.go
// by area).
var trials = []mutation{
	// trial23.
	{Name: "e2e: the popup's \"nothing to send\" stays over the text typed since", File: "wasm/ui/composer.go",
		Old: `if c.said != "" && c.p.err.el.Get("textContent").String() == c.said {`, New: `if false {`, Pkgs: []string{e2ePkg}, Run: "TestComposerErrorGoesWithItsFix$", E2E: true},
	{Name: "an edit goes on with an earlier occurrence of its repeat", File: "wasm/ui/model/outbox.go",
		Old: `x.State != msg.EntryQueued || x.Slot <= e.Slot {`, New: `x.State != msg.EntryQueued {`, Pkgs: []string{"./wasm/ui/model/"}},
	{Name: "e2e: an edit of a daily message ends, what was typed lost, when it goes", File: "wasm/ui/composer.go",
		Old: `	if found {
		c.editing = &next`, New: `	if false {
		c.editing = &next`, Pkgs: []string{e2ePkg}, Run: "TestEditOfARepeatGoesOnWithTheNext$", E2E: true},
	// trial24.
	{Name: "e2e: wxdrop.avatar refuses 文件传输助手 (Firefox)", File: "extension/content/page.js",
		Old: ` || /^[a-z0-9_]+$/.test(u)`, New: ``, Pkgs: []string{"./e2e/firefox/"}, Run: "TestFirefoxTrial24$", E2E: true},
	{Name: "e2e: a rule's Delete stands against its words (Firefox)", File: "extension/pages/ui.css",
		Old: `#rules-list .link { margin-left: .75em; }`, New: ``, Pkgs: []string{"./e2e/firefox/"}, Run: "TestFirefoxTrial24$", E2E: true},
	{Name: "the export's error names a switch the options do not show (zh)", File: "_locales/zh_CN/messages.json",
		Old: `打开“保留收到的消息”`, New: `打开“保存收到的消息”`, Pkgs: []string{"./wasm/ui/model/"}},
	{Name: "two simulators' certificates of one serial", File: "protocol/wxsim/tls.go",
		Old: `SerialNumber: serial(),`, New: `SerialNumber: big.NewInt(2),`, Pkgs: []string{"./protocol/wxsim/"}},
	// trial25.
	{Name: "an outbox row of another account says nothing of it", File: "wasm/ui/model/entry.go",
		Old: `	v.From = fromText(env, e)
`, New: ``, Pkgs: []string{"./wasm/ui/model/"}},
	{Name: "e2e: the popup's rows hear no account of the state", File: "wasm/ui/popup.go",
		Old: `		u.outbox.setState(st)`, New: `		_ = st`, Pkgs: []string{"./e2e/"}, Run: "TestTrial25$/.*/AnotherAccountsEntrySaysWhose", E2E: true},
	{Name: "e2e: a chat of the shown account taken for an edit of another's", File: "wasm/ui/composer.go",
		Old: `		if why := model.EditPickOfAnotherAccount(tr, e, shownAccount, as); why != "" {`, New: `		if why := model.EditPickOfAnotherAccount(tr, e, shownAccount, as); false && why != "" {`, Pkgs: []string{"./e2e/"}, Run: "TestTrial25$/.*/EditOfAnotherAccountsEntry", E2E: true},
	{Name: "e2e: the rules' log numbers its \"nothing yet\"", File: "extension/pages/ui.css",
		Old: `#rules-log li.empty { list-style: none; }`, New: ``, Pkgs: []string{"./e2e/"}, Run: "TestTrial25$/.*/RulesLogNothingYetUnnumbered", E2E: true},
	// trialff26.
	{Name: "e2e: the rules' log says a file's kind as its code, [file] (Firefox)", File: "wasm/ui/rulesview.go",
		Old: `model.LogWhat(tr, l)`, New: `l.What`, Pkgs: []string{"./e2e/firefox/"}, Run: "TestFirefoxTrialff26$", E2E: true},
	{Name: "the rules' log keeps no kind beside a saved file's name", File: "wasm/rules/log.go",
		Old: `what, typ = describe(*a.Msg), logType(*a.Msg)`, New: `what = describe(*a.Msg)`, Pkgs: []string{"./wasm/core/"}},
}
