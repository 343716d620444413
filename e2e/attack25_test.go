//go:build !js

package e2e

import (
	"encoding/json"
	"testing"
)

// TestHostileSendManyFreesItsPlace (security.md row 109): a page script
// calls wxdrop.sendMany with a file and a repeat (or an at) that holds
// itself, a cycle, which the page's channel carries as it is. The content
// script made the call's arguments JSON outside its guard: the call threw
// there, was never answered, and kept its place among the 32 reads a
// page may have under way (row 69) for good; 32 such calls made every
// other read of the page (contacts, me, and so ready) BUSY until the page
// was loaded again. Each is BAD_REQUEST now, and the page reads on.
func TestHostileSendManyFreesItsPlace(t *testing.T) {
	t.Parallel()
	s := newSessEnv(t, "wx.qq.com")
	tab := s.open("wx.qq.com")
	got := s.eval(tab, `(async () => {
  const cyc = {}; cyc.self = cyc;
  const one = (o) => Promise.race([
    wxdrop.sendMany(['老张'], {text: '循环', file: new Blob(['x'], {type: 'text/plain'}), name: 'x.txt'}, o).then(() => 'resolved', (e) => String(e && e.code)),
    new Promise((r) => setTimeout(() => r('pending'), 60000)),
  ]);
  const calls = await Promise.all(Array.from({length: 34}, (_, i) => one(i % 2 ? {repeat: cyc} : {at: cyc})));
  const n = {};
  for (const c of calls) n[c] = (n[c] || 0) + 1;
  const after = await Promise.race([
    wxdrop.contacts().then(() => 'ok', (e) => String(e && e.code)),
    new Promise((r) => setTimeout(() => r('pending'), 30000)),
  ]);
  return JSON.stringify({calls: n, after});
})()`)
	var r struct {
		Calls map[string]int `json:"calls"`
		After string         `json:"after"`
	}
	if err := json.Unmarshal([]byte(got), &r); err != nil {
		t.Fatalf("%s: %v", got, err)
	}
	if r.Calls["BAD_REQUEST"] != 34 || r.After != "ok" {
		t.Errorf("34 sendMany calls whose repeat or at is a cycle: %v, then contacts(): %s; want each BAD_REQUEST, then the contacts", r.Calls, r.After)
	}
	for _, m := range s.sims["wx.qq.com"].Messages() {
		if m.Content == "循环" {
			t.Errorf("a call of a cycle reached WeChat: %+v", m)
		}
	}
}
