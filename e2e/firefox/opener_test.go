//go:build !js

package firefox

import (
	"encoding/json"
	"testing"
)

// TestFirefoxOpenerStillPreparesTheWeChatWindow: the residual of
// docs/security.md row 24, as it stands in Firefox. A script on web
// WeChat opens web WeChat in a new window and replaces that window's
// MessageChannel and MessagePort functions before the page loads. Firefox
// keeps the window for the page, what was replaced included (it does not
// know Cross-Origin-Opener-Policy: noopener-allow-popups, which the
// extension sets), so the script holds the content scripts' ports. The
// day this fails, Firefox gives the page a window of its own: row 24 is
// then closed there too, and docs/security.md says so.
func TestFirefoxOpenerStillPreparesTheWeChatWindow(t *testing.T) {
	t.Parallel()
	// (Without a person's click, Firefox blocks window.open.)
	e := newEnv(t, map[string]any{"dom.disable_open_during_load": false})
	e.logIn(t)
	raw := eval[string](t, e.page, `(async () => {
		const out = {ports: 0, closed: false, prepared: '', errors: []};
		const ports = [];
		const w = window.open(location.href, '_blank');
		if (!w) return JSON.stringify({errors: ['no window']});
		try {
			w.__wxdropOpener = 'prepared';
			const MP = w.MessagePort.prototype;
			const on = Object.getOwnPropertyDescriptor(MP, 'onmessage');
			Object.defineProperty(MP, 'onmessage', {configurable: true, get: on.get, set(f) { ports.push(this); return on.set.call(this, f); }});
			const MC = w.MessageChannel;
			w.MessageChannel = function () { const c = new MC(); ports.push(c.port1, c.port2); return c; };
		} catch (e) { out.errors.push('prepare: ' + e); }
		for (let i = 0; i < 300 && !w.closed && !ports.length; i++) await new Promise((r) => setTimeout(r, 100));
		out.closed = w.closed;
		out.ports = ports.length;
		try { out.prepared = String(w.__wxdropOpener); } catch (e) { out.errors.push('read: ' + e); }
		try { w.close(); } catch (e) { /* out of reach */ }
		return JSON.stringify(out);
	})()`)
	var got struct {
		Ports    int      `json:"ports"`
		Closed   bool     `json:"closed"`
		Prepared string   `json:"prepared"`
		Errors   []string `json:"errors"`
	}
	if err := json.Unmarshal([]byte(raw), &got); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	t.Logf("Firefox %s: %s", e.br.Version, raw)
	if got.Ports == 0 || got.Closed || got.Prepared != "prepared" || len(got.Errors) != 0 {
		t.Errorf("the opener no longer prepares the WeChat window in Firefox %s (%s): docs/security.md row 24 and its residual are out of date", e.br.Version, raw)
	}
}
