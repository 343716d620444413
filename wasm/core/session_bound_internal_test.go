package core

import (
	"reflect"
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestEveryPageSessionFieldIsBounded holds pageSessionBounded, which names
// the fields of msg.PageSessionBody one by one, to every field a page can
// make large: a field added to the body (a string or a list of strings
// page.js reads off the page) is refused at megabytes, or this fails
// until pageSessionBounded bounds it (docs/security.md row 72).
func TestEveryPageSessionFieldIsBounded(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("a", 1<<20)
	typ := reflect.TypeOf(msg.PageSessionBody{})
	for i := range typ.NumField() {
		field := typ.Field(i)
		var cases map[string]func(v reflect.Value)
		switch field.Type {
		case reflect.TypeOf(""):
			cases = map[string]func(v reflect.Value){"a megabyte": func(v reflect.Value) { v.SetString(huge) }}
		case reflect.TypeOf([]string(nil)):
			cases = map[string]func(v reflect.Value){
				"one of a megabyte": func(v reflect.Value) { v.Set(reflect.ValueOf([]string{huge})) },
				"100,000 of them":   func(v reflect.Value) { v.Set(reflect.ValueOf(make([]string, 100_000))) },
			}
		case reflect.TypeOf(int64(0)), reflect.TypeOf(false):
			continue // of a fixed size
		default:
			t.Errorf("msg.PageSessionBody.%s is a %s: say here how large a page may make it", field.Name, field.Type)
			continue
		}
		for name, set := range cases {
			var b msg.PageSessionBody
			set(reflect.ValueOf(&b).Elem().Field(i))
			if pageSessionBounded(b) {
				t.Errorf("msg.PageSessionBody.%s, %s: taken", field.Name, name)
			}
		}
	}
}
