//go:build !js

package core_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestDeliverAsksAgainOnlyWhenNotTaken runs extension/sync.js's deliver
// (how the content script, and Firefox's background page, pass a batch to
// page.messages) under Node against the worker's answers. Its answer was
// thrown away and a batch the rules could not take was lost without a
// word; asking again whatever the answer would send the rules' replies
// twice. It asks again only what the worker says the rules did not take
// (PageMessagesAnswer.Again), at most PAGE_TRIES times, the last saying
// so (the worker logs it); anything else ends at once.
func TestDeliverAsksAgainOnlyWhenNotTaken(t *testing.T) {
	ok := func(v any) map[string]any { return map[string]any{"ok": v} }
	again := ok(msg.PageMessagesAnswer{Again: true, Error: msg.ErrLoggedOut})
	cases := []struct {
		name    string
		answers []any // "reject": the call got no answer
		lasts   []bool
	}{
		{"taken", []any{ok(struct{}{})}, []bool{false}},
		{"not taken, then taken", []any{again, ok(struct{}{})}, []bool{false, false}},
		{"never taken", []any{again, again, again, again, again}, []bool{false, false, false, true}},
		{"taken, then a failure", []any{ok(msg.PageMessagesAnswer{Error: msg.ErrBadRequest}), again}, []bool{false}},
		{"refused", []any{map[string]any{"error": msg.Error{Code: msg.ErrNotAllowed}}, again}, []bool{false}},
		{"no answer", []any{"reject", again}, []bool{false}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := runSyncJS(t, c.answers, `
const answers = JSON.parse(fs.readFileSync(0, "utf8"));
const lasts = [];
wxdropSync.deliver(async (last) => {
  lasts.push(last);
  const a = answers[lasts.length - 1];
  if (a === "reject") throw new Error("The message port closed before a response was received.");
  return a;
}, 0).then(() => process.stdout.write(JSON.stringify(lasts)));
`)
			var lasts []bool
			require.NoError(t, json.Unmarshal(out, &lasts))
			require.Equal(t, c.lasts, lasts, "the tries and which was the last")
		})
	}
}

// TestDeliverInOneLogin: a batch asked again is sent with the page's
// session of that moment (the first try may have had none yet), but not
// in another login than the first one known: its messages are of that
// login's sync (the review of incoming25: isolated.js asked the page's
// session at each try, and a batch could go out in a later login).
func TestDeliverInOneLogin(t *testing.T) {
	again := map[string]any{"ok": msg.PageMessagesAnswer{Again: true, Error: msg.ErrLoggedOut}}
	cases := []struct {
		name     string
		sessions []any
		sent     []string // the logins each send went in ("" none known)
	}{
		{"none known, then its login", []any{nil, map[string]any{"userName": "@a"}, map[string]any{"userName": "@a"}, map[string]any{"userName": "@a"}}, []string{"", "@a", "@a", "@a"}},
		{"another login after", []any{map[string]any{"userName": "@a"}, map[string]any{"userName": "@b"}, map[string]any{"userName": "@a"}}, []string{"@a"}},
		{"none known, then one, then another", []any{nil, map[string]any{"userName": "@a"}, map[string]any{"userName": "@b"}}, []string{"", "@a"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := runSyncJS(t, map[string]any{"sessions": c.sessions, "again": again}, `
const { sessions, again } = JSON.parse(fs.readFileSync(0, "utf8"));
let asked = 0;
const sent = [];
const ask = wxdropSync.inOneLogin(async () => sessions[asked++], async (session) => {
  sent.push((session && session.userName) || "");
  return again;
});
wxdropSync.deliver(ask, 0).then(() => process.stdout.write(JSON.stringify(sent)));
`)
			var sent []string
			require.NoError(t, json.Unmarshal(out, &sent))
			require.Equal(t, c.sent, sent)
		})
	}
}

// runSyncJS runs script under Node after extension/sync.js, as a content
// script has it (wxdropSync), with input as JSON on its stdin, and gives
// what it writes.
func runSyncJS(t *testing.T, input any, script string) []byte {
	t.Helper()
	node, err := exec.LookPath("node")
	require.NoError(t, err, "Node.js runs sync.js (make test installs it)")
	js, err := filepath.Abs("../../extension/sync.js")
	require.NoError(t, err)
	in, err := json.Marshal(input)
	require.NoError(t, err)
	cmd := exec.Command(node, "-e", `
const fs = require("fs"), vm = require("vm");
globalThis.chrome = { runtime: { getURL: (p) => "chrome-extension://x/" + p } };
console.warn = () => {};
vm.runInThisContext(fs.readFileSync(process.argv[1], "utf8"));
`+script, js)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	return out
}
