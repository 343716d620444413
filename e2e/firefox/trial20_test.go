//go:build !js

package firefox

import (
	"strings"
	"testing"
)

// TestFirefoxPageAPIAsAPersonTypes: in Firefox too, contacts('lz') is a
// search, exportContacts('json') a JSON export, on('mesage', f) throws
// BAD_REQUEST naming the events (a bare TypeError before), and page.js's
// own errors are worded as the worker's, in the browser's language
// (e2e.TestPageAPIAsAPersonTypes).
func TestFirefoxPageAPIAsAPersonTypes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.logIn(t)
	opts := e.openOptions(t, "#api-enabled")
	click(t, opts, "#api-enabled")
	opts.Close()
	wait(t, e.page, `typeof window.wxdrop === 'object'`, "window.wxdrop on the page once turned on")
	for call, want := range map[string][]string{
		`wxdrop.contacts('lz').then((c) => c.map((x) => x.remarkName).join())`: {"resolved 老张"},
		`wxdrop.on('mesage', () => {})`:                                        {"BAD_REQUEST", "The call does not take these arguments", `not "mesage"`},
		`wxdrop.sendText('老张')`:                                                {"BAD_REQUEST", "The call does not take these arguments: sendText takes (to, text)"},
		// trial22: the exports' shorthands (e2e.TestPageAPIExportsAsTyped).
		`wxdrop.exportContacts('json').then((b) => b.type)`: {"resolved application/json"},
		`wxdrop.exportMessages()`:                           {"BAD_REQUEST", "exportMessages takes {chat, from, to, format}"},
	} {
		got := eval[string](t, e.page, `(async () => {
	await wxdrop.ready;
	try { return 'resolved ' + await `+call+`; }
	catch (e) { return (e instanceof Error ? 'Error ' : 'not an Error ') + e.code + ' ' + e.message; }
})()`)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q, want it to say %q", call, got, w)
			}
		}
	}
}
