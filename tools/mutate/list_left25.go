package main

// left25: the breakages of the items the last stop left alone (the
// outbox's cached record, full-width formula signs, a router's names,
// error details in the person's language, the many-chats panel's line).
var left25 = []mutation{
	{Name: "the outbox's cached record used after another wrote the record", File: "wasm/outbox/record.go",
		Old: `if o.rec.ok && text == o.rec.text {`, New: `if o.rec.ok {`, Pkgs: []string{outboxPkg}},
	{Name: "the outbox's cached record handed out itself, for a caller to change", File: "wasm/outbox/record.go",
		Old: `		if rec, ok := decodedCopy(o.rec.rec); ok {
			return rec, nil
		}`, New: `		return o.rec.rec, nil`, Pkgs: []string{outboxPkg}},
	{Name: "a full-width ＝ starts no formula in the contacts CSV (row 111)", File: "wasm/export/export.go",
		Old: `＝＋－＠﹦﹢﹣﹫"`, New: `"`, Pkgs: []string{"./wasm/export/"}},
	{Name: "fritz.box taken for a site on the Internet (row 112)", File: "wasm/share/target.go",
		Old: `var routerNames = []string{"fritz.box", "speedport.ip"}`, New: `var routerNames = []string{}`, Pkgs: []string{"./wasm/share/"}},
	{Name: "a download the browser did not keep said in English (not stored)", File: "wasm/core/pagedownloads.go",
		Old: `return nil, &msg.Error{Code: msg.ErrDownloadNotKept}`, New: `return nil, &msg.Error{Code: msg.ErrDownloadFailed, Detail: "not stored"}`, Pkgs: []string{corePkg}},
	{Name: "wxdrop.revoke resolves with WeChat's Chinese in every language", File: "wasm/core/revoked.go",
		Old: `return tr("api_revoked")`, New: `return "你可以撤回2分钟内发送的消息"`, Pkgs: []string{corePkg}},
	{Name: "e2e: the many-chats panel 4 px left of the list", File: "extension/pages/ui.css",
		Old: `.many-panel { padding: 4px 12px;`, New: `.many-panel { padding: 4px 8px;`, Pkgs: []string{e2ePkg}, Run: "TestManyPanelLinesUpWithThePicker$", E2E: true},
}
