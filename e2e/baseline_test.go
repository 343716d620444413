//go:build !js

package e2e

import (
	"context"
	"testing"
	"time"
)

// TestHelloBaseline checks the harness on the hello-world extension alone:
// it loads beside wxdrop, its worker runs Go wasm and answers a page, a
// stopped worker comes back on the next message, and its timing is
// readable. The figures command measures this worker against wxdrop's.
func TestHelloBaseline(t *testing.T) {
	e := sharedEnv(t)
	wake := "chrome-extension://" + HelloID + "/wake.html"
	for round := 0; round < 2; round++ {
		tab, err := e.br.NewTab(wake, "hello-wake")
		if err != nil {
			t.Fatal(err)
		}
		err = WaitJS(tab.Ctx, `document.documentElement.dataset.answer`, 20*time.Second, "the hello worker's answer")
		if err != nil {
			t.Fatal(err)
		}
		answer, err := Eval[string](tab.Ctx, `document.documentElement.dataset.answer`)
		tab.Close()
		if err != nil || answer != `{"ok":"world"}` {
			t.Fatalf("hello worker answered %q, %v; want {\"ok\":\"world\"}", answer, err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		tm, err := e.br.WorkerTiming(ctx, HelloID)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if tm.StartToReady() <= 0 {
			t.Fatalf("hello worker timing %+v: coreReady is not after scriptStart", tm)
		}
		ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
		err = e.br.StopAllWorkers(ctx, HelloID)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
	}
}
