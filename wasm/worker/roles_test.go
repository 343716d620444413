//go:build js && wasm

package worker

import (
	"context"
	"slices"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/wasm/browser"
)

// fakeMenus installs a chrome.contextMenus that records its calls in
// calls, and fails create when fail is set (as a duplicate id does, through
// runtime.lastError).
func fakeMenus(t *testing.T) (calls func() []string, fail func(bool)) {
	t.Helper()
	fake := js.Global().Get("Function").New(`
		const calls = [];
		let fail = false;
		const chrome = {runtime: {}, contextMenus: {
			removeAll() { calls.push('removeAll'); return Promise.resolve(); },
			create(o, cb) {
				calls.push('create ' + o.id + (o.title ? ' ' + o.title : ''));
				if (fail) chrome.runtime.lastError = {name: 'Error', message: 'Cannot create item with duplicate id ' + o.id};
				cb();
				delete chrome.runtime.lastError;
			},
		}};
		return {chrome, take() { return calls.splice(0).join('\n'); }, fail(v) { fail = v; }};
	`).Invoke()
	old := js.Global().Get("chrome")
	js.Global().Set("chrome", fake.Get("chrome"))
	t.Cleanup(func() { js.Global().Set("chrome", old) })
	calls = func() []string {
		s := fake.Call("take").String()
		if s == "" {
			return nil
		}
		return strings.Split(s, "\n")
	}
	return calls, func(v bool) { fake.Call("fail", v) }
}

// TestMenusSet: the menus are remade only when the items differ from those
// set last in this wake; a remake that failed is not taken as set, so the
// same items are tried again.
func TestMenusSet(t *testing.T) {
	calls, fail := fakeMenus(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	items := func(title string) []browser.MenuItem {
		return []browser.MenuItem{
			{ID: "root", Title: "Send", Contexts: []string{"page"}},
			{ID: "chat", Parent: "root", Title: title, Contexts: []string{"page"}},
		}
	}
	remade := func(title string) []string {
		return []string{"removeAll", "create root Send", "create chat " + title}
	}
	image := []browser.MenuItem{{ID: "root", Title: "Send", Contexts: []string{"image"}}, items("Family")[1]}
	var m menus
	steps := []struct {
		name    string
		items   []browser.MenuItem
		fail    bool
		wantErr bool
		want    []string
	}{
		{name: "first", items: items("Lisi"), want: remade("Lisi")},
		{name: "the same again", items: items("Lisi")},
		{name: "another title", items: items("Family"), want: remade("Family")},
		{name: "other contexts", items: image, want: remade("Family")},
		{name: "failing", items: items("Lisi"), fail: true, wantErr: true, want: []string{"removeAll", "create root Send"}},
		// The browser holds half of the failed items now, not these.
		{name: "those set before the failure", items: image, want: remade("Family")},
		{name: "failing again", items: items("Lisi"), fail: true, wantErr: true, want: []string{"removeAll", "create root Send"}},
		{name: "the failed ones again", items: items("Lisi"), want: remade("Lisi")},
		{name: "and once more", items: items("Lisi")},
	}
	for _, s := range steps {
		fail(s.fail)
		err := m.Set(ctx, s.items)
		if (err != nil) != s.wantErr {
			t.Fatalf("%s: Set: %v, want error %v", s.name, err, s.wantErr)
		}
		if got := calls(); !slices.Equal(got, s.want) {
			t.Errorf("%s: calls %q, want %q", s.name, got, s.want)
		}
	}
}
