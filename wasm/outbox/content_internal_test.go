package outbox

import (
	"reflect"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestEveryContentIsSent: a content with any one field of msg.Content set
// (a kind to come too) is fetched first or sent by a request; a new kind
// of content fails here until the send step knows it, rather than going
// out as an empty text.
func TestEveryContentIsSent(t *testing.T) {
	t.Parallel()
	ct := reflect.TypeFor[msg.Content]()
	for i := range ct.NumField() {
		f := ct.Field(i)
		if f.Name == "Kind" {
			continue
		}
		var c msg.Content
		v := reflect.ValueOf(&c).Elem().Field(i)
		switch f.Type.Kind() {
		case reflect.String:
			v.SetString("x")
		case reflect.Pointer:
			v.Set(reflect.New(f.Type.Elem()))
		default:
			t.Fatalf("msg.Content.%s: a %s; set it here", f.Name, f.Type)
		}
		if !needsFetch(msg.Entry{Content: c}) && requestOf(c) == requestNone {
			t.Errorf("msg.Content.%s: no step sends it; add it to requestOf and sendOnce", f.Name)
		}
	}
	if requestOf(msg.Content{Kind: "location"}) != requestNone {
		t.Errorf("an empty content of an unknown kind is sent")
	}
}
