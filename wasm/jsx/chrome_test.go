//go:build js && wasm

package jsx

import (
	"context"
	"fmt"
	"os"
	"slices"
	"syscall/js"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestOnStorageChangedCopiesOnlyItsKeys: each handler hears its key's
// changes in its area, "" when the key was removed; a key no handler
// names is not read at all (its value, megabytes at times, is not copied
// into Go), nor is another area's change; remove stops the calls.
func TestOnStorageChangedCopiesOnlyItsKeys(t *testing.T) {
	fake := fakeChrome(t, `
const listeners = new Set();
const fire = (changes, area) => { for (const f of listeners) f(changes, area); };
globalThis.wxdropTestRead = [];
const change = (key, value) => {
  const c = {};
  Object.defineProperty(c, "newValue", { enumerable: true, get() { wxdropTestRead.push(key); return value; } });
  return c;
};
return {
  storage: { onChanged: { addListener: (f) => listeners.add(f), removeListener: (f) => listeners.delete(f) } },
  fire, change,
};`)
	var got []string
	remove := OnStorageChanged(Session, map[string]func(string){
		"state":    func(text string) { got = append(got, "state="+text) },
		"contacts": func(text string) { got = append(got, "contacts="+text) },
	})
	fire := func(area string, kv ...any) {
		changes := js.Global().Get("Object").New()
		for i := 0; i < len(kv); i += 2 {
			changes.Set(kv[i].(string), fake.Call("change", kv[i], kv[i+1]))
		}
		fake.Call("fire", changes, area)
	}
	fire("session", "popupSearch", "a large list", "state", `{"status":"ready"}`, "contacts", js.Undefined())
	fire("local", "state", "another area's")
	remove()
	fire("session", "state", "after remove")
	if want := []string{`state={"status":"ready"}`, "contacts="}; !slices.Equal(got, want) {
		t.Errorf("handlers heard %q, want %q", got, want)
	}
	var read []string
	r := js.Global().Get("wxdropTestRead")
	for i := 0; i < r.Length(); i++ {
		read = append(read, r.Index(i).String())
	}
	if want := []string{"state", "contacts"}; !slices.Equal(read, want) {
		t.Errorf("the listener read the new values of %q, want only %q", read, want)
	}
}

// BenchmarkStorageChange: what a page's listener pays for a change of
// 1 MB (the contact list of 5,000 contacts) that it handles (copied into
// Go) and that it does not (not read): before handlers were keyed, every
// listener paid the first for every key.
func BenchmarkStorageChange(b *testing.B) {
	fake := fakeChrome(b, `
const listeners = new Set();
const value = "x".repeat(1 << 20);
return {
  storage: { onChanged: { addListener: (f) => listeners.add(f), removeListener: (f) => listeners.delete(f) } },
  fire: () => { for (const f of listeners) f({ contacts: { newValue: value } }, "session"); },
};`)
	for _, bc := range []struct {
		name string
		key  string
	}{{"handled", "contacts"}, {"not handled", "state"}} {
		b.Run(bc.name, func(b *testing.B) {
			n := 0
			remove := OnStorageChanged(Session, map[string]func(string){bc.key: func(text string) { n += len(text) }})
			defer remove()
			for b.Loop() {
				fake.Call("fire")
			}
		})
	}
}

// fakeChrome makes the object the function body src returns the global
// chrome until the test ends.
func fakeChrome(tb testing.TB, src string) js.Value {
	global := js.Global()
	old := global.Get("chrome")
	tb.Cleanup(func() { global.Set("chrome", old) })
	fake := global.Get("Function").New(src).Invoke()
	global.Set("chrome", fake)
	return fake
}

// TestSendMessageAgainWhenNotReceived: a runtime message the browser
// found no listener for (a worker or background page being started or
// suspended) is sent again until it is received; any other refusal is
// the answer at once, and one never received is given up after
// sendTries. The pages' SendMessage and the content scripts' and the
// bridge's wxdropSend (extension/send.js) alike.
func TestSendMessageAgainWhenNotReceived(t *testing.T) {
	src, err := os.ReadFile("../../extension/send.js")
	if err != nil {
		t.Fatal(err)
	}
	js.Global().Get("Function").New(string(src)).Invoke()
	t.Cleanup(func() { js.Global().Delete("wxdropSend") })
	senders := map[string]func(ctx context.Context, r *msg.Request) (string, error){
		"SendMessage": SendMessage,
		"send.js": func(ctx context.Context, r *msg.Request) (string, error) {
			m := js.Global().Get("JSON").Call("parse", `{"name":"`+string(r.Name)+`"}`)
			v, err := Await(ctx, js.Global().Call("wxdropSend", m))
			if err != nil {
				return "", err
			}
			return js.Global().Get("JSON").Call("stringify", v).String(), nil
		},
	}
	for name, send := range senders {
		t.Run(name, func(t *testing.T) { testSendAgain(t, send) })
	}
}

func testSendAgain(t *testing.T, send func(ctx context.Context, r *msg.Request) (string, error)) {
	for _, tc := range []struct {
		name      string
		refusals  int    // rejections before the answer
		refusal   string // their message
		wantCalls int
		wantErr   bool
	}{
		{"received at once", 0, "", 1, false},
		{"received at the third", 2, "Could not establish connection. Receiving end does not exist.", 3, false},
		{"another refusal", 1, "The message port closed before a response was received.", 1, true},
		{"never received", 100, "Could not establish connection. Receiving end does not exist.", sendTries, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := fakeChrome(t, fmt.Sprintf(`
let calls = 0;
return {
  calls: () => calls,
  runtime: { sendMessage: async (m) => { calls++; if (calls <= %d) throw new Error(%q); return { ok: m.name }; } },
};`, tc.refusals, tc.refusal))
			got, err := send(context.Background(), &msg.Request{Name: "state.get"})
			if calls := fake.Call("calls").Int(); calls != tc.wantCalls {
				t.Errorf("sent %d times, want %d", calls, tc.wantCalls)
			}
			if (err != nil) != tc.wantErr {
				t.Fatalf("err %v, want an error: %v", err, tc.wantErr)
			}
			if err == nil && got != `{"ok":"state.get"}` {
				t.Errorf("answer %s", got)
			}
		})
	}
}
