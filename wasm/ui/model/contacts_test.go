package model

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

func TestDecodeContacts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want msg.Contacts
		bad  bool
	}{
		{"empty list", `{"contacts":[]}`, msg.Contacts{Contacts: []msg.Contact{}}, false},
		{"null list, loading", `{"contacts":null,"loading":true}`, msg.Contacts{Loading: true}, false},
		{"every field", `{"contacts":[{"u":"@a","n":"张三","r":"老张","pi":"ZS","pq":"zhangsan","rpi":"LZ","rpq":"laozhang","h":"https://x/y?a=1&b=2","g":true,"rc":3}]}`,
			msg.Contacts{Contacts: []msg.Contact{{UserName: "@a", NickName: "张三", RemarkName: "老张", PYInitial: "ZS", PYQuanPin: "zhangsan", RemarkPYInitial: "LZ", RemarkPYQuanPin: "laozhang", HeadImgURL: "https://x/y?a=1&b=2", Group: true, Recent: 3}}}, false},
		{"spaces", " { \"contacts\" : [ { \"u\" : \"@a\" } , {\"u\":\"@b\",\"g\":false} ] , \"loading\" : false } ",
			msg.Contacts{Contacts: []msg.Contact{{UserName: "@a"}, {UserName: "@b"}}}, false},
		// The slow path: escapes, unknown fields, odd numbers.
		{"escapes", `{"contacts":[{"u":"@a","n":"a\"b\u00e9\ud83d\ude00<\/span>"}]}`,
			msg.Contacts{Contacts: []msg.Contact{{UserName: "@a", NickName: "a\"bé😀</span>"}}}, false},
		{"unknown field", `{"contacts":[{"u":"@a","x":{"y":[1,2]}}],"other":1}`,
			msg.Contacts{Contacts: []msg.Contact{{UserName: "@a"}}}, false},
		{"float recent", `{"contacts":[{"u":"@a","rc":1e0}]}`, msg.Contacts{}, true},
		{"lone surrogate, bad UTF-8", "{\"contacts\":[{\"u\":\"\\ud83d!\xff\"}]}", msg.Contacts{Contacts: []msg.Contact{{UserName: "\uFFFD!\uFFFD"}}}, false},
		{"HTML escapes as json.Marshal writes them", `{"contacts":[{"h":"a?b=1\u0026c=\u003c"}]}`, msg.Contacts{Contacts: []msg.Contact{{HeadImgURL: "a?b=1&c=<"}}}, false},
		{"duplicate key: last wins", `{"contacts":[{"u":"@a","u":"@b"}]}`, msg.Contacts{Contacts: []msg.Contact{{UserName: "@b"}}}, false},
		{"not JSON", `{"contacts":[`, msg.Contacts{}, true},
		{"wrong type", `{"contacts":{}}`, msg.Contacts{}, true},
		{"empty text", ``, msg.Contacts{}, true},
	}
	for _, tt := range tests {
		got, err := DecodeContacts(tt.text)
		if (err != nil) != tt.bad {
			t.Errorf("%s: error %v", tt.name, err)
			continue
		}
		if !tt.bad && !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

// FuzzDecodeContacts: the fast path never disagrees with encoding/json.
func FuzzDecodeContacts(f *testing.F) {
	for _, s := range []string{
		`{"contacts":[{"u":"@a","n":"张三","r":"老张","pi":"ZS","pq":"zhangsan","rpi":"LZ","rpq":"laozhang","h":"https://x","g":true,"rc":3}],"loading":true}`,
		`{"contacts":[]}`, `{"contacts":null}`, `{"contacts":[{"u":"\u00e9"}]}`, `{"contacts":[{"rc":-0}]}`,
		"{\"contacts\":[{\"n\":\"\xff\"}]}", `{"contacts":[{"g":true,"g":false}]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { sameAsJSON(t, "DecodeContacts", DecodeContacts, s) })
}

// sameAsJSON fails t unless decode reads s as encoding/json does: the
// same value, or an error where it has one.
func sameAsJSON[T any](t *testing.T, name string, decode func(string) (T, error), s string) {
	t.Helper()
	got, err := decode(s)
	var want T
	werr := json.Unmarshal([]byte(s), &want)
	if (err != nil) != (werr != nil) {
		t.Fatalf("%s(%q) error %v, encoding/json %v", name, s, err, werr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%s(%q) =\n %+v\nencoding/json:\n %+v", name, s, got, want)
	}
}

func BenchmarkDecodeContacts(b *testing.B) {
	text := benchContactsJSON(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := DecodeContacts(text); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeContactsJSON(b *testing.B) {
	text := benchContactsJSON(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		var cs msg.Contacts
		if err := json.Unmarshal([]byte(text), &cs); err != nil {
			b.Fatal(err)
		}
	}
}

func benchContactsJSON(b *testing.B) string {
	cs := make([]msg.Contact, 5000)
	for i := range cs {
		cs[i] = msg.Contact{UserName: "@0123456789abcdef0123456789abcdef", NickName: "张伟芳", PYInitial: "ZWF", PYQuanPin: "zhangweifang",
			HeadImgURL: "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgeticon?seq=0&username=@0123456789abcdef&skey=@crypt_0", Group: i%10 == 0, Recent: i % 3}
	}
	t, err := json.Marshal(msg.Contacts{Contacts: cs})
	if err != nil {
		b.Fatal(err)
	}
	return string(t)
}

// TestDecodeContactsFastPath: every field msg.Contacts and msg.Contact
// store is read by the fast path, not handed to encoding/json (which took
// several times as long over 5,000 contacts; the list's login and stamp,
// on every list the worker writes, sent each to it): a field added to
// either must be added to the decoder too.
func TestDecodeContactsFastPath(t *testing.T) {
	t.Parallel()
	fill := func(v reflect.Value) {
		for i := 0; i < v.NumField(); i++ {
			switch f := v.Field(i); f.Kind() {
			case reflect.String:
				f.SetString("x" + v.Type().Field(i).Name)
			case reflect.Int:
				f.SetInt(int64(i + 1))
			case reflect.Bool:
				f.SetBool(true)
			case reflect.Slice:
				if f.Type() != reflect.TypeOf([]msg.Contact(nil)) {
					t.Fatalf("%s.%s is a %s: teach the decoder", v.Type(), v.Type().Field(i).Name, f.Type())
				}
			default:
				t.Fatalf("%s.%s is a %s: teach the decoder", v.Type(), v.Type().Field(i).Name, f.Kind())
			}
		}
	}
	c := msg.Contact{}
	fill(reflect.ValueOf(&c).Elem())
	want := msg.Contacts{Contacts: []msg.Contact{c}}
	fill(reflect.ValueOf(&want).Elem())
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	d := decoder{s: string(b)}
	got, err := d.contacts()
	if err != nil {
		t.Fatalf("the fast path refuses %s: %v", b, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fast path:\n got %+v\nwant %+v", got, want)
	}
}
