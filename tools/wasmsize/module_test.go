package main

import "testing"

// TestParse: a module with one imported and one defined function; the
// defined one is named after the import (index 1) and its body counted
// with its size prefix; its package is found from the mangled name.
func TestParse(t *testing.T) {
	t.Parallel()
	name := "net_url.__URL_.String"
	b := []byte("\x00asm\x01\x00\x00\x00")
	b = append(b, 1, 4, 1, 0x60, 0, 0)                // type: () → ()
	b = append(b, 2, 7, 1, 1, 'a', 1, 'b', 0, 0)      // import a.b, a function
	b = append(b, 3, 2, 1, 0)                         // one function of type 0
	b = append(b, 10, 4, 1, 2, 0, 0x0b)               // its body: no locals, end
	b = append(b, 11, 7, 1, 0, 0x41, 0, 0x0b, 1, 'x') // data: one byte at 0
	sub := append([]byte{1, 1, byte(len(name))}, name...)
	custom := append([]byte{4, 'n', 'a', 'm', 'e', 1, byte(len(sub))}, sub...)
	b = append(append(b, 0, byte(len(custom))), custom...)
	m, err := parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.funcs) != 1 || m.funcs[0] != (fn{name, 3}) {
		t.Fatalf("functions %v, want [{%s 3}]", m.funcs, name)
	}
	if m.data != 1 || m.segments != 1 || m.sections["code"] != 6 || m.sections["custom:name"] != 2+len(custom) {
		t.Fatalf("data %d in %d segments, sections %v", m.data, m.segments, m.sections)
	}
	ps := newPackages([]string{"net/url", "net", "github.com/a/b-c"})
	for in, want := range map[string]string{
		name:                      "net/url",
		"net.Dial":                "net",
		"github.com_a_b_c.__T_.M": "github.com/a/b-c",
		"type_.eq.net_url.URL":    "type_ (linker)",
		"wasm_export_run":         "wasm_export_run",
	} {
		if got := ps.of(in); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
	if _, err := parse(b[:len(b)-3]); err == nil {
		t.Error("a cut module parses")
	}
}
