//go:build js && wasm

package jsx

import (
	"sync"
	"syscall/js"
	"time"
)

// While the extension waits on the network it makes no extension API
// call, and a browser takes a background that makes none for idle:
// Firefox suspends an event page after 30 s without an extension event
// or API call, an in-flight fetch notwithstanding, so a request the
// network holds that long (an upload chunk on a slow line) was cut and
// its entry started again from the beginning at the next wake. Busy
// marks such a wait; while one runs, a cheap API call
// (runtime.getPlatformInfo, answered by the browser's parent process)
// is made every keepAliveEvery, which resets the idle timer (Chromium
// resets its service worker's on an API call too).

// keepAliveEvery is well under any idle limit a browser sets (Firefox's
// is 30 s, and a profile may lower it: the Firefox tests use 2 s).
const keepAliveEvery = time.Second

var keepAlive struct {
	sync.Mutex
	busy    int  // waits running
	was     bool // a wait ran since the last tick
	ticking bool
}

// Busy marks a network wait until done is called (once).
func Busy() (done func()) {
	keepAlive.Lock()
	keepAlive.busy++
	keepAlive.was = true
	if !keepAlive.ticking {
		keepAlive.ticking = true
		go tick()
	}
	keepAlive.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			keepAlive.Lock()
			keepAlive.busy--
			keepAlive.Unlock()
		})
	}
}

// tick calls the API every keepAliveEvery while a wait runs or ran since
// the last tick, then ends.
func tick() {
	for {
		time.Sleep(keepAliveEvery)
		keepAlive.Lock()
		on := keepAlive.busy > 0 || keepAlive.was
		keepAlive.was = false
		if !on {
			keepAlive.ticking = false
			keepAlive.Unlock()
			return
		}
		keepAlive.Unlock()
		ping()
	}
}

// ignore handles the API's answer, which does not matter (a refusal must
// not be an unhandled rejection); made once, never released. (A
// sync.Once: the generic sync.OnceValue, used nowhere else, measured
// 5.6 KB more of core.wasm and 6.4 KB of ui.wasm.)
var (
	ignoreOnce sync.Once
	ignoreFn   js.Func
)

func ignore() js.Func {
	ignoreOnce.Do(func() {
		ignoreFn = js.FuncOf(func(js.Value, []js.Value) any { return nil })
	})
	return ignoreFn
}

func ping() {
	c := chrome()
	if c.Type() != js.TypeObject {
		return // not an extension (the tests under Node)
	}
	rt := c.Get("runtime")
	if rt.Type() != js.TypeObject || rt.Get("getPlatformInfo").Type() != js.TypeFunction {
		return
	}
	if p, err := call(rt, "getPlatformInfo"); err == nil && p.Type() == js.TypeObject {
		p.Call("catch", ignore())
	}
}
