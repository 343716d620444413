package main

// securityRows: the breakages of docs/security.md's attacks, from row
// 108 on (the earlier rows' are in list.go, with the pass that found
// them); each undoes a fix, and the row's test must notice.
var securityRows = []mutation{
	// attack25: docs/security.md row 108.
	{Name: "every send to a made-up name reads the whole contact list again", File: "wasm/core/listmemo.go",
		Old: `if ok && m.gen == gen {`, New: `if false && ok && m.gen == gen {`, Pkgs: []string{corePkg}},
	{Name: "a contact list as read kept after it was written", File: "wasm/core/listmemo.go",
		Old: `	c.listGen[id]++
	delete(c.listMemo, id)`, New: ``, Pkgs: []string{corePkg}},
	// attack25: docs/security.md row 109.
	{Name: "e2e: a sendMany whose repeat is a cycle never answered, its read place kept", File: "extension/content/isolated.js",
		Old: `failed({ code: 'BAD_REQUEST', detail: said('plain_data') });
        return;
      }
      ask = storeFile(`, New: `throw err;
      }
      ask = storeFile(`, Pkgs: []string{e2ePkg}, Run: "TestHostileSendManyFreesItsPlace$", E2E: true},
	// attack25: docs/security.md row 110.
	{Name: "the router in full-width digits (192.168.1.１) judged as written", File: "wasm/share/width.go",
		Old: `	if ascii {`, New: `	if ascii || host != "" {`, Pkgs: []string{"./wasm/share/"}},
}
