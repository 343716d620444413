//go:build !js

package firefox

import (
	"context"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

const addonID = "wxdrop@wxdrop.invalid"
const addonUUID = "5b0c7a3e-4c1e-4c62-9a57-7e3f0b2d9a11"

func TestExplore(t *testing.T) {
	need(t)
	sim, err := wxsim.New(wxsim.Config{SyncHold: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	hosts := map[string]string{}
	for _, h := range protocol.AllHosts() {
		hosts[h] = sim.Addr()
	}
	for _, m := range protocol.MainHosts {
		hosts["login."+m] = sim.Addr()
	}
	px, err := NewProxy(hosts)
	if err != nil {
		t.Fatal(err)
	}
	defer px.Close()
	ctx := context.Background()
	br, err := Start(ctx, Options{Proxy: px.Addr(), UUIDs: map[string]string{addonID: addonUUID}})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { t.Log(br.Log.Tail(200)) }()
	defer br.Close()
	t.Log("version", br.Version)
	id, err := br.Install(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("installed", id)
	page, err := br.NewTab(ctx, "https://wx.qq.com/")
	if err != nil {
		t.Fatal(err)
	}
	if err := page.WaitJS(ctx, `window.wxsimStats && wxsimStats.state === 'login'`, 20*time.Second, "login screen"); err != nil {
		t.Fatal(err)
	}
	if _, err := Eval[any](ctx, page, `document.querySelector('#scan').click()`); err != nil {
		t.Fatal(err)
	}
	if err := page.WaitJS(ctx, `window.wxsimStats && wxsimStats.state === 'running' && wxsimStats.synccheck > 0`, 20*time.Second, "sync loop"); err != nil {
		t.Fatal(err)
	}
	popup, err := br.NewTab(ctx, "moz-extension://"+addonUUID+"/extension/pages/popup.html")
	if err != nil {
		t.Fatal(err)
	}
	err = popup.WaitJS(ctx, `document.body && document.body.dataset.ready === '1' && document.querySelector('#state').getAttribute('data-status')`, 20*time.Second, "popup")
	s, _ := Eval[string](ctx, popup, `document.querySelector('#state').getAttribute('data-status') + ' ' + document.querySelector('#state').textContent`)
	t.Log("popup state", s, err)
}
